"""Whatever the model does, the person has an answer within LLM_TIMEOUT_SECONDS: retries and
tool steps included, the offline answer (with its one-line note) comes inside the budget."""

from __future__ import annotations

import time

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.core.deps import Deps
from tests.agent.fake_llm import FakeLLM, Step, hang

QUESTION = "how much oat milk do we have?"
BUDGET = 8.0  # 6 s for the model, 2 s kept for the offline answer
NOTE = (
    "The built-in assistant answered because the language model did not answer within "
    f"{BUDGET:g} s."
)


def _agent(llm_deps: Deps) -> LLMAssistant:
    settings = llm_deps.settings.model_copy(update={"llm_timeout_seconds": BUDGET})
    agent = LLMAssistant(Deps(settings, llm_deps.engine, llm_deps.sessions, llm_deps.state))
    # A running shop has loaded its built-in assistant by the time a question comes (the agent
    # starts that at once); the budget is about what the model does, not that first load.
    agent.fallback.warm_up().join()
    return agent


def test_a_hung_model_gets_the_offline_answer_within_the_budget(
    llm_deps: Deps, fake: FakeLLM
) -> None:
    agent = _agent(llm_deps)
    fake.add(hang(), hang(), hang())  # the first try, the client's retry, and more
    started = time.perf_counter()
    answer = agent.ask(QUESTION, thread="hung")
    took = time.perf_counter() - started
    assert answer.engine == "offline" and answer.notes == [NOTE]
    assert answer.tool_calls[0].result["lines"][0]["sku"] == "OAT-1L"
    assert took <= BUDGET, f"answered after {took:.1f} s"


def test_a_slow_model_that_keeps_calling_tools_is_cut_off_at_the_budget(
    llm_deps: Deps, fake: FakeLLM
) -> None:
    agent = _agent(llm_deps)
    slow_call = Step(tool_calls=[("stock_status", {"product": "oat milk"})], delay=2.0)
    fake.add(*[slow_call] * 8)  # each reply in time, together far past the budget
    started = time.perf_counter()
    answer = agent.ask(QUESTION, thread="slow")
    took = time.perf_counter() - started
    assert answer.engine == "offline" and answer.notes == [NOTE]
    assert took <= BUDGET, f"answered after {took:.1f} s"
    # The abandoned turn stops at its next model call instead of running on.
    time.sleep(2.5)
    asked = len(fake.requests)
    time.sleep(2.5)
    assert len(fake.requests) == asked <= 4

"""Failures: the model gets errors it can fix; otherwise the offline router answers."""

from __future__ import annotations

from datetime import datetime

import pytest

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.chat_models import TokenUsage
from tests.agent.fake_llm import FakeLLM, Request, Step, call, error, hang, say, tool_results
from tools.context import ToolContext
from tools.registry import TOOLS, Tool
from tools.results import StockStatus

QUESTION = "how much oat milk do we have?"


def with_settings(deps: Deps, **changes: object) -> Deps:
    return Deps(deps.settings.model_copy(update=changes), deps.engine, deps.sessions, deps.state)


def grounded(req: Request) -> Step:
    line = tool_results(req)[-1]["lines"][0]
    return say(f"{line['on_hand']:g} Oat Milk Barista 1L on hand.")


def tool_messages(req: Request) -> list[str]:
    return [m["content"] for m in req["messages"] if m["role"] == "tool"]


def test_malformed_tool_arguments_are_recovered(agent: LLMAssistant, fake: FakeLLM) -> None:
    fake.add(
        call(("stock_status", '{"product": "oat milk"')),  # truncated JSON
        call(("stock_status", {"product": "oat milk"})),
        grounded,
    )
    answer = agent.ask(QUESTION, thread="f1")

    assert answer.engine == "llm"
    assert answer.text == "20 Oat Milk Barista 1L on hand."
    assert [c.name for c in answer.tool_calls] == ["stock_status"]
    (feedback,) = tool_messages(fake.requests[1])
    assert feedback.startswith("Error: the call to stock_status could not be run because its ")
    assert "not valid JSON" in feedback


def test_a_bad_date_gets_an_error_the_model_can_fix(agent: LLMAssistant, fake: FakeLLM) -> None:
    def fixed(req: Request) -> Step:
        (feedback,) = tool_messages(req)
        assert "start: Input should be a valid date" in feedback
        return call(("sales_summary", {"start": "2026-10-01", "end": "2026-10-31"}))

    def summary(req: Request) -> Step:
        r = tool_results(req)[-1]
        return say(f"October: {r['revenue']:.2f} EUR from {r['units']:g} units.")

    fake.add(call(("sales_summary", {"start": "last month", "end": "2026-10-31"})), fixed, summary)
    answer = agent.ask("how were sales last month?", thread="f2")
    assert answer.engine == "llm"
    assert [str(c.args["start"]) for c in answer.tool_calls] == ["2026-10-01"]
    assert answer.text.startswith("October: ")


def test_an_unknown_product_gets_candidates_by_meaning(agent: LLMAssistant, fake: FakeLLM) -> None:
    def retry(req: Request) -> Step:
        (feedback,) = tool_messages(req)
        assert feedback.startswith("I don't know a product called 'leche de avena'.")
        assert "Closest by meaning: 'Oat Milk Barista 1L'" in feedback
        return call(("stock_status", {"product": "Oat Milk Barista 1L"}))

    fake.add(call(("stock_status", {"product": "leche de avena"})), retry, grounded)
    answer = agent.ask("¿cuánta leche de avena queda?", thread="f3")
    assert answer.engine == "llm"
    assert answer.tool_calls[0].args == {"product": "Oat Milk Barista 1L"}


def test_an_unknown_tool_is_refused_and_the_model_carries_on(
    agent: LLMAssistant, fake: FakeLLM
) -> None:
    fake.add(
        call(("stock_levels", {"product": "oat milk"})),
        call(("stock_status", {"product": "oat milk"})),
        grounded,
    )
    answer = agent.ask(QUESTION, thread="f4")
    assert answer.engine == "llm"
    (feedback,) = tool_messages(fake.requests[1])
    assert feedback.startswith("Error: stock_levels is not a valid tool, try one of [")


def test_a_broken_tool_is_reported_not_guessed(
    llm_deps: Deps, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def stock_status(ctx: ToolContext, product: str | None = None) -> StockStatus:
        """Stock on hand (broken for this test)."""
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(TOOLS, "stock_status", Tool("stock_status", stock_status))
    agent = LLMAssistant(llm_deps)

    def apologise(req: Request) -> Step:
        (feedback,) = tool_messages(req)
        assert feedback.startswith("Error: stock_status failed with an internal error (id ")
        return say("Sorry, I can't see the stock right now; the error was logged.")

    fake.add(call(("stock_status", {"product": "oat milk"})), apologise)
    answer = agent.ask(QUESTION, thread="f10")
    assert answer.engine == "llm"
    assert answer.text == "Sorry, I can't see the stock right now; the error was logged."
    assert "disk on fire" in caplog.text  # the traceback is in the log ...
    assert "disk on fire" not in fake.sent_text()  # ... not sent to the model


@pytest.mark.parametrize("status", [500, 429])
def test_a_server_error_falls_back_to_the_offline_router(
    agent: LLMAssistant, fake: FakeLLM, shop: Deps, status: int
) -> None:
    fake.add(error(status), error(status))  # the client retries once
    answer = agent.ask(QUESTION, thread="f5")

    offline = OfflineAssistant(shop).ask(QUESTION)
    assert answer.engine == "offline"
    assert answer.text == offline.text
    assert [c.name for c in answer.tool_calls] == ["stock_status"]
    reason = {
        500: "the language model server returned an error (500)",
        429: "the language model is busy or over its quota (429)",
    }[status]
    assert answer.notes == [f"The built-in assistant answered because {reason}."]
    assert len(fake.requests) == 2


def test_a_timeout_falls_back_to_the_offline_router(llm_deps: Deps, fake: FakeLLM) -> None:
    agent = LLMAssistant(with_settings(llm_deps, llm_timeout_seconds=0.3))
    fake.add(hang(), hang())
    answer = agent.ask(QUESTION, thread="f6")
    assert answer.engine == "offline"
    assert answer.notes == [
        "The built-in assistant answered because the language model did not answer within 0.3 s."
    ]
    assert answer.tool_calls[0].result["lines"][0]["sku"] == "OAT-1L"


def test_a_failure_mid_turn_leaves_a_usable_history(agent: LLMAssistant, fake: FakeLLM) -> None:
    fake.add(call(("stock_status", {"product": "oat milk"})), error(500), error(500))
    first = agent.ask(QUESTION, thread="f7")
    assert first.engine == "offline"

    fake.add(say("You're welcome."))
    assert agent.ask("thanks", thread="f7").engine == "llm"
    msgs = fake.requests[-1]["messages"]
    # Every tool call sent has its result, and the answer the person saw is in the history.
    calls = [tc["id"] for m in msgs for tc in m.get("tool_calls") or []]
    answered = [m["tool_call_id"] for m in msgs if m["role"] == "tool"]
    assert calls == answered
    assert {"role": "assistant", "content": first.text} in msgs


def test_an_endless_tool_loop_stops_at_the_step_limit(llm_deps: Deps, fake: FakeLLM) -> None:
    agent = LLMAssistant(with_settings(llm_deps, llm_max_steps=2))
    fake.add(*[call(("stock_status", {"product": "oat milk"}))] * 3)
    answer = agent.ask(QUESTION, thread="f8")
    assert answer.engine == "offline"
    assert answer.notes == [
        "The built-in assistant answered because the language model needed more than 2 steps."
    ]
    assert len(fake.requests) == 2
    assert answer.tokens["prompt"] > 0  # the steps it took are still counted


def test_the_daily_token_budget_is_kept(llm_deps: Deps, fake: FakeLLM) -> None:
    agent = LLMAssistant(with_settings(llm_deps, daily_token_budget=1000))
    with llm_deps.sessions.begin() as s:
        s.add(
            TokenUsage(
                at=datetime(2026, 11, 27, 9),
                thread="earlier",
                model="gpt-4o-mini",
                prompt_tokens=900,
                completion_tokens=100,
            )
        )
    answer = agent.ask(QUESTION, thread="f9")
    assert answer.engine == "offline"
    assert answer.notes == [
        "The built-in assistant answered because the daily language-model budget "
        "(1,000 tokens) is used up."
    ]
    assert fake.requests == []

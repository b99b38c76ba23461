"""Conversation memory: follow-ups across a restart, /reset, and trimming to a token budget."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.assistant.memory import BRIEF, CHECK_NAME, trim_history
from shopkeeper.core.deps import Deps
from tests.agent.fake_llm import FakeLLM, Request, Step, call, say, tool_results

OAT = "Oat Milk Barista 1L"


def forecast_answer(req: Request) -> Step:
    r = tool_results(req)[0]
    return say(
        f"{OAT}, {r['period']['label']}: about {r['total']:.0f} units "
        f"(80 % likely {r['lo_80']:.0f} to {r['hi_80']:.0f})."
    )


def test_follow_up_needs_memory_and_survives_a_restart(llm_deps: Deps, fake: FakeLLM) -> None:
    fake.add(
        call(
            (
                "forecast_demand",
                {
                    "product": OAT,
                    "start": "2026-11-27",
                    "end": "2026-12-10",
                    "period_label": "the next 2 weeks",
                },
            )
        ),
        forecast_answer,
    )
    first = LLMAssistant(llm_deps).ask("how will oat milk sell in the next 2 weeks?", thread="c1")
    assert first.engine == "llm"

    def follow_up(req: Request) -> Step:
        # The earlier question, the tool call and the answer are in what the model reads.
        msgs = req["messages"]
        assert msgs[1] == {"role": "user", "content": "how will oat milk sell in the next 2 weeks?"}
        earlier = [tc for m in msgs if m.get("tool_calls") for tc in m["tool_calls"]]
        assert [tc["function"]["name"] for tc in earlier] == ["forecast_demand"]
        assert OAT in earlier[0]["function"]["arguments"]
        assert any(m["role"] == "assistant" and m.get("content") == first.text for m in msgs)
        assert msgs[-1] == {"role": "user", "content": "and for next month?"}
        return call(
            (
                "forecast_demand",
                {
                    "product": OAT,
                    "start": "2026-12-01",
                    "end": "2026-12-31",
                    "period_label": "December",
                },
            )
        )

    fake.add(follow_up, forecast_answer)
    # A new process: new engine, new assistant, same files.
    restarted = Deps.build(llm_deps.settings)
    second = LLMAssistant(restarted).ask("and for next month?", thread="c1")

    assert second.engine == "llm", second.notes
    assert second.tool_calls[0].args["product"] == OAT
    assert str(second.tool_calls[0].args["start"]) == "2026-12-01"
    assert second.text.startswith(f"{OAT}, December: about ")


def test_reset_forgets_the_conversation(agent: LLMAssistant, fake: FakeLLM) -> None:
    fake.add(say("Hello! Ask me about sales, stock or orders."))
    agent.ask("hi", thread="c2")
    agent.reset("c2")
    fake.add(say("Hello again."))
    agent.ask("hi there", thread="c2")
    assert [m["role"] for m in fake.requests[-1]["messages"]] == ["system", "user"]


def test_other_chats_do_not_see_each_other(agent: LLMAssistant, fake: FakeLLM) -> None:
    fake.add(say("Noted."), say("Hello."))
    agent.ask("we close early on Saturday", thread="a")
    agent.ask("hi", thread="b")
    assert "Saturday" not in str(fake.requests[-1]["messages"])


def _turn(n: int, result: str = "x" * 400) -> list:  # type: ignore[type-arg]
    return [
        HumanMessage(f"question {n}", id=f"h{n}"),
        AIMessage("", id=f"a{n}", tool_calls=[{"id": f"t{n}", "name": "stock_status", "args": {}}]),
        ToolMessage(result, tool_call_id=f"t{n}", name="stock_status", id=f"r{n}"),
        AIMessage(f"answer {n}", id=f"f{n}"),
    ]


def test_history_is_trimmed_to_the_token_budget() -> None:
    history = [m for n in range(6) for m in _turn(n)] + [HumanMessage("new", id="new")]
    kept = trim_history(history, budget=300)  # a full turn is ~150 tokens, a brief one ~60
    texts = [m.content for m in kept]
    # The oldest turns are dropped; the newest earlier turn keeps its result, older ones a
    # pointer to the tool.
    assert [t for t in texts if str(t).startswith("question")] == [
        "question 3",
        "question 4",
        "question 5",
    ]
    assert texts.count("x" * 400) == 1 and texts.index("x" * 400) > texts.index("question 5")
    assert texts.count(BRIEF.format(name="stock_status")) == 2
    assert texts[-1] == "new"
    # Whole turns only: every kept tool call still has its result.
    calls = {c["id"] for m in kept if isinstance(m, AIMessage) for c in m.tool_calls}
    results = {m.tool_call_id for m in kept if isinstance(m, ToolMessage)}
    assert calls == results


def test_corrections_and_unanswered_calls_are_not_kept() -> None:
    broken = [
        HumanMessage("q", id="h"),
        AIMessage("", id="a1", tool_calls=[{"id": "t1", "name": "stock_status", "args": {}}]),
        ToolMessage("{}", tool_call_id="t1", name="stock_status", id="r1"),
        HumanMessage("Automatic check ...", name=CHECK_NAME, id="c"),
        AIMessage("", id="a2", tool_calls=[{"id": "t2", "name": "reorder_plan", "args": {}}]),
        AIMessage("the answer", id="f"),
    ]
    kept = trim_history([*broken, HumanMessage("next", id="n")], budget=4000)
    assert [m.id for m in kept] == ["h", "a1", "r1", "f", "n"]

"""The grounding check: numbers in an answer must come from the turn's tool results."""

from __future__ import annotations

import pytest

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.assistant.grounding import check
from shopkeeper.assistant.render import render
from tests.agent.fake_llm import FakeLLM, Request, Step, call, say, tool_results
from tools.results import StockStatus

RESULT = (
    '{"on_hand":20.0,"daily_demand":11.83,"days_of_cover":1.7,"stockout_date":"2026-11-28",'
    '"total":1234.5,"change_pct":-5.2,"service_level":0.95,"lo_80":100.2,"sku":"OAT-1L"}'
)


@pytest.mark.parametrize(
    "answer",
    [
        "20 on hand, about 12 a day: 1.7 days of cover.",  # rounding
        "About 1,200 units, down 5.2 %.",  # coarse rounding, sign dropped
        "Ungefähr 1.234,5 Stück.",  # German decimal comma
        "A 95 % service level; 80 % interval from 100.",  # share as percent, interval level
        "Runs out on 28.11.2026 (2026-11-28).",  # dates by their parts
        "OAT-1L and customer C-3f9a1c2b: 20 left.",  # identifiers are not quantities
    ],
)
def test_numbers_from_the_results_pass(answer: str) -> None:
    assert check(answer, [RESULT]).ok


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("You have 999 on hand.", ["999"]),
        ("Order 24 more to be safe.", ["24"]),  # a sum the model made up
        ("Sales rose 12.5 % to 1,400.", ["12.5", "1,400"]),
    ],
)
def test_invented_numbers_are_flagged(answer: str, flagged: list[str]) -> None:
    assert check(answer, [RESULT]).unsupported == flagged


def test_list_lengths_count_as_sources() -> None:
    assert check("3 suppliers", ["{}"], extra={3.0}).ok
    assert not check("3 suppliers", ["{}"]).ok


def grounded(req: Request) -> Step:
    line = tool_results(req)[0]["lines"][0]
    return say(f"{line['on_hand']:g} on hand, about {line['daily_demand']:.0f} a day.")


def test_a_hallucinated_number_is_caught_and_corrected(agent: LLMAssistant, fake: FakeLLM) -> None:
    def corrected(req: Request) -> Step:
        check_msg = req["messages"][-1]
        assert check_msg["role"] == "user"
        assert check_msg["content"].startswith("Automatic check")
        assert "numbers that appear in no tool result of this question: 999" in check_msg["content"]
        # The draft is quoted in the check, not kept as the assistant's own message.
        assert not any(
            m["role"] == "assistant" and "999" in str(m.get("content")) for m in req["messages"]
        )
        return grounded(req)

    fake.add(
        call(("stock_status", {"product": "oat milk"})),
        say("You have 999 Oat Milk Barista 1L on hand."),
        corrected,
    )
    answer = agent.ask("how much oat milk do we have?", thread="g1")

    assert answer.engine == "llm"
    assert answer.text == "20 on hand, about 12 a day."
    assert answer.notes == ["The grounding check asked the model once to correct its numbers."]
    # The next turn's history has neither the wrong draft nor the check.
    fake.add(say("You're welcome."))
    agent.ask("thanks", thread="g1")
    sent = str(fake.requests[-1]["messages"])
    assert "999" not in sent and "Automatic check" not in sent
    assert "20 on hand, about 12 a day." in sent


def test_still_wrong_after_the_correction_shows_the_tool_results(
    agent: LLMAssistant, fake: FakeLLM
) -> None:
    fake.add(
        call(("stock_status", {"product": "oat milk"})),
        say("You have 999 on hand."),
        say("Sorry: you have 998 on hand."),
    )
    answer = agent.ask("how much oat milk do we have?", thread="g2")

    assert answer.engine == "llm"
    assert [c.name for c in answer.tool_calls] == ["stock_status"]
    expected = render(StockStatus(**answer.tool_calls[0].result), agent.deps.settings.currency)
    assert answer.text == expected
    assert "998" not in answer.text and "999" not in answer.text
    assert answer.notes == [
        "The language model's answer had numbers that are in no tool result (998), so the tool "
        "results are shown as computed instead."
    ]


def test_invented_numbers_without_any_tool_fall_back_to_the_offline_router(
    agent: LLMAssistant, fake: FakeLLM
) -> None:
    fake.add(say("You have 999 on hand."), say("Sorry, 998."))
    answer = agent.ask("how much oat milk do we have?", thread="g3")
    assert answer.engine == "offline"
    assert answer.tool_calls[0].name == "stock_status"
    assert answer.notes == [
        "The built-in assistant answered because the model's numbers did not match any tool result."
    ]

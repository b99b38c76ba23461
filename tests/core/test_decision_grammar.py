"""One decision grammar for the terminal and Telegram: the same table of phrasings."""

from __future__ import annotations

from typing import Any

import pytest

from shopkeeper.app.decision_grammar import DecisionRequest, parse, read, resolve

ONE = [{"sku": "OAT-1L", "name": "Oat Milk Barista 1L", "quantity": 24.0}]
TWO = [*ONE, {"sku": "MILK-1L", "name": "Whole Milk 1L", "quantity": 12.0}]
CHOC = [{"sku": "CHOC-70", "name": "Dark Chocolate 70% 100g", "quantity": 48.0}, *ONE]
BEANS = [
    {"sku": "HOU-1KG", "name": "Coffee Beans House Blend 1kg", "quantity": 23.0},
    {"sku": "ESP-1KG", "name": "Coffee Beans Espresso 1kg", "quantity": 12.0},
]
HOUSE_10 = {"HOU-1KG": 10.0}

# (what was typed, the order's lines, what it asks for: verb, id, new quantities, note)
TABLE: list[tuple[str, list[dict[str, Any]], DecisionRequest]] = [
    ("yes", ONE, DecisionRequest("approve")),
    ("Approve!", ONE, DecisionRequest("approve")),
    ("ok, go ahead", ONE, DecisionRequest("approve")),
    ("👍", ONE, DecisionRequest("approve")),
    ("approve", TWO, DecisionRequest("approve")),
    ("approve 3", TWO, DecisionRequest("approve", 3)),
    ("approve #3", TWO, DecisionRequest("approve", 3)),
    ("no", ONE, DecisionRequest("reject")),
    ("No, we have enough.", ONE, DecisionRequest("reject", note="we have enough.")),
    ("reject", TWO, DecisionRequest("reject")),
    ("reject 2 too expensive", TWO, DecisionRequest("reject", 2, note="too expensive")),
    ("reject #2: we have 40 left", TWO, DecisionRequest("reject", 2, note="we have 40 left")),
    ("approve 2 with 10 of House Blend", BEANS, DecisionRequest("approve", 2, amend=HOUSE_10)),
    ("approve 2 with Coffee Beans House Blend 1kg=10", BEANS,
     DecisionRequest("approve", 2, amend=HOUSE_10)),
    ("change House Blend to 10 in #2", BEANS, DecisionRequest("change", 2, amend=HOUSE_10)),
    ("change Coffee Beans House Blend 1kg to 10 in 2", BEANS,
     DecisionRequest("change", 2, amend=HOUSE_10)),
    ("order 20 instead", ONE, DecisionRequest("approve", amend={"OAT-1L": 20.0})),
    ("no, make it 18", ONE, DecisionRequest("approve", amend={"OAT-1L": 18.0})),
    ("make it 30 of oat milk", TWO, DecisionRequest("approve", amend={"OAT-1L": 30.0})),
    ("36 whole milk and 0 oat milk", TWO,
     DecisionRequest("approve", amend={"MILK-1L": 36.0, "OAT-1L": 0.0})),
    ("make it 2,5 of MILK-1L", TWO, DecisionRequest("approve", amend={"MILK-1L": 2.5})),
    ("24 of the 70% chocolate", CHOC, DecisionRequest("approve", amend={"CHOC-70": 24.0})),
    ("20", ONE, DecisionRequest("approve", amend={"OAT-1L": 20.0})),
]  # fmt: skip


@pytest.mark.parametrize(("text", "lines", "expected"), TABLE)
def test_the_decision_table(
    text: str, lines: list[dict[str, Any]], expected: DecisionRequest
) -> None:
    assert parse(text, lines) == expected


@pytest.mark.parametrize(
    "text", ["why so many?", "what about oat milk 1l", "ok, so what should I reorder?"]
)
def test_questions_are_not_decisions(text: str) -> None:
    assert parse(text, ONE) is None


def test_outside_a_reply_a_bare_number_is_a_question_but_order_n_instead_is_not() -> None:
    assert read("20", in_reply=False) is None
    assert read("order 20 croissants?", in_reply=False) is None
    said = read("order 20 instead", in_reply=False)
    assert said is not None and said.bare and said.quantities == "order 20 instead"
    assert read("yes").bare and not read("approve 3").bare  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lines", "problem"),
    [
        ("approve 2 but fewer of the beans", BEANS,
         "I could not read the change in “but fewer of the beans”, so nothing was decided. "
         "Say e.g. “approve 2 with 10 of House Blend” or “change House Blend to 10 in #2”."),
        ("change the beans", BEANS,
         "What should change, and to how many? Say e.g. “approve 2 with 10 of House Blend” "
         "or “change House Blend to 10 in #2”."),
        ("approve 2 with 10 of croissants", BEANS,
         "“croissants” is not in this order. It has: Coffee Beans House Blend 1kg, "
         "Coffee Beans Espresso 1kg."),
        ("make it 30", TWO,
         "Which product? This order has 2 lines (Oat Milk Barista 1L, Whole Milk 1L). "
         "Say e.g. “make it 30 of oat milk”."),
        ("30 milk", TWO,
         "Which product do you mean by “milk”? This order has: Oat Milk Barista 1L, "
         "Whole Milk 1L."),
        ("-5", ONE, "A quantity cannot be negative."),
        ("approve 8 with 10", [], "Only purchase orders have quantities to change."),
    ],
)  # fmt: skip
def test_changes_that_cannot_be_read_are_refused(
    text: str, lines: list[dict[str, Any]], problem: str
) -> None:
    request = parse(text, lines)
    assert request is not None and request.problem == problem and request.amend == {}


def test_a_quantity_question_gives_a_bare_number_its_product() -> None:
    said = read("30", in_reply=True)
    assert said is not None
    assert resolve(said, TWO, focus_sku="MILK-1L") == DecisionRequest(
        "approve", amend={"MILK-1L": 30.0}
    )

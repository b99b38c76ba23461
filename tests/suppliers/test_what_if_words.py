"""Plain-words scenarios read into the what-if tool's change."""

from __future__ import annotations

import pytest

from tools.what_if_words import WordsScenario, read_scenario


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what if the coffee supplier is a week late?", WordsScenario(late_days=7)),
        ("what if Mercato is 7 days late?", WordsScenario(late_days=7)),
        ("how would a 2 week delay from Mercato hit us?", WordsScenario(late_days=14)),
        ("if Central Wholesale is late by 5 days, what runs out?", WordsScenario(late_days=5)),
        ("suppose the bakery is two days late", WordsScenario(late_days=2)),
        ("what if the dairy doesn't deliver?", WordsScenario(not_delivered=True)),
        ("what if the open Mercato order never comes?", WordsScenario(not_delivered=True)),
        ("what if I stop buying from Mercato?", WordsScenario(drop_supplier=True)),
        ("what if demand for oat milk goes up 30 %?", WordsScenario(demand_change_pct=30.0)),
        ("what if bakery demand drops by 20 percent?", WordsScenario(demand_change_pct=-20.0)),
        ("what if coffee sales double?", WordsScenario(demand_change_pct=100.0)),
        (
            "what if I raise the price of espresso beans by 10 %?",
            WordsScenario(price_change_pct=10.0),
        ),
        (
            "what if I cut the price of olive oil by 5 percent?",
            WordsScenario(price_change_pct=-5.0),
        ),
        ("what if the weather is nice?", WordsScenario()),
    ],
)
def test_a_scenario_in_plain_words(text: str, expected: WordsScenario) -> None:
    assert read_scenario(text) == expected

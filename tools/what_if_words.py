"""A what-if scenario said in plain words -> the `what_if` tool's structured change.

"Mercato a week late", "the dairy doesn't deliver", "drop Nordlicht", "oat milk demand +30 %",
"raise the espresso price by 10 %": the numbers and the kind of change are read here; which
supplier, product or category is meant is left to the tools' own fuzzy resolvers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2}  # fmt: skip
_NUM = r"(\d+(?:[.,]\d+)?|a couple of|couple of|a|one|two|three|four|five|six|seven|eight|nine|ten)"
_LATE = re.compile(
    _NUM + r"\s*-?\s*(days?|weeks?|wochen?|semanas?)\b[^.]*?\b(late|delay|behind|spät|tarde)",
    re.I,
)
_DELAY_BY = re.compile(r"\b(late|delayed|behind)\b\s*(by\s*)?" + _NUM + r"\s*(days?|weeks?)", re.I)
_PCT = re.compile(r"([+-]?\d+(?:[.,]\d+)?)\s*(%|percent|per cent|prozent)", re.I)
_NOT_DELIVERED = re.compile(
    r"\b(does ?n[o']?t|do not|won'?t|never|can'?t|cannot|fails? to|miss(es)?)\b.*"
    r"\b(deliver|arrive|come|ship)|\bmiss(es|ed)? (its|the) delivery|\bnever comes?\b",
    re.I,
)
_DROP = re.compile(r"\b(stop buying|drop|lose|switch away|goes bust|bankrupt|without)\b", re.I)
_PRICE = re.compile(r"\bprice|\bcosts? .* on the shelf|\bcharge\b", re.I)
_DOWN = re.compile(r"\b(down|drops?|falls?|fewer|less|lower|cut|reduce|decrease)\b", re.I)
_DOUBLE = re.compile(r"\bdoubles?\b", re.I)
_HALVE = re.compile(r"\bhalves?\b|\bhalf\b", re.I)


@dataclass(frozen=True)
class WordsScenario:
    late_days: int | None = None
    not_delivered: bool = False
    drop_supplier: bool = False
    demand_change_pct: float | None = None
    price_change_pct: float | None = None


def read_scenario(text: str) -> WordsScenario:
    """The change a sentence describes (empty when it names none)."""
    if m := _LATE.search(text):
        return WordsScenario(late_days=_days(m.group(1), m.group(2)))
    if m := _DELAY_BY.search(text):
        return WordsScenario(late_days=_days(m.group(3), m.group(4)))
    if re.search(r"\b(a|one) week\b.*\b(late|behind|delay)", text, re.I):
        return WordsScenario(late_days=7)
    if _NOT_DELIVERED.search(text):
        return WordsScenario(not_delivered=True)
    if _DROP.search(text):
        return WordsScenario(drop_supplier=True)
    pct = _percent(text)
    if pct is None:
        return WordsScenario()
    if _PRICE.search(text):
        return WordsScenario(price_change_pct=pct)
    return WordsScenario(demand_change_pct=pct)


def _percent(text: str) -> float | None:
    if m := _PCT.search(text):
        value = float(m.group(1).replace(",", "."))
        down = _DOWN.search(text) and not m.group(1).startswith("+")
        return -abs(value) if down or value < 0 else value
    if _DOUBLE.search(text):
        return 100.0
    if _HALVE.search(text):
        return -50.0
    if re.search(r"\bquarter\b", text, re.I):
        return -25.0 if _DOWN.search(text) else 25.0
    return None


def _days(number: str, unit: str) -> int:
    n = NUMBERS.get(number.lower())
    value = float(number.replace(",", ".")) if n is None else float(n)
    per = 7 if unit.lower().startswith(("week", "woch", "seman")) else 1
    return max(1, round(value * per))

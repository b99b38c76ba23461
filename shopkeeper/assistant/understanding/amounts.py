"""Numbers in a question: "top 10", "$500 to spend", "10 % off", "30 of oat milk".

Each finder returns the number and the text span it used, so the subject matcher never
reads "10" or "$500" as part of a product name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CURRENCY = r"(?:[$€£]|eur(?:os?)?\b|euros?\b|usd\b|dollars?\b|bucks\b|pounds?\b|gbp\b|€)"
NUMBER = r"(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:[.,]\d+)?)\s*(k\b)?"
MONEY = re.compile(
    rf"{CURRENCY}\s*{NUMBER}|{NUMBER}\s*{CURRENCY}"
    rf"|\b{NUMBER}(?=\s+(?:to spend|budget|left to spend|for (?:stock|orders?|buying)))"
    rf"|\b(?:budget|spend|spending)\s+(?:of\s+|is\s+|max\s+|only\s+)?{NUMBER}",
    re.IGNORECASE,
)
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|percent|per cent|prozent|por ciento|процент\w*)")
TOP_N = re.compile(
    r"\b(?:top|best|worst|bottom|slowest|fastest|lowest|highest|biggest)\s+(\d{1,3})\b"
    r"|\b(\d{1,3})\s+(?:best|worst|top|slowest|fastest|biggest)\b",
    re.IGNORECASE,
)
QUANTITY = re.compile(
    r"\b(\d{1,5})\s+(?:units?|pcs|pieces|packs?|cases?|boxes|bottles|of)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Amounts:
    """The numbers found, and the character spans they took."""

    money: float | None = None
    percent: float | None = None
    top_n: int | None = None
    quantity: float | None = None
    spans: tuple[tuple[int, int], ...] = field(default_factory=tuple)


def _number(raw: str, thousands: str | None) -> float:
    digits = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([,.]\d{3})+", digits):
        digits = re.sub(r"[,.]", "", digits)
    value = float(digits.replace(",", "."))
    return value * 1000 if thousands else value


def read_amounts(text: str) -> Amounts:
    """Money, percentages, "top N" and quantities in `text`."""
    spans: list[tuple[int, int]] = []
    money = percent = quantity = None
    top_n = None
    if m := MONEY.search(text):
        groups = [g for g in m.groups()]
        pairs = [(groups[i], groups[i + 1]) for i in range(0, len(groups), 2)]
        raw, k = next((n, k) for n, k in pairs if n)
        money = _number(raw, k)
        spans.append(m.span())
    if m := PERCENT.search(text):
        percent = float(m[1].replace(",", "."))
        spans.append(m.span())
    if m := TOP_N.search(text):
        top_n = int(m[1] or m[2])
        spans.append(m.span())
    m = QUANTITY.search(text)
    if m and not any(a <= m.start() < b for a, b in spans):
        quantity = float(m[1])
        spans.append(m.span())
    return Amounts(money, percent, top_n, quantity, tuple(spans))

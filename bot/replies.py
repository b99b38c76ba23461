"""Reading a reply to a proposal: "yes", "no, we have enough", "order 20 instead",
"make it 30 of oat milk", "24 oat milk and 12 whole milk". Pure: text and order lines in.

A reply that is none of these is not a decision (it goes to the assistant as a question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, utils

YES = {
    "yes", "y", "yep", "yeah", "yea", "ok", "okay", "k", "sure", "approve", "approved",
    "go", "go ahead", "do it", "order it", "confirm", "confirmed", "yes please", "👍", "✅",
}  # fmt: skip
NO = {
    "no", "n", "nope", "nah", "reject", "rejected", "cancel", "don't", "dont", "do not",
    "skip", "not now", "no thanks", "👎", "❌",
}  # fmt: skip
NUMBER = re.compile(r"(?<![\w.,])(-?\d+(?:[.,]\d+)?)(?![\w%])")
FILLER = re.compile(
    r"\b(no|yes|ok|okay|please|order|make|it|its|it's|instead|of|just|only|units?|pcs|pieces?|"
    r"change|set|to|for|the|x|but|then|rather|approve|with|i|we|us|you|can|let's|lets|get|buy|"
    r"need|want|would|like|go|a|an|packs?|more|less|fine|good|thanks?)\b"
)
YES_HEAD = re.compile(r"^(yes|yep|yeah|ok|okay|approve|approved|sure|go ahead|confirm)\b")
NO_HEAD = re.compile(r"^(no thanks|not now|do not|no|nope|nah|reject|cancel|don't|dont|skip)\b")
SPLIT = re.compile(r"\s*(?:,(?!\d)|;|\band\b|\+|&)\s*")  # "2,5" is a number
SURE = 70.0


@dataclass(frozen=True)
class ReplyDecision:
    """What a reply asks for; `problem` is a question back instead of a decision."""

    verb: str = "approve"
    amend: dict[str, float] = field(default_factory=dict)
    note: str | None = None
    problem: str | None = None


def _clean(text: str) -> str:
    return re.sub(r"[\s!.?]+$", "", text.strip().lower())


def parse_reply(
    text: str, lines: list[dict[str, Any]], focus_sku: str | None = None
) -> ReplyDecision | None:
    """The decision a reply to an order expresses, or None if it is not a decision.

    Args:
        text: what the person wrote.
        lines: the order's lines (each with `sku`, `name`, `quantity`).
        focus_sku: the product a quantity prompt asked about (a bare number means it).
    """
    t = _clean(text)
    if not t:
        return None
    if t in YES or (YES_HEAD.match(t) and not NUMBER.search(t)):
        return ReplyDecision("approve")
    if NUMBER.search(t):
        return _amendment(t, lines, focus_sku)
    head = NO_HEAD.match(t)
    if t in NO or head:
        original = text.strip()
        note = original[head.end() :].lstrip(" ,.:;-–!").rstrip() if head else ""
        return ReplyDecision("reject", note=note or None)
    return None


def _amendment(t: str, lines: list[dict[str, Any]], focus_sku: str | None) -> ReplyDecision:
    amend: dict[str, float] = {}
    for clause in (c for c in SPLIT.split(t) if c.strip()):
        m = NUMBER.search(clause)
        if m is None:
            continue
        number = float(m.group(1).replace(",", "."))
        words = FILLER.sub(" ", clause[: m.start()] + " " + clause[m.end() :])
        words = re.sub(r"\s+", " ", words).strip(" ,.:;-")
        sku, problem = _which(words, lines, focus_sku)
        if problem:
            return ReplyDecision(problem=problem)
        assert sku is not None
        amend[sku] = number
    if not amend:
        return ReplyDecision(problem="How many? Reply with a number, e.g. “order 20 instead”.")
    bad = [q for q in amend.values() if q < 0]
    if bad:
        return ReplyDecision(problem="A quantity cannot be negative.")
    return ReplyDecision("approve", amend=amend)


def _which(
    words: str, lines: list[dict[str, Any]], focus_sku: str | None
) -> tuple[str | None, str | None]:
    """The order line `words` names (or the only/asked-about line when it names none)."""
    names = ", ".join(str(ln.get("name", ln["sku"])) for ln in lines[:6])
    if len(words.replace(" ", "")) < 3:  # nothing that could name a product
        if focus_sku:
            return focus_sku, None
        if len(lines) == 1:
            return str(lines[0]["sku"]), None
        more = "…" if len(lines) > 6 else ""
        return None, (
            f"Which product? This order has {len(lines)} lines ({names}{more}). "
            "Say e.g. “make it 30 of oat milk”."
        )
    query = utils.default_process(words)
    scored = []
    for ln in lines:
        sku, name = str(ln["sku"]), utils.default_process(str(ln.get("name", "")))
        if query == utils.default_process(sku):
            return sku, None
        scored.append(
            (max(fuzz.token_set_ratio(query, name), fuzz.partial_ratio(query, name)), sku)
        )
    scored.sort(reverse=True)
    if not scored or scored[0][0] < SURE:
        return None, f"“{words}” is not in this order. It has: {names}."
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 3:
        return None, f"Which product do you mean by “{words}”? This order has: {names}."
    return scored[0][1], None

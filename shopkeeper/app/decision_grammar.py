"""One way to read a decision, for every channel: "yes", "approve 3", "reject 2 too
expensive", "approve 2 with 10 of House Blend", "change House Blend to 10 in #2", "order 20
instead". Pure: text (and an order's lines) in, a `DecisionRequest` out.

Reading happens in two steps because the proposal a line means is only known after the
first: `read` finds the verb, the proposal number and the words that name new quantities;
`resolve` matches those words to the order's lines. A line that wants a change which cannot
be read gets a `problem` (said back to the person), never a decision without the change.
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
APPROVE_HEAD = re.compile(
    r"^(approve|approved|yes|yep|yeah|ok|okay|sure|go ahead|confirm|confirmed)\b"
)
REJECT_HEAD = re.compile(r"^(reject|rejected|cancel)\b")
NO_HEAD = re.compile(r"^(no thanks|not now|do not|no|nope|nah|don't|dont|skip)\b")
CHANGE_HEAD = re.compile(r"^(change|set|amend)\b")
AMEND_HEAD = re.compile(r"^(make it|order|buy|get)\b")  # "order 20 instead"
ID_FIRST = re.compile(r"^\s*(?:proposal|order)?\s*#?(\d{1,9})\b(?!\s*(?:of|x|units?|pcs)\b)")
ID_LAST = re.compile(r"\s*\b(?:in|on|for|of)\s+(?:proposal|order)?\s*#?(\d{1,9})\s*$")
ID_HASH = re.compile(r"#(\d{1,9})\b")
NUMBER = re.compile(r"(?<![\w.,#])(-?\d+(?:[.,]\d+)?)(?![\w%])")
WANTS_CHANGE = re.compile(r"\b(with|but|instead|less|more|only|except|without|change|make)\b")
QUESTION = re.compile(
    r"^(so|and|what|how|why|when|which|who|where|is|are|do|does|did|can|could|should|will)\b"
)
POLITE = re.compile(r"\b(please|thanks?|thank you|go ahead|it|do it)\b")
FILLER = re.compile(
    r"\b(no|yes|ok|okay|please|order|make|it|its|it's|instead|of|just|only|units?|pcs|pieces?|"
    r"change|set|to|for|the|x|but|then|rather|approve|with|i|we|us|you|can|let's|lets|get|buy|"
    r"need|want|would|like|go|a|an|packs?|more|less|fine|good|thanks?|in)\b"
)
SPLIT = re.compile(r"\s*(?:,(?!\d)|;|\band\b|\+|&)\s*")  # "2,5" is a number
SURE = 70.0
UNREAD = "I could not read the change in “{rest}”, so nothing was decided. Say {example}."
ASK_WHAT = "What should change, and to how many? Say {example}."
EXAMPLE = "e.g. “approve 2 with 10 of House Blend” or “change House Blend to 10 in #2”"


@dataclass(frozen=True)
class Said:
    """What a line says about a proposal before its lines are known."""

    verb: str  # approve | reject | change
    proposal_id: int | None = None  # None: the proposal in view (replied to / just shown)
    quantities: str | None = None  # the words naming new quantities
    note: str | None = None
    problem: str | None = None

    @property
    def bare(self) -> bool:
        """No number was given: it can only mean the proposal in view."""
        return self.proposal_id is None


@dataclass(frozen=True)
class DecisionRequest:
    """A decision ready to be made: verb, proposal, new quantities by SKU, note — or a
    `problem` to say back instead of deciding."""

    verb: str = "approve"
    proposal_id: int | None = None
    amend: dict[str, float] = field(default_factory=dict)
    note: str | None = None
    problem: str | None = None


def _clean(text: str) -> str:
    return re.sub(r"[\s!.?]+$", "", text.strip().lower())


def _take_id(rest: str, first: bool) -> tuple[int | None, str]:
    """The proposal number in `rest` (first word, or "... in #2" at the end) and the rest."""
    for rx in (ID_FIRST, ID_LAST, ID_HASH) if first else (ID_LAST, ID_HASH):
        m = rx.search(rest)
        if m:
            return int(m.group(1)), (rest[: m.start()] + " " + rest[m.end() :]).strip(" ,.:;-")
    return None, rest.strip(" ,.:;")


def read(text: str, *, in_reply: bool = False) -> Said | None:
    """The decision a line expresses, or None when it is not a decision (a question).

    Args:
        text: what the person wrote.
        in_reply: the line answers a message that shows one proposal (a Telegram reply), so
            a bare number ("20") is a new quantity for it.
    """
    t = _clean(text)
    if not t:
        return None
    if t in YES:
        return Said("approve")
    if t in NO:
        return Said("reject")
    if m := (REJECT_HEAD.match(t) or NO_HEAD.match(t)):
        explicit = REJECT_HEAD.match(t) is not None
        pid, rest = _take_id(t[m.end() :], first=True)
        if not explicit and NUMBER.search(rest):  # "no, make it 18": a change, not a no
            return Said("approve", pid, quantities=rest)
        if QUESTION.match(rest):
            return None  # "no, what about oat milk?" asks something
        if pid is None:  # the person's own words, punctuation and all
            note = text.strip()[m.end() :].lstrip(" ,.:;-–!").rstrip()
        else:
            note = _original(text, rest)
        return Said("reject", pid, note=note or None)
    if m := APPROVE_HEAD.match(t):
        pid, rest = _take_id(t[m.end() :], first=True)
        return _approval(pid, rest)
    if m := CHANGE_HEAD.match(t):
        pid, rest = _take_id(t[m.end() :], first=False)
        if not NUMBER.search(rest):
            return Said("change", pid, problem=ASK_WHAT.format(example=EXAMPLE))
        return Said("change", pid, quantities=rest)
    if (in_reply or AMEND_HEAD.match(t)) and NUMBER.search(t):
        pid, rest = _take_id(t, first=False)
        if not in_reply and "instead" not in rest and not rest.startswith("make it"):
            return None  # "order 20 croissants?" outside a reply is a question
        return Said("approve", pid, quantities=rest)
    return None


def _approval(pid: int | None, rest: str) -> Said | None:
    if NUMBER.search(rest):
        return Said("approve", pid, quantities=rest)
    leftover = POLITE.sub(" ", rest).strip(" ,.:;-")
    if QUESTION.match(leftover):
        return None  # "ok, so what should I reorder?" is a question
    if leftover and WANTS_CHANGE.search(leftover):
        return Said(
            "approve",
            pid,
            problem=UNREAD.format(rest=rest, example=EXAMPLE),
        )
    return Said("approve", pid)


def _original(text: str, lowered: str) -> str:
    """`lowered` in the person's own spelling (notes keep their case)."""
    at = text.lower().find(lowered)
    return text[at : at + len(lowered)].strip() if at >= 0 else lowered


def resolve(
    said: Said, lines: list[dict[str, Any]], focus_sku: str | None = None
) -> DecisionRequest:
    """Match the quantities of `said` to an order's lines (each `sku`, `name`, `quantity`).

    Args:
        said: what `read` found.
        lines: the lines of the proposal it means ([] for a price change).
        focus_sku: the product a quantity question asked about (a bare number means it).
    """
    if said.problem:
        return DecisionRequest(said.verb, said.proposal_id, problem=said.problem)
    if said.quantities is None:
        return DecisionRequest(said.verb, said.proposal_id, note=said.note)
    if not lines:
        return DecisionRequest(
            said.verb, said.proposal_id, problem="Only purchase orders have quantities to change."
        )
    amend: dict[str, float] = {}
    for clause in (c for c in SPLIT.split(said.quantities) if c.strip()):
        m = NUMBER.search(clause)
        if m is None:
            continue
        words = FILLER.sub(" ", clause[: m.start()] + " " + clause[m.end() :])
        words = re.sub(r"[\s=:]+", " ", words).strip(" ,.:;-=")
        sku, problem = _which(words, lines, focus_sku)
        if problem:
            return DecisionRequest(said.verb, said.proposal_id, problem=problem)
        assert sku is not None
        amend[sku] = float(m.group(1).replace(",", "."))
    if not amend:
        problem = "How many? Reply with a number, e.g. “order 20 instead”."
        return DecisionRequest(said.verb, said.proposal_id, problem=problem)
    if any(q < 0 for q in amend.values()):
        return DecisionRequest(
            said.verb, said.proposal_id, problem="A quantity cannot be negative."
        )
    return DecisionRequest(said.verb, said.proposal_id, amend=amend, note=said.note)


def parse(
    text: str,
    lines: list[dict[str, Any]],
    focus_sku: str | None = None,
    *,
    in_reply: bool = True,
) -> DecisionRequest | None:
    """`read` and `resolve` in one step, when the proposal's lines are known (a reply)."""
    said = read(text, in_reply=in_reply)
    return None if said is None else resolve(said, lines, focus_sku)


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

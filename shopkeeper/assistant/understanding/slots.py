"""Everything a question fills in besides its intent: period, amounts, subject, customer,
and the small words that change a tool's arguments ("worst", "by category", "out of stock").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from shopkeeper.assistant.periods import Span
from shopkeeper.assistant.understanding.amounts import Amounts, read_amounts
from shopkeeper.assistant.understanding.dates import PeriodSlot, read_period
from shopkeeper.assistant.understanding.subjects import (
    Subject,
    customer_in,
    find_subjects,
    subject_index,
    tokens,
    unknown_words,
)
from tools.context import ToolContext

WORST = re.compile(
    r"\b(worst|least|bottom|slowest|lowest|weakest|poorest|flop|not selling|doesn'?t sell)",
    re.IGNORECASE,
)
BY_CATEGORY = re.compile(r"\b(by|per|each|which|top \d+|best|worst)\s+categor|\bcategories\b")
BY_UNITS = re.compile(r"\b(by|in) (units|quantity|volume)\b|\bmost units\b", re.IGNORECASE)
BY_MARGIN = re.compile(r"\b(margins?|profit\w*)\b", re.IGNORECASE)
RANKED = re.compile(
    r"\b(best|top|worst|bottom|least|most|slowest|fastest|biggest|highest|lowest)\b"
    r"|\bsellers?\b|\branking\b",
    re.IGNORECASE,
)
OUT_OF_STOCK = re.compile(
    r"\bout of stock\b|\bsold out\b|\b(have|has|already) run out\b|\bran out\b|\bat zero\b"
    r"|\bzero stock\b|\bempty\b|\bnone left\b|\bnichts mehr\b|\bagotad[oa]s\b|\bнет в наличии\b",
    re.IGNORECASE,
)
AT_RISK = re.compile(
    r"\brun(ning)? (out|low|short)\b|\blow\b|\brisk\b|\bshort\b|\bwarn|\babout to\b"
    r"|\bgo(es|ing)? out\b|\bgehen .*aus|\bausgehen|\bagot|\bзаканчива|\bмало\b|\bknapp",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Slots:
    """What the question says besides what it asks for."""

    text: str
    period: PeriodSlot
    amounts: Amounts
    subjects: list[Subject]
    customer: str | None
    words: list[str] = field(default_factory=list)
    unknown: tuple[str, ...] = ()  # words in a naming place that name nothing we sell

    @property
    def span(self) -> Span | None:
        return self.period.span

    def subject(self, kind: str) -> Subject | None:
        return next((s for s in self.subjects if s.kind == kind), None)

    def subject_args(self) -> dict[str, Any]:
        return {s.kind: s.value for s in self.subjects}


def read_slots(
    ctx: ToolContext, text: str, asking: frozenset[str], languages: tuple[str, ...]
) -> Slots:
    """Period, amounts, subjects and customer of `text`."""
    amounts = read_amounts(text)
    subjects = find_subjects(ctx, text, asking, list(amounts.spans))
    unknown = () if subjects else tuple(unknown_words(text, asking, subject_index(ctx)))
    return Slots(
        text=text,
        period=read_period(text, ctx.today, languages),
        amounts=amounts,
        subjects=subjects,
        customer=customer_in(text),
        words=tokens(text),
        unknown=unknown,
    )


def is_bare(slots: Slots) -> bool:
    """The question is only a name ("croissants", "the dairy?"): nothing says what about it."""
    if not slots.subjects or slots.span is not None:
        return False
    named = {w for s in slots.subjects for w in s.words.split()}
    rest = [w for w in slots.words if w.rstrip("s") not in named and w not in named]
    return all(w in BARE_FILLERS for w in rest)


BARE_FILLERS = {"the", "a", "an", "our", "my", "some", "what", "about", "and", "?", "please", "of"}

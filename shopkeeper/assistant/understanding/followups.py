"""Follow-ups: a short question that changes one thing of the previous call.

"and the month before?", "how about october?", "what about croissants?", "and last year?",
"only from Kornblume": the previous tool, with the new period or subject.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from shopkeeper.assistant.periods import Span
from shopkeeper.assistant.understanding.arguments import period_args, tense
from shopkeeper.assistant.understanding.classifier import Verdict
from shopkeeper.assistant.understanding.dates import shift_back
from shopkeeper.assistant.understanding.engine import FOLLOW_CUE
from shopkeeper.assistant.understanding.slots import Slots

if TYPE_CHECKING:
    from shopkeeper.assistant.router import Route

AFTER = re.compile(r"\b(after|later|following|danach|después|после)\b", re.IGNORECASE)
YEAR_BACK = re.compile(r"^\W*(and )?(the same )?(last year|a year (ago|earlier|before))\W*$", re.I)
SUBJECT_KEYS = ("product", "category", "supplier")


def follow_up(
    last: Route, slots: Slots, verdict: Verdict, today: date
) -> tuple[str, dict[str, Any]] | None:
    """(tool, args) when `slots` reads as a follow-up to `last`, else None."""
    cue = re.match(FOLLOW_CUE, slots.text.strip(), re.IGNORECASE) is not None
    short = len(slots.words) <= 7
    changes = slots.span is not None or bool(slots.subjects) or _relative(slots.text)
    if not changes or not last.tool or last.tool in {"proposals"}:
        return None
    same = verdict.best.intent == last.tool
    if not (cue and short) and verdict.confident and not same:
        return None
    if not cue and verdict.confident and not short:
        return None
    args = dict(last.args)
    if slots.subjects:
        for key in SUBJECT_KEYS:
            args.pop(key, None)
        args |= slots.subject_args()
    span = _previous_span(last.args)
    if span is not None and (moved := _moved(span, slots.text, today)) is not None:
        args |= period_args(moved)
    elif slots.span is not None:
        args |= period_args(slots.span)
    tool = tense(last.tool, _span_of(args), today)
    if tool != last.tool and tool in {"sales_summary", "forecast_demand"}:
        return tool, args
    return last.tool, args


def _relative(text: str) -> bool:
    return bool(re.search(r"\b(before|earlier|prior|after|later)\b", text, re.I)) or bool(
        YEAR_BACK.match(text)
    )


def _moved(span: Span, text: str, today: date) -> Span | None:
    """The previous period moved back or forward, or a year back, when the text says so."""
    if YEAR_BACK.match(text):
        try:
            s, e = (
                span.start.replace(year=span.start.year - 1),
                span.end.replace(year=span.end.year - 1),
            )
        except ValueError:
            s, e = span.start - timedelta(days=365), span.end - timedelta(days=365)
        return Span(s, e, f"{s:%d %b %Y} to {e:%d %b %Y}", False)
    if AFTER.search(text):
        step = (span.end - span.start).days + 1
        s, e = span.start + timedelta(days=step), span.end + timedelta(days=step)
        return replace(span, start=s, end=e, label=f"{s:%d %b} to {e:%d %b %Y}", future=e >= today)
    return shift_back(span, text, today)


def _previous_span(args: dict[str, Any]) -> Span | None:
    return _span_of(args)


def _span_of(args: dict[str, Any]) -> Span | None:
    if not isinstance(args.get("start"), date) or not isinstance(args.get("end"), date):
        return None
    return Span(args["start"], args["end"], str(args.get("period_label", "")), False)

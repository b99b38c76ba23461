"""A tool's arguments from the question's slots, and the notes that say what was assumed.

Only the arguments a tool takes are passed (read from its signature), so a tool that gains a
parameter (a budget, a ranking) starts receiving it here without the router changing.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from shopkeeper.assistant.periods import Span
from shopkeeper.assistant.understanding.slots import (
    AT_RISK,
    BY_CATEGORY,
    BY_MARGIN,
    BY_UNITS,
    OUT_OF_STOCK,
    RANKED,
    WORST,
    Slots,
)

LOYAL = re.compile(r"\bmost (loyal|regular|frequent)\b|\btreueste", re.IGNORECASE)
TOP_ONE = re.compile(
    r"\b(my|our|the) (best|top|biggest|most valuable|number one)\s+(customer|client|shopper)\b"
    r"(?!s)|\bwho spends the most\b|\bsingle customer\b",
    re.IGNORECASE,
)
SEGMENT_WORDS = (
    (r"\b(best|top|biggest|most valuable|vip|champions?|mejores|лучш|besten)\b", "champions"),
    (
        r"\bat[- ]risk\b|\bleav|\bchurn|\bstopped (coming|buying|shopping)\b|\bnot (come|been) "
        r"back\b|n'?t (come|been|came) back\b|\bwin(ning)? back\b|\bdejaron\b|\bперестал|\bушли\b"
        r"|\bkommen nicht mehr\b|\briesgo\b",
        "at_risk",
    ),
    (r"\bloyal\b|\bregulars?\b|\btreu", "loyal"),
    (r"\bnew\b|\bneue\b|\bnuevos\b|\bнов", "new"),
    (r"\bhibernating\b|\bdormant\b|\blapsed\b|\bsleeping\b", "hibernating"),
    (r"\blost\b|\bgone\b", "lost"),
    (r"\boccasional\b", "occasional"),
)


def period_args(span: Span | None) -> dict[str, Any]:
    """start/end/period_label for a span (nothing when the question names no period)."""
    if span is None:
        return {}
    return {"start": span.start, "end": span.end, "period_label": span.label}


def tense(tool: str, span: Span | None, today: date) -> str:
    """Sales of a future period are a forecast; a forecast of a past period is sales."""
    if span is None:
        return tool
    if tool == "sales_summary" and span.start >= today:
        return "forecast_demand"
    if tool == "forecast_demand" and span.end < today:
        return "sales_summary"
    return tool


def build_args(tool: str, func: Callable[..., Any], slots: Slots) -> dict[str, Any]:
    """The arguments `func` accepts that the question determines."""
    accepted = set(inspect.signature(func).parameters)
    t = slots.text
    args: dict[str, Any] = dict(slots.subject_args())
    if slots.customer:
        args["customer"] = slots.customer
    args |= period_args(slots.span)
    if slots.period.compare_last_year:
        args["compare"] = "last_year"
    if slots.amounts.money is not None:
        args["budget"] = slots.amounts.money
    if tool == "sales_summary" and (RANKED.search(t) or slots.amounts.top_n):
        args["top"] = slots.amounts.top_n or 5
        args["order"] = "worst" if WORST.search(t) else "best"
        if BY_CATEGORY.search(t.lower()):
            args["by"] = "category"
        if BY_UNITS.search(t):
            args["rank_by"] = "units"
        elif BY_MARGIN.search(t):
            args["rank_by"] = "margin"
    elif tool == "sales_summary" and BY_CATEGORY.search(t.lower()):
        args["by"] = "category"
    if tool == "stock_status" and not slots.subjects:
        if OUT_OF_STOCK.search(t):
            args["only_out_of_stock"] = True
        elif AT_RISK.search(t):
            args["only_at_risk"] = True
    if tool == "customer_segments" and (segment := segment_of(t)):
        args["segment"] = segment
    if tool == "customer_profile" and "customer" not in args:
        if LOYAL.search(t):
            args["rank"] = "loyal"
        elif TOP_ONE.search(t):
            args["rank"] = "value"
    return {
        k: v
        for k, v in args.items()
        if k in accepted or (k == "period_label" and "start" in accepted)
    }


def segment_of(text: str) -> str | None:
    """The customer segment a question names ("best customers" -> champions), if any."""
    for pattern, name in SEGMENT_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return None

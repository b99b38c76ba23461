"""Arguments for the feedback and campaign tools from a question's own words."""

from __future__ import annotations

import re
from typing import Any

from shopkeeper.assistant.intents import best_intent
from shopkeeper.assistant.router import Route
from tools.campaign_plan import segment_of
from tools.context import ToolError

CRM_TOOLS = {"feedback_summary", "campaign_report"}

# "complaints about the croissants?", "what do people say of our oat milk"
ABOUT = re.compile(
    r"\b(?:about|on|regarding|of|for|with)\s+(?:the\s+|our\s+|your\s+|my\s+)?"
    r"([^\W\d_][\w\s'-]{2,40}?)\s*(?:\?|\.|!|$|\b(?:lately|recently|this|last|since|over)\b)",
    re.IGNORECASE,
)
NOT_PRODUCTS = {"us", "the shop", "shop", "the store", "store", "service", "it", "them", "we"}
DAYS = re.compile(r"\blast\s+(\d+|two|three|six)\s+(days?|weeks?|months?)\b", re.IGNORECASE)
WORDS = {"two": 2, "three": 3, "six": 6}


def _days(text: str) -> int | None:
    m = DAYS.search(text)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else WORDS[m.group(1).lower()]
    unit = m.group(2).lower()
    return n * (30 if unit.startswith("month") else 7 if unit.startswith("week") else 1)


def crm_args(tool: str, text: str) -> dict[str, Any]:
    """`product`/`days` for feedback_summary, `segment` for campaign_report."""
    if tool == "feedback_summary":
        args: dict[str, Any] = {}
        m = ABOUT.search(text)
        if m and m.group(1).strip().lower() not in NOT_PRODUCTS:
            args["product"] = m.group(1).strip()
        days = _days(text)
        if days:
            args["days"] = min(days, 730)
        return args
    try:
        segment = segment_of(text)
    except ToolError:
        return {}
    return {"segment": segment} if segment else {}


def crm_route(text: str) -> Route | None:
    """The feedback or campaign tool call a question asks for (None: not such a question).

    Asked before the general router, which knows nothing of these two tools.
    """
    intent = best_intent(text)
    return Route(intent, crm_args(intent, text)) if intent in CRM_TOOLS else None

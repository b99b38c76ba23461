"""Routes for the trust questions: the data check, the fairness audit, the track record."""

from __future__ import annotations

import re
from typing import Any

from tools.context import ToolContext

TRUST_TOOLS = {"data_quality", "fairness_audit", "track_record"}


def trust_route(ctx: ToolContext, intent: str, text: str) -> tuple[str, dict[str, Any]]:
    """The tool and its arguments for a trust question."""
    t = text.lower()
    args: dict[str, Any] = {}
    if intent == "data_quality":
        if re.search(r"\b(urgent|serious|must fix|high)\b", t):
            args["severity"] = "high"
    elif intent == "track_record":
        if re.search(r"\b(last|past) (month|4 weeks|four weeks)\b|\brecent", t):
            args["weeks"] = 4
        elif re.search(r"\b(quarter|12 weeks|twelve weeks|3 months|three months)\b", t):
            args["weeks"] = 12
    return intent, args

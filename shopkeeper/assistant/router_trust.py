"""Routes for the trust questions: the data check, the fairness audit, the track record."""

from __future__ import annotations

import re
from typing import Any

from tools.context import ToolContext

TRUST_TOOLS = {"data_quality", "fairness_audit", "track_record", "forget_customer"}
_CODE = re.compile(r"\bc-[0-9a-f]{8}\b", re.IGNORECASE)
_WHO = re.compile(
    r"\b(?:forget|erase|delete|remove|wipe|anonymi[sz]e)\s+(?:the\s+)?(?:personal\s+data\s+of\s+|"
    r"data\s+of\s+)?(?:customer\s+|client\s+)?(?P<who>.+?)(?:'s\s+data|\s+data)?[?.!]*$",
    re.IGNORECASE,
)


def trust_route(ctx: ToolContext, intent: str, text: str) -> tuple[str, dict[str, Any]]:
    """The tool and its arguments for a trust question."""
    t = text.lower()
    args: dict[str, Any] = {}
    if intent == "data_quality":
        if re.search(r"\b(urgent|serious|must fix|high)\b", t):
            args["severity"] = "high"
    elif intent == "forget_customer":
        code = _CODE.search(text)
        who = _WHO.search(text.strip())
        if code:
            args["customer"] = code.group()
        elif who:
            args["customer"] = who.group("who").strip()
    elif intent == "track_record":
        if re.search(r"\b(last|past) (month|4 weeks|four weeks)\b|\brecent", t):
            args["weeks"] = 4
        elif re.search(r"\b(quarter|12 weeks|twelve weeks|3 months|three months)\b", t):
            args["weeks"] = 12
    return intent, args

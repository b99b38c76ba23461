"""What a question asks for: scored phrasings per tool, so many ways of asking land right.

Each pattern adds its weight to one intent; the highest total wins. Tense decides between
looking back (sales) and looking ahead (forecast) when a question only says "sell".
"""

from __future__ import annotations

import re

PATTERNS: dict[str, list[tuple[str, float]]] = {
    "reorder_plan": [
        (r"\bre-?order", 3),
        (r"\bre-?stock", 3),
        (r"\breplenish", 3),
        (r"\bpurchase orders?\b|\bPOs?\b", 3),
        (r"\b(what|which|anything)\b.*\b(should|do|must|need to|to)\b.*\b(order|buy)\b", 3),
        (r"\b(order|buy)\b.*\b(this week|today|now|from)\b", 1.5),
        (r"\bshopping list\b|\border list\b|\bneed to get in\b|\btop up\b", 3),
        (r"\bplace (an )?orders?\b|\bmake (an )?orders?\b", 3),
        (r"\bwhat (do|should) (i|we) (need|get)\b", 1.5),
    ],
    "stock_status": [
        (r"\bstock\b|\binventory\b|\bon hand\b|\bin store\b|\bon the shelf\b", 2),
        (r"\brun(ning)? (out|low|short)\b|\bran out\b|\blow on\b|\bout of\b", 3),
        (r"\bsold out\b|\bshortage|\bempty\b", 2.5),
        (r"\bdays? of (cover|stock|supply)\b|\bcover\b", 2.5),
        (r"\bhow (much|many)\b.*\b(have|left|got)\b", 2.5),
        (r"\b(have|got) (we |i )?enough\b|\benough\b", 1.5),
        (r"\bwhen will\b.*\brun out\b", 2),
        (r"\bat risk\b|\bwarning", 1.5),
    ],
    "forecast_demand": [
        (r"\bforecast|\bpredict|\bprojection|\boutlook\b", 3),
        (r"\bexpect|\banticipate", 2),
        (r"\bdemand\b", 2),
        (r"\bwill\b.*\bsell\b|\bgoing to sell\b|\bgonna sell\b|\bsell over\b", 3),
        (r"\bhow (much|many)\b.*\bwill\b", 2),
        (r"\bhow (will|would)\b", 1.5),
    ],
    "sales_summary": [
        (r"\bsales\b|\brevenue\b|\bturnover\b|\btakings\b|\bincome\b", 2),
        (r"\bsold\b|\bdid\b.*\bsell\b|\bhave we sold\b", 3),
        (r"\bbest[- ]?sell|\btop (products?|sellers?|items?)\b|\bbestsellers?\b", 3),
        (r"\bmargins?\b|\bprofit|\bearn|\bmade\b|\bmoney\b", 2),
        (r"\bhow (was|were|did|are|is)\b", 1.5),
        (r"\bperform|\bbusiness\b|\bdoing\b", 1),
        (r"\bcompared?\b|\bvs\b|\bversus\b|\bgrowth\b|\bup or down\b", 1),
    ],
    "proposals": [
        (r"\bpending\b|\bawaiting\b|\bwaiting for\b|\bto approve\b|\bproposals?\b", 3),
        (r"\bapprov", 1.5),
    ],
    "help": [
        (r"^\s*/?(help|start|hi|hello|hey|menu)\b", 4),
        (r"\bwhat can you do\b|\bhow do i use\b|\bwhat do you know\b", 4),
    ],
}

PAST = r"\b(did|was|were|sold|last|yesterday|previous|past|so far|have we|ago)\b"
FUTURE = r"\b(will|going to|gonna|expect|forecast|next|coming|upcoming|predict)\b"


def score_intents(text: str) -> dict[str, float]:
    """Intent -> score for `text` (lower-cased inside)."""
    t = text.lower()
    scores = {
        intent: sum(w for pattern, w in pats if re.search(pattern, t, re.IGNORECASE))
        for intent, pats in PATTERNS.items()
    }
    if re.search(r"\bsell|\bsales\b", t):
        past, future = re.search(PAST, t), re.search(FUTURE, t)
        if future and not past:
            scores["forecast_demand"] += 2
        elif past and not future:
            scores["sales_summary"] += 2
    return scores


def best_intent(text: str) -> str | None:
    """The winning intent, or None when nothing scored."""
    scores = score_intents(text)
    intent, score = max(scores.items(), key=lambda kv: kv[1])
    return intent if score > 0 else None

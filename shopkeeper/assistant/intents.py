"""What a question asks for: scored phrasings per tool, so many ways of asking land right.

Each pattern adds its weight to one intent; the highest total wins. Tense decides between
looking back (sales) and looking ahead (forecast) when a question only says "sell".
"""

from __future__ import annotations

import re

from shopkeeper.assistant.intents_trust import TRUST_PATTERNS

WEEKLY = r"\b(weekly|week'?s|the week'?s?)"
REPORT = r"\b(summary|recap|review|report|brief|overview|digest|round-?up|rundown|wrap-?up)"
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
        (r"\bhow (much|many)\b.*\b(order|buy|get in)\b|\b(order|buy|get) more\b", 4),
        (r"[$€£]\s*\d|\d\s*(k\b|[€$£]|euros?\b|eur\b|dollars?\b)|\bbudget\b|\bto spend\b", 4),
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
    "customer_segments": [
        (r"\bcustomers?\b|\bclients?\b|\bshoppers?\b|\bregulars\b|\bmembers\b", 2),
        (r"\bsegment|\brfm\b|\bchurn|\blifetime value\b|\bclv\b|\bcustomer value\b", 3),
        (r"\b(best|top|biggest|most valuable|loyal|vip|new|lost)\s+(customers?|clients?)", 3),
        (r"\bleaving\b|\bstopped (coming|buying|shopping)\b|\bnot (come|been) back\b", 3),
        (r"n'?t (come|been|came) back\b|\bwin(ning)? back\b|\bdormant\b|\blapsed\b", 3),
        (r"\bwho (are|is) (my|our)\b", 1),
    ],
    "customer_profile": [
        (r"\bc-[0-9a-f]{8}\b", 1.5),
        (r"\bprofile\b|\blook ?up\b|\bcustomer history\b|\bwho is\b", 3),
        (r"\btell me about (customer|client|c-)", 3),
        (r"\b(what|how often) (has|does|did)\b.*\bc-[0-9a-f]{8}\b.*\b(buy|bought|come)", 3),
        (r"\bmost (loyal|regular|frequent|valuable) (customer|client|shopper)\b(?!s)", 6),
        (r"\b(my|our|the) (best|top|biggest|number one) (customer|client|shopper)\b(?!s)", 6),
        (r"\bwho spends the most\b|\b[\w.+-]+@[\w-]+\.\w+", 4),
    ],
    "cross_sell": [
        (r"\bgoes? (well )?with\b|\bgo (well )?together\b|\bbought together\b", 4),
        (r"\bpairs? (well )?with\b|\bbuy with\b|\bbought with\b|\bsell with\b", 4),
        (r"\bcross[- ]?sell|\bup-?sell|\bbundle|\balongside\b|\bwhat else\b", 4),
        (r"\brecommend|\bsuggest (to|for)\b|\bnext best\b|\balso buy\b|\boffer (to|for)\b", 3),
        (r"\bbaskets?\b", 1.5),
    ],
    "price_advice": [
        (r"\bprice|\bpricing\b|\bcharge\b|\bcharging\b", 2.5),
        (r"\b(too )?(cheap|expensive|pricey|overpriced|underpriced)\b", 3),
        (r"\braise\b|\bincrease\b|\bput up\b|\bmark ?up\b|\blower\b|\bcut\b", 1),
        (r"\belastic|\bcompetitor", 3),
    ],
    "feedback_summary": [
        (r"\bfeedback\b|\breviews?\b|\bcomplain|\bsentiment\b|\bgripes?\b", 4),
        (r"\b(customers?|people|they|shoppers|guests)\b.*\b(saying|say|said|think|feel)\b", 4),
        (r"\bsaying about\b|\bthink of (us|the shop)\b|\bopinions?\b|\bcomments?\b", 3),
        (r"\b(happy|unhappy|satisfied|dissatisfied|upset|angry|pleased) with\b", 3.5),
        (r"\b(rückmeldung|beschwerden?|kritik|bewertungen|opiniones|quejas|reseñas)\b", 3),
        (r"\b(sagen|denken) die kunden\b|\bdicen los clientes\b|\bopinan\b", 4),
    ],
    "campaign_report": [
        (r"\bcampaigns?\b|\bpromotions?\b|\bnewsletters?\b|\bmailings?\b|\bmarketing\b", 3.5),
        (r"\bkampagnen?\b|\bgutscheine?\b|\bcampañas?\b|\bpromoci[oó]n(es)?\b|\bcupones?\b", 3.5),
        (r"\b(vouchers?|coupons?|discount codes?|promo codes?|discounts?|offers?)\b", 3),
        (r"\b(e-?mail|sms|instagram|facebook|social)\b.*\b(work|better|worth)", 3),
        (r"\bholdout\b|\bcontrol group\b|\bresponds? (best )?to offers\b", 4),
        (r"\bsend\b.*\b(discount|voucher|offer|coupon|promo|deal)", 4),
        (r"\bwho\b.*\b(discount|voucher|offer|coupon|deal)\b", 3),
        (r"\b(worked|pay off|paid off|uplift|roi|return on)\b", 1),
        (r"\bwin(ning)? back\b.*\b(plan|campaign|offer)|\bplan\b.*\bcampaign", 3),
    ],
    "weekly_brief": [
        (WEEKLY + r" (summary|recap|review|report|brief|overview|digest|update|round-?up)", 6),
        (REPORT + r" (of|for|on) (the |last |this |my |our |past |previous )+week", 6),
        (r"\b(last|past|previous) week\b.*\b(forecast|last year)\b", 4),
        (r"\bhow (did|was|were) (the shop|we|things|it|business)\b.*\bweek\b", 5),
        (r"\bwhat should i know\b|\banything i should (worry|know)\b", 4),
        (r"\bweek in (review|numbers|one message)\b|\bmonday (brief|report|summary)\b", 6),
        (r"\bhow (did|was|were) (the |last |this |our |my )?week\b", 5),
        (r"\b(last|past|previous) week\b.*\b(go|went|look|looked|highlights)\b", 3),
        (r"\b(brief|briefing|recap|digest|highlights|rundown|catch me up)\b", 3),
        (r"\bstate of the shop\b|\bweekly\b", 2),
        (r"\bwhat (happened|changed|went (on|wrong|well))\b.*\bweek\b", 4),
    ],
    "pending_proposals": [
        (r"\bpending\b|\bawaiting\b|\bwaiting for\b|\bto approve\b|\bproposals?\b", 3),
        (r"\bapprov", 1.5),
    ],
    "help": [
        (r"^\s*/?(help|start|hi|hello|hey|menu)\b", 4),
        (r"\bwhat can you do\b|\bhow do i use\b|\bwhat do you know\b", 4),
    ],
}

# Tools other parts of the project add: their words are known before the tool registers.
# Until it does, a question matching them is one the assistant cannot answer yet (see
# classifier.py), rather than a confident answer about something else.
_LATER: dict[str, list[tuple[str, float]]] = {
    "feedback_summary": [
        (r"\b(saying|say about|reviews?|complain\w*|feedback|opinions?|ratings?)\b", 5),
    ],
    "supplier_scorecard": [
        (r"\breliab\w*|\bon[- ]time\b|\bdeliver\w* late\b|\blate deliver|\bscorecard\b", 5),
    ],
    "campaign_report": [(r"\bcampaigns?\b|\bnewsletter\b|\bmailing\b", 4)],
    "data_quality": [(r"\bdata quality\b|\bduplicates?\b|\bgaps? in\b|\bmy data\b", 5)],
    "weekly_brief": [(r"\bweekly (brief|summary|report)\b|\bbriefing\b", 5)],
    "what_if": [(r"\bwhat (if|happens if|would happen)\b", 5)],
    "fairness_audit": [(r"\bfair(ness|ly)?\b|\bdiscriminat\w*|\bbias\w*", 5)],
    "market_context": [(r"\binflation\b|\bholidays? coming\b|\bmarket\b|\beconom\w*", 4)],
}
for _tool, _patterns in {**_LATER, **TRUST_PATTERNS}.items():
    PATTERNS.setdefault(_tool, []).extend(_patterns)

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

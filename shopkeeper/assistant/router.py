"""The offline router: a question -> one tool call with arguments, no model needed.

It scores intents (intents.py), reads the period (periods.py), and finds what the question
is about by removing the words that ask and the words that date, then matching what is left
against categories, suppliers and products. Follow-ups ("and next month?", "what about
croissants?") reuse the previous question's tool and arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from shopkeeper.assistant.intents import best_intent
from shopkeeper.assistant.periods import parse_period
from tools.context import ToolContext, ToolError
from tools.resolve import catalogue, resolve_product

STOPWORDS = set(
    """a an the of for to in on at by from with and or but is are was were be been being am do
    does did doing have has had having i we you me my our us your it its this that these those
    what which who whom whose when where why how much many any some all every each much more
    most less least very really just please can could would should will shall may might must
    need needs needed tell show give get got let know see look looking about over around
    during until till since between into out up down there here then than so too also if
    reorder re-order order orders ordering buy buying restock re-stock replenish top list
    stock inventory hand left running run ran low short enough cover days day weeks week month
    months year years today tomorrow yesterday tonight weekend next last this coming upcoming
    previous past current so far forecast forecasts predict prediction expect expected
    expecting demand sell sells selling sold sale sales revenue turnover takings margin margins
    profit money made earn doing business going gonna number numbers figure figures units
    piece pieces item items product products thing things amount quantity quantities like
    shop store shelf supply supplies supplier suppliers vendor vendors wholesaler
    purchase purchases po pos plan planning check status
    situation risk warning warnings level levels best top seller sellers performing perform
    performance compare compared versus vs growth well badly good bad ok okay hey hi hello
    thanks thank many much long time times probably likely roughly approx approximately
    anything everything something nothing ahead outlook projection anticipate via per each
    fortnight christmas xmas easter festive holiday holidays summer winter new years year's
    mtd ytd date rest entire total overall altogether make makes making made doing do
    price prices pricing priced raise raising increase increasing lower lowering cut put charge
    charging cheap cheaper expensive pricey overpriced underpriced elasticity elastic
    competitor competitors advice change worth goes go going together bought pair pairs paired
    recommend recommendation recommendations suggest suggestions cross cross-sell upsell
    alongside else also basket baskets customer customers client clients segment segments""".split()
)
PSEUDONYM = re.compile(r"\bC-[0-9a-f]{8}\b", re.IGNORECASE)
SEGMENT_WORDS = (
    (r"\b(best|top|biggest|most valuable|vip|champions?)\b", "champions"),
    (
        r"\bat risk\b|\bleaving\b|\bleave\b|\bchurn|\bstopped (coming|buying|shopping)\b"
        r"|\bnot (come|been) back\b|n'?t (come|been|came) back\b|\bwin(ning)? back\b",
        "at_risk",
    ),
    (r"\bloyal\b|\bregulars?\b", "loyal"),
    (r"\bnew\b", "new"),
    (r"\bhibernating\b|\bdormant\b|\blapsed\b|\bsleeping\b", "hibernating"),
    (r"\blost\b|\bgone\b", "lost"),
    (r"\boccasional\b", "occasional"),
)
PROFILE_WORDS = re.compile(
    r"\b(tell|show|give|me|us|about|the|a|customer|client|profile|of|for|look|up|lookup|who|is|"
    r"history|details|info|on|please|what|do|we|know)\b|[?!.,;:]",
    re.IGNORECASE,
)
CUSTOMER_TOOLS = {"customer_segments", "customer_profile"}
PERIOD_RX = re.compile(
    r"\b(next|last|past|previous|coming|upcoming|in)\s+(\d+|a|one|two|three|four|five|six|"
    r"eight|ten|couple of|few)\s+(days?|weeks?|months?)\b|\b\d{4}\b"
)
MONTH_RX = re.compile(
    r"\b(in|for|during|of|over)\s+(january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
)


@dataclass(frozen=True)
class Route:
    """A tool call to make, or a reply to give without one."""

    tool: str | None
    args: dict[str, Any] = field(default_factory=dict)
    reply: str | None = None
    pending: Route | None = None  # with a clarifying reply: the call it would continue


@dataclass
class ChatState:
    """What a conversation remembers for follow-ups."""

    last: Route | None = None


def subject_phrase(text: str) -> str:
    """What is left of a question after the asking and dating words: its subject."""
    t = MONTH_RX.sub(" ", PERIOD_RX.sub(" ", text.lower()))
    t = re.sub(r"\bwhole (shop|store|business|range)\b", " ", t)
    t = re.sub(r"[?!,;:()\"“”]", " ", t)
    t = re.sub(r"(\d)\s+(k?g|m?l|cl)\b", r"\1\2", t)
    words = [w.strip(".'’") for w in t.split()]
    return " ".join(w for w in words if w and w not in STOPWORDS and not w.endswith("'s"))


def find_subject(ctx: ToolContext, phrase: str) -> tuple[dict[str, str], str | None, bool]:
    """Arguments naming the subject (product/category/supplier), or a clarifying reply.

    The third value says whether the clarifying reply has candidates to offer.
    """
    if not phrase:
        return {}, None, False
    cat = catalogue(ctx)
    words = set(re.findall(r"\w+", phrase))
    for category in cat.categories:
        tokens = set(re.findall(r"\w+", category.lower()))
        if words and all(any(fuzz.ratio(w, c) >= 88 for c in tokens) for w in words):
            return {"category": category}, None, False
    for name in cat.suppliers:
        low = name.lower()
        if len(phrase) >= 4 and fuzz.partial_ratio(low, phrase) >= 90:
            rest = " ".join(w for w in phrase.split() if fuzz.partial_ratio(w, low) < 90)
            if rest:
                sub, reply, has = find_subject(ctx, rest)
                return {"supplier": name} | sub, reply, has
            return {"supplier": name}, None, False
    try:
        return {"product": resolve_product(ctx, phrase).label}, None, False
    except ToolError as err:
        return {}, str(err), bool(err.suggestions)


def pseudonym(text: str) -> str | None:
    """The customer code in `text` (normalised, e.g. "C-3f9a1c2b"), if any."""
    found = PSEUDONYM.search(text)
    return "C-" + found.group()[2:].lower() if found else None


def segment_of(text: str) -> str | None:
    """The customer segment a question names ("best customers" -> champions), if any."""
    low = text.lower()
    for pattern, name in SEGMENT_WORDS:
        if re.search(pattern, low):
            return name
    return None


def _customer_route(intent: str, text: str) -> Route | None:
    """Routes for questions about customers; None when the question is not about one."""
    code = pseudonym(text)
    if intent == "customer_segments" and not code:
        seg = segment_of(text)
        return Route("customer_segments", {"segment": seg} if seg else {})
    if intent == "cross_sell":
        return Route("cross_sell", {"customer": code}) if code else None
    if code:
        return Route("customer_profile", {"customer": code})
    name = " ".join(PROFILE_WORDS.sub(" ", text).split())
    if name:
        return Route("customer_profile", {"customer": name})
    return Route(None, reply=WHICH_CUSTOMER, pending=Route("customer_profile"))


def _product_route(intent: str, subject: dict[str, str]) -> Route:
    """cross_sell and price_advice take one product (cross_sell also none: the top pairs)."""
    if "product" in subject:
        return Route(intent, {"product": subject["product"]})
    if intent == "cross_sell" and not subject:
        return Route("cross_sell", {})
    where = f" in {subject['category']}" if "category" in subject else ""
    return Route(None, reply=WHICH_PRODUCT.format(where=where), pending=Route(intent))


def route(ctx: ToolContext, text: str, state: ChatState | None = None) -> Route:
    """Map one question to a tool call (or a reply), using `state` for follow-ups."""
    intent = best_intent(text)
    if intent in CUSTOMER_TOOLS or (intent == "cross_sell" and pseudonym(text)):
        found = _customer_route(intent or "", text)
        if found is not None:
            return found
    code = pseudonym(text)
    last = state.last if state else None
    if intent is None and not code and last and last.tool == "customer_profile" and not last.args:
        return Route("customer_profile", {"customer": text.strip()})  # answers "Which customer?"
    if intent is None and code and state and state.last and state.last.tool:
        if state.last.tool in {"customer_profile", "cross_sell"}:
            return Route(state.last.tool, {"customer": code})
        return Route("customer_profile", {"customer": code})
    span = parse_period(text, ctx.today)
    subject, clarify, has_candidates = find_subject(ctx, subject_phrase(text))
    if intent == "help":
        return Route(None, reply=HELP)
    prev = state.last if state else None
    if intent is None and prev and prev.tool in {"cross_sell", "price_advice"} and subject:
        # "and oat milk?" after a price or cross-sell question: the same advice for it.
        if clarify:
            return Route(None, reply=clarify, pending=Route(prev.tool))
        return _product_route(prev.tool, subject)
    follows = prev is not None and prev.tool not in {*CUSTOMER_TOOLS, "cross_sell", "price_advice"}
    if (
        intent is None
        and state
        and state.last
        and state.last.tool
        and follows
        and (span or subject)
    ):
        prev = state.last
        args = dict(prev.args)
        if subject:
            for key in ("product", "category", "supplier"):
                args.pop(key, None)
            args |= subject
        if span:
            args |= _period_args(prev.tool or "", span)
        if clarify:
            return Route(None, reply=clarify)
        return Route(prev.tool, args)
    if intent is None and clarify and not has_candidates:
        return Route(None, reply=UNKNOWN)
    if intent in {"cross_sell", "price_advice"} and not clarify:
        return _product_route(intent, subject)
    if clarify and intent not in {"reorder_plan", "proposals"}:
        tool = {"reorder_plan": "stock_status"}.get(intent or "", intent)
        pending = Route(tool, _period_args(tool, span)) if tool else None
        if tool == "cross_sell" and not has_candidates:
            return Route("cross_sell", {})
        return Route(None, reply=clarify, pending=pending)
    if intent is None:
        if span is not None and subject:
            intent = "forecast_demand" if span.future else "sales_summary"
        elif subject.get("product"):
            intent = "stock_status"
        else:
            return Route(None, reply=UNKNOWN)
    if intent == "proposals":
        return Route("proposals", {})
    if intent == "reorder_plan":
        args = {k: v for k, v in subject.items() if k in {"supplier", "category"}}
        if "product" in subject:
            return Route("stock_status", {"product": subject["product"]})
        return Route("reorder_plan", args)
    if intent == "stock_status":
        args = dict(subject)
        if not subject and re.search(r"run|low|risk|short|out|warn|empty", text.lower()):
            args["only_at_risk"] = True
        return Route("stock_status", args)
    if intent == "sales_summary" and span and span.future and span.start >= ctx.today:
        intent = "forecast_demand"
    if intent == "forecast_demand" and span and not span.future and span.end < ctx.today:
        intent = "sales_summary"
    args = dict(subject) | _period_args(intent, span)
    return Route(intent, args)


def _period_args(tool: str, span: Any) -> dict[str, Any]:
    if span is None or tool not in {"sales_summary", "forecast_demand"}:
        return {}
    return {"start": span.start, "end": span.end, "period_label": span.label}


def default_period(tool: str, today: date) -> dict[str, Any]:
    """The period used when a question names none."""
    if tool == "sales_summary":
        return {
            "start": today - timedelta(days=28),
            "end": today - timedelta(days=1),
            "period_label": "the last 4 weeks",
        }
    if tool == "forecast_demand":
        return {
            "start": today,
            "end": today + timedelta(days=13),
            "period_label": "the next 2 weeks",
        }
    return {}


WHICH_CUSTOMER = "Which customer? Give their code (like C-3f9a1c2b), or (owner) a name."
WHICH_PRODUCT = "Which product{where}? Price and cross-sell advice is per product."

HELP = """I can answer questions about your shop's sales, stock, orders, customers and prices.
For example:
- "What should I reorder this week?" (order suggestions per supplier, for you to approve)
- "What's running low?" / "How much oat milk do we have?"
- "How will croissants sell over Christmas?" / "Forecast for dairy next 2 weeks"
- "How were sales last month?" / "Best sellers this week" / "Coffee sales in October"
- "What's waiting for approval?"
- "Who are my best customers?" / "Which customers are at risk of leaving?"
- "What goes with croissants?" / "What should I recommend to C-3f9a1c2b?"
- "Should I raise the price of oat milk?" / "Is espresso too cheap?"
Ask in your own words; name a product, category or supplier and a period if you like."""

UNKNOWN = (
    "Sorry, I didn't understand that. I can tell you about sales, stock, forecasts and what to "
    'reorder. Try: "What should I reorder this week?", "What\'s running low?", '
    '"How will oat milk sell over Christmas?" or "How were sales last month?"'
)

"""The offline router: a question -> one tool call with arguments, no model needed.

The intent comes from meaning (understanding/classifier.py: nearest example utterances, in
any language e5 reads); slots come from parsers (dates, amounts, catalogue subjects). When
the classifier is not sure, or the question is only a name, the router asks back with the
likely readings as numbered choices; a question it cannot serve gets the three closest
things it can do. Follow-ups ("and the month before?", "what about croissants?") reuse the
previous call with the new slots.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from shopkeeper.assistant.help_text import HELP, UNKNOWN
from shopkeeper.assistant.router_trust import TRUST_TOOLS, trust_route
from shopkeeper.assistant.understanding.arguments import build_args, tense
from shopkeeper.assistant.understanding.clarify import Choice, numbered, picked, reading_label
from shopkeeper.assistant.understanding.classifier import Verdict
from shopkeeper.assistant.understanding.customers import with_customer
from shopkeeper.assistant.understanding.engine import Understanding, understanding
from shopkeeper.assistant.understanding.followups import follow_up
from shopkeeper.assistant.understanding.slots import Slots, is_bare, read_slots
from tools.context import ToolContext, ToolError
from tools.resolve import resolve_product

PRODUCT_TOOLS = {"cross_sell", "price_advice"}
CUSTOMER_TOOLS = {"customer_profile", "cross_sell"}
NAMED_TOOLS = {  # tools a product name can scope
    "stock_status",
    "sales_summary",
    "forecast_demand",
    "reorder_plan",
    "price_advice",
    "cross_sell",
}
BARE_READINGS = ("stock_status", "sales_summary", "forecast_demand")


@dataclass(frozen=True)
class Route:
    """A tool call to make, or a reply to give without one."""

    tool: str | None
    args: dict[str, Any] = field(default_factory=dict)
    reply: str | None = None
    pending: Route | None = None  # with a clarifying reply: the call it would continue
    choices: tuple[Choice, ...] = ()
    notes: tuple[str, ...] = ()
    confidence: float = field(default=1.0, compare=False)  # the classifier's, for the record
    intent: str | None = None  # for a reply: help | clarify | unsupported | which


@dataclass
class ChatState:
    """What a conversation remembers for follow-ups and for answers to a question back."""

    last: Route | None = None
    choices: tuple[Choice, ...] = ()


def route(ctx: ToolContext, text: str, state: ChatState | None = None) -> Route:
    """Map one question to a tool call (or a reply), using `state` for follow-ups."""
    state = state or ChatState()
    if state.choices and (choice := picked(text, state.choices)):
        if choice.route is not None:
            return choice.route
        text = choice.question or text
    u = understanding(ctx)
    slots = read_slots(ctx, text, u.asking, u.languages)
    verdict = u.classifier.classify(text)
    slots = with_customer(ctx, slots, verdict.best.intent, state.last)
    if state.last is not None and state.last.tool:
        continued = _continue(u, state.last, slots, verdict)
        if continued is not None:
            return continued
    best = verdict.best
    if is_bare(slots):
        return _ask_back(u, [_call(u, t, slots) for t in BARE_READINGS], slots)
    if best.intent == "unsupported":  # its answer offers the three closest things itself
        return _unsupported(u, verdict.readings)
    if not verdict.confident:
        tools = [r.intent for r in verdict.readings if r.intent in u.tools][:3]
        return _ask_back(u, [_call(u, t, slots) for t in tools], slots, best.p)
    if best.intent == "help":
        return Route(None, reply=HELP, intent="help")
    if best.intent == "pending_proposals":  # the offline answer lists them with their state
        return Route("proposals", {}, confidence=best.p)
    if best.intent in TRUST_TOOLS:  # their own arguments: a severity, weeks, a customer
        tool, args = trust_route(ctx, best.intent, text)
        return Route(tool, args, confidence=best.p)
    if slots.unknown and best.intent in NAMED_TOOLS:
        return _unknown_product(ctx, slots.unknown[0], best.intent)
    return with_others(_call(u, best.intent, slots, product_notes(slots)), slots, best.p)


def _continue(u: Understanding, last: Route, slots: Slots, verdict: Verdict) -> Route | None:
    """The previous question continued: a customer code after "Which customer?", a product
    after "Which product?", or a follow-up that changes its period or subject."""
    tool = last.tool or ""
    if slots.customer and not last.args.get("customer") and tool in CUSTOMER_TOOLS:
        return Route(tool, {"customer": slots.customer})
    waiting = tool in PRODUCT_TOOLS and "product" not in last.args
    if waiting and slots.subject("product") is not None and not verdict.confident:
        return _call(u, tool, slots, product_notes(slots))
    found = follow_up(last, slots, verdict, u.today)
    if found is None:
        return None
    return with_others(Route(found[0], found[1], notes=product_notes(slots)), slots)


def _unknown_product(ctx: ToolContext, word: str, tool: str) -> Route:
    """ "I don't know a product called 'sauerkraut'." (with the near names), not an answer
    about the whole shop."""
    try:
        resolve_product(ctx, word)
    except ToolError as err:
        return Route(None, reply=str(err), pending=Route(tool), intent="which")
    return Route(None, reply=UNKNOWN, intent="which")


def _call(u: Understanding, intent: str, slots: Slots, notes: tuple[str, ...] = ()) -> Route:
    tool = tense(intent, slots.span, u.today)
    args = build_args(tool, u.tools[tool], slots)
    unnamed = tool in PRODUCT_TOOLS and "product" not in args and "customer" not in args
    category = slots.subject("category")
    if unnamed and (tool == "price_advice" or category):
        # Cross-sell without a product is the shop's top pairs; "for dairy" needs one.
        where = f" in {category.value}" if category else ""
        reply = WHICH_PRODUCT.format(where=where)
        return Route(None, reply=reply, pending=Route(tool), intent="which")
    if tool == "customer_profile" and "customer" not in args and "rank" not in args:
        return Route(None, reply=WHICH_CUSTOMER, pending=Route("customer_profile"), intent="which")
    return Route(tool, args, notes=notes)


def product_notes(slots: Slots) -> tuple[str, ...]:
    """When several products fit the words, say which one was used and name the others."""
    product = slots.subject("product")
    if product is None or not product.alternatives:
        return ()
    others = ", ".join(product.alternatives[:4])
    return (f"'{product.words}' could be several products: I used {product.value}; also {others}.",)


def with_others(r: Route, slots: Slots, p: float = 1.0) -> Route:
    """The other products that fit the words, one tap away: choosing one asks the same
    question about it (Telegram buttons; in the terminal, the product's name)."""
    product = slots.subject("product")
    if r.tool is None or "product" not in r.args or product is None:
        return replace(r, confidence=p)
    others = tuple(
        Choice(name, Route(r.tool, r.args | {"product": name})) for name in product.alternatives[:3]
    )
    return replace(r, choices=others, confidence=p)


def _ask_back(u: Understanding, routes: list[Route], slots: Slots, p: float = 0.0) -> Route:
    about = ", ".join(s.value for s in slots.subjects) or None
    seen: set[str] = set()
    choices = []
    for r in routes:
        if r.tool and r.tool not in seen:
            seen.add(r.tool)
            choices.append(Choice(reading_label(u.intents[r.tool], about), r))
    if not choices:
        return Route(None, reply=UNKNOWN)
    intro = "I'm not sure what you mean. Did you want:"
    reply = numbered(intro, choices)
    return Route(None, reply=reply, choices=tuple(choices), confidence=p, intent="clarify")


def _unsupported(u: Understanding, readings: Any) -> Route:
    near = [r.intent for r in readings if r.intent in u.tools][:3]
    choices = [Choice(u.intents[n].suggestion, question=u.intents[n].suggestion) for n in near]
    intro = "I can't help with that. The closest things I can do:"
    reply = numbered(intro, choices, "Reply with a number to ask it.")
    return Route(None, reply=reply, choices=tuple(choices), intent="unsupported")


def default_period(tool: str, today: date) -> dict[str, Any]:
    """The period used when a question names none."""
    if tool == "sales_summary":
        start, end = today - timedelta(days=28), today - timedelta(days=1)
        return {"start": start, "end": end, "period_label": "the last 4 weeks"}
    if tool == "forecast_demand":
        start, end = today, today + timedelta(days=13)
        return {"start": start, "end": end, "period_label": "the next 2 weeks"}
    return {}


WHICH_CUSTOMER = "Which customer? Give their code (like C-3f9a1c2b), or (owner) a name."
WHICH_PRODUCT = "Which product{where}? Price and cross-sell advice is per product."

"""Which customer a question means: a code, an e-mail or (owner only) a name, or "them"
after a question about one customer.

Names and e-mails are turned into the pseudonym here, through the tool layer's own lookup,
so what the router passes on (and the agent or a log could see) is only the code.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from shopkeeper.assistant.understanding.slots import Slots
from tools.context import ToolContext, ToolError
from tools.customer_lookup import find_customer

if TYPE_CHECKING:
    from shopkeeper.assistant.router import Route

PRONOUN = re.compile(r"\b(them|they|him|her|this customer|that customer|their)\b", re.I)
NOT_NAME = re.compile(
    r"\b(tell|show|give|me|us|about|the|a|customer|client|profile|of|for|look|up|lookup|who|"
    r"is|history|details|info|on|please|what|do|we|know|find|with|e-?mail)\b|[?!.,;:]",
    re.IGNORECASE,
)


def with_customer(ctx: ToolContext, slots: Slots, intent: str, last: Route | None) -> Slots:
    """`slots` with the customer as a pseudonym where the question names or points at one."""
    if slots.customer and "@" in slots.customer:
        return replace(slots, customer=_lookup(ctx, slots.customer) or slots.customer)
    if slots.customer:
        return slots
    if last is not None and PRONOUN.search(slots.text) and last.args.get("customer"):
        return replace(slots, customer=str(last.args["customer"]))
    if intent == "customer_profile" and not slots.subjects:
        # A name is two or more capitalised words ("Anna Schmidt"); the tool says when
        # nobody matches, or that only the owner may look customers up by name.
        words = NOT_NAME.sub(" ", slots.text).split()
        name = " ".join(w for w in words if w[:1].isupper())
        if len(name.split()) >= 2:
            return replace(slots, customer=_lookup(ctx, name) or name)
    return slots


def _lookup(ctx: ToolContext, text: str) -> str | None:
    try:
        return find_customer(ctx, text)
    except ToolError:
        return None

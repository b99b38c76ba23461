"""Finding a customer: by pseudonym for everyone, by name or e-mail for the owner only.

Personal data is read here only to find the pseudonym; it leaves a tool only for the
owner's own channel, when that channel sets `show_pii` on the context.
"""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from shopkeeper.core.store.models import Customer, CustomerPII
from tools.context import ToolContext, ToolError

PSEUDONYM = re.compile(r"\bC-[0-9a-f]{8}\b", re.IGNORECASE)


def is_owner(ctx: ToolContext) -> bool:
    """Whether the person asking is the shop's owner."""
    return ctx.role == "owner"


def find_customer(ctx: ToolContext, text: str) -> str:
    """The pseudonym meant by `text`: a pseudonym, or (owner only) a name, e-mail or the
    shop's own customer number."""
    found = PSEUDONYM.search(text)
    if found:
        cid = "C-" + found.group()[2:].lower()
        if ctx.session.get(Customer, cid) is None:
            raise ToolError(f"There is no customer {cid}.")
        return cid
    if not is_owner(ctx):
        raise ToolError(
            "Customers are looked up by their code (like C-3f9a1c2b); only the owner may "
            "look a customer up by name or e-mail."
        )
    key = text.strip().lower()
    rows = ctx.session.execute(
        select(CustomerPII.customer_id).where(
            or_(
                func.lower(CustomerPII.name) == key,
                func.lower(CustomerPII.email) == key,
                func.lower(CustomerPII.external_ref) == key,
            )
        )
    ).all()
    if len(rows) == 1:
        return str(rows[0][0])
    if len(rows) > 1:
        raise ToolError(f"{len(rows)} customers match that; use the customer's code or e-mail.")
    raise ToolError("No customer matches that name, e-mail or customer number.")


def personal_data(ctx: ToolContext, cid: str) -> dict[str, str | None] | None:
    """Name, e-mail and phone for the owner's own channel (`show_pii`), else None."""
    if not (is_owner(ctx) and ctx.show_pii):
        return None
    pii = ctx.session.get(CustomerPII, cid)
    if pii is None:
        return None
    return {"name": pii.name, "email": pii.email, "phone": pii.phone}

"""`forget_customer`: the owner asks to erase a customer's personal data — as a proposal the
owner then approves; nothing is erased by asking."""

from __future__ import annotations

from sqlalchemy import func, select

from shopkeeper.core.store.chat_models import Note
from shopkeeper.core.store.models import SaleLine
from tools.context import ToolContext, ToolError
from tools.customer_lookup import find_customer
from tools.proposing import propose
from tools.results import ToolResult


class ForgetProposed(ToolResult):
    customer_id: str
    sales_kept: int
    notes_to_rewrite: int


def forget_customer(ctx: ToolContext, customer: str) -> ForgetProposed:
    """Propose erasing one customer's personal data (name, e-mail, phone, customer number,
    and every mention in notes, chat memory, the search index and the log) on their
    request. Their purchases stay under the pseudonym for the statistics. Only the owner
    may ask, and the erasure happens only when the owner approves the proposal.

    Args:
        customer: the customer's code (like C-3f9a1c2b) or, for the owner, their name.
    """
    if ctx.role != "owner":
        raise ToolError("Only the owner can ask to erase a customer's personal data.")
    cid = find_customer(ctx, customer)
    sales = ctx.session.scalar(select(func.count(SaleLine.id)).where(SaleLine.customer_id == cid))
    mentions = ctx.session.scalar(select(func.count(Note.id)).where(Note.text.contains(cid)))
    pid = propose(
        ctx,
        "forget_customer",
        f"customer:{cid}",
        {"customer_id": cid},
        f"erase the personal data of {cid} on request; {sales or 0} sales kept as statistics",
    )
    return ForgetProposed(
        customer_id=cid,
        sales_kept=int(sales or 0),
        notes_to_rewrite=int(mentions or 0),
        why=[
            "Erasing deletes the customer's name, e-mail, phone and customer number, rewrites "
            "notes that mention them, deletes chat conversations that mention them, empties "
            "the search index (it refills from the database) and cleans the log.",
            "Their purchases stay under the pseudonym: sales figures and forecasts do not "
            "change, but nobody can tell who bought.",
        ],
        notes=[f"Nothing is erased until the owner approves proposal #{pid}."],
        proposals_created=[pid],
    )

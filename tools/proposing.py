"""Storing a proposal from a tool: the one way a tool asks a person to decide something.

A tool of kind "proposes" computes what it suggests (reading only), then calls `propose`
for each suggestion and lists the returned ids in its result's `proposals_created`.
Proposals are decided by people in a channel (shopkeeper/core/proposals.py), never by a
tool or the model.
"""

from __future__ import annotations

from typing import Any

from shopkeeper.core import proposals
from tools.context import ToolContext


def propose(ctx: ToolContext, kind: str, subject: str, payload: dict[str, Any], reason: str) -> int:
    """Store a pending proposal made by this turn's actor; returns its id.

    Args:
        ctx: the turn.
        kind: purchase_order, price_change or campaign.
        subject: what it is about ("supplier:3", "price:SKU"): a newer pending proposal with
            the same kind and subject replaces the older one.
        payload: what a person approves (JSON-serialisable).
        reason: one sentence saying why, shown with the proposal.
    """
    view = proposals.create(
        ctx.session,
        kind=kind,
        subject=subject,
        payload=payload,
        reason=reason,
        created_by=ctx.actor,
        now=ctx.now,
        ttl_days=ctx.settings.proposal_ttl_days,
    )
    return view.id

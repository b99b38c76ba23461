"""Purchase-order proposals that respect what people decided.

- A plan a person rejected is not proposed again unchanged (same supplier, every line within
  `change_pct`) for `quiet_days`; the caller is told who rejected it and when.
- A plan for part of a supplier's range (one category, one product) adds to or amends the
  supplier's pending order instead of replacing its other lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopkeeper.core import proposals
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.models import Proposal


@dataclass(frozen=True)
class OrderProposal:
    """The proposal a plan made (or found), or the rejection that held it back."""

    view: ProposalView | None
    held_back: str | None = None  # why no proposal was made
    joined: int | None = None  # the pending order a partial plan was added to


@dataclass(frozen=True)
class Memory:
    """How long a rejection holds, and how different a plan must be to be proposed anyway."""

    quiet_days: int = 14  # 0: a rejection never holds a plan back
    change_pct: float = 25.0


def merge(pending: dict[str, Any], partial: dict[str, Any]) -> dict[str, Any]:
    """The pending order with `partial`'s lines: same SKU replaced, new SKUs added."""
    new = {ln["sku"]: ln for ln in partial["lines"]}
    lines = [new.pop(ln["sku"], ln) for ln in pending["lines"]] + list(new.values())
    value = round(sum(float(ln.get("order_value", 0)) for ln in lines), 2)
    return {**pending, **{k: v for k, v in partial.items() if k != "lines"}, "lines": lines,
            "order_value": value}  # fmt: skip


def similar(a: dict[str, Any], b: dict[str, Any], change_pct: float) -> bool:
    """Same products, and every quantity and the total within `change_pct` per cent."""
    qa = {ln["sku"]: float(ln["quantity"]) for ln in a.get("lines", [])}
    qb = {ln["sku"]: float(ln["quantity"]) for ln in b.get("lines", [])}
    if set(qa) != set(qb):
        return False

    def close(x: float, y: float) -> bool:
        return abs(x - y) <= change_pct / 100 * max(abs(x), abs(y), 1e-9)

    total = close(float(a.get("order_value", 0)), float(b.get("order_value", 0)))
    return total and all(close(qa[s], qb[s]) for s in qa)


def _latest(session: Session, subject: str, status: str) -> Proposal | None:
    return session.scalars(
        select(Proposal)
        .where(Proposal.subject == subject, Proposal.status == status)
        .order_by(Proposal.id.desc())
        .limit(1)
    ).first()


def propose_order(
    session: Session,
    payload: dict[str, Any],
    *,
    reason: str,
    created_by: str,
    now: datetime,
    ttl_days: int,
    partial: bool = False,
    memory: Memory | None = None,
) -> OrderProposal:
    """Propose `payload` as the supplier's purchase order, unless it was just rejected.

    Args:
        payload: the order (`supplier_id`, `supplier_name`, `lines`, `order_value`, ...).
        partial: the plan covers only part of the supplier's products, so it joins the
            pending order rather than replacing it.
        memory: how long a rejection holds (default 14 days, 25 %).
    """
    memory = memory or Memory()
    subject = f"supplier:{payload['supplier_id']}"
    joined = None
    pending = _latest(session, subject, "pending") if partial else None
    if pending is not None and pending.expires_at >= now:
        payload, joined = merge(dict(pending.payload), payload), pending.id
    rejected = _latest(session, subject, "rejected")
    if (
        rejected is not None
        and rejected.decided_at is not None
        and rejected.decided_at > now - timedelta(days=memory.quiet_days)
        and similar(rejected.payload, payload, memory.change_pct)
    ):
        return OrderProposal(None, held_back=_held_back(rejected, memory))
    view = proposals.create(
        session,
        kind="purchase_order",
        subject=subject,
        payload=payload,
        reason=reason,
        created_by=created_by,
        now=now,
        ttl_days=ttl_days,
    )
    return OrderProposal(view, joined=joined)


def _held_back(rejected: Proposal, memory: Memory) -> str:
    assert rejected.decided_at is not None
    why = f" (“{rejected.decision_note}”)" if rejected.decision_note else ""
    until = rejected.decided_at + timedelta(days=memory.quiet_days)
    return (
        f"Not proposed again: the same order (#{rejected.id}) was rejected by "
        f"{rejected.decided_by} on {rejected.decided_at:%d %b %H:%M}{why}. It comes back when "
        f"stock or demand change its quantities by more than {memory.change_pct:g} %, "
        f"or after {until:%d %b}."
    )

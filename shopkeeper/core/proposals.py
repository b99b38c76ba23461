"""The human-approval step: proposals are created by tools and decided by people.

States: pending -> approved | rejected | expired | superseded. A decision happens at most
once, by a person whose role may approve; every creation and decision is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from shopkeeper.core.approval_effects import EFFECTS, EffectError
from shopkeeper.core.approval_effects import audit as audit
from shopkeeper.core.orders import OrderError, place_order
from shopkeeper.core.store.models import Proposal

KINDS = ("purchase_order", "price_change", "campaign", "supplier_switch", "forget_customer")
DECISIONS = {"approve": "approved", "reject": "rejected"}
MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32 bits on PostgreSQL; larger ones cannot exist


class ProposalError(Exception):
    """A decision that cannot be made; the message is meant for the person who tried."""


@dataclass(frozen=True)
class ProposalView:
    """What a channel needs to show a proposal (no ORM object leaks out of the session)."""

    id: int
    kind: str
    subject: str
    status: str
    payload: dict[str, Any]
    reason: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None

    @classmethod
    def of(cls, p: Proposal) -> ProposalView:
        return cls(
            p.id,
            p.kind,
            p.subject,
            p.status,
            dict(p.payload),
            p.reason,
            p.created_by,
            p.created_at,
            p.expires_at,
            p.decided_by,
            p.decided_at,
            p.decision_note,
        )

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status, "payload": self.payload}


def may_decide(role: str, approver_roles: tuple[str, ...]) -> bool:
    """Whether a person with `role` may approve or reject proposals."""
    return role in approver_roles


def refusal(role: str, approver_roles: tuple[str, ...]) -> str:
    """What to tell a person whose role may not decide."""
    return f"Only {' or '.join(approver_roles)} may decide proposals; you are {role}."


def expire_due(session: Session, now: datetime) -> None:
    """Mark pending proposals past their expiry as expired (audited), in the caller's
    transaction; every read of proposals for a person runs it first."""
    due = session.scalars(
        select(Proposal).where(Proposal.status == "pending", Proposal.expires_at < now)
    ).all()
    for p in due:
        p.status = "expired"
        audit(session, now, "system", "expire", f"proposal:{p.id}")


def create(
    session: Session,
    *,
    kind: str,
    subject: str,
    payload: dict[str, Any],
    reason: str,
    created_by: str,
    now: datetime,
    ttl_days: int = 7,
) -> ProposalView:
    """Create a pending proposal; it supersedes an older pending one for the same subject.

    An identical pending proposal (same subject and payload) is returned as it is instead of
    being duplicated, so running the same plan twice creates nothing new.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown proposal kind {kind!r}")
    expire_due(session, now)
    older = session.scalars(
        select(Proposal).where(Proposal.subject == subject, Proposal.status == "pending")
    ).all()
    for p in older:
        if p.kind == kind and p.payload == payload:
            return ProposalView.of(p)
    new = Proposal(
        kind=kind,
        subject=subject,
        payload=payload,
        reason=reason,
        status="pending",
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(days=ttl_days),
    )
    session.add(new)
    session.flush()
    for p in older:
        p.status = "superseded"
        p.superseded_by = new.id
        audit(session, now, created_by, "supersede", f"proposal:{p.id}", by=new.id)
    audit(session, now, created_by, "propose", f"proposal:{new.id}", kind=kind, subject=subject)
    return ProposalView.of(new)


def list_proposals(
    session: Session, now: datetime, status: str | None = "pending"
) -> list[ProposalView]:
    """Proposals, newest first; expired ones are marked as such first."""
    expire_due(session, now)
    stmt = select(Proposal).order_by(Proposal.id.desc())
    if status:
        stmt = stmt.where(Proposal.status == status)
    return [ProposalView.of(p) for p in session.scalars(stmt)]


def get(session: Session, proposal_id: int) -> ProposalView | None:
    p = session.get(Proposal, proposal_id)
    return ProposalView.of(p) if p else None


def current(session: Session, proposal_id: int, now: datetime) -> ProposalView | None:
    """The proposal as it stands at `now` (expired if past its expiry), or None."""
    expire_due(session, now)
    return get(session, proposal_id)


def decide(
    session: Session,
    proposal_id: int,
    verb: str,
    *,
    actor: str,
    role: str,
    approver_roles: tuple[str, ...] = ("owner", "manager"),
    now: datetime,
    note: str | None = None,
    amend: dict[str, float] | None = None,
) -> ProposalView:
    """Approve or reject a proposal, once, as `actor` with `role`.

    Args:
        amend: for purchase orders, new quantities by SKU ("order 20 instead") applied
            before approving.

    Raises:
        ProposalError: unknown id or verb, role may not decide, or already decided/expired.
    """
    if verb not in DECISIONS:
        raise ProposalError(f"'{verb}' is not a decision; use approve or reject.")
    if not may_decide(role, approver_roles):
        raise ProposalError(refusal(role, approver_roles))
    expire_due(session, now)
    p = session.get(Proposal, proposal_id, with_for_update=True)
    if p is None:
        raise ProposalError(f"There is no proposal #{proposal_id}.")
    if p.status != "pending":
        raise ProposalError(_already(p))
    _owner_only(p, verb, role)
    payload = amended(p, amend) if amend else p.payload
    # Claim the decision with a conditional UPDATE: of two people (or processes) pressing at
    # once, exactly one changes the row; the other is told who was first.
    claimed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Proposal)
        .where(Proposal.id == p.id, Proposal.status == "pending")
        .values(
            status=DECISIONS[verb],
            decided_by=actor,
            decided_at=now,
            decision_note=note,
            payload=payload,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(p)
    if claimed.rowcount != 1:
        raise ProposalError(_already(p))
    audit(session, now, actor, verb, f"proposal:{p.id}", role=role, note=note, amend=amend)
    if p.status == "approved":
        _carry_out(session, p, now)
    session.flush()
    return ProposalView.of(p)


def _owner_only(p: Proposal, verb: str, role: str) -> None:
    """Erasing a customer's personal data is the owner's decision alone."""
    if p.kind == "forget_customer" and verb == "approve" and role != "owner":
        raise ProposalError("Only the owner may approve erasing a customer's personal data.")


def _carry_out(session: Session, p: Proposal, now: datetime) -> None:
    """What approving does: open the order, set the price, or erase the customer's data."""
    if p.kind == "purchase_order":
        try:
            place_order(session, p, now)
        except OrderError as err:
            raise ProposalError(str(err)) from err
    if (effect := EFFECTS.get(p.kind)) is not None:
        try:
            effect(session, p, now)
        except EffectError as err:
            raise ProposalError(str(err)) from err


def _already(p: Proposal) -> str:
    if p.status == "superseded":
        newer = p.superseded_by
        return f"Proposal #{p.id} was replaced by a newer one (#{newer}); decide that one."
    if p.status == "expired":
        return f"Proposal #{p.id} expired on {p.expires_at:%Y-%m-%d}; run a new plan."
    at = f"{p.decided_at:%Y-%m-%d %H:%M}" if p.decided_at else "earlier"
    return f"Proposal #{p.id} was already {p.status} by {p.decided_by} at {at}."


def amended(p: Proposal, amend: dict[str, float]) -> dict[str, Any]:
    """The payload of purchase order `p` with new quantities by SKU (0 drops a line)."""
    if p.kind != "purchase_order":
        raise ProposalError("Only purchase orders can be amended with a quantity.")
    payload = dict(p.payload)
    lines = [dict(line) for line in payload["lines"]]
    known = {line["sku"] for line in lines}
    unknown = sorted(set(amend) - known)
    if unknown:
        raise ProposalError(f"{', '.join(unknown)} is not in proposal #{p.id}.")
    for line in lines:
        if line["sku"] in amend:
            qty = amend[line["sku"]]
            if qty < 0:
                raise ProposalError("A quantity cannot be negative.")
            # The suggestion is kept: the track record judges the change against it.
            line.setdefault("suggested_quantity", line["quantity"])
            line["quantity"] = qty
            line["order_value"] = round(qty * float(line.get("unit_cost", 0.0)), 2)
    payload["lines"] = [line for line in lines if line["quantity"] > 0]
    payload["removed_lines"] = [
        *payload.get("removed_lines", []),
        *(line for line in lines if line["quantity"] <= 0),
    ]
    payload["order_value"] = round(sum(line["order_value"] for line in payload["lines"]), 2)
    return payload

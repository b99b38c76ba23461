"""Changing a proposal before its decision, and finding the live one behind an old number.

`amend` gives a pending purchase order new quantities (it stays pending, so a person still
approves it); `follow` walks "replaced by" links from a number someone typed to the proposal
that is live now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from shopkeeper.core.proposals import ProposalError, ProposalView, amended, audit, get
from shopkeeper.core.store.models import Proposal

MAX_HOPS = 50  # a chain of replacements longer than this is a loop in bad data


@dataclass(frozen=True)
class Followed:
    """The proposal a number leads to now, and the numbers passed on the way."""

    view: ProposalView | None
    replaced: tuple[int, ...] = ()  # the typed number first, each replaced by the next

    @property
    def note(self) -> str | None:
        """ "#3 was replaced by #6, which was replaced by #9." when the number was old."""
        if not self.replaced or self.view is None:
            return None
        chain = [*self.replaced, self.view.id]
        steps = ", which was replaced by ".join(f"#{n}" for n in chain[1:])
        return f"#{chain[0]} was replaced by {steps}."


def follow(session: Session, proposal_id: int) -> Followed:
    """The proposal `proposal_id` stands for now: itself, or the newest one that replaced it."""
    view = get(session, proposal_id)
    passed: list[int] = []
    while view is not None and view.status == "superseded" and len(passed) < MAX_HOPS:
        newer = session.get(Proposal, proposal_id)
        if newer is None or newer.superseded_by is None:
            break
        passed.append(view.id)
        proposal_id = newer.superseded_by
        view = get(session, proposal_id)
    return Followed(view, tuple(passed))


def amend(
    session: Session,
    proposal_id: int,
    amend: dict[str, float],
    *,
    actor: str,
    now: datetime,
) -> tuple[ProposalView, dict[str, Any]]:
    """Give a pending purchase order new quantities; it stays pending.

    Returns:
        The proposal after the change, and its payload before it.

    Raises:
        ProposalError: unknown id, not pending, not a purchase order, unknown SKU, or every
            line set to 0 (that is a rejection, not an order).
    """
    p = session.get(Proposal, proposal_id, with_for_update=True)
    if p is None:
        raise ProposalError(f"There is no proposal #{proposal_id}.")
    if p.status != "pending":
        raise ProposalError(f"Proposal #{p.id} is {p.status}; it can no longer change.")
    before = dict(p.payload)
    payload = amended(p, amend)
    if not payload["lines"]:
        raise ProposalError(
            f"That leaves nothing in order #{p.id}; to drop it, say “reject {p.id}”."
        )
    # Conditional, like a decision: a change racing a decision loses cleanly.
    changed: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Proposal)
        .where(Proposal.id == p.id, Proposal.status == "pending")
        .values(payload=payload)
        .execution_options(synchronize_session=False)
    )
    session.refresh(p)
    if changed.rowcount != 1:
        raise ProposalError(f"Proposal #{p.id} is {p.status}; it can no longer change.")
    audit(session, now, actor, "amend", f"proposal:{p.id}", amend=amend)
    session.flush()
    return ProposalView.of(p), before

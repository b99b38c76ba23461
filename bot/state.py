"""What the Telegram channel keeps in the database (never in memory, so a restart loses
nothing): which message shows which proposal, which warnings were sent, snoozed products.

Plain synchronous functions; handlers call them in a worker thread.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select

from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import audit
from shopkeeper.core.store.chat_models import ProposalMessage, Snooze, WarningSent
from shopkeeper.core.store.db import session_scope


def remember_card(deps: Deps, chat_id: int, message_id: int, proposal_id: int) -> None:
    """Record that a message in a chat shows a proposal (a reply to it can decide it)."""
    with session_scope(deps.sessions) as s:
        s.merge(
            ProposalMessage(chat_id=str(chat_id), message_id=message_id, proposal_id=proposal_id)
        )


def card_proposal(deps: Deps, chat_id: int, message_id: int) -> int | None:
    """The proposal a message shows, or None if it shows none."""
    with deps.sessions() as s:
        row = s.get(ProposalMessage, (str(chat_id), message_id))
        return row.proposal_id if row else None


def cards_of(deps: Deps, proposal_id: int) -> list[tuple[int, int]]:
    """Every (chat id, message id) that shows a proposal."""
    with deps.sessions() as s:
        rows = s.execute(
            select(ProposalMessage.chat_id, ProposalMessage.message_id).where(
                ProposalMessage.proposal_id == proposal_id
            )
        ).all()
    return [(int(c), int(m)) for c, m in rows]


def warning_is_new(deps: Deps, subject: str, fingerprint: str) -> bool:
    """Whether this warning differs from the last one sent about the subject."""
    with deps.sessions() as s:
        row = s.get(WarningSent, subject)
        return row is None or row.fingerprint != fingerprint


def warning_sent(deps: Deps, subject: str, fingerprint: str) -> None:
    with session_scope(deps.sessions) as s:
        s.merge(WarningSent(subject=subject, fingerprint=fingerprint, sent_at=deps.now()))


def snooze(deps: Deps, sku: str, days: int, by: str) -> date | None:
    """Silence a product's warnings for `days` (0 ends a snooze); returns the last quiet day."""
    now = deps.now()
    with session_scope(deps.sessions) as s:
        if days <= 0:
            s.execute(delete(Snooze).where(Snooze.sku == sku))
            audit(s, now, by, "unsnooze", f"product:{sku}")
            return None
        until = now.date() + timedelta(days=days - 1)
        s.merge(Snooze(sku=sku, until=until, by=by))
        audit(s, now, by, "snooze", f"product:{sku}", until=until.isoformat())
        return until


def snoozed(deps: Deps) -> dict[str, tuple[date, str]]:
    """Products whose warnings are silenced today: SKU -> (last quiet day, who)."""
    today = deps.today()
    with deps.sessions() as s:
        rows = s.scalars(select(Snooze).where(Snooze.until >= today)).all()
        return {r.sku: (r.until, r.by) for r in rows}

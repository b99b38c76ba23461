"""Alerts when something changes: found by the detectors, sent only when new or changed,
ranked by money at stake times what this shop's answers taught ("not useful" halves a kind's
rank), at most ALERTS_MAX_PER_DAY a day. What was sent and what people answered is stored
(`alerts_sent`), so a restart forgets nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from analytics.alerts import Alert, AlertRules, select_alerts
from shopkeeper.app.alert_inputs import LOOKBACK_DAYS, find_alerts, read_inputs
from shopkeeper.core import forecasts
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import audit
from shopkeeper.core.store.alert_models import AlertSent
from shopkeeper.core.store.db import session_scope
from tools.context import ToolContext, ToolError
from tools.pricing import price_advice

PRICE_KINDS = ("margin_erosion", "competitor_undercut")
SNOOZE_DAYS = 7
NOT_USEFUL_FACTOR = 0.5


@dataclass(frozen=True)
class SentAlert:
    """An alert as stored (its id is what the buttons carry)."""

    id: int
    alert: Alert


def rules(deps: Deps) -> AlertRules:
    s = deps.settings
    return AlertRules(
        competitor_gap_pct=s.price_max_above_competitor_pct, min_money=s.alert_min_money
    )


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def kind_weights(deps: Deps) -> dict[str, float]:
    """Rank multiplier per kind: halved for every "not useful" answer about that kind."""
    with deps.sessions() as s:
        rows = s.execute(
            select(AlertSent.kind, func.count())
            .where(AlertSent.feedback == "not_useful")
            .group_by(AlertSent.kind)
        ).all()
    return {kind: NOT_USEFUL_FACTOR ** int(n) for kind, n in rows}


def _memory(deps: Deps, today: date) -> tuple[dict[str, tuple[str, date]], set[str], int]:
    """Last key per subject, snoozed subjects, alerts already sent today."""
    with deps.sessions() as s:
        rows = s.scalars(select(AlertSent).order_by(AlertSent.id)).all()
    last = {f"{r.kind}:{r.subject}": (r.key, r.sent_at.date()) for r in rows}
    snoozed = {
        f"{r.kind}:{r.subject}" for r in rows if r.snoozed_until and r.snoozed_until >= today
    }
    sent_today = sum(1 for r in rows if r.sent_at.date() == today)
    return last, snoozed, sent_today


def due_alerts(deps: Deps) -> list[Alert]:
    """The alerts to send now (not yet recorded as sent)."""
    s = deps.settings
    if not s.alerts_enabled or s.alerts_max_per_day == 0:
        return []
    today = deps.today()
    r = rules(deps)
    start = today - timedelta(days=r.window_days)
    with deps.sessions() as session:
        inputs = read_inputs(session, today - timedelta(days=LOOKBACK_DAYS))
        made = forecasts.made_before(session, start, today - timedelta(days=1))
    expected = None
    if made is not None and made[1]["ds"].nunique() == r.window_days:
        expected = made[1]
    found = find_alerts(inputs, today, r, expected)
    hashed = [replace(a, key=digest(a.key)) for a in found]
    last, snoozed, sent_today = _memory(deps, today)
    return select_alerts(
        hashed, last, snoozed, kind_weights(deps), sent_today, s.alerts_max_per_day, today, r
    )


def record_sent(deps: Deps, alert: Alert) -> SentAlert:
    """Remember an alert as sent (before its message goes out, so its buttons have an id)."""
    with session_scope(deps.sessions) as s:
        row = AlertSent(
            kind=alert.kind,
            subject=alert.subject,
            key=alert.key,
            headline=alert.headline,
            money=alert.money,
            sent_at=deps.now(),
        )
        s.add(row)
        s.flush()
        return SentAlert(row.id, alert)


def answer(deps: Deps, alert_id: int, verdict: str, by: str) -> str:
    """Store "snooze" or "not useful" for an alert; returns what to tell the person."""
    if verdict not in ("snoozed", "not_useful"):
        raise ValueError(f"unknown verdict {verdict!r}")
    now = deps.now()
    with session_scope(deps.sessions) as s:
        row = s.get(AlertSent, alert_id)
        if row is None:
            return "That alert is no longer known."
        if row.feedback is not None:
            return f"Already answered by {row.feedback_by}."
        row.feedback, row.feedback_by, row.feedback_at = verdict, by, now
        if verdict == "snoozed":
            row.snoozed_until = now.date() + timedelta(days=SNOOZE_DAYS - 1)
        audit(s, now, by, f"alert_{verdict}", f"alert:{alert_id}", kind=row.kind)
        kind = row.kind.replace("_", " ")
    if verdict == "snoozed":
        return f"Snoozed for {SNOOZE_DAYS} days."
    return f"Noted: {kind} alerts will rank lower from now on."


def propose_for(deps: Deps, alert: Alert) -> int | None:
    """The suggested action as a proposal, where one exists: a price change (within the
    guard-rails) for a margin eaten by a cost rise or a competitor undercutting us."""
    if alert.kind not in PRICE_KINDS or alert.sku is None:
        return None
    try:
        with session_scope(deps.sessions) as s:
            advice = price_advice(ToolContext.of(deps, s, actor="alerts"), alert.sku)
    except ToolError:
        return None
    return advice.proposal_id


def sent_on(deps: Deps, day: date) -> int:
    """How many alerts were sent on a day."""
    lo = datetime.combine(day, time.min)
    with deps.sessions() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(AlertSent)
                .where(AlertSent.sent_at >= lo, AlertSent.sent_at < lo + timedelta(days=1))
            )
            or 0
        )

"""Alerts on the demo shop: the planted situations are found, a normal stretch stays quiet, an
unchanged alert is not sent twice, and answers to alerts are kept and change the ranking."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from shopkeeper.app import alerts
from shopkeeper.app.alert_inputs import LOOKBACK_DAYS, read_inputs, replay
from shopkeeper.core.deps import Deps
from shopkeeper.demo import DemoShop
from tests.brief.conftest import END

DAYS = 56  # eight weeks of daily checks


def test_every_planted_situation_is_alerted_and_eight_weeks_stay_below_one_a_day(
    brief_demo: Deps, planted_shop: DemoShop
) -> None:
    first = END - timedelta(days=DAYS - 1)
    with brief_demo.sessions() as s:
        inputs = read_inputs(s, first - timedelta(days=LOOKBACK_DAYS))
    sent = replay(inputs, first, DAYS, alerts.rules(brief_demo), max_per_day=3)
    assert planted_shop.alert_plants is not None
    planted = set(
        zip(planted_shop.alert_plants["kind"], planted_shop.alert_plants["sku"], strict=True)
    )
    found = {(a.kind, a.sku) for _, a in sent}
    assert planted <= found, planted - found
    starts = {(r.kind, r.sku): r.start for r in planted_shop.alert_plants.itertuples()}
    for day, a in sent:  # alerted once it has happened, and within a week
        if (a.kind, a.sku) in starts:
            assert timedelta(days=0) < day - starts[(a.kind, a.sku)] <= timedelta(days=7)
    per_day = len(sent) / DAYS
    kinds = Counter(a.kind for _, a in sent)
    print(f"{len(sent)} alerts in {DAYS} days ({per_day:.2f} a day): {dict(kinds)}")
    assert per_day <= 1.0


def test_an_unchanged_alert_is_sent_once_and_not_useful_lowers_its_kind(brief_demo: Deps) -> None:
    due = alerts.due_alerts(brief_demo)
    assert due and len(due) <= brief_demo.settings.alerts_max_per_day
    assert [a.rank for a in due] == sorted((a.rank for a in due), reverse=True)
    first = alerts.record_sent(brief_demo, due[0])
    again = alerts.due_alerts(brief_demo)
    assert (due[0].kind, due[0].subject) not in {(a.kind, a.subject) for a in again}

    assert alerts.answer(brief_demo, first.id, "not_useful", "Olga") == (
        f"Noted: {due[0].kind.replace('_', ' ')} alerts will rank lower from now on."
    )
    assert alerts.answer(brief_demo, first.id, "snoozed", "Max") == "Already answered by Olga."
    assert alerts.kind_weights(brief_demo) == {due[0].kind: 0.5}
    same_kind = [a for a in again if a.kind == due[0].kind]
    for a in alerts.due_alerts(brief_demo):
        if a.kind == due[0].kind:
            assert a.rank == round(a.money * 0.5, 2)
    assert all(a.rank == a.money for a in same_kind)  # ranked in full before the answer

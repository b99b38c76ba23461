"""End to end through the fake Bot API: the Monday brief and the alert buttons."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.jobs_brief import ALERT_JOB, BRIEF_JOB
from shopkeeper.app import alerts
from shopkeeper.app.scan import run_scan
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.alert_models import AlertSent
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import CompetitorPrice
from tests.bot.conftest import MANAGER, OWNER, STAFF, Team, button, running, settled
from tests.bot.fake_api import FakeTelegram
from tests.conftest import TODAY

pytestmark = pytest.mark.asyncio


def undercut(deps: Deps, price: float, days_ago: int) -> None:
    """A competitor's price for oat milk (ours: 2.49)."""
    with session_scope(deps.sessions) as s:
        s.add(CompetitorPrice(date=TODAY - timedelta(days=days_ago), sku="OAT-1L",
                              competitor="Eckladen", price=price))  # fmt: skip


async def test_the_monday_brief_goes_once_to_owner_and_manager_not_staff(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        job = app.job_queue.get_jobs_by_name(BRIEF_JOB)[0]
        when = job.next_t.astimezone(ZoneInfo("Europe/Berlin"))
        assert (when.strftime("%a"), when.time()) == ("Mon", time(8, 30))
        mark = api.mark()
        await job.run(app)
        texts = await api.next_call(mark, "sendMessage", n=2)
        photos = await api.next_call(mark, "sendPhoto", n=2)
        assert sorted(c.params["chat_id"] for c in texts) == [OWNER, MANAGER]
        assert sorted(c.params["chat_id"] for c in photos) == [OWNER, MANAGER]
        brief = texts[0].result["text"]
        assert brief.startswith("📅 Week Mon 16 Nov – Sun 22 Nov: ")
        assert len(brief.splitlines()) <= 12
        assert photos[0].files["photo"][1][:4] == b"\x89PNG"
        assert not api.since(0, "sendMessage", chat_id=STAFF)
        assert not api.since(0, "sendPhoto", chat_id=STAFF)

        mark = api.mark()
        await job.run(app)  # the same week again (a restart, a second run): nothing is sent
        await settled(app, api)
        assert api.since(mark, "sendMessage") == [] and api.since(mark, "sendPhoto") == []


async def test_the_brief_is_followed_by_the_pending_proposals_with_their_buttons(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    run_scan(tg_deps)  # three purchase-order proposals wait for a decision
    async with running(tg_deps) as app:
        mark = api.mark()
        await app.job_queue.get_jobs_by_name(BRIEF_JOB)[0].run(app)
        sent = await api.next_call(mark, "sendMessage", chat_id=OWNER, n=4)
        brief, *cards = (c.result for c in sent)
        assert brief["text"].splitlines()[-1] == (
            "🕐 Waiting for your decision: #3 order to Bean Roasters (1 line); #2 order to "
            "Sunrise Bakery (1 line); #1 order to Alpine Dairy (1 line) (/pending)."
        )
        assert [c["text"].split(":")[0] for c in cards] == [
            "🛒 Order #3 for Bean Roasters",
            "🛒 Order #2 for Sunrise Bakery",
            "🛒 Order #1 for Alpine Dairy",
        ]
        assert button(cards[0], "Approve") == "approve:3"


async def test_brief_answers_with_the_week_and_its_chart_in_the_asking_chat(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps):
        mark = api.mark()
        api.send(team["staff"], "/brief")
        (text,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
        (photo,) = await api.next_call(mark, "sendPhoto", chat_id=STAFF)
        assert text.result["text"].startswith("📅 Week Mon 16 Nov – Sun 22 Nov: ")
        assert photo.result["caption"] == "Last 8 weeks: sold vs forecast"


async def test_not_useful_on_an_alert_is_stored_and_lowers_that_kind(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    undercut(tg_deps, 1.99, days_ago=2)
    async with running(tg_deps) as app:
        mark = api.mark()
        await app.job_queue.get_jobs_by_name(ALERT_JOB)[0].run(app)
        await api.next_call(mark, "sendMessage", n=4)
        await settled(app, api)
        cards = api.since(mark, "sendMessage")
        # Each alert card is followed by its suggested action: a price proposal to approve.
        assert [(c.params["chat_id"], c.result["text"].split("\n")[0]) for c in cards] == [
            (chat, line)
            for chat in (OWNER, MANAGER)
            for line in (
                "🔔 Eckladen sells Oat Milk Barista 1L 20 % cheaper",
                "🏷️ Price change #1: Oat Milk Barista 1L",
            )
        ]
        assert button(cards[1].result, "Approve") == "approve:1"
        oat = [c for c in cards if c.result["text"].startswith("🔔 Eckladen")]
        card = next(c.result for c in oat if c.params["chat_id"] == OWNER)
        assert card["text"].startswith(
            "🔔 Eckladen sells Oat Milk Barista 1L 20 % cheaper\n"
            "Why I think so: Eckladen charged 1.99 on 25 Nov; we charge 2.49, more than the "
            "5 % the pricing guard-rail allows.\n"
            "Suggested: Ask 'price advice for Oat Milk Barista 1L'"
        )
        assert not api.since(mark, "sendMessage", chat_id=STAFF)

        mark = api.mark()
        api.press(team["owner"], card, button(card, "Not useful"))
        (ack,) = await api.next_call(mark, "answerCallbackQuery")
        assert (
            ack.params["text"] == "Noted: competitor undercut alerts will rank lower from now on."
        )
        with tg_deps.sessions() as s:
            row = s.scalars(select(AlertSent).where(AlertSent.kind == "competitor_undercut")).one()
            assert (row.feedback, row.feedback_by) == ("not_useful", "Olga Owner")
        assert alerts.kind_weights(tg_deps) == {"competitor_undercut": 0.5}

        mark = api.mark()
        await app.job_queue.get_jobs_by_name(ALERT_JOB)[0].run(app)  # unchanged: not repeated
        await settled(app, api)
        assert not [c for c in api.since(mark, "sendMessage") if "Oat Milk" in c.result["text"]]

    undercut(tg_deps, 1.89, days_ago=1)  # a changed situation is news, at half the rank
    (news,) = [a for a in alerts.due_alerts(tg_deps) if a.kind == "competitor_undercut"]
    assert news.rank == round(news.money * 0.5, 2) and news.money > 0

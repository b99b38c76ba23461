"""End to end through the fake Bot API: the daily stock-out warning and order suggestions."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import pytest

from bot.jobs import JOB_NAME
from shopkeeper.core.deps import Deps
from tests.bot.conftest import MANAGER, OWNER, STAFF, Team, running, warn_now
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio


async def test_daily_scan_warns_owner_and_manager_once_per_supplier(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        job = app.job_queue.get_jobs_by_name(JOB_NAME)[0]
        assert job.next_t.astimezone(ZoneInfo("Europe/Berlin")).time() == time(8, 0)
        cards = await warn_now(app, api)
        assert sorted(cards) == sorted(
            (chat, supplier)
            for chat in (OWNER, MANAGER)
            for supplier in ("Alpine Dairy", "Sunrise Bakery", "Bean Roasters")
        )
        alpine = cards[(OWNER, "Alpine Dairy")]["text"]
        assert alpine.startswith(
            "⚠️ Alpine Dairy: 1 product may run out\n"
            "• Oat Milk Barista 1L: 20 on hand, 1.7 days of cover, runs out ~Sat 28 Nov, "
            "lead time 3 days\n\n"
            "🛒 Order #1 for Alpine Dairy: 1 line, 277.20 EUR\n"
            "• Oat Milk Barista 1L: 252 × 1.10 EUR = 277.20 EUR\n"
            "   forecast 12.3/day x (3 d lead + 7 d review) = 122.6; safety stock 28.1"
        )
        keyboard = cards[(OWNER, "Alpine Dairy")]["reply_markup"]["inline_keyboard"]
        assert [b["text"] for row in keyboard for b in row] == [
            "✅ Approve",
            "❌ Reject",
            "✏️ Change quantity",
        ]
        assert not api.since(0, "sendMessage", chat_id=STAFF)  # staff are not warned

        mark = api.mark()
        await job.run(app)  # nothing changed: nothing is sent again
        assert api.since(mark, "sendMessage") == []


async def test_a_snoozed_product_is_left_out_of_the_warning(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        mark = api.mark()
        api.send(team["manager"], "/snooze dark chocolate 7")
        (ok,) = await api.next_call(mark, "sendMessage", chat_id=MANAGER)
        assert ok.result["text"].startswith(
            "No stock-out warnings about Dark Chocolate 70% 100g until Thu 03 Dec (inclusive)."
        )
        mark = api.mark()
        await app.job_queue.get_jobs_by_name(JOB_NAME)[0].run(app)
        sent = await api.next_call(mark, "sendMessage", n=4)
        assert not any("Bean Roasters" in c.result["text"] for c in sent)
        mark = api.mark()
        api.send(team["staff"], "/snooze croissant 3")
        (no,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
        assert no.result["text"] == "Only the owner or a manager can snooze warnings."


async def test_reorder_answers_briefly_then_sends_one_card_per_order(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps):
        mark = api.mark()
        api.send(team["owner"], "/reorder")
        sent = await api.next_call(mark, "sendMessage", chat_id=OWNER, n=4)
        mark = api.mark()
        api.send(team["staff"], "what should I reorder?")
        staff = await api.next_call(mark, "sendMessage", chat_id=STAFF, n=4)
    summary, *cards = (c.result for c in sent)
    assert summary["text"].startswith(
        "Suggested orders (the whole shop): 3 supplier(s), 403.70 EUR in total, 6 products "
        "checked.\n\nWhy: Each product is topped up"
    )
    assert "Alpine Dairy:" not in summary["text"]  # the cards below show each order
    assert "shopkeeper approve" not in summary["text"]
    assert [c["text"].split(":")[0] for c in cards] == [
        "🛒 Order #3 for Alpine Dairy",
        "🛒 Order #2 for Sunrise Bakery",
        "🛒 Order #1 for Bean Roasters",
    ]
    assert "forecast 12.3/day x (3 d lead + 7 d review)" in cards[0]["text"]
    assert all("reply_markup" in c for c in cards)
    assert all("reply_markup" not in c.result for c in staff[1:])  # staff cannot decide


async def test_a_manager_who_blocked_the_bot_does_not_stop_the_owners_warnings(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    api.blocked.add(MANAGER)
    async with running(tg_deps) as app:
        mark = api.mark()
        await app.job_queue.get_jobs_by_name(JOB_NAME)[0].run(app)
        delivered = await api.next_call(mark, "sendMessage", chat_id=OWNER, n=3)
        assert len(delivered) == 3
        assert all(c.result is None for c in api.since(mark, "sendMessage", chat_id=MANAGER))
        mark = api.mark()
        await app.job_queue.get_jobs_by_name(JOB_NAME)[0].run(app)
        assert api.since(mark, "sendMessage") == []  # sent once to whoever could get it

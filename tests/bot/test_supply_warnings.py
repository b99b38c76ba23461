"""The supply warning through the fake Bot API: an overdue order is told once, with what it
puts at risk and when those products run out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.jobs import JOB_NAME
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import PurchaseOrder, PurchaseOrderLine
from tests.bot.conftest import MANAGER, OWNER, STAFF, Team, running
from tests.bot.fake_api import FakeTelegram
from tests.conftest import TODAY

pytestmark = pytest.mark.asyncio


def add_overdue_order(deps: Deps) -> None:
    """Alpine Dairy's order of oat and whole milk was due two days ago; nothing came."""
    with deps.sessions.begin() as s:
        po = PurchaseOrder(
            reference="PO-LATE",
            supplier_id=1,
            ordered_at=TODAY - timedelta(days=5),
            expected_at=TODAY - timedelta(days=2),
            status="open",
        )
        s.add(po)
        s.flush()
        s.add(PurchaseOrderLine(order_id=po.id, sku="OAT-1L", quantity=48.0, unit_cost=1.1))
        s.add(PurchaseOrderLine(order_id=po.id, sku="MILK-1L", quantity=24.0, unit_cost=0.8))


async def test_an_overdue_order_is_warned_about_once_with_its_stock_out_dates(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    add_overdue_order(tg_deps)
    async with running(tg_deps) as app:
        job = app.job_queue.get_jobs_by_name(JOB_NAME)[0]
        mark = api.mark()
        await job.run(app)
        sent = await api.next_call(mark, "sendMessage", n=8)
        supply = [c for c in sent if "supply problem" in c.result["text"]]
        assert sorted(c.params["chat_id"] for c in supply) == [OWNER, MANAGER]
        text = supply[0].result["text"]
        assert text == (
            "🚚 1 supply problem\n"
            "• Order PO-LATE from Alpine Dairy was expected on Wed 25 Nov (2 day(s) ago) and "
            "nothing of it has arrived: without it, Oat Milk Barista 1L runs out on Sat 28 Nov; "
            "1 other product(s) on it have stock until a new order could come."
        )
        assert not api.since(mark, "sendMessage", chat_id=STAFF)

        mark = api.mark()
        await job.run(app)  # still overdue, nothing new: not said again
        assert not [c for c in api.since(mark, "sendMessage") if "supply" in c.result["text"]]

"""The supplier tools on the hand-made shop, with a delivery record for Bean Roasters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shopkeeper.cli import main
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Delivery, Proposal, PurchaseOrder, PurchaseOrderLine
from tests.conftest import TODAY
from tools.context import ToolContext, ToolError
from tools.reorder import reorder_plan
from tools.suppliers import supplier_scorecard
from tools.what_if import what_if

LEADS = [7, 9, 10, 8, 12, 7, 11, 9]  # Bean Roasters states 7 days; 6 of these 8 were late


def add_deliveries(deps: Deps) -> None:
    with deps.sessions.begin() as s:
        for i, lead in enumerate(LEADS):
            ordered = TODAY - timedelta(days=7 * (len(LEADS) - i) + 14)
            po = PurchaseOrder(
                reference=f"PO-B{i}",
                supplier_id=2,
                ordered_at=ordered,
                expected_at=ordered + timedelta(days=7),
                status="received",
            )
            s.add(po)
            s.flush()
            line = PurchaseOrderLine(order_id=po.id, sku="ESP-1KG", quantity=12.0, unit_cost=11.0)
            s.add(line)
            s.flush()
            got = 10.0 if i == 3 else 12.0  # one short delivery
            s.add(
                Delivery(
                    line_id=line.id,
                    received_at=ordered + timedelta(days=lead),
                    quantity_received=got,
                    quantity_rejected=0.0,
                )
            )


@pytest.fixture
def ctx(shop: Deps) -> Iterator[ToolContext]:
    add_deliveries(shop)
    with session_scope(shop.sessions) as session:
        yield ToolContext.of(shop, session)


def test_the_scorecard_says_each_share_with_its_count(ctx: ToolContext) -> None:
    card = supplier_scorecard(ctx, supplier="bean roasters")
    (bean,) = card.suppliers
    assert bean.supplier == "Bean Roasters"
    assert (bean.late.k, bean.late.n, bean.late.of) == (6, 8, "deliveries")
    assert bean.lead_time_mean == pytest.approx(sum(LEADS) / 8, abs=0.01)
    assert (bean.in_full.k, bean.in_full.n) == (7, 8)
    assert (bean.prediction.recent_late.k, bean.prediction.recent_late.n) == (6, 8)
    assert bean.prediction.basis == "predicted"
    assert bean.prediction.lead_time_mean > 7.0
    everyone = supplier_scorecard(ctx)
    assert everyone.suppliers[0].supplier == "Bean Roasters"  # late most often
    by_product = supplier_scorecard(ctx, product="espresso beans 1kg")
    assert [c.supplier for c in by_product.suppliers] == ["Bean Roasters"]


def test_the_reorder_arithmetic_uses_and_names_the_predicted_lead_time(ctx: ToolContext) -> None:
    plan = reorder_plan(ctx, supplier="Bean Roasters", propose=False)
    (order,) = plan.orders
    assert order.note.startswith(
        f"Bean Roasters delivers in {order.lead_time_days:.1f} days on average, not the "
        "stated 7; 6 of the last 8 deliveries were late"
    )
    assert order.lead_time_days > 7.0


def test_what_if_never_creates_a_proposal(ctx: ToolContext) -> None:
    before = ctx.session.scalar(select(func.count(Proposal.id)))
    result = what_if(ctx, supplier="Bean Roasters", scenario="a week late")
    assert result.scenario == "Bean Roasters 7 days late"
    assert result.proposals_created == []
    assert ctx.session.scalar(select(func.count(Proposal.id))) == before
    with pytest.raises(ToolError, match="What should change about Bean Roasters"):
        what_if(ctx, supplier="Bean Roasters")


def test_a_deliveries_import_reports_an_overdue_order_at_once(
    shop: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    due = TODAY - timedelta(days=3)
    file = tmp_path / "deliveries.csv"
    file.write_text(
        "purchase order,supplier,sku,order date,quantity ordered,expected date,received date\n"
        f"PO-9,Alpine Dairy,OAT-1L,{due - timedelta(days=3)},48,{due},\n"
    )
    db = shop.settings.db_url.removeprefix("sqlite:///")
    assert main(["--db", db, "import", str(file), "--kind", "deliveries"], shop.settings) == 0
    out = capsys.readouterr().out
    assert (
        "Supply problems:\n  - Order PO-9 from Alpine Dairy was expected on Tue 24 Nov (3 day(s) "
        "ago) and nothing of it has arrived: without it, Oat Milk Barista 1L runs out on Sat 28 "
        "Nov."
    ) in out

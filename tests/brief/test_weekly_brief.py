"""The brief of a fixed week on the demo shop, number by number against the tools' own results."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from analytics.weekly import last_full_week
from bot.charts_brief import brief_png
from shopkeeper.assistant.render_brief import brief_lines
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import ForecastRun, ForecastValue, Product
from shopkeeper.demo import DemoShop
from tests.brief.conftest import END, WEEK_START
from tools.brief_results import WeekFigures, WeeklyBrief
from tools.context import ToolContext
from tools.sales import sales_summary
from tools.stock import stock_status
from tools.weekly_brief import weekly_brief

WEEK_END = WEEK_START + timedelta(days=6)


@pytest.fixture(scope="module")
def brief(brief_demo: Deps) -> WeeklyBrief:
    with brief_demo.sessions() as s:
        return weekly_brief(ToolContext.of(brief_demo, s))


def test_the_brief_reviews_the_last_full_week_monday_to_sunday(brief: WeeklyBrief) -> None:
    assert last_full_week(END) == (WEEK_START, WEEK_END)
    assert (brief.period.start, brief.period.end) == (WEEK_START, WEEK_END)


def test_sales_units_and_margin_are_the_sales_tools_numbers(
    brief_demo: Deps, brief: WeeklyBrief
) -> None:
    with brief_demo.sessions() as s:
        ctx = ToolContext.of(brief_demo, s)
        week = sales_summary(ctx, WEEK_START, WEEK_END)
        year_ago = sales_summary(
            ctx, WEEK_START - timedelta(days=364), WEEK_END - timedelta(days=364)
        )
    assert brief.sales == WeekFigures(revenue=week.revenue, units=week.units, margin=week.margin)
    assert (brief.previous_revenue, brief.change_pct) == (week.previous_revenue, week.change_pct)
    assert brief.last_year == WeekFigures(
        revenue=year_ago.revenue, units=year_ago.units, margin=year_ago.margin
    )
    assert brief.last_year_period.start == WEEK_START - timedelta(days=364)
    assert brief.sales.units > 0 and brief.last_year.units > 0


def test_the_forecast_is_the_one_stored_on_the_weeks_first_day(
    brief_demo: Deps, brief: WeeklyBrief
) -> None:
    with brief_demo.sessions() as s:
        run = s.scalars(select(ForecastRun).where(ForecastRun.as_of == WEEK_START)).one()
        rows = s.execute(
            select(ForecastValue.sku, ForecastValue.mean, Product.price, Product.unit_cost)
            .join(Product, Product.sku == ForecastValue.sku)
            .where(
                ForecastValue.run_id == run.id,
                ForecastValue.ds >= WEEK_START,
                ForecastValue.ds <= WEEK_END,
            )
        ).all()
    frame = pd.DataFrame(rows, columns=["sku", "mean", "price", "cost"])
    assert brief.forecast_made_on == WEEK_START
    assert brief.forecast == WeekFigures(
        units=round(float(frame["mean"].sum()), 1),
        revenue=round(float((frame["mean"] * frame["price"]).sum()), 2),
        margin=round(float((frame["mean"] * (frame["price"] - frame["cost"])).sum()), 2),
    )
    assert brief.weeks[-1].start == WEEK_START
    assert brief.weeks[-1].units == brief.sales.units
    assert brief.weeks[-1].forecast_units == brief.forecast.units
    assert [w.forecast_units for w in brief.weeks[:-1]] == [None] * 7  # none stored before
    assert len(brief.weeks) == 8


def test_every_mover_matches_the_sales_of_that_product(
    brief_demo: Deps, brief: WeeklyBrief, planted_shop: DemoShop
) -> None:
    assert len(brief.movers_up) == 3 and len(brief.movers_down) == 3
    lines = planted_shop.sales.assign(revenue=lambda f: f["quantity"] * f["unit_price"])
    day = lines["ts"].dt.normalize()

    def revenue(sku: str, start: object) -> float:
        week = (day >= pd.Timestamp(start)) & (day < pd.Timestamp(start) + pd.Timedelta(days=7))
        return round(float(lines.loc[week & (lines["sku"] == sku), "revenue"].sum()), 2)

    with brief_demo.sessions() as s:
        ctx = ToolContext.of(brief_demo, s)
        for m in brief.movers_up + brief.movers_down:
            assert m.revenue == pytest.approx(revenue(m.sku, WEEK_START), abs=0.011)
            before = WEEK_START - timedelta(days=7)
            assert m.previous_revenue == pytest.approx(revenue(m.sku, before), abs=0.011)
            assert m.change == pytest.approx(m.revenue - m.previous_revenue, abs=0.011)
            if m.reason != "no longer sold (discontinued)":  # the tools know active products
                one = sales_summary(ctx, WEEK_START, WEEK_END, product=m.name)
                assert (m.revenue, m.previous_revenue) == (one.revenue, one.previous_revenue)
    assert all(m.change > 0 for m in brief.movers_up)
    assert all(m.change < 0 for m in brief.movers_down)
    assert [m.change for m in brief.movers_up] == sorted(
        (m.change for m in brief.movers_up), reverse=True
    )


def test_stockouts_cost_their_expected_units_at_the_shelf_price(
    brief_demo: Deps, brief: WeeklyBrief, planted_shop: DemoShop
) -> None:
    price = planted_shop.products.set_index("sku")["price"]
    for lost in brief.stockouts:
        assert 1 <= lost.days <= 7
        # units are shown to 0.1
        assert lost.revenue == pytest.approx(
            lost.units * price[lost.sku], abs=0.05 * price[lost.sku] + 0.01
        )
    assert brief.lost_revenue == pytest.approx(sum(x.revenue for x in brief.stockouts), abs=0.01)


def test_at_risk_and_pending_come_from_stock_status_and_the_proposals(
    brief_demo: Deps, brief: WeeklyBrief
) -> None:
    with brief_demo.sessions() as s:
        ctx = ToolContext.of(brief_demo, s)
        status = stock_status(ctx, only_at_risk=True, limit=10_000)
        pending = proposals.list_proposals(s, ctx.now, "pending")
    soon = [
        ln.sku
        for ln in status.lines
        if ln.on_hand <= 0 or (ln.stockout_date and ln.stockout_date <= END + timedelta(days=6))
    ]
    assert [r.sku for r in brief.at_risk] == soon and brief.n_at_risk == len(soon) > 0
    assert [p.id for p in brief.pending] == [p.id for p in pending] and pending
    in_orders = {ln["sku"]: p.id for p in pending for ln in p.payload.get("lines", [])}
    for r in brief.at_risk:
        assert r.proposal_ids == ([in_orders[r.sku]] if r.sku in in_orders else [])


def test_supplier_issues_and_members_match_the_raw_rows(
    brief: WeeklyBrief, planted_shop: DemoShop
) -> None:
    d = planted_shop.deliveries.merge(
        planted_shop.purchase_order_lines, left_on="line_id", right_on="id"
    ).merge(planted_shop.purchase_orders, left_on="order_id", right_on="id")
    received = pd.to_datetime(d["received_at"])
    week = d[(received >= pd.Timestamp(WEEK_START)) & (received <= pd.Timestamp(WEEK_END))]
    late = week[pd.to_datetime(week["received_at"]) > pd.to_datetime(week["expected_at"])]
    names = planted_shop.suppliers.set_index("id")["name"]
    expected_late = late.groupby("supplier_id")["reference"].nunique()
    got = {i.supplier: i.late for i in brief.supplier_issues if i.late}
    assert got == {names[k]: int(v) for k, v in expected_late.items()}

    sales = planted_shop.sales.dropna(subset=["customer_id"])
    first = sales.groupby("customer_id")["ts"].min().dt.normalize()
    new = int(((first >= pd.Timestamp(WEEK_START)) & (first <= pd.Timestamp(WEEK_END))).sum())
    assert brief.new_customers == new


def test_the_brief_fits_one_phone_screen_and_says_the_numbers(brief: WeeklyBrief) -> None:
    lines = brief_lines(brief, "EUR")
    assert len(lines) <= 12
    assert lines[0] == (
        f"📅 Week Mon 16 Nov – Sun 22 Nov: {brief.sales.revenue:,.0f} EUR, "
        f"{brief.sales.units:,.0f} units, margin {brief.sales.margin:,.0f} EUR "
        f"({brief.sales.margin / brief.sales.revenue * 100:.1f} %)."
    )
    assert lines[1].startswith("Against the forecast made Mon 16 Nov (")
    assert any(line.startswith("🕐 Waiting for your decision: #") for line in lines)


def test_the_chart_is_a_png_of_eight_weeks(brief: WeeklyBrief, tmp_path) -> None:  # type: ignore[no-untyped-def]
    png = brief_png(brief.to_dict())
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / "week.png").write_bytes(png)
    from matplotlib.image import imread

    assert imread(tmp_path / "week.png").shape[:2] == (462, 880)

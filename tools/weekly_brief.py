"""`weekly_brief`: the shop's last full week in one answer, built from the other tools' results
(sales_summary, stock_status, the stored forecasts, proposals) so every number matches them."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from analytics.weekly import customer_changes, delivery_issues, last_full_week, lost_sales, movers
from shopkeeper.core import proposals
from shopkeeper.core.store import frames
from tools import week_data
from tools.brief_results import (
    LostSaleLine,
    MoverLine,
    PendingLine,
    RiskLine,
    SupplierIssueLine,
    WeekFigures,
    WeeklyBrief,
    WeekPoint,
)
from tools.context import ToolContext, ToolError
from tools.results import SalesSummary
from tools.sales import sales_summary
from tools.stock import stock_status

CHART_WEEKS = 8
FORECAST_WHY = (
    "Forecast: the one stored on or before the week's first day, priced at today's shelf "
    "prices and costs."
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekly_brief(ctx: ToolContext, week_start: date | None = None) -> WeeklyBrief:
    """The week in review: sales, units and margin of the last full week against the forecast
    made for it and the same week last year; the biggest movers with their reasons; stock-outs
    and the sales they cost; what may run out this week and the orders covering it; late or
    short deliveries; new and lapsed members; proposals waiting for a decision.

    Args:
        week_start: first day of the week to review (YYYY-MM-DD); default the last full week.
    """
    start, end = _week(ctx, week_start)
    summary = sales_summary(ctx, start, end, period_label="the week")
    ly_start, ly_end = start - timedelta(days=364), end - timedelta(days=364)
    last_year = sales_summary(ctx, ly_start, ly_end, period_label="the same week last year")
    catalogue = frames.products(ctx.session)
    made = week_data.forecast_for(ctx, start, end)
    source, expected = week_data.expected_units(ctx, start, end)
    # Stock-out days of this week and the one before (the movers compare the two).
    out = week_data.stockout_days(ctx, start - timedelta(days=7), end)
    up, down = _movers(ctx, start, end, catalogue, out)
    lost = lost_sales(out[out["ds"] >= pd.Timestamp(start)], expected, catalogue)
    pending = proposals.list_proposals(ctx.session, ctx.now, "pending")
    risks, n_risk = _risks(ctx, pending)
    customers = customer_changes(week_data.member_visits(ctx, end), start, end)
    why = [
        f"The week: {start:%a %d %b} to {end:%a %d %b %Y}; the same week last year: "
        f"{ly_start:%a %d %b %Y} to {ly_end:%a %d %b %Y} (52 weeks earlier, same weekdays).",
        FORECAST_WHY if made else "No forecast was stored before this week.",
        "Movers: revenue against the week before; lost sales: expected units on the days a "
        f"product was out of stock (expected from {source}).",
        customers.rule + ".",
    ]
    return WeeklyBrief(
        period=summary.period,
        sales=_figures(summary),
        previous_revenue=summary.previous_revenue,
        change_pct=summary.change_pct,
        forecast=_forecast_figures(made[1], catalogue) if made else None,
        forecast_made_on=made[0] if made else None,
        forecast_source="stored forecast" if made else "none stored",
        last_year_period=last_year.period,
        last_year=_figures(last_year) if last_year.units else None,
        movers_up=up,
        movers_down=down,
        stockouts=[LostSaleLine(**vars(x)) for x in lost],
        lost_revenue=round(sum(x.revenue for x in lost), 2),
        at_risk=risks,
        n_at_risk=n_risk,
        supplier_issues=_supplier_issues(ctx, start, end),
        new_customers=customers.new,
        lapsed_customers=customers.lapsed,
        customer_rule=customers.rule,
        pending=[PendingLine(id=p.id, kind=p.kind, summary=_pending(p)) for p in pending],
        weeks=_weeks(ctx, start),
        why=why,
        notes=summary.notes,
    )


def _week(ctx: ToolContext, week_start: date | None) -> tuple[date, date]:
    if week_start is None:
        start, end = last_full_week(ctx.today, WEEKDAYS.index(ctx.settings.weekly_brief_day))
    else:
        start, end = week_start, week_start + timedelta(days=6)
    if end >= ctx.today:
        raise ToolError(f"The week {start:%d %b} to {end:%d %b} is not over yet.")
    return start, end


def _supplier_issues(ctx: ToolContext, start: date, end: date) -> list[SupplierIssueLine]:
    names = frames.suppliers(ctx.session).set_index("supplier_id")["name"]
    return [
        SupplierIssueLine(
            supplier=str(names.get(i.supplier_id, i.supplier_id)),
            **{k: v for k, v in vars(i).items() if k != "supplier_id"},
        )
        for i in delivery_issues(frames.deliveries(ctx.session), start, end)
    ]


def _pending(p: proposals.ProposalView) -> str:
    pay = p.payload
    if p.kind == "purchase_order":
        n = len(pay.get("lines", []))
        return f"order to {pay.get('supplier_name')} ({n} line{'' if n == 1 else 's'})"
    if p.kind == "price_change":
        return f"new price for {pay.get('name')}"
    return p.reason


def _figures(s: SalesSummary) -> WeekFigures:
    return WeekFigures(revenue=s.revenue, units=s.units, margin=s.margin)


def _forecast_figures(values: pd.DataFrame, catalogue: pd.DataFrame) -> WeekFigures:
    per = values.groupby("unique_id")["mean"].sum()
    cat = catalogue.set_index("sku").reindex(per.index)
    price, cost = cat["price"].fillna(0.0), cat["unit_cost"].fillna(0.0)
    return WeekFigures(
        revenue=round(float((per * price).sum()), 2),
        units=round(float(per.sum()), 1),
        margin=round(float((per * (price - cost)).sum()), 2),
    )


def _movers(
    ctx: ToolContext, start: date, end: date, catalogue: pd.DataFrame, out: pd.DataFrame
) -> tuple[list[MoverLine], list[MoverLine]]:
    names = catalogue.set_index("sku")["name"]
    active = catalogue.set_index("sku")["active"].astype(bool)
    prev_start, prev_end = start - timedelta(days=7), end - timedelta(days=7)
    in_week = out["ds"] >= pd.Timestamp(start)
    first = week_data.first_sales(ctx)

    def week(lo: date, hi: date, days: pd.DataFrame) -> pd.DataFrame:
        frame = week_data.product_week(ctx, lo, hi)
        counts = days.groupby("unique_id")["ds"].nunique()
        frame["stockout_days"] = frame["sku"].map(counts).fillna(0)
        frame["name"] = frame["sku"].map(names)
        frame["first_sale"] = frame["sku"].map(first)
        return frame

    cur = week(start, end, out[in_week])
    prev = week(prev_start, prev_end, out[~in_week])
    year = timedelta(days=364)
    ly = week_data.product_week(ctx, start - year, end - year).set_index("sku")["revenue"]
    ly_prev = week_data.product_week(ctx, prev_start - year, prev_end - year)
    ratio = ly / ly_prev.set_index("sku")["revenue"].where(lambda r: r > 0)
    # Out of stock the whole week: no sales line, still a mover.
    missing = sorted(set(out.loc[in_week, "unique_id"]) - set(cur["sku"]))
    cur = cur.set_index("sku").reindex([*cur["sku"], *missing]).rename_axis("sku").reset_index()
    counts = out[in_week].groupby("unique_id")["ds"].nunique()
    cur["stockout_days"] = cur["sku"].map(counts).fillna(0)
    cur["name"] = cur["sku"].map(names)
    cur = cur.fillna({"revenue": 0.0, "units": 0.0, "promo_units": 0.0})
    cur["active"] = cur["sku"].map(active).fillna(False)
    year = timedelta(days=364)
    ly = week_data.product_week(ctx, start - year, end - year).set_index("sku")["revenue"]
    ly_prev = week_data.product_week(ctx, prev_start - year, prev_end - year)
    ratio = ly / ly_prev.set_index("sku")["revenue"].where(lambda r: r > 0)
    cur_skus = set(cur["sku"])
    missing = [s for s in out.loc[in_week, "unique_id"].unique() if s not in cur_skus]
    if missing:  # out of stock the whole week: no sales line, still a mover
        filler = pd.DataFrame({"sku": missing, "revenue": 0.0, "units": 0.0, "promo_units": 0.0})
        counts = out[in_week].groupby("unique_id")["ds"].nunique()
        filler = filler.assign(
            price=None,
            stockout_days=filler["sku"].map(counts),
            name=filler["sku"].map(names),
            first_sale=None,
        )
        cur = pd.concat([cur, filler], ignore_index=True)
    cur["ly_ratio"] = cur["sku"].map(ratio)
    up, down = movers(cur, prev, start)
    return [MoverLine(**vars(m)) for m in up], [MoverLine(**vars(m)) for m in down]


def _risks(ctx: ToolContext, pending: list[proposals.ProposalView]) -> tuple[list[RiskLine], int]:
    """Products projected to run out within 7 days (or out now), with the orders covering them."""
    status = stock_status(ctx, only_at_risk=True, limit=10_000)
    horizon = ctx.today + timedelta(days=6)
    soon = [
        line
        for line in status.lines
        if line.on_hand <= 0 or (line.stockout_date is not None and line.stockout_date <= horizon)
    ]
    covering: dict[str, list[int]] = {}
    for p in pending:
        if p.kind == "purchase_order":
            for ln in p.payload.get("lines", []):
                covering.setdefault(str(ln.get("sku")), []).append(p.id)
    lines = [
        RiskLine(
            sku=ln.sku,
            name=ln.name,
            stockout_date=ln.stockout_date,
            on_hand=ln.on_hand,
            on_order=ln.on_order,
            proposal_ids=covering.get(ln.sku, []),
        )
        for ln in soon
    ]
    return lines, len(lines)


def _weeks(ctx: ToolContext, start: date) -> list[WeekPoint]:
    first = start - timedelta(days=7 * (CHART_WEEKS - 1))
    points = []
    for week_start, units in week_data.weekly_units(ctx, first, CHART_WEEKS):
        made = week_data.forecast_for(ctx, week_start, week_start + timedelta(days=6))
        fc = round(float(made[1]["mean"].sum()), 1) if made else None
        points.append(WeekPoint(start=week_start, units=units, forecast_units=fc))
    return points

"""`supplier_scorecard`: how each supplier delivered, how its next order will likely go, and
what is wrong with supply right now."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from analytics.supplier_changes import lead_time_changes
from analytics.supplier_reliability import RECENT
from analytics.supplier_scorecard import supplier_scorecard as scorecard_frame
from analytics.supply_risks import revenue_dependence
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import SaleLine
from tools.context import ToolContext, ToolError
from tools.resolve import resolve_supplier
from tools.results import Period
from tools.scope import resolve_scope, scope_skus
from tools.supplier_results import (
    Count,
    DeliveryPoint,
    Prediction,
    SupplierCard,
    SupplierScorecard,
)
from tools.supply_data import SupplyData, supply_data
from tools.supply_problems import supply_problems, worsening_sentence

CHART_POINTS = 60  # deliveries drawn in one supplier's lead-time chart
FEW = 10  # fewer deliveries than this and the card says to read its shares with care


def supplier_scorecard(
    ctx: ToolContext,
    supplier: str | None = None,
    product: str | None = None,
    category: str | None = None,
    days: int = 365,
) -> SupplierScorecard:
    """Supplier scorecard: stated vs actual lead time (mean, 90th percentile, spread, trend),
    on-time, in-full and on-time-in-full rates, rejected units, unit-cost changes and orders
    below the minimum order value, each with the number of deliveries it is based on; the
    predicted lead time and on-time chance of the next order; suppliers ranked by how often
    they were late; and current supply problems (overdue orders, short or rejected deliveries,
    slower suppliers). Read only.

    Args:
        supplier: one supplier's card ("how reliable is Mercato?"); all suppliers if omitted.
        product: the card of the supplier of this product.
        category: the cards of the suppliers of this category.
        days: the period, the last N days up to yesterday (default one year).
    """
    if days < 1:
        raise ToolError("The period must be at least one day (days >= 1).")
    names = _wanted(ctx, supplier, product, category)
    end = ctx.today - timedelta(days=1)
    start = ctx.today - timedelta(days=days)
    data = supply_data(ctx)
    card = scorecard_frame(data.rows, frames.suppliers(ctx.session), start, end)
    pred = data.prediction.suppliers.set_index("supplier_id")
    found = lead_time_changes(data.shipments, data.suppliers, ctx.today)
    changes = {int(c["supplier_id"]): c for c in found.to_dict("records") if c["worsening"]}
    shares = _revenue_shares(ctx, start, end)
    cards = [_card(r, pred.loc[r["supplier_id"]], changes, shares) for r in _records(card)]
    problems = supply_problems(ctx)
    if names is not None:
        cards = [c for c in cards if c.supplier in names]
        problems = [p for p in problems if p.supplier in names]
    if len(cards) == 1:
        cards = [cards[0].model_copy(update={"deliveries": _points(data, cards[0], start)})]
    period = Period(start=start, end=end, label=f"the last {days} days")
    return SupplierScorecard(
        scope=", ".join(names) if names else "all suppliers",
        period=period,
        suppliers=cards,
        problems=problems,
        method=data.prediction.method,
        why=_why(),
        notes=_notes(cards),
    )


def _wanted(
    ctx: ToolContext, supplier: str | None, product: str | None, category: str | None
) -> list[str] | None:
    """The suppliers asked about (None: all)."""
    if supplier:
        return [resolve_supplier(ctx, supplier)]
    if not product and not category:
        return None
    scope = resolve_scope(ctx, product=product, category=category)
    skus = set(scope_skus(ctx, scope) or [])
    p = frames.products(ctx.session)
    found = sorted(set(p.loc[p["sku"].isin(skus), "supplier_name"].dropna().astype(str)))
    if not found:
        raise ToolError(f"No supplier is set for {scope.label}.")
    return found


def _points(data: SupplyData, card: SupplierCard, start: date) -> list[DeliveryPoint]:
    """The supplier's deliveries in the period (at most CHART_POINTS, the latest)."""
    s = data.shipments
    s = s[(s["supplier_id"] == card.supplier_id) & (s["received_at"] >= pd.Timestamp(start))]
    return [
        DeliveryPoint(received_at=r.received_at.date(), lead_days=int(r.lead_days),
                      on_time=bool(r.on_time))
        for r in s.tail(CHART_POINTS).itertuples(index=False)
    ]  # fmt: skip


def _records(card: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if _missing(v) else v) for k, v in r.items()} for r in card.to_dict("records")
    ]


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _card(
    r: dict[str, Any], p: pd.Series, changes: dict[int, dict[str, Any]], shares: pd.DataFrame
) -> SupplierCard:
    sid = int(r["supplier_id"])
    worse = worsening_sentence(changes[sid]) if sid in changes else None
    share = shares.loc[sid] if sid in shares.index else None
    n, lines = int(r["n_shipments"]), int(r["n_lines"])
    return SupplierCard(
        supplier_id=sid,
        supplier=str(r["name"]),
        rank=int(r["late_rank"]),
        stated_lead_time=float(r["stated_lead_time"]),
        lead_time_mean=_round(r["lead_time_mean"]),
        lead_time_p90=_round(r["lead_time_p90"]),
        lead_time_sd=_round(r["lead_time_sd"]),
        lead_time_trend=_round(r["lead_time_trend"]),
        late=Count(k=int(r["n_late"]), n=n, of="deliveries"),
        mean_days_late=_round(r["mean_days_late"]),
        in_full=Count(k=int(r["n_lines_in_full"]), n=lines, of="order lines"),
        on_time_in_full=Count(k=int(r["n_otif"]), n=lines, of="order lines"),
        rejected_units=float(r["units_rejected"] or 0.0),
        received_units=float(r["units_received"] or 0.0),
        rejected_lines=Count(k=int(r["n_lines_rejected"]), n=lines, of="order lines"),
        cost_changes=Count(
            k=int(r["n_cost_changes"]), n=int(r["n_cost_pairs"]), of="price comparisons"
        ),
        mean_cost_change_pct=_round(r["mean_cost_change_pct"]),
        below_minimum=Count(k=int(r["n_below_minimum"]), n=int(r["n_orders"]), of="orders"),
        min_order_value=float(r["min_order_value"]),
        prediction=_prediction(p),
        worsening=worse,
        revenue_share=None if share is None else round(float(share["share"]), 3),
        single_source_products=0 if share is None else int(share["n_products"]),
    )


def _prediction(p: pd.Series) -> Prediction:
    def opt(v: Any) -> float | None:
        return None if pd.isna(v) else round(float(v), 3)

    return Prediction(
        lead_time_mean=round(float(p["lead_time_mean"]), 1),
        lead_time_sd=round(float(p["lead_time_sd"]), 1),
        lead_time_p90=round(float(p["lead_time_p90"]), 1),
        on_time_probability=opt(p["on_time_probability"]),
        on_time_low=opt(p["on_time_low"]),
        on_time_high=opt(p["on_time_high"]),
        n_effective=round(float(p["n_effective"]), 1),
        prior_weight=round(float(p["prior_weight"]), 3),
        recent_late=Count(k=int(p["recent_late"]), n=int(p["recent_n"]), of="deliveries"),
        basis=str(p["basis"]),
    )


def _round(v: Any, digits: int = 2) -> float | None:
    return None if v is None else round(float(v), digits)


def _revenue_shares(ctx: ToolContext, start: Any, end: Any) -> pd.DataFrame:
    """Share of the period's revenue per supplier (supplier_id index: share, n_products)."""
    lo = datetime.combine(start, time.min)
    hi = datetime.combine(end + timedelta(days=1), time.min)
    stmt = (
        select(SaleLine.sku, func.sum(SaleLine.quantity * SaleLine.unit_price).label("revenue"))
        .where(SaleLine.ts >= lo, SaleLine.ts < hi)
        .group_by(SaleLine.sku)
    )
    sales = pd.DataFrame(ctx.session.execute(stmt).all(), columns=["sku", "revenue"])
    products = frames.products(ctx.session, active_only=True)
    out = revenue_dependence(sales, products).dropna(subset=["supplier_id"])
    return out.set_index(out["supplier_id"].astype(int))


def _why() -> list[str]:
    return [
        "A delivery is one order arriving on one day; it is late when it came after the day "
        "the supplier said (its stated lead time after the order).",
        "In full: the order line arrived complete (rejected units missing); on time in full: "
        "on time and complete.",
        "The prediction for the next order weighs recent deliveries more; a supplier with few "
        "deliveries leans on the shop's other suppliers until its own record says more. The "
        "on-time range is where the chance lies with 80 % certainty.",
        f"'Late of the last {RECENT}' counts its {RECENT} most recent deliveries.",
    ]


def _notes(cards: list[SupplierCard]) -> list[str]:
    few = [c.supplier for c in cards if 0 < c.late.n < FEW]
    none = [c.supplier for c in cards if c.late.n == 0]
    notes = []
    if few:
        notes.append(
            f"Few deliveries in the period for {', '.join(few)}: its shares can change a lot "
            "with the next one."
        )
    if none:
        notes.append(f"No deliveries in the period from {', '.join(none)}.")
    return notes

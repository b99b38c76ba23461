"""What the alert detectors look at, read from the store once, and the detectors run over it
for any day (the daily check uses today; the precision check replays past days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from analytics.alerts import Alert, AlertRules, detect_sales_alerts, select_alerts
from analytics.price_alerts import detect_competitor_alerts, detect_cost_alerts
from analytics.weekly import weekday_baseline
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import (
    CompetitorPrice,
    PurchaseOrder,
    PurchaseOrderLine,
    SaleLine,
    StockLevel,
)

LOOKBACK_DAYS = 440  # the baseline: 8 weeks now and the same weeks a year ago


@dataclass(frozen=True)
class AlertInputs:
    """daily: unique_id, ds, y, promo, off_units, off_revenue; products: the catalogue;
    counts: sku, on_hand, counted_at; costs: sku, ordered_at, unit_cost (order lines);
    quotes: sku, competitor, price, date."""

    daily: pd.DataFrame
    products: pd.DataFrame
    counts: pd.DataFrame
    costs: pd.DataFrame
    quotes: pd.DataFrame


def read_inputs(session: Session, since: date) -> AlertInputs:
    """Everything from `since` on (sales, order costs, competitor prices) and all stock counts."""
    day = func.date(SaleLine.ts).label("ds")
    off = case((SaleLine.promo.is_(False), SaleLine.quantity), else_=0.0)
    rows = session.execute(
        select(
            SaleLine.sku,
            day,
            func.sum(SaleLine.quantity),
            func.sum(case((SaleLine.promo.is_(True), SaleLine.quantity), else_=0.0)),
            func.sum(off),
            func.sum(off * SaleLine.unit_price),
        )
        .where(SaleLine.ts >= since)
        .group_by(SaleLine.sku, day)
    ).all()
    daily = pd.DataFrame(
        rows, columns=["unique_id", "ds", "y", "promo", "off_units", "off_revenue"]
    ).astype({"y": float, "promo": float, "off_units": float, "off_revenue": float})
    daily["ds"] = pd.to_datetime(daily["ds"])
    counts = pd.DataFrame(
        session.execute(select(StockLevel.sku, StockLevel.on_hand, StockLevel.counted_at)).all(),
        columns=["sku", "on_hand", "counted_at"],
    )
    costs = pd.DataFrame(
        session.execute(
            select(PurchaseOrderLine.sku, PurchaseOrder.ordered_at, PurchaseOrderLine.unit_cost)
            .join(PurchaseOrder, PurchaseOrderLine.order_id == PurchaseOrder.id)
            .where(PurchaseOrderLine.unit_cost.is_not(None))
        ).all(),
        columns=["sku", "ordered_at", "unit_cost"],
    )
    quotes = pd.DataFrame(
        session.execute(
            select(
                CompetitorPrice.sku,
                CompetitorPrice.competitor,
                CompetitorPrice.price,
                CompetitorPrice.date,
            ).where(CompetitorPrice.date >= since)
        ).all(),
        columns=["sku", "competitor", "price", "date"],
    )
    return AlertInputs(daily, frames.products(session, active_only=True), counts, costs, quotes)


def _on_hand(inputs: AlertInputs, today: date) -> pd.Series:
    """Stock now by sku: the latest count before `today` ends, less what sold since (a count
    from long ago says little, and this is how it shows)."""
    c = inputs.counts
    c = c[pd.to_datetime(c["counted_at"]) < pd.Timestamp(today + timedelta(days=1))]
    latest = c.sort_values("counted_at").groupby("sku").last()
    counted = pd.to_datetime(latest["counted_at"]).dt.normalize()
    d = inputs.daily[inputs.daily["ds"] < pd.Timestamp(today)]
    d = d.join(counted.rename("counted"), on="unique_id", how="inner")
    sold = d[d["ds"] >= d["counted"]].groupby("unique_id")["y"].sum()
    return latest["on_hand"] - sold.reindex(latest.index, fill_value=0.0)


def _weekly_units(inputs: AlertInputs, today: date) -> pd.Series:
    d = inputs.daily
    recent = d[
        (d["ds"] >= pd.Timestamp(today - timedelta(days=28))) & (d["ds"] < pd.Timestamp(today))
    ]
    return recent.groupby("unique_id")["y"].sum() / 4


def _cost_changes(inputs: AlertInputs, today: date, days: int) -> pd.DataFrame:
    """Per product whose order cost changed in the last `days` days: the new cost against the
    one before, and the shelf price while the old cost applied."""
    c = inputs.costs.assign(ordered_at=pd.to_datetime(inputs.costs["ordered_at"]))
    c = c[c["ordered_at"] < pd.Timestamp(today)].sort_values(["sku", "ordered_at"])
    c = c[c.groupby("sku")["unit_cost"].diff().fillna(0).abs() > 1e-9]  # only the changes
    last = c.groupby("sku").tail(1).set_index("sku")
    last = last[last["ordered_at"] >= pd.Timestamp(today - timedelta(days=days))]
    before = inputs.costs.assign(ordered_at=pd.to_datetime(inputs.costs["ordered_at"]))
    before = before.sort_values("ordered_at").set_index("sku")
    rows = []
    d = inputs.daily
    for sku, r in last.iterrows():
        older = before.loc[[sku]] if sku in before.index else before.iloc[:0]
        older = older[older["ordered_at"] < r["ordered_at"]]
        if older.empty:
            continue
        prev = older.iloc[-1]
        lo = prev["ordered_at"] - pd.Timedelta(days=7)
        window = d[(d["unique_id"] == sku) & (d["ds"] >= lo) & (d["ds"] <= prev["ordered_at"])]
        units = float(window["off_units"].sum())
        if units <= 0:
            continue
        rows.append(
            {
                "sku": sku,
                "old_cost": float(prev["unit_cost"]),
                "new_cost": float(r["unit_cost"]),
                "changed_on": r["ordered_at"],
                "old_price": float(window["off_revenue"].sum()) / units,
            }
        )
    cols = ["sku", "old_cost", "new_cost", "changed_on", "old_price"]
    return pd.DataFrame(rows, columns=cols)


def find_alerts(
    inputs: AlertInputs,
    today: date,
    rules: AlertRules,
    expected: pd.DataFrame | None = None,
) -> list[Alert]:
    """Every alert the data supports on `today` (before de-duplication and the daily cap).

    Args:
        inputs: what `read_inputs` read.
        today: the day of the check (sales before it count).
        rules: thresholds.
        expected: unique_id, ds, mean for the window days (the stored forecast); default the
            same weekdays of the 8 weeks before the window.
    """
    start = today - timedelta(days=rules.window_days)
    history = inputs.daily[inputs.daily["ds"] < pd.Timestamp(today)]
    if expected is None:
        expected = weekday_baseline(
            history[["unique_id", "ds", "y"]], start, today - timedelta(days=1)
        )
    products = inputs.products.assign(on_hand=inputs.products["sku"].map(_on_hand(inputs, today)))
    weekly = inputs.products["sku"].map(_weekly_units(inputs, today)).fillna(0.0)
    found = detect_sales_alerts(history, expected, products, today, rules)
    costs = _cost_changes(inputs, today, rules.cost_change_days).merge(
        products.assign(weekly_units=weekly)[["sku", "name", "price", "weekly_units"]], on="sku"
    )
    found += detect_cost_alerts(costs, today, rules)
    quotes = inputs.quotes[pd.to_datetime(inputs.quotes["date"]) < pd.Timestamp(today)]
    priced = products.assign(weekly_units=weekly)[["sku", "name", "price", "weekly_units"]]
    found += detect_competitor_alerts(quotes, priced, today, rules)
    return found


def replay(
    inputs: AlertInputs, first: date, days: int, rules: AlertRules, max_per_day: int
) -> list[tuple[date, Alert]]:
    """The alerts a daily check would have sent from `first` on for `days` days, with the
    same memory (no repeat while unchanged) and daily cap as the live check."""
    last: dict[str, tuple[str, date]] = {}
    sent: list[tuple[date, Alert]] = []
    for k in range(days):
        today = first + timedelta(days=k)
        found = find_alerts(inputs, today, rules)
        for a in select_alerts(found, last, set(), {}, 0, max_per_day, today, rules):
            last[f"{a.kind}:{a.subject}"] = (a.key, today)
            sent.append((today, a))
    return sent

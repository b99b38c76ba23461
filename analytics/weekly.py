"""The week in numbers: which week, movers and their reasons, lost sales, deliveries, customers.

Pure functions over frames the caller reads from the store. Each result carries the facts
behind it, so the brief can say *why* a product moved, not only that it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

PROMO_SHARE = 0.3  # at least this share of a week's units sold on promotion = "on promotion"
PRICE_CHANGE = 0.03  # a shelf-price move of 3 % or more is a reason
NEW_PRODUCT_DAYS = 28  # first sold within four weeks of the week's start = new
LAPSE_DAYS = 60  # a regular not seen for this long has lapsed
REGULAR_VISITS = 3  # a customer with at least this many visit days is a regular
BASELINE_WEEKS = 8
SEASONAL = 1.25  # last year's same week moved at least this much the same way = seasonal


def last_full_week(today: date, first_weekday: int = 0) -> tuple[date, date]:
    """The last complete week before `today` (Monday to Sunday by default), inclusive."""
    back = (today.weekday() - first_weekday) % 7
    start = today - timedelta(days=back + 7)
    return start, start + timedelta(days=6)


@dataclass(frozen=True)
class Mover:
    """A product whose week differs most from the week before, and the reason the data gives."""

    sku: str
    name: str
    revenue: float
    previous_revenue: float
    change: float
    reason: str


def _reason(row: pd.Series, up: bool, week_start: date) -> str:
    share, before = float(row["promo_share"]), float(row["promo_share_prev"])
    if up and share >= PROMO_SHARE and share > before + 0.2:
        return f"on promotion: {share:.0%} of units"
    if not up and before >= PROMO_SHARE and share < before - 0.2:
        return "its promotion ended"
    if not up and not bool(row.get("active", True)):
        return "no longer sold (discontinued)"
    if not up and row["stockout_days"] > 0:
        return f"out of stock {int(row['stockout_days'])} day(s)"
    if up and row["stockout_days_prev"] > 0 and row["stockout_days"] == 0:
        return "back in stock after a stock-out"
    first = row["first_sale"]
    if up and pd.notna(first) and first >= week_start - timedelta(days=NEW_PRODUCT_DAYS):
        return f"new product (first sold {first:%d %b})"
    price, prev = float(row["price"]), float(row["price_prev"])
    if price > 0 and prev > 0 and abs(price / prev - 1) >= PRICE_CHANGE:
        word = "raised" if price > prev else "cut"
        return f"price {word} from {prev:.2f} to {price:.2f}"
    ly = float(row.get("ly_ratio", np.nan))
    if np.isfinite(ly) and ((up and ly >= SEASONAL) or (not up and ly <= 1 / SEASONAL)):
        return f"seasonal: {ly - 1:+.0%} in the same week last year too"
    return "no clear reason in the data"


def movers(
    current: pd.DataFrame, previous: pd.DataFrame, week_start: date, n: int = 3
) -> tuple[list[Mover], list[Mover]]:
    """The `n` biggest revenue gains and losses against the week before, each with a reason.

    Args:
        current: this week per product: sku, name, revenue, units, promo_units, price (mean
            shelf price off promotion), stockout_days, first_sale (date or NaT).
        previous: the week before: sku, revenue, units, promo_units, price, stockout_days.
        week_start: first day of this week (for "new product").
        n: movers per direction.

    Returns:
        (up, down), largest change first.
    """
    prev = previous.set_index("sku")
    both = current.set_index("sku").join(prev, how="outer", rsuffix="_prev")
    if "name_prev" in both:
        both["name"] = both["name"].fillna(both["name_prev"])
    both["name"] = both["name"].fillna(both.index.to_series())
    for col in ("revenue", "units", "promo_units", "stockout_days"):
        both[col] = both[col].fillna(0.0)
        both[f"{col}_prev"] = both[f"{col}_prev"].fillna(0.0)
    both["price"] = both["price"].fillna(0.0)
    both["price_prev"] = both["price_prev"].fillna(0.0)
    both["promo_share"] = both["promo_units"] / both["units"].where(both["units"] > 0, np.nan)
    both["promo_share_prev"] = both["promo_units_prev"] / both["units_prev"].where(
        both["units_prev"] > 0, np.nan
    )
    both[["promo_share", "promo_share_prev"]] = both[["promo_share", "promo_share_prev"]].fillna(0)
    both["change"] = both["revenue"] - both["revenue_prev"]
    ranked = both.sort_values("change", kind="stable")

    def pick(rows: pd.DataFrame, up: bool) -> list[Mover]:
        return [
            Mover(
                sku=str(sku),
                name=str(r["name"]),
                revenue=round(float(r["revenue"]), 2),
                previous_revenue=round(float(r["revenue_prev"]), 2),
                change=round(float(r["change"]), 2),
                reason=_reason(r, up, week_start),
            )
            for sku, r in rows.iterrows()
        ]

    up = ranked[ranked["change"] > 0].iloc[::-1].head(n)
    down = ranked[ranked["change"] < 0].head(n)
    return pick(up, True), pick(down, False)


@dataclass(frozen=True)
class LostSale:
    """A product that was out of stock during the week and what that probably cost."""

    sku: str
    name: str
    days: int
    units: float
    revenue: float


def lost_sales(
    stockout_days: pd.DataFrame, expected: pd.DataFrame, products: pd.DataFrame
) -> list[LostSale]:
    """Estimated sales lost to stock-outs: the expected units of each day out of stock.

    Args:
        stockout_days: unique_id, ds — days a product was out of stock.
        expected: unique_id, ds, mean — expected units per product and day.
        products: sku, name, price.

    Returns:
        One entry per product, most revenue lost first.
    """
    if stockout_days.empty:
        return []
    days = stockout_days.assign(ds=pd.to_datetime(stockout_days["ds"]))
    exp = expected.assign(ds=pd.to_datetime(expected["ds"]))
    lost = days.merge(exp, on=["unique_id", "ds"], how="left").fillna({"mean": 0.0})
    per = lost.groupby("unique_id").agg(days=("ds", "nunique"), units=("mean", "sum"))
    cat = products.set_index("sku")
    per = per.join(cat[["name", "price"]], how="left")
    per["revenue"] = per["units"] * per["price"].fillna(0.0)
    per = per.sort_values("revenue", ascending=False, kind="stable")
    return [
        LostSale(
            str(s),
            str(r["name"]),
            int(r["days"]),
            round(float(r["units"]), 1),
            round(float(r["revenue"]), 2),
        )
        for s, r in per.iterrows()
    ]


def weekday_baseline(
    sales: pd.DataFrame, start: date, end: date, weeks: int = BASELINE_WEEKS
) -> pd.DataFrame:
    """Expected units per product and day from the same weekdays of the `weeks` weeks before,
    times last year's change from those weeks to these days (so Christmas goods are expected
    to rise in December). The fallback when no forecast was stored before `start`.

    Args:
        sales: unique_id, ds, y (sparse: a missing day sold nothing), a year and more.
        start: first day to estimate.
        end: last day to estimate, inclusive.
        weeks: weeks of history looked at.

    Returns:
        unique_id, ds, mean for every product that sold in those weeks and every day.
    """
    base = _weekday_means(sales, start, end, weeks)
    if base.empty:
        return base
    year = timedelta(days=364)
    ly = _weekday_means(sales, start - year, end - year, weeks)
    if ly.empty:
        return base
    ly_lo, ly_hi = pd.Timestamp(start - year), pd.Timestamp(end - year)
    ly_days = sales[(sales["ds"] >= ly_lo) & (sales["ds"] <= ly_hi)]
    actual = ly_days.groupby("unique_id")["y"].sum()
    expected = ly.groupby("unique_id")["mean"].sum()
    factor = ((actual.reindex(expected.index, fill_value=0.0) + 1) / (expected + 1)).clip(0.5, 4.0)
    return base.assign(mean=base["mean"] * base["unique_id"].map(factor).fillna(1.0))


def _weekday_means(sales: pd.DataFrame, start: date, end: date, weeks: int) -> pd.DataFrame:
    lo = pd.Timestamp(start) - pd.Timedelta(days=7 * weeks)
    hist = sales[(sales["ds"] >= lo) & (sales["ds"] < pd.Timestamp(start))]
    if hist.empty:
        return pd.DataFrame(columns=["unique_id", "ds", "mean"])
    by_weekday = hist.assign(wd=hist["ds"].dt.weekday).groupby(["unique_id", "wd"])["y"].sum()
    by_weekday = (by_weekday / weeks).rename("mean").reset_index()
    days = pd.DataFrame({"ds": pd.date_range(start, end)})
    days["wd"] = days["ds"].dt.weekday
    ids = pd.DataFrame({"unique_id": hist["unique_id"].unique()})
    grid = ids.merge(days, how="cross").merge(by_weekday, on=["unique_id", "wd"], how="left")
    return grid.fillna({"mean": 0.0})[["unique_id", "ds", "mean"]]


@dataclass(frozen=True)
class SupplierIssue:
    """Late or short deliveries of one supplier received during the week."""

    supplier_id: int
    deliveries: int
    late: int
    max_days_late: int
    short_lines: int
    units_short: float


def delivery_issues(deliveries: pd.DataFrame, start: date, end: date) -> list[SupplierIssue]:
    """Deliveries received from `start` to `end` that came late or short, per supplier.

    Args:
        deliveries: supplier_id, order_ref, sku, expected_at, received_at, quantity_ordered,
            quantity_received, quantity_rejected (one row per delivery; see store frames).
        start: first day.
        end: last day, inclusive.

    Returns:
        Suppliers with at least one late or short delivery, most problems first.
    """
    if deliveries.empty:
        return []
    d = deliveries.copy()
    d["received_at"] = pd.to_datetime(d["received_at"])
    # A line counts as short when all deliveries of it so far gave fewer good units.
    upto = d[d["received_at"] <= pd.Timestamp(end)]
    good = (
        (upto["quantity_received"] - upto["quantity_rejected"])
        .groupby([upto["order_ref"], upto["sku"]])
        .sum()
    )
    week = d[(d["received_at"] >= pd.Timestamp(start)) & (d["received_at"] <= pd.Timestamp(end))]
    if week.empty:
        return []
    week = week.join(good.rename("good"), on=["order_ref", "sku"])
    week["late_days"] = (week["received_at"] - pd.to_datetime(week["expected_at"])).dt.days
    week["short"] = (week["quantity_ordered"] - week["good"]).clip(lower=0)
    out = []
    for sid, g in week.groupby("supplier_id"):
        per_order = g.groupby("order_ref")["late_days"].max().fillna(0)
        late = per_order[per_order > 0]
        short = g[g["short"] > 0].drop_duplicates(["order_ref", "sku"])
        if late.empty and short.empty:
            continue
        out.append(
            SupplierIssue(
                supplier_id=int(sid),
                deliveries=int(g["order_ref"].nunique()),
                late=len(late),
                max_days_late=int(late.max()) if len(late) else 0,
                short_lines=len(short),
                units_short=round(float(short["short"].sum()), 1),
            )
        )
    return sorted(out, key=lambda s: -(s.late + s.short_lines))


@dataclass(frozen=True)
class CustomerChanges:
    """Loyalty members who came for the first time, and regulars who stopped coming."""

    new: int
    lapsed: int
    regulars: int
    rule: str


def customer_changes(visits: pd.DataFrame, start: date, end: date) -> CustomerChanges:
    """New members (first visit in the week) and lapsed regulars (absence crossed 60 days).

    Args:
        visits: customer_id, ds — the days each member bought something (history to `end`).
        start: first day of the week.
        end: last day, inclusive.
    """
    v = visits[pd.to_datetime(visits["ds"]) <= pd.Timestamp(end)]
    g = v.groupby("customer_id")["ds"]
    first, last, n = pd.to_datetime(g.min()), pd.to_datetime(g.max()), g.nunique()
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    new = int(((first >= lo) & (first <= hi)).sum())
    regular = n >= REGULAR_VISITS
    gap_lo, gap_hi = lo - pd.Timedelta(days=LAPSE_DAYS), hi - pd.Timedelta(days=LAPSE_DAYS)
    lapsed = int((regular & (last >= gap_lo) & (last <= gap_hi)).sum())
    active = int((regular & (last > gap_hi)).sum())
    return CustomerChanges(
        new=new,
        lapsed=lapsed,
        regulars=active,
        rule=f"lapsed = a member with {REGULAR_VISITS}+ visit days whose absence reached "
        f"{LAPSE_DAYS} days this week",
    )

"""Checks on stock counts and master data: negative or old counts, counts that contradict
sales, products without supplier or cost, suppliers without deliveries, odd customers."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.data_quality_sales import sold_recently
from analytics.data_quality_types import Case, Finding

STALE_COUNT_DAYS = 45  # a selling product not counted for this long while others were
QUIET_SUPPLIER_DAYS = 180
RECEIPTS_PER_DAY = 6  # more receipts than this for one customer on one day is implausible
_COUNT_FIX = "Count the product and import the count (a stock file: sku, on hand, count date)."


def stock_findings(
    counts: pd.DataFrame,
    sales: pd.DataFrame,
    deliveries: pd.DataFrame,
    products: pd.DataFrame,
    today: date,
) -> list[Finding]:
    """Stock-count checks that find something."""
    if counts.empty:
        return []
    names = dict(zip(products["sku"], products["name"], strict=True))
    latest = counts.sort_values("counted_at").groupby("sku").tail(1).set_index("sku")
    found = [
        _negative(latest, names),
        _stale(latest, sales, products, names, today),
        _contradicted(counts, sales, deliveries, names),
    ]
    return [f for f in found if f is not None]


def _negative(latest: pd.DataFrame, names: dict[str, str]) -> Finding | None:
    neg = latest[latest["on_hand"] < 0]
    if neg.empty:
        return None
    cases = tuple(
        Case(
            f"{names.get(sku, sku)}: {row.on_hand:g} counted on {row.counted_at:%Y-%m-%d}",
            sku=str(sku),
            start=row.counted_at.date(),
            end=row.counted_at.date(),
        )
        for sku, row in neg.iterrows()
    )
    return Finding(
        "negative_stock",
        "high",
        "Negative stock counts",
        len(cases),
        f"{len(cases)} product(s) have a stock below zero, which cannot be: the reorder plan "
        "orders too much of them and the stock-out warning fires too early.",
        _COUNT_FIX,
        cases,
    )


def _stale(
    latest: pd.DataFrame,
    sales: pd.DataFrame,
    products: pd.DataFrame,
    names: dict[str, str],
    today: date,
) -> Finding | None:
    age = (pd.Timestamp(today) - latest["counted_at"]).dt.days
    if (age <= STALE_COUNT_DAYS).sum() == 0:
        return None  # nobody counts regularly: an old count is the shop's habit, not a slip
    active = set(products.loc[products["active"].astype(bool), "sku"])
    selling = sold_recently(sales, today) if len(sales) else set()
    old = latest[(age > STALE_COUNT_DAYS) & latest.index.isin(active & selling)]
    if old.empty:
        return None
    cases = tuple(
        Case(
            f"{names.get(sku, sku)}: last counted on {row.counted_at:%Y-%m-%d}, "
            f"{(pd.Timestamp(today) - row.counted_at).days} days ago",
            sku=str(sku),
            start=row.counted_at.date(),
            end=today,
        )
        for sku, row in old.iterrows()
    )
    return Finding(
        "stale_count",
        "high",
        "Stock not counted for a long time",
        len(cases),
        f"{len(cases)} selling product(s) were last counted more than {STALE_COUNT_DAYS} days "
        "ago while the rest of the shop was counted since: their stock on hand, stock-out "
        "date and reorder quantity are guesses.",
        _COUNT_FIX,
        cases,
    )


def _contradicted(
    counts: pd.DataFrame, sales: pd.DataFrame, deliveries: pd.DataFrame, names: dict[str, str]
) -> Finding | None:
    """A morning count of nothing, yet the product sold that day without a delivery."""
    empty = counts[counts["on_hand"] <= 0].assign(day=lambda f: f["counted_at"].dt.normalize())
    if empty.empty or sales.empty:
        return None
    sold = sales.assign(day=sales["ts"].dt.normalize()).groupby(["sku", "day"])["quantity"].sum()
    got = set(zip(deliveries["sku"], pd.to_datetime(deliveries["received_at"]), strict=True))
    empty = empty.join(sold.rename("sold"), on=["sku", "day"])
    delivered = pd.Series(
        [(s, d) in got for s, d in zip(empty["sku"], empty["day"], strict=True)], index=empty.index
    )
    bad = empty[(empty["sold"] > 0) & ~delivered]
    if bad.empty:
        return None
    cases = tuple(
        Case(
            f"{names.get(r.sku, r.sku)}: counted {r.on_hand:g} on {r.day:%Y-%m-%d}, "
            f"then {r.sold:g} sold that day with no delivery",
            sku=r.sku,
            start=r.day.date(),
            end=r.day.date(),
        )
        for r in bad.itertuples()
    )
    return Finding(
        "count_contradicts_sales",
        "medium",
        "Stock counts that contradict sales",
        len(cases),
        f"{len(cases)} count(s) found nothing on the shelf although the product sold that "
        "day: the forecast treats the day as a stock-out, and the stock on hand is doubtful.",
        "Check the count (a miscounted shelf or an unrecorded delivery) and import the "
        "corrected count or the delivery.",
        cases,
    )


def master_findings(
    products: pd.DataFrame,
    sales: pd.DataFrame,
    deliveries: pd.DataFrame,
    suppliers: pd.DataFrame,
    today: date,
) -> list[Finding]:
    """Catalogue, supplier and customer checks that find something."""
    active = products[products["active"].astype(bool)]
    found = [
        _no_supplier(active),
        _no_cost(active),
        _quiet_suppliers(active, deliveries, suppliers, today),
        _odd_customers(sales),
    ]
    return [f for f in found if f is not None]


def _product_cases(rows: pd.DataFrame, why: str) -> tuple[Case, ...]:
    return tuple(Case(f"{r.name} ({r.sku}){why}", sku=r.sku) for r in rows.itertuples())


def _no_supplier(active: pd.DataFrame) -> Finding | None:
    rows = active[active["supplier_id"].isna()]
    if rows.empty:
        return None
    return Finding(
        "missing_supplier",
        "high",
        "Products without a supplier",
        len(rows),
        f"{len(rows)} product(s) on sale have no supplier: the reorder plan and the "
        "stock-out warnings cannot put them on any purchase order.",
        "Add the supplier column for them in the products file and import it again.",
        _product_cases(rows, " has no supplier"),
    )


def _no_cost(active: pd.DataFrame) -> Finding | None:
    rows = active[(active["unit_cost"].fillna(0) <= 0) | (active["unit_cost"] >= active["price"])]
    if rows.empty:
        return None
    return Finding(
        "missing_cost",
        "medium",
        "Products without a usable cost",
        len(rows),
        f"{len(rows)} product(s) have no cost, or a cost at or above their price: their "
        "margins are wrong, and price advice and the stock's value are off.",
        "Add the unit cost in the products file and import it again.",
        _product_cases(rows, " has no cost below its price"),
    )


def _quiet_suppliers(
    active: pd.DataFrame, deliveries: pd.DataFrame, suppliers: pd.DataFrame, today: date
) -> Finding | None:
    since = pd.Timestamp(today) - pd.Timedelta(days=QUIET_SUPPLIER_DAYS)
    recent = pd.to_datetime(deliveries["received_at"]) >= since
    delivering = set(deliveries.loc[recent, "supplier_id"])
    used = set(active["supplier_id"].dropna().astype(int))
    quiet = suppliers[suppliers["supplier_id"].isin(used - delivering)]
    if quiet.empty:
        return None
    cases = tuple(Case(f"{r.name}: no delivery on file") for r in quiet.itertuples())
    return Finding(
        "supplier_without_deliveries",
        "medium",
        "Suppliers without recorded deliveries",
        len(quiet),
        f"{len(quiet)} supplier(s) of products on sale have no delivery in the last "
        f"{QUIET_SUPPLIER_DAYS} days: their lead time and reliability are the stated ones, "
        "not measured, so safety stock may be too small.",
        "Import the deliveries (a deliveries file: purchase order, supplier, sku, dates, "
        "quantities).",
        cases,
    )


def _odd_customers(sales: pd.DataFrame) -> Finding | None:
    known = sales[sales["customer_id"].fillna("") != ""]
    if known.empty:
        return None
    per_day = known.groupby(["customer_id", known["ts"].dt.normalize()])["order_id"].nunique()
    odd = per_day[per_day > RECEIPTS_PER_DAY]
    if odd.empty:
        return None
    cases = tuple(
        Case(f"{cust}: {n} receipts on {day:%Y-%m-%d}", start=day.date(), end=day.date())
        for (cust, day), n in odd.items()
    )
    n = int(odd.index.get_level_values(0).nunique())
    return Finding(
        "implausible_customer",
        "medium",
        "Customers with implausible histories",
        n,
        f"{n} customer number(s) carry more than {RECEIPTS_PER_DAY} receipts in one day, "
        "which looks like a shared card or a staff number: customer segments and campaign "
        "targeting treat them as the shop's best customers.",
        "Check the customer number at the till; import sales without it for staff or shared cards.",
        cases,
    )

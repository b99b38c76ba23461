"""Injected data-quality problems, each recorded in the ground truth with where it is.

Problems: a two-day till outage (no sales recorded), duplicated lines (exact, and re-sent under
another receipt number), lines at price 0, a quantity typo (240 for 2), a negative stock count,
a stale stock count, and a product without a supplier. Sales lines are marked in the temporary
column `_dq` ("kind#n") so their line keys can be reported once keys exist.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

N_EXACT_DUPLICATES = 3
N_RESENT_DUPLICATES = 3
N_ZERO_PRICE = 2
STALE_DAYS = 150


def choose_outage(calendar: pd.DataFrame, n_hist: int, rng: np.random.Generator) -> int:
    """First day index of a Tuesday–Wednesday till outage, months ago, on ordinary days."""
    ds = pd.DatetimeIndex(calendar["ds"])
    t = np.arange(n_hist - 400, n_hist - 120)
    ok = (calendar["weekday"].to_numpy()[t] == 1) & (ds[t].month != 12)
    ok &= (calendar["holiday"].to_numpy()[t] == "") & (calendar["holiday"].to_numpy()[t + 1] == "")
    return int(rng.choice(t[ok]))


def drop_outage(sales: pd.DataFrame, first: pd.Timestamp) -> tuple[pd.DataFrame, dict[str, object]]:
    """Remove the two outage days' lines; the goods were sold (stock fell) but never recorded."""
    day = sales["ts"].dt.normalize()
    lost = (day >= first) & (day <= first + pd.Timedelta(days=1))
    value = float((sales.loc[lost, "quantity"] * sales.loc[lost, "unit_price"]).sum())
    problem = {
        "kind": "pos_outage",
        "table": "sales",
        "start": first,
        "end": first + pd.Timedelta(days=1),
        "detail": f"the till recorded no sales on two open days; {int(lost.sum())} lines "
        f"(EUR {value:,.0f}) are missing",
    }
    return sales.loc[~lost].reset_index(drop=True), problem


def _line_problem(
    kind: str, sales: pd.DataFrame, i: int, tag: str, detail: str, true_value: float | None = None
) -> dict[str, object]:
    sales.iat[i, sales.columns.get_loc("_dq")] = tag
    return {"kind": kind, "table": "sales", "sku": sales["sku"].iat[i], "tag": tag,
            "true_value": true_value, "detail": detail}  # fmt: skip


def corrupt_sales(
    sales: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Duplicate, zero-price and typo lines. Adds `_dq` tags; duplicates are appended rows."""
    sales = sales.copy()
    sales["_dq"] = ""
    n_dup = N_EXACT_DUPLICATES + N_RESENT_DUPLICATES
    plain = np.flatnonzero(~sales["promo"].to_numpy() & (sales["quantity"].to_numpy() <= 2))
    picks = [int(i) for i in rng.choice(plain, n_dup + N_ZERO_PRICE, replace=False)]
    problems: list[dict[str, object]] = []
    copies = []
    for k, i in enumerate(picks[:n_dup]):
        copy = sales.iloc[[i]].copy()
        if k < N_EXACT_DUPLICATES:
            detail, kind = "the same line was recorded twice", "duplicate_line"
        else:
            # The till sent the receipt again under a new number (9xxx is never used).
            detail, kind = (
                "the line was sent again under another receipt number",
                "duplicate_resent",
            )
            order = str(copy["order_id"].iat[0])
            copy["order_id"] = order[: order.rindex("-") + 1] + f"9{order[-3:]}"
        problems.append(_line_problem(kind, sales, i, f"{kind}#{k}", detail))
        copy["_dq"] = f"{kind}#{k}"
        copies.append(copy)
    for k, i in enumerate(picks[n_dup:]):
        price = float(sales["unit_price"].iat[i])
        sales.iat[i, sales.columns.get_loc("unit_price")] = 0.0
        detail = f"sold at price 0 (shelf price EUR {price:.2f})"
        problems.append(_line_problem("zero_price", sales, i, f"zero_price#{k}", detail, price))
    twos = np.flatnonzero(
        (sales["quantity"].to_numpy() == 2)
        & (sales["unit_price"].to_numpy() < 5)
        & (sales["_dq"].to_numpy() == "")
    )
    i = int(rng.choice(twos))
    sales.iat[i, sales.columns.get_loc("quantity")] = 240.0
    detail = "quantity 240 was typed for 2"
    problems.append(_line_problem("quantity_typo", sales, i, "quantity_typo#0", detail, 2.0))
    return pd.concat([sales, *copies], ignore_index=True), problems


def corrupt_stock(
    stock: pd.DataFrame,
    negative_sku: str,
    stale_sku: str,
    end: pd.Timestamp,
    true_on_hand: dict[str, float],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """One negative count this morning and one product not counted for months."""
    stock = stock.copy()
    today = (stock["sku"] == negative_sku) & (stock["counted_at"] >= end)
    counted_at = stock.loc[today, "counted_at"].iat[0]
    shown = -float(rng.integers(2, 7))
    stock.loc[today, "on_hand"] = shown
    stale = (stock["sku"] == stale_sku) & (stock["counted_at"] > end - timedelta(days=STALE_DAYS))
    stock = stock.loc[~stale].reset_index(drop=True)
    stock["id"] = np.arange(1, len(stock) + 1)
    last = stock.loc[stock["sku"] == stale_sku, "counted_at"].max()
    return stock, [
        {
            "kind": "negative_stock",
            "table": "stock_levels",
            "sku": negative_sku,
            "true_value": true_on_hand[negative_sku],
            "start": counted_at,
            "end": counted_at,
            "detail": f"this morning's count is {shown:g}; the true stock is "
            f"{true_on_hand[negative_sku]:g}",
        },
        {
            "kind": "stale_stock_count",
            "table": "stock_levels",
            "sku": stale_sku,
            "true_value": true_on_hand[stale_sku],
            "start": last,
            "end": last,
            "detail": f"last counted on {last:%Y-%m-%d}, {(end - last).days} days ago",
        },
    ]


def drop_supplier(products: pd.DataFrame, sku: str) -> tuple[pd.DataFrame, dict[str, object]]:
    """One product loses its supplier in the master data (it is still bought from it)."""
    products = products.copy()
    row = products["sku"] == sku
    true_supplier = int(products.loc[row, "supplier_id"].iat[0])
    products["supplier_id"] = products["supplier_id"].astype("Int64")
    products.loc[row, "supplier_id"] = pd.NA
    return products, {
        "kind": "missing_supplier",
        "table": "products",
        "sku": sku,
        "true_value": float(true_supplier),
        "detail": f"no supplier in the product list (bought from supplier {true_supplier})",
    }

"""Input preparation for the reorder plan: one row per active product, and open-order arrivals.

Kept apart from analytics.replenishment so that the plan reads as the policy's arithmetic, while
the joins, defaults and data clean-up (missing suppliers, counts, costs) live here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from analytics.order_sizing import NO_SUPPLIER
from analytics.suppliers import STATED_SD_FRACTION

if TYPE_CHECKING:
    from analytics.replenishment import ReplenishmentPolicy

FloatArray = npt.NDArray[np.float64]


def product_frame(
    products: pd.DataFrame,
    suppliers: pd.DataFrame,
    lead_times: pd.DataFrame,
    stock: pd.DataFrame,
    on_order: pd.DataFrame,
    facts: pd.DataFrame,
    policy: ReplenishmentPolicy,
) -> pd.DataFrame:
    """Active products (sorted by sku) joined with supplier, lead time, stock and forecast facts.

    Lead time: the supplier's row in `lead_times` if present, else its stated lead time with an sd
    of 25 %, else (no supplier, or a supplier_id missing from `suppliers`) the policy default,
    basis 'default', and supplier_name "no supplier". Missing costs count as 0, pack sizes as 1,
    MOQs as 0; stock is the latest count per sku (missing = 0, negative counts = 0).

    Returns:
        sku, name, category, supplier_id (Int64, NA = none), supplier_name, unit_cost,
        pack_size, moq, shelf_life_days (NaN = keeps), lead_time_days, lead_time_sd,
        lead_time_basis, on_hand, on_order,
        demand_class ('no history' without facts), daily_error_sd (NaN if unknown).
    """
    p = products.copy()
    if "active" in p.columns:
        p = p[p["active"].astype("boolean").fillna(True).astype(bool)]
    p["sku"] = p["sku"].astype(str)
    p = p.drop_duplicates("sku", keep="last").sort_values("sku", kind="stable")
    if "category" not in p.columns:
        p["category"] = "uncategorised"
    p["supplier_id"] = pd.to_numeric(p["supplier_id"]).astype("Int64")

    sup = suppliers.reindex(
        columns=["supplier_id", "name", "lead_time_days", "review_period_days"]
    ).rename(columns={"name": "supplier_name", "lead_time_days": "stated"})
    lt = lead_times[["supplier_id", "lead_time_mean", "lead_time_sd", "basis"]]
    p = p.drop(columns=[c for c in ("supplier_name",) if c in p.columns])
    p = p.merge(sup.astype({"supplier_id": "Int64"}), on="supplier_id", how="left")
    p = p.merge(lt.astype({"supplier_id": "Int64"}), on="supplier_id", how="left")

    known = p["supplier_name"].notna()
    observed = known & p["lead_time_mean"].notna()
    stated = p["stated"].astype(float).where(known, policy.default_lead_time_days)
    stated = stated.fillna(policy.default_lead_time_days)
    p["supplier_id"] = p["supplier_id"].where(known, pd.NA).astype("Int64")
    p["supplier_name"] = p["supplier_name"].where(known, NO_SUPPLIER).astype(str)
    p["lead_time_days"] = p["lead_time_mean"].astype(float).where(observed, stated)
    p["lead_time_sd"] = (
        p["lead_time_sd"].astype(float).where(observed, stated * STATED_SD_FRACTION).fillna(0.0)
    )
    # Suppliers visited more (or less) often than the shop's usual review carry their own period.
    p["review_period_days"] = (
        pd.to_numeric(p["review_period_days"]).astype(float).where(lambda x: x > 0)
    ).fillna(float(policy.review_period_days))
    p["lead_time_basis"] = np.where(observed, p["basis"], np.where(known, "stated", "default"))

    p["unit_cost"] = pd.to_numeric(p["unit_cost"]).astype(float).fillna(0.0)
    p["pack_size"] = pd.to_numeric(p["pack_size"]).astype(float).fillna(1.0).clip(lower=1.0)
    p["moq"] = pd.to_numeric(p["moq"]).astype(float).fillna(0.0).clip(lower=0.0)
    shelf = p["shelf_life_days"] if "shelf_life_days" in p.columns else pd.Series(np.nan, p.index)
    p["shelf_life_days"] = pd.to_numeric(shelf).astype(float).where(lambda x: x > 0)

    p["on_hand"] = _per_sku(_latest_counts(stock), "on_hand", p["sku"]).clip(lower=0.0)
    p["on_order"] = _per_sku(on_order, "quantity", p["sku"]).clip(lower=0.0)

    f = facts[["unique_id", "demand_class", "daily_error_sd"]].rename(columns={"unique_id": "sku"})
    p = p.merge(f.astype({"sku": str}), on="sku", how="left")
    p["demand_class"] = p["demand_class"].fillna("no history").astype(str)
    p["daily_error_sd"] = pd.to_numeric(p["daily_error_sd"]).astype(float)
    keep = [
        "sku", "name", "category", "supplier_id", "supplier_name", "unit_cost", "pack_size",
        "moq", "shelf_life_days", "lead_time_days", "lead_time_sd", "lead_time_basis",
        "review_period_days",
        "on_hand", "on_order", "demand_class", "daily_error_sd",
    ]  # fmt: skip
    return p[keep].reset_index(drop=True)


def arrivals_matrix(
    on_order: pd.DataFrame, skus: list[str], lead_time: FloatArray, today: date, horizon: int
) -> tuple[FloatArray, FloatArray]:
    """Open-order units arriving each day: (len(skus) x horizon matrix, units after horizon).

    An order expected before today (late) is counted as arriving today; one without an
    expected date as arriving after the product's lead time (rounded up).
    """
    n = len(skus)
    arrivals = np.zeros((n, max(horizon, 0)), dtype=np.float64)
    late = np.zeros(n, dtype=np.float64)
    if on_order.empty or n == 0:
        return arrivals, late
    row_of = pd.Series(np.arange(n), index=pd.Index(skus, dtype=object))
    o = on_order[on_order["sku"].astype(str).isin(row_of.index)]
    rows = row_of.loc[o["sku"].astype(str).to_numpy()].to_numpy()
    expected = pd.to_datetime(o["expected_at"]).dt.normalize()
    offset = (expected - pd.Timestamp(today)).dt.days.to_numpy(dtype=np.float64)
    offset = np.where(np.isnan(offset), np.ceil(lead_time[rows]), offset)
    offset = np.maximum(offset, 0).astype(np.int64)
    qty = np.nan_to_num(pd.to_numeric(o["quantity"]).to_numpy(dtype=np.float64))
    inside = offset < horizon
    np.add.at(arrivals, (rows[inside], offset[inside]), qty[inside])
    np.add.at(late, rows[~inside], qty[~inside])
    return arrivals, late


def _latest_counts(stock: pd.DataFrame) -> pd.DataFrame:
    """The latest stock count per sku (by counted_at when given, else the last row)."""
    if "counted_at" in stock.columns:
        stock = stock.sort_values("counted_at", kind="stable")
    return stock.assign(sku=stock["sku"].astype(str)).drop_duplicates("sku", keep="last")


def _per_sku(frame: pd.DataFrame, column: str, skus: pd.Series) -> pd.Series:
    """`column` summed per sku, aligned to `skus` (missing = 0)."""
    if frame.empty:
        return pd.Series(0.0, index=skus.index)
    sums = pd.to_numeric(frame[column]).astype(float).groupby(frame["sku"].astype(str)).sum()
    return pd.Series(sums.reindex(skus.to_numpy()).fillna(0.0).to_numpy(), index=skus.index)

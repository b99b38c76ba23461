"""Order quantities: EOQ lot, MOQ, whole packs, and each supplier's minimum order value."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]

ORDER_COLUMNS = [
    "supplier_id",
    "supplier_name",
    "n_lines",
    "order_value",
    "min_order_value",
    "meets_minimum",
    "shortfall",
    "note",
]
NO_SUPPLIER = "no supplier"
_EPS = 1e-6


def economic_order_quantity(
    annual_demand: FloatArray | float,
    order_cost: float,
    holding_rate: float,
    unit_cost: FloatArray | float,
) -> FloatArray:
    """EOQ = sqrt(2 D K / (h c)); NaN where it does not apply (no demand, cost or holding rate).

    Args:
        annual_demand: D, units per year.
        order_cost: K, fixed cost of placing one order line.
        holding_rate: h, yearly holding cost as a fraction of the unit cost.
        unit_cost: c, purchase cost per unit.
    """
    d = np.asarray(annual_demand, dtype=np.float64)
    c = np.asarray(unit_cost, dtype=np.float64)
    applies = (d > 0) & (c > 0) & (holding_rate > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        eoq = np.sqrt(2.0 * d * order_cost / (holding_rate * np.where(applies, c, 1.0)))
    return np.asarray(np.where(applies, eoq, np.nan), dtype=np.float64)


def fmt(x: float) -> str:
    """A quantity for explanations: whole numbers bare, else 1 decimal (2 below 1)."""
    if not np.isfinite(x):
        return str(x)
    shown = round(float(x), 2 if abs(x) < 1 else 1)
    return str(round(shown)) if shown == round(shown) else f"{shown:g}"


def round_order_quantity(
    need: FloatArray,
    eoq: FloatArray,
    moq: FloatArray,
    pack_size: FloatArray,
    *,
    cap: FloatArray | None = None,
    cap_days: float | FloatArray = 91.0,
) -> tuple[FloatArray, list[str]]:
    """Turn a need into an orderable quantity, and say how.

    Steps, only when need > 0: raise to the EOQ lot if it is larger (the lot is EOQ capped at
    `cap` units, e.g. 13 weeks of demand, so a slow item is not bought for a year), raise to the
    MOQ, then round up to whole packs. A need of 0 orders nothing, whatever EOQ or MOQ say.

    Returns:
        (quantities, texts), e.g. 37 with MOQ 48 and packs of 12 ->
        (48, "need 37 -> MOQ 48 -> 4 packs of 12 = 48").
    """
    need = np.maximum(np.nan_to_num(np.asarray(need, dtype=np.float64)), 0.0)
    eoq = np.asarray(eoq, dtype=np.float64)
    cap_arr = np.full_like(need, np.inf) if cap is None else np.asarray(cap, dtype=np.float64)
    pack = np.maximum(np.nan_to_num(np.asarray(pack_size, dtype=np.float64), nan=1.0), 1.0)
    moq_arr = np.maximum(np.nan_to_num(np.asarray(moq, dtype=np.float64)), 0.0)

    ordering = need > _EPS
    lot = np.where(np.isfinite(eoq), np.minimum(eoq, cap_arr), 0.0)
    use_lot = ordering & (lot > need)
    after_lot = np.where(use_lot, lot, need)
    use_moq = ordering & (moq_arr > after_lot)
    after_moq = np.where(use_moq, moq_arr, after_lot)
    packs = np.ceil(after_moq / pack - _EPS)
    qty = np.where(ordering, packs * pack, 0.0)

    cap_days_arr = np.broadcast_to(np.asarray(cap_days, dtype=np.float64), need.shape)
    texts: list[str] = []
    for i in range(need.size):
        if not ordering[i]:
            texts.append("need 0 -> no order")
            continue
        steps = [f"need {fmt(need[i])}"]
        if use_lot[i]:
            capped = eoq[i] > cap_arr[i]
            steps.append(
                f"EOQ {fmt(eoq[i])} capped at {_span(cap_days_arr[i])} of demand {fmt(lot[i])}"
                if capped
                else f"EOQ {fmt(lot[i])}"
            )
        if use_moq[i]:
            steps.append(f"MOQ {fmt(moq_arr[i])}")
        if pack[i] > 1:
            word = "pack" if packs[i] == 1 else "packs"
            steps.append(f"{fmt(packs[i])} {word} of {fmt(pack[i])} = {fmt(qty[i])}")
        else:
            steps.append(f"{fmt(qty[i])} units")
        texts.append(" -> ".join(steps))
    return qty, texts


def _span(days: float) -> str:
    return f"{days / 7:g} weeks" if days % 7 == 0 else f"{fmt(days)} days"


def supplier_orders(lines: pd.DataFrame, min_order_values: pd.DataFrame) -> pd.DataFrame:
    """One row per supplier with something to order, checked against its minimum order value.

    An order below the minimum is not inflated: meets_minimum is False, `shortfall` says how much
    is missing and the note suggests whole packs of the supplier's fastest mover (highest
    daily demand with a known cost) that would close the gap, with the extra days of cover they
    add, or combining with the next order. Products without a supplier form one row with
    supplier_name "no supplier", minimum 0 and a note to assign one.

    Args:
        lines: plan lines with supplier_id (NA = none), supplier_name, name, order_qty,
            order_value, daily_demand, pack_size, unit_cost.
        min_order_values: supplier_id, min_order_value.
    """
    ordered = lines[lines["order_qty"] > 0]
    if ordered.empty:
        return pd.DataFrame(columns=ORDER_COLUMNS)
    orders = (
        ordered.groupby("supplier_id", dropna=False, sort=True)
        .agg(
            supplier_name=("supplier_name", "first"),
            n_lines=("sku", "size"),
            order_value=("order_value", "sum"),
        )
        .reset_index()
    )
    mins = min_order_values[["supplier_id", "min_order_value"]].astype({"supplier_id": "Int64"})
    orders = orders.astype({"supplier_id": "Int64"}).merge(mins, on="supplier_id", how="left")
    orders["min_order_value"] = orders["min_order_value"].astype(float).fillna(0.0)
    orders["meets_minimum"] = orders["order_value"] >= orders["min_order_value"] - _EPS
    orders["shortfall"] = (orders["min_order_value"] - orders["order_value"]).clip(lower=0.0)

    top = _fastest_movers(lines)
    orders = orders.merge(top, on="supplier_id", how="left")
    orders["note"] = [_note(row) for row in orders.drop(columns="supplier_id").to_dict("records")]
    orders["supplier_id"] = orders["supplier_id"].astype("Int64")
    return orders[ORDER_COLUMNS]


def _fastest_movers(lines: pd.DataFrame) -> pd.DataFrame:
    """Per supplier, the product with the highest daily demand and a known unit cost."""
    cand = lines[(lines["daily_demand"] > 0) & (lines["unit_cost"] > 0)]
    cand = cand[cand["supplier_id"].notna()]
    cand = cand.sort_values(["supplier_id", "daily_demand", "sku"], ascending=[True, False, True])
    top = cand.drop_duplicates("supplier_id")
    return pd.DataFrame(
        {
            "supplier_id": top["supplier_id"].astype("Int64"),
            "top_name": top["name"],
            "top_pack": top["pack_size"].clip(lower=1).astype(float),
            "top_cost": top["unit_cost"].astype(float),
            "top_daily": top["daily_demand"].astype(float),
        }
    )


def _note(row: dict[str, Any]) -> str:
    """The plain-language note of one supplier order."""
    value = float(row["order_value"])
    minimum = float(row["min_order_value"])
    if row["supplier_name"] == NO_SUPPLIER:
        return f"{row['n_lines']} product(s) have no supplier on file: assign one before ordering."
    if row["meets_minimum"]:
        if minimum > 0:
            return f"order value {value:.2f} meets the supplier minimum {minimum:.2f}."
        return f"order value {value:.2f}; no supplier minimum."
    gap = minimum - value
    note = (
        f"order value {value:.2f} is below the supplier minimum {minimum:.2f} "
        f"({gap:.2f} short); quantities were not inflated."
    )
    top_cost = row.get("top_cost")
    if isinstance(top_cost, float) and np.isfinite(top_cost):
        pack = float(row["top_pack"])
        packs = int(np.ceil(gap / (pack * top_cost) - _EPS))
        units = packs * pack
        days = units / float(row["top_daily"])
        note += (
            f" To reach it, add e.g. {packs} pack(s) of {row['top_name']} (fastest mover): "
            f"{fmt(units)} units = {units * top_cost:.2f}, about {days:.0f} more days of cover;"
            " or combine with the next order."
        )
    return note

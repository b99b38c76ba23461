"""Which supplier to buy a product from: expected yearly landed cost, unreliability included.

For each product with other offers, every source (the current supplier and each offer) is
costed over a year at the product's current forecast and service level:
- purchase: yearly demand x unit cost;
- holding: (safety stock + half an order) x unit cost x the yearly holding-cost rate, where the
  safety stock is z x sigma over lead time + review period (Poisson daily demand, the source's
  lead-time spread) — a slow or erratic supplier needs more;
- stock-outs: the expected units short per order cycle (sigma x the normal loss function at
  z) x cycles per year x the margin lost per unit — an unreliable supplier loses more sales.
A cheaper unit cost from an unreliable supplier can therefore cost more in the end. The lead
time of a source is its predicted one (analytics.supplier_reliability): its own record when it
has delivered to the shop, else its stated lead time scaled the way the shop's suppliers
usually differ from what they state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

MIN_SAVING_SHARE = 0.02  # a switch must save at least 2 % of the current yearly cost ...
MIN_SAVING = 10.0  # ... and at least this much a year (shop currency)

SOURCE_COLUMNS = [
    "sku", "name", "supplier_id", "supplier_name", "current", "unit_cost", "lead_time_mean",
    "lead_time_sd", "safety_stock", "purchase", "holding", "stockout", "total", "best",
]  # fmt: skip


def compare_sources(
    lines: pd.DataFrame,
    offers: pd.DataFrame,
    reliability: pd.DataFrame,
    prices: pd.Series,
    holding_cost_rate: float,
) -> pd.DataFrame:
    """Every source of every product that has offers, costed over a year.

    Args:
        lines: `ReplenishmentPlan.lines` (sku, name, supplier_id, supplier_name, unit_cost,
            daily_demand, review_period_days, service_level, lead_time_days, lead_time_sd,
            pack_size, moq).
        offers: sku, supplier_id, supplier_name, unit_cost, pack_size, moq, lead_time_days.
        reliability: `ReliabilityPrediction.suppliers`.
        prices: shelf price per sku.
        holding_cost_rate: yearly holding cost as a fraction of unit cost.

    Returns:
        Columns SOURCE_COLUMNS, one row per (product, source), cheapest total first within a
        product; best marks the cheapest source of each product.
    """
    if offers.empty:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    base = lines.set_index("sku")
    o = offers[offers["sku"].isin(base.index)]
    o = o[o["supplier_id"].astype("Int64") != base.loc[o["sku"], "supplier_id"].to_numpy()]
    cur = base.loc[o["sku"].unique()].reset_index()
    current = cur.assign(current=True, lead_time_mean=cur["lead_time_days"])
    alt = _offer_leads(o, reliability).merge(
        base[["name", "daily_demand", "review_period_days", "service_level"]].reset_index(),
        on="sku",
    )
    cols = ["sku", "name", "supplier_id", "supplier_name", "unit_cost", "lead_time_mean",
            "lead_time_sd", "pack_size", "moq", "daily_demand", "review_period_days",
            "service_level", "current"]  # fmt: skip
    both = pd.concat([current[cols], alt.assign(current=False)[cols]], ignore_index=True)
    costed = _yearly_cost(both, prices, holding_cost_rate)
    costed = costed.sort_values(["sku", "total"], ignore_index=True)
    costed["best"] = ~costed.duplicated("sku")
    return costed[SOURCE_COLUMNS]


def switches(
    sources: pd.DataFrame, min_share: float = MIN_SAVING_SHARE, min_saving: float = MIN_SAVING
) -> pd.DataFrame:
    """Products whose cheapest source is not the current one by a clear margin.

    Returns:
        sku, name, from_supplier_id, from_supplier, to_supplier_id, to_supplier,
        current_total, best_total, saving (per year).
    """
    cols = ["sku", "name", "from_supplier_id", "from_supplier", "to_supplier_id",
            "to_supplier", "current_total", "best_total", "saving"]  # fmt: skip
    if sources.empty:
        return pd.DataFrame(columns=cols)
    cur = sources[sources["current"]].set_index("sku")
    best = sources[sources["best"] & ~sources["current"]].set_index("sku")
    best = best[best.index.isin(cur.index)]
    saving = cur.loc[best.index, "total"] - best["total"]
    clear = (saving >= min_saving) & (saving >= min_share * cur.loc[best.index, "total"])
    out = pd.DataFrame(
        {
            "name": best["name"],
            "from_supplier_id": cur.loc[best.index, "supplier_id"],
            "from_supplier": cur.loc[best.index, "supplier_name"],
            "to_supplier_id": best["supplier_id"],
            "to_supplier": best["supplier_name"],
            "current_total": cur.loc[best.index, "total"],
            "best_total": best["total"],
            "saving": saving,
        }
    )[clear]
    return out.reset_index()[cols]


def _offer_leads(o: pd.DataFrame, reliability: pd.DataFrame) -> pd.DataFrame:
    """Each offer's predicted lead time: the supplier's own record, else its stated one scaled
    by the ratio the shop's prediction applies to suppliers without deliveries."""
    r = reliability.set_index("supplier_id")
    sid = o["supplier_id"].astype("Int64")
    known = r.reindex(sid)
    stated = pd.to_numeric(o["lead_time_days"]).astype(float).to_numpy()
    own_stated = known["stated_lead_time"].to_numpy(dtype=float)
    stated = np.where(np.isfinite(stated) & (stated > 0), stated, own_stated)
    seen = known["n_deliveries"].fillna(0).to_numpy() > 0
    ratio = known["lead_time_mean"].to_numpy(dtype=float) / own_stated
    spread = known["lead_time_sd"].to_numpy(dtype=float) / own_stated
    mean = np.where(seen, known["lead_time_mean"], stated * ratio)
    sd = np.where(seen, known["lead_time_sd"], stated * spread)
    return o.assign(lead_time_mean=mean, lead_time_sd=sd)


def _yearly_cost(s: pd.DataFrame, prices: pd.Series, h: float) -> pd.DataFrame:
    d = s["daily_demand"].astype(float).to_numpy()
    review = s["review_period_days"].astype(float).to_numpy()
    cost = s["unit_cost"].astype(float).to_numpy()
    z = norm.ppf(s["service_level"].astype(float).clip(0.5, 0.999).to_numpy())
    protection = s["lead_time_mean"].astype(float).to_numpy() + review
    sigma = np.sqrt(protection * d + d**2 * s["lead_time_sd"].astype(float).to_numpy() ** 2)
    safety = z * sigma
    lot = np.maximum.reduce([d * review, s["moq"].astype(float).fillna(0).to_numpy(),
                             s["pack_size"].astype(float).fillna(1).to_numpy()])  # fmt: skip
    loss = norm.pdf(z) - z * (1 - norm.cdf(z))  # expected units short per unit of sigma
    margin = np.maximum(prices.reindex(s["sku"]).fillna(0.0).to_numpy() - cost, 0.0)
    return s.assign(
        safety_stock=safety,
        purchase=365.0 * d * cost,
        holding=(safety + lot / 2.0) * cost * h,
        stockout=sigma * loss * (365.0 / review) * margin,
    ).assign(total=lambda x: x["purchase"] + x["holding"] + x["stockout"])

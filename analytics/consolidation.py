"""An order below the supplier's minimum: top it up now, or wait for the next order round?

Topping up buys stock earlier than needed: its cost is the holding cost of the extra units for
the days they wait to be sold (the money itself is spent either way). Waiting means ordering
at the next review instead, one review period later: the products that would run out before
that later order can arrive lose sales, and their margin is the cost of waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Consolidation:
    """The two costs of an order below the minimum, and what drives them."""

    top_up_value: float  # extra stock bought to reach the minimum
    top_up_cost: float  # its holding cost until sold
    top_up_days: float  # days the extra stock lasts
    wait_days: float  # one review period
    wait_units: float  # sales lost by waiting
    wait_cost: float  # margin of those sales
    wait_products: int  # products that would run out


def consolidation(
    lines: pd.DataFrame,
    shortfall: float,
    holding_cost_rate: float,
    prices: pd.Series,
    today: date,
) -> Consolidation:
    """Compare topping up an order with waiting one review period.

    Args:
        lines: the supplier's plan lines (`ReplenishmentPlan.lines`) with order_qty > 0.
        shortfall: how much the order misses the minimum order value by.
        holding_cost_rate: yearly holding cost as a fraction of the value held.
        prices: shelf price per sku.
        today: the plan's day (stock-out dates count from it).
    """
    demand = lines["daily_demand"].astype(float).to_numpy()
    cost = lines["unit_cost"].astype(float).to_numpy()
    # The top-up is spread over the order's products by their daily sales value.
    rate = float((demand * cost).sum())
    days = shortfall / rate if rate > 0 else float("inf")
    top_cost = shortfall * holding_cost_rate * (days / 2.0) / 365.0
    review = lines["review_period_days"].astype(float).to_numpy()
    lead = lines["lead_time_days"].astype(float).to_numpy()
    out = (pd.to_datetime(lines["stockout_date"]) - pd.Timestamp(today)).dt.days
    out_in = out.astype(float).fillna(np.inf).to_numpy()  # no stock-out within a year
    # Ordered now, stock comes at `lead`; ordered a review later, at `lead + review`.
    lost_days = np.clip(lead + review - np.maximum(out_in, lead), 0.0, review)
    units = lost_days * demand
    margin = np.maximum(prices.reindex(lines["sku"]).fillna(0.0).to_numpy() - cost, 0.0)
    return Consolidation(
        top_up_value=shortfall,
        top_up_cost=top_cost,
        top_up_days=days,
        wait_days=float(review.max(initial=0.0)),
        wait_units=float(units.sum()),
        wait_cost=float((units * margin).sum()),
        wait_products=int((units > 0).sum()),
    )


def consolidation_sentence(c: Consolidation, currency: str) -> str:
    """'Topping up 40.00 EUR costs about 0.30 EUR of holding (it sells in 6 days); waiting ...'"""
    top = (
        f"Topping up {c.top_up_value:.2f} {currency} costs about {c.top_up_cost:.2f} {currency} "
        f"of holding (the extra sells in about {c.top_up_days:.0f} days)"
    )
    if c.wait_products:
        wait = (
            f"waiting {c.wait_days:g} days for the next order would lose about "
            f"{c.wait_units:.0f} sales of {c.wait_products} product(s), "
            f"{c.wait_cost:.2f} {currency} of margin"
        )
    else:
        wait = f"waiting {c.wait_days:g} days for the next order loses no sales"
    return f"{top}; {wait}."

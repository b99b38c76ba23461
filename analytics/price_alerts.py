"""Alerts about prices and costs: margin eaten by a cost rise the shelf price did not follow,
and a competitor more than the pricing guard-rail below our price."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.alerts import DEFAULT_RULES, Alert, AlertRules


def detect_cost_alerts(
    costs: pd.DataFrame, today: date, rules: AlertRules = DEFAULT_RULES
) -> list[Alert]:
    """Margin eroded by a cost rise the shelf price has not followed.

    Args:
        costs: sku, name, old_cost, new_cost, changed_on (date of the order at the new cost),
            old_price (shelf price when the old cost applied), price (now), weekly_units.
        today: the day of the check.
        rules: thresholds.
    """
    if costs.empty:
        return []
    c = costs[
        pd.to_datetime(costs["changed_on"])
        >= pd.Timestamp(today) - pd.Timedelta(days=rules.cost_change_days)
    ]
    before = 1 - c["old_cost"] / c["old_price"]
    now = 1 - c["new_cost"] / c["price"]
    hit = (c["new_cost"] >= c["old_cost"] * (1 + rules.cost_rise_pct / 100)) & (
        (before - now) * 100 >= rules.margin_drop_points
    )
    return [
        Alert(
            "margin_erosion",
            f"product:{r.sku}",
            str(r.name),
            round(float((r.new_cost - r.old_cost) * r.weekly_units), 2),
            f"{r.name}: the cost went up, the price did not",
            f"Bought at {r.new_cost:.2f} on {pd.Timestamp(r.changed_on):%d %b} instead of "
            f"{r.old_cost:.2f} (+{(r.new_cost / r.old_cost - 1) * 100:.0f} %); at {r.price:.2f} "
            f"the margin is {m_now * 100:.0f} % instead of {m_before * 100:.0f} %.",
            f"Ask 'price advice for {r.name}' for a new price within the guard-rails.",
            f"margin_erosion|{r.sku}|{r.new_cost:.4f}",
            str(r.sku),
        )
        for r, m_before, m_now in zip(c[hit].itertuples(), before[hit], now[hit], strict=True)
    ]


def detect_competitor_alerts(
    quotes: pd.DataFrame, products: pd.DataFrame, today: date, rules: AlertRules = DEFAULT_RULES
) -> list[Alert]:
    """Our price more than the guard-rail above the cheapest recent competitor price.

    Args:
        quotes: sku, competitor, price, date.
        products: sku, name, price, weekly_units.
        today: the day of the check.
        rules: thresholds (`competitor_gap_pct` is the pricing guard-rail).
    """
    if quotes.empty:
        return []
    q = quotes[
        pd.to_datetime(quotes["date"]) >= pd.Timestamp(today) - pd.Timedelta(days=rules.quote_days)
    ]
    q = q.sort_values("date").groupby(["sku", "competitor"], as_index=False).last()
    cheapest = q.sort_values("price", kind="stable").groupby("sku").first()
    both = products.set_index("sku").join(cheapest, rsuffix="_competitor", how="inner")
    gap = both["price"] / both["price_competitor"] - 1
    hit = both[gap * 100 > rules.competitor_gap_pct]
    below = 1 - hit["price_competitor"] / hit["price"]  # how much cheaper, of our price
    return [
        Alert(
            "competitor_undercut",
            f"product:{sku}",
            str(r["name"]),
            round(float((r["price"] - r["price_competitor"]) * r["weekly_units"]), 2),
            f"{r['competitor']} sells {r['name']} {below[sku] * 100:.0f} % cheaper",
            f"{r['competitor']} charged {r['price_competitor']:.2f} on "
            f"{pd.Timestamp(r['date']):%d %b}; we charge {r['price']:.2f}, more than the "
            f"{rules.competitor_gap_pct:g} % the pricing guard-rail allows.",
            f"Ask 'price advice for {r['name']}' (it proposes a price change to approve).",
            f"competitor_undercut|{sku}|{r['competitor']}|{r['price_competitor']:.2f}",
            str(sku),
        )
        for sku, r in hit.iterrows()
    ]

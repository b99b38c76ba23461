"""Alerts when something changes: sales far below or above what was expected, a product that
stopped selling, margin eaten by a cost rise, a competitor well below our price.

Pure detectors over frames; each alert carries the money at stake per week (its rank), a
"why I think so" line, a suggested action and a `key` that stays the same while the situation
is unchanged (so it is not sent twice). `select_alerts` ranks, de-duplicates and caps them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
from scipy.stats import poisson

LONG_DAYS = 56  # history looked at for a silent run or the best days before a spike
KINDS = ("below_forecast", "spike", "stopped_selling", "margin_erosion", "competitor_undercut")


@dataclass(frozen=True)
class AlertRules:
    """When a change matters. Defaults are conservative: few alerts, each worth reading."""

    window_days: int = 5  # "several days" below the forecast
    below_ratio: float = 0.5  # sold at most half of what was expected
    category_ratio: float = 0.7
    spike_days: int = 2
    spike_ratio: float = 2.5
    min_units: float = 10.0  # expected units in the window, or the pattern is noise
    p_value: float = 0.001  # chance of so few (so many) sales if nothing had changed
    cost_rise_pct: float = 5.0
    margin_drop_points: float = 3.0
    cost_change_days: int = 28  # a cost change older than this is no longer news
    competitor_gap_pct: float = 5.0  # the pricing guard-rail (PRICE_MAX_ABOVE_COMPETITOR_PCT)
    quote_days: int = 14  # competitor prices older than this are not compared
    min_money: float = 5.0  # per week; below it an alert is not worth a message


DEFAULT_RULES = AlertRules()


@dataclass(frozen=True)
class Alert:
    kind: str
    subject: str  # "product:SKU" or "category:NAME"
    name: str
    money: float  # at stake per week, in the shop's currency
    headline: str
    why: str
    action: str
    key: str  # the same while the situation is unchanged
    sku: str | None = None
    rank: float = 0.0


def _window(frame: pd.DataFrame, value: str, first: date, last: date) -> pd.DataFrame:
    inside = frame[(frame["ds"] >= pd.Timestamp(first)) & (frame["ds"] <= pd.Timestamp(last))]
    days = pd.date_range(first, last)
    return inside.pivot_table(index="unique_id", columns="ds", values=value, aggfunc="sum").reindex(
        columns=days, fill_value=0.0
    )


def detect_sales_alerts(
    actual: pd.DataFrame,
    expected: pd.DataFrame,
    products: pd.DataFrame,
    today: date,
    rules: AlertRules = DEFAULT_RULES,
) -> list[Alert]:
    """Products (and categories) selling far below or above expectation, or not at all.

    Args:
        actual: unique_id, ds, y, promo (units sold on promotion); sparse.
        expected: unique_id, ds, mean over at least the last `window_days` days before today.
        products: sku, name, category, price, on_hand (active products only).
        today: the first day not yet sold.
        rules: thresholds.
    """
    last = today - timedelta(days=1)
    first = today - timedelta(days=rules.window_days)
    cat = products.set_index("sku")

    def grid(frame: pd.DataFrame, value: str, lo: date) -> np.ndarray:
        table = _window(frame, value, lo, last).reindex(cat.index, fill_value=0.0)
        return np.asarray(table.fillna(0.0).to_numpy(), dtype=float)

    e, a = grid(expected, "mean", first), grid(actual, "y", first)
    promo = grid(actual, "promo", first)
    long = grid(actual, "y", today - timedelta(days=LONG_DAYS - 1))
    phi = dispersion(long)
    price, on_hand = cat["price"].astype(float), cat["on_hand"].fillna(0.0).astype(float)
    out: list[Alert] = []

    # Stopped selling: a silent run at the end, improbable at the expected pace.
    silent = np.cumprod((long == 0)[:, ::-1], axis=1)
    run = silent.sum(axis=1)
    w = rules.window_days
    # Expected units over the silent days inside the window (the window's pace beyond it).
    lam = (e[:, ::-1] * silent[:, :w]).sum(axis=1) + np.maximum(run - w, 0) * e.mean(axis=1)
    stopped = (run >= 3) & (lam >= rules.min_units * 0.7) & (np.exp(-lam / phi) < rules.p_value)
    # With stock for what should have sold (else it is a stock-out), and news (not older
    # than the history looked at).
    stopped &= (on_hand.to_numpy() >= 0.5 * lam) & (run < LONG_DAYS)
    for i in np.flatnonzero(stopped):
        sku = str(cat.index[i])
        since = last - timedelta(days=int(run[i]) - 1)
        out.append(
            Alert(
                "stopped_selling",
                f"product:{sku}",
                str(cat["name"].iat[i]),
                round(float(lam[i] / run[i] * 7 * price.iat[i]), 2),
                f"{cat['name'].iat[i]} has not sold since {since - timedelta(days=1):%a %d %b}",
                f"No sale for {int(run[i])} day(s) where about {lam[i]:.0f} were expected, with "
                f"about {on_hand.iat[i]:g} on hand: a wrong price tag, a missing shelf label or "
                "a till button?",
                "Check the shelf, the label and the till button.",
                f"stopped_selling|{sku}|{since}",
                sku,
            )
        )

    # Well below expectation over the whole window, with stock on hand.
    e_sum, a_sum = e.sum(axis=1), a.sum(axis=1)
    low = (e_sum >= rules.min_units) & (a_sum <= rules.below_ratio * e_sum)
    low &= poisson.cdf(a_sum / phi, np.maximum(e_sum / phi, 1e-9)) < rules.p_value
    low &= (on_hand.to_numpy() >= e_sum) & ~stopped
    for i in np.flatnonzero(low):
        sku = str(cat.index[i])
        level = "severe" if a_sum[i] <= 0.25 * e_sum[i] else "low"
        out.append(
            Alert(
                "below_forecast",
                f"product:{sku}",
                str(cat["name"].iat[i]),
                round(float((e_sum[i] - a_sum[i]) / rules.window_days * 7 * price.iat[i]), 2),
                f"{cat['name'].iat[i]} sells far below its forecast",
                f"{a_sum[i]:g} sold in the last {rules.window_days} days where about "
                f"{e_sum[i]:.0f} were expected ({a_sum[i] / e_sum[i]:.0%}), with "
                f"{on_hand.iat[i]:g} on hand, so it is not a stock-out.",
                "Check the shelf and the price tag; ask 'price advice for "
                f"{cat['name'].iat[i]}' if a competitor moved.",
                f"below_forecast|{sku}|{level}",
                sku,
            )
        )
    # Categories: only products with stock for what was expected (a stock-out is not news).
    stocked = on_hand.to_numpy() >= e_sum
    out += _category_lows(
        cat[stocked], e_sum[stocked], a_sum[stocked], (low | stopped)[stocked], rules
    )

    # An unusual spike off promotion in the last days.
    k = rules.spike_days
    e_k, a_k, p_k = e[:, -k:].sum(axis=1), a[:, -k:].sum(axis=1), promo[:, -k:]
    spike = (a_k >= rules.spike_ratio * np.maximum(e_k, 1.0)) & (a_k - e_k >= rules.min_units)
    spike &= poisson.sf(a_k / phi - 1, np.maximum(e_k / phi, 1e-9)) < rules.p_value
    spike &= p_k.sum(axis=1) == 0
    # ... and more than half again the best k days of the eight weeks before.
    before = long[:, :-k]
    width = before.shape[1] - k + 1
    best = np.stack([before[:, j : width + j] for j in range(k)]).sum(axis=0).max(axis=1)
    spike &= a_k > 1.5 * best
    for i in np.flatnonzero(spike):
        sku = str(cat.index[i])
        out.append(
            Alert(
                "spike",
                f"product:{sku}",
                str(cat["name"].iat[i]),
                round(float((a_k[i] - e_k[i]) / k * 7 * price.iat[i]), 2),
                f"{cat['name'].iat[i]} sells far above its forecast",
                f"{a_k[i]:g} sold in the last {k} days where about {e_k[i]:.0f} were expected, "
                f"not on promotion; {on_hand.iat[i]:g} on hand.",
                f"Check the stock will last: ask 'stock of {cat['name'].iat[i]}'.",
                f"spike|{sku}|{int(np.log2(a_k[i] / max(e_k[i], 1.0)))}",
                sku,
            )
        )
    return out


def dispersion(daily: np.ndarray) -> np.ndarray:
    """How much more a product's daily sales vary than a Poisson count would (1 = as much),
    from the same weekdays of the last eight weeks; counts are compared at this scale."""
    weeks = daily.shape[1] // 7
    if weeks < 2:
        return np.ones(daily.shape[0])
    by_weekday = daily[:, -7 * weeks :].reshape(daily.shape[0], weeks, 7)
    mean, var = by_weekday.mean(axis=1), by_weekday.var(axis=1, ddof=1)
    ratio = np.where(mean > 0, var / np.where(mean > 0, mean, 1.0), np.nan)
    with np.errstate(all="ignore"):
        phi = np.nanmean(np.where(np.isnan(ratio).all(axis=1, keepdims=True), 1.0, ratio), axis=1)
    return np.asarray(np.clip(np.nan_to_num(phi, nan=1.0), 1.0, 10.0))


def _category_lows(
    cat: pd.DataFrame, e_sum: np.ndarray, a_sum: np.ndarray, flagged: np.ndarray, r: AlertRules
) -> list[Alert]:
    """Categories far below expectation that their flagged products do not already explain."""
    frame = pd.DataFrame(
        {
            "category": cat["category"].to_numpy(),
            "e": e_sum,
            "a": a_sum,
            "flagged": np.where(flagged, e_sum - a_sum, 0.0),
            "price": cat["price"].to_numpy(),
        }
    )
    frame["money"] = (frame["e"] - frame["a"]) * frame["price"]
    g = frame.groupby("category")[["e", "a", "flagged", "money"]].sum()
    gap = g["e"] - g["a"]
    low = (g["e"] >= 3 * r.min_units) & (g["a"] <= r.category_ratio * g["e"])
    low &= pd.Series(poisson.cdf(g["a"], g["e"].clip(lower=1e-9)) < r.p_value, index=g.index)
    low &= g["flagged"] < 0.5 * gap
    return [
        Alert(
            "below_forecast",
            f"category:{name}",
            str(name),
            round(float(row["money"]) / r.window_days * 7, 2),
            f"{name} as a whole sells far below its forecast",
            f"{row['a']:g} units in the last {r.window_days} days where about {row['e']:.0f} were "
            "expected, spread over many products: a competitor move or a display change?",
            f"Look at the {name} shelf; ask 'sales of {name} this week' for the products.",
            f"below_forecast|category:{name}",
            None,
        )
        for name, row in g[low].iterrows()
    ]


def select_alerts(
    candidates: list[Alert],
    last_keys: dict[str, tuple[str, date]],
    snoozed: set[str],
    weights: dict[str, float],
    sent_today: int,
    max_per_day: int,
    today: date,
    rules: AlertRules = DEFAULT_RULES,
    forget_days: int = 14,
) -> list[Alert]:
    """The alerts to send now: new or changed, not snoozed, worth it, best first, capped.

    Args:
        candidates: everything the detectors found.
        last_keys: subject -> (key, day) of the last alert sent about it.
        snoozed: subjects silenced today.
        weights: kind -> rank multiplier learned from "not useful" answers (default 1).
        sent_today: alerts already sent today.
        max_per_day: the daily cap.
        today: the day of the check.
        rules: `min_money`.
        forget_days: after this long an unchanged alert may be sent again.
    """
    fresh = []
    for a in candidates:
        seen = last_keys.get(f"{a.kind}:{a.subject}")
        unchanged = seen is not None and seen[0] == a.key and (today - seen[1]).days < forget_days
        if unchanged or f"{a.kind}:{a.subject}" in snoozed or a.money < rules.min_money:
            continue
        fresh.append(replace(a, rank=round(a.money * weights.get(a.kind, 1.0), 2)))
    fresh.sort(key=lambda a: (-a.rank, a.kind, a.subject))
    return fresh[: max(0, max_per_day - sent_today)]

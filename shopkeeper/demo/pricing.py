"""Price history: a few shelf-price changes and week-long promotions at 20 % off."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from shopkeeper.demo.seasons import WINDOW_SEASONS

PROMO_DISCOUNT = 0.20
PROMO_SHARE = 0.25  # of products on sale all through the history
N_ONE_CHANGE, N_TWO_CHANGES = 12, 4


@dataclass(frozen=True)
class PriceHistory:
    """Shelf price (before promotion) and promotion days per product (rows) and day."""

    price: np.ndarray  # float, products x all days
    promo: np.ndarray  # bool, products x all days (never after the history)
    uplift: np.ndarray  # float per product: demand multiplier on its promo days
    promotions: pd.DataFrame  # sku, start, end (inclusive), discount, uplift
    changes: pd.DataFrame  # sku, date (first day of the new price), old_price, new_price


def charm_price(prices: np.ndarray, round_only: np.ndarray) -> np.ndarray:
    """Shelf prices end in .x9 (bakery prices are whole ten-cents)."""
    tenth = np.maximum(np.round(prices, 1), 0.5)
    return np.round(np.where(round_only, tenth, tenth - 0.01), 2)


def plan_prices(
    cat: pd.DataFrame,
    calendar: pd.DataFrame,
    n_hist: int,
    launch: np.ndarray,
    stop: np.ndarray,
    lumpy: np.ndarray,
    rng: np.random.Generator,
) -> PriceHistory:
    """Choose price changes and promotions; `cat.price` is today's shelf price."""
    n, n_all = len(cat), len(calendar)
    days = pd.DatetimeIndex(calendar["ds"])
    sku = cat["sku"].to_numpy()
    bakery = (cat["category"] == "Bakery").to_numpy()
    steady = (launch == 0) & (stop == n_all) & ~lumpy & ~np.isin(cat["season"], WINDOW_SEASONS)
    price = np.repeat(cat["price"].to_numpy()[:, None], n_all, axis=1)

    chosen = rng.choice(np.flatnonzero(steady), N_ONE_CHANGE + N_TWO_CHANGES, replace=False)
    changes = _change_prices(price, chosen, bakery, sku, days, n_hist, rng)

    promo = np.zeros((n, n_all), dtype=bool)
    uplift = rng.uniform(1.4, 2.4, n)
    promos: list[dict[str, object]] = []
    mondays = np.flatnonzero((calendar["weekday"].to_numpy() == 0) & (np.arange(n_all) >= 28))
    mondays = mondays[mondays < n_hist - 15]
    candidates = np.flatnonzero(steady & ~np.isin(np.arange(n), chosen))
    on_promo = rng.choice(candidates, int(PROMO_SHARE * steady.sum()), replace=False)
    for p in np.sort(on_promo):
        count = int(rng.choice([1, 2, 3, 4], p=[0.3, 0.35, 0.2, 0.15]))
        # Weeks spread over the history at least three weeks apart.
        starts = np.sort(rng.choice(mondays[::3], count, replace=False))
        for s in starts:
            length = int(rng.choice([7, 14]))
            promo[p, s : s + length] = True
            promos.append(
                {
                    "sku": sku[p],
                    "start": days[s],
                    "end": days[s + length - 1],
                    "discount": PROMO_DISCOUNT,
                    "uplift": round(float(uplift[p]), 2),
                }
            )
    change_frame = pd.DataFrame(changes, columns=["sku", "date", "old_price", "new_price"])
    promo_frame = pd.DataFrame(promos, columns=["sku", "start", "end", "discount", "uplift"])
    return PriceHistory(
        price=price,
        promo=promo,
        uplift=uplift,
        promotions=promo_frame.sort_values(["sku", "start"], ignore_index=True),
        changes=change_frame.sort_values(["sku", "date"], ignore_index=True),
    )


def _change_prices(
    price: np.ndarray,
    chosen: np.ndarray,
    bakery: np.ndarray,
    sku: np.ndarray,
    days: pd.DatetimeIndex,
    n_hist: int,
    rng: np.random.Generator,
) -> list[dict[str, object]]:
    """Give the `chosen` products one or two past price changes (in `price`, in place)."""
    changes: list[dict[str, object]] = []
    for k, p in enumerate(chosen):
        if k < N_ONE_CHANGE:
            when = [int(rng.integers(60, n_hist - 14))]
        else:
            first = int(rng.integers(60, n_hist // 2))
            when = [first, int(rng.integers(first + 90, n_hist - 14))]
        after = price[p, -1]
        for day in sorted(when, reverse=True):  # walk back from today's price
            factor = rng.uniform(1.04, 1.15) if rng.random() < 0.8 else rng.uniform(0.85, 0.95)
            before = float(charm_price(np.array([after / factor]), bakery[p : p + 1])[0])
            price[p, :day] = before
            changes.append(
                {"sku": sku[p], "date": days[day], "old_price": before, "new_price": after}
            )
            after = before
    return changes

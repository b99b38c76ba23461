"""From units sold per product-day to till receipts: sales lines grouped into orders with a
time of day, a channel and (for loyalty members) a customer. All vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from shopkeeper.demo.pricing import PROMO_DISCOUNT, PriceHistory

MEAN_EXTRA_LINES = 1.8  # an order has 1 + Poisson(1.8) lines before same-product lines merge
AFFINITY_PULL = 0.5  # share of a grouped product's lines that join baskets of its group
ONLINE_SHARE_OF_MEMBERS = 0.15  # click & collect needs an account
# Opening hours (from, to) by day type; the busy hours are shaped by `_time_of_day`.
HOURS = {"weekday": (7.0, 19.0), "saturday": (8.0, 18.0), "short": (9.0, 14.0), "eve": (8.0, 14.0)}


def units_per_line(cat: pd.DataFrame, params: pd.DataFrame) -> np.ndarray:
    """How many units a customer typically takes of one product at once."""
    multi = cat["multi"].to_numpy()
    cheap = cat["price"].to_numpy() < 1.0
    lumpy = params["demand_pattern"].to_numpy() == "lumpy"
    return np.select([lumpy, multi, cheap], [1e9, 2.5, 1.6], default=1.15)


def make_lines(
    sold: np.ndarray, per_line: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each product-day's units into lines: (product, day, quantity) arrays."""
    p, t = np.nonzero(sold)
    q = sold[p, t]
    n_lines = 1 + rng.binomial(q - 1, 1.0 / per_line[p])
    first = np.cumsum(n_lines) - n_lines
    cells = np.arange(len(q))
    # Every line gets one unit; the remaining units land on random lines of the same cell.
    unit_cell = np.repeat(cells, q - n_lines)
    offset = (rng.random(len(unit_cell)) * n_lines[unit_cell]).astype(np.int64)
    qty = 1 + np.bincount(first[unit_cell] + offset, minlength=int(n_lines.sum()))
    line_cell = np.repeat(cells, n_lines)
    return p[line_cell], t[line_cell], qty


def group_orders(
    product: np.ndarray, day: np.ndarray, affinity: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Order number per line (orders are numbered by day). Lines of products in the same
    affinity group often share a basket, which plants the cross-sell ground truth."""
    groups, code = np.unique(affinity, return_inverse=True)
    named = groups[code[product]] != ""
    pulled = named & (rng.random(len(product)) < AFFINITY_PULL)
    key = np.where(
        pulled,
        code[product] + rng.random(len(product)) * 0.999,
        rng.random(len(product)) * len(groups),
    )
    order = np.lexsort((key, day))
    sizes = 1 + rng.poisson(MEAN_EXTRA_LINES, len(product))
    chunk = np.searchsorted(np.cumsum(sizes), np.arange(len(product)), side="right")
    d_sorted = day[order]
    new = np.ones(len(product), dtype=bool)
    new[1:] = (np.diff(chunk) != 0) | (np.diff(d_sorted) != 0)
    number = np.empty(len(product), dtype=np.int64)
    number[order] = np.cumsum(new) - 1
    return number


def _time_of_day(kind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Hours after midnight inside opening hours: a morning rush, lunch and after work."""
    n = len(kind)
    part = rng.choice(3, n, p=[0.45, 0.30, 0.25])
    a = np.array([2.0, 5.0, 6.0])[part]
    b = np.array([6.0, 5.0, 2.5])[part]
    x = rng.beta(a, b)
    lo = np.array([HOURS[k][0] for k in HOURS])[kind]
    hi = np.array([HOURS[k][1] for k in HOURS])[kind]
    hours: np.ndarray = lo + x * (hi - lo)
    return hours


def order_times(
    order_day: np.ndarray, online: np.ndarray, calendar: pd.DataFrame, rng: np.random.Generator
) -> pd.DatetimeIndex:
    """A timestamp per order: opening hours for the till, 06:00–23:00 for online orders."""
    weekday = calendar["weekday"].to_numpy()[order_day]
    holiday = calendar["holiday"].to_numpy()[order_day] != ""
    ds = pd.DatetimeIndex(calendar["ds"])[order_day]
    eve = (ds.month == 12) & np.isin(ds.day, [24, 31])
    kinds = list(HOURS)
    kind = np.select(
        [eve, holiday | (weekday == 6), weekday == 5],
        [kinds.index("eve"), kinds.index("short"), kinds.index("saturday")],
        default=kinds.index("weekday"),
    )
    hours = np.where(online, rng.uniform(6.0, 23.0, len(kind)), _time_of_day(kind, rng))
    seconds = np.floor(hours * 3600).astype("timedelta64[s]")
    return ds + pd.to_timedelta(seconds)


def line_prices(
    product: np.ndarray, day: np.ndarray, prices: PriceHistory
) -> tuple[np.ndarray, np.ndarray]:
    """Unit price paid and the promo flag per line (20 % off on promotion days)."""
    promo = prices.promo[product, day]
    shelf = prices.price[product, day]
    return np.round(np.where(promo, shelf * (1 - PROMO_DISCOUNT), shelf), 2), promo


def order_ids(
    order_day: np.ndarray, ts: pd.DatetimeIndex, online: np.ndarray, calendar: pd.DataFrame
) -> np.ndarray:
    """Receipt numbers like CP-20250114-0042 (till) or WEB-20250114-0043 (online),
    numbered through the day in time order."""
    rank = np.lexsort((ts.asi8, order_day))
    seq = np.empty(len(order_day), dtype=np.int64)
    day_sorted = order_day[rank]
    first = np.searchsorted(day_sorted, day_sorted)
    seq[rank] = np.arange(len(rank)) - first + 1
    stamp = pd.DatetimeIndex(calendar["ds"]).strftime("%Y%m%d").to_numpy()[order_day]
    prefix = np.where(online, "WEB-", "CP-")
    return np.array([f"{a}{b}-{c:04d}" for a, b, c in zip(prefix, stamp, seq, strict=True)])

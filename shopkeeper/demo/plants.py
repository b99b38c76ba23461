"""Planted stock situations: forgotten orders (stock-outs in the history), and today's at-risk,
out-of-stock and overstocked products. They are made by changing what the owner ordered, so
sales, stock counts and deliveries stay consistent with each other.

For each candidate product several ordering alternatives are simulated side by side (the stock
model's chance is fixed per product-day) and the one that produces the wanted situation is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from shopkeeper.demo.supply import StockModel

N_MISSED = 6  # forgotten orders in the history -> multi-day stock-outs
AT_RISK_SHARE = 0.07  # of products selling today: nothing ordered lately, runs out soon
N_OUT_OF_STOCK = 4  # ran out a few days ago
N_OVERSTOCK = 5  # one far too large order about six weeks ago


@dataclass(frozen=True)
class Plants:
    """What the generator changes in the owner's ordering (rows follow the catalogue)."""

    freeze: np.ndarray  # bool, products x history days: no ordering on these days
    extra: dict[tuple[int, int], int]  # (product, day) -> units added to that day's order
    table: pd.DataFrame  # sku, kind, start, end (days the owner did not order / order day)


@dataclass
class _Trial:
    kind: str
    product: int
    first: int  # first day without orders
    last: int  # day after the last day without orders


def plant_stock_situations(
    params: pd.DataFrame,
    model: StockModel,
    days: pd.DatetimeIndex,
    avoid: set[int],
    rng: np.random.Generator,
) -> Plants:
    """Choose products and ordering changes; `avoid` holds products kept out of all plants."""
    n, t_end = len(params), model.n_hist
    steady = (
        params["launch_date"].isna().to_numpy()
        & params["discontinue_date"].isna().to_numpy()
        & ~params["sells_only_in_season"].to_numpy()
        & (params["demand_pattern"].to_numpy() != "lumpy")
        & ~np.isin(np.arange(n), list(avoid))
    )
    smooth = params["demand_pattern"].to_numpy() == "smooth"
    next_month = model.expected[:, t_end : t_end + 28].mean(axis=1)
    lead = model.lead_mean
    over_lead = model.cum[np.arange(n), t_end + lead] - model.cum[:, t_end]
    buffer = np.ceil(model.safety_days(np.arange(n))).astype(int)
    order = rng.permutation(n)

    selling = steady & (next_month >= 0.3)
    trials = _trials(model, order, steady & smooth, selling, next_month, buffer, rng)
    wanted = {
        "missed_orders": N_MISSED,
        "not_reordered_long": N_OUT_OF_STOCK,
        "not_reordered": max(1, round(AT_RISK_SHARE * selling.sum())),
    }
    chosen, used = _choose(trials, model, over_lead, wanted)

    plant_freeze = np.zeros((n, t_end), dtype=bool)
    rows_out: list[dict[str, object]] = []
    for kind in ("missed_orders", "not_reordered", "not_reordered_long"):
        for t in chosen[kind]:
            plant_freeze[t.product, t.first : t.last] = True
            rows_out.append(
                {
                    "sku": params["sku"].iat[t.product],
                    "kind": kind,
                    "start": days[t.first],
                    "end": days[t.last - 1],
                }
            )
    pool = order[steady[order] & (next_month[order] >= 0.5) & (next_month[order] <= 4)]
    free = [int(q) for q in pool if q not in used]
    extra, over_rows = _overstock(params, model, days, free, next_month, rng)
    table = pd.DataFrame(rows_out + over_rows, columns=["sku", "kind", "start", "end"])
    return Plants(freeze=plant_freeze, extra=extra, table=table)


def _trials(
    model: StockModel,
    order: np.ndarray,
    steady_smooth: np.ndarray,
    selling: np.ndarray,
    next_month: np.ndarray,
    buffer: np.ndarray,
    rng: np.random.Generator,
) -> list[_Trial]:
    """The ordering alternatives to simulate, in the order they are considered."""
    t_end = model.n_hist
    trials: list[_Trial] = []
    for p in order[steady_smooth[order]][: 3 * N_MISSED]:
        rounds = np.flatnonzero(model.reviews[model.sup[p], 90 : t_end - 150]) + 90
        first = int(rng.choice(rounds)) + 1
        for k in range(1, 14):
            trials.append(_Trial("missed_orders", int(p), first, first + 7 + buffer[p] + k))
    for kind, mask in (
        ("not_reordered", selling),
        ("not_reordered_long", selling & (next_month >= 1)),
    ):
        for p in order[mask[order]][:60]:
            for r in np.flatnonzero(model.reviews[model.sup[p], t_end - 45 : t_end]) + t_end - 45:
                trials.append(_Trial(kind, int(p), int(r) + 1, t_end))
    return trials


def _choose(
    trials: list[_Trial], model: StockModel, over_lead: np.ndarray, wanted: dict[str, int]
) -> tuple[dict[str, list[_Trial]], set[int]]:
    """The trials kept per kind (at most one per product), and the products they use."""
    t_end, lead = model.n_hist, model.lead_mean
    rows = np.array([t.product for t in trials])
    freeze = np.zeros((len(trials), t_end), dtype=bool)
    for i, t in enumerate(trials):
        freeze[i, t.first : t.last] = True
    path = model.run(rows, freeze)
    stock, pending = path.counted[:, t_end], path.on_order
    # Stock-out days up to today; closed days (nothing expected) do not end a run.
    dry = path.stockout | (model.expected[rows, :t_end] == 0)
    tail = np.cumprod(dry[:, ::-1], axis=1).sum(axis=1)

    chosen: dict[str, list[_Trial]] = {k: [] for k in wanted}
    used: set[int] = set()
    for i, t in enumerate(trials):
        if t.product in used or len(chosen[t.kind]) >= wanted[t.kind]:
            continue
        if t.kind == "missed_orders":
            n_dry = path.stockout[i, t.first : t.last + lead[t.product] + 7].sum()
            ok = 3 <= n_dry <= 9 and tail[i] == 0
        elif t.kind == "not_reordered":
            ok = pending[i] == 0 and 0 < stock[i] <= 0.6 * over_lead[t.product] and tail[i] == 0
        else:
            ok = pending[i] == 0 and stock[i] == 0 and 3 <= tail[i] <= 9
        if ok:
            chosen[t.kind].append(t)
            used.add(t.product)
    return chosen, used


def _overstock(
    params: pd.DataFrame,
    model: StockModel,
    days: pd.DatetimeIndex,
    free: list[int],
    next_month: np.ndarray,
    rng: np.random.Generator,
) -> tuple[dict[tuple[int, int], int], list[dict[str, object]]]:
    """The far too large orders: units added per (product, day), and their plant-table rows."""
    t_end = model.n_hist
    extra: dict[tuple[int, int], int] = {}
    rows: list[dict[str, object]] = []
    for p in free[:N_OVERSTOCK]:
        rounds = np.flatnonzero(model.reviews[model.sup[p], : t_end - int(rng.integers(38, 50))])
        day = int(rounds[-1])
        pack = int(model.pack[p])
        extra[(p, day)] = int(np.ceil(next_month[p] * 150 / pack) * pack)
        rows.append(
            {
                "sku": params["sku"].iat[p],
                "kind": "over_ordered",
                "start": days[day],
                "end": days[day],
            }
        )
    return extra, rows

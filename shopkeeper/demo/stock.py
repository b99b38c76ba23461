"""Stock counts for the `stock_levels` table and the true stock situation on the morning of
`end`: stock-out runs in the history and each product's status today."""

from __future__ import annotations

import numpy as np
import pandas as pd

from shopkeeper.demo.catalogue import SUPPLIERS

COUNT_TIME = pd.Timedelta(hours=7, minutes=30)  # counted before opening and before deliveries
OVERSTOCK_DAYS = 91  # more stock than the next 13 weeks will sell


def stock_counts(
    sku: np.ndarray,
    counted: np.ndarray,
    launch: np.ndarray,
    stop: np.ndarray,
    days: pd.DatetimeIndex,
    n_hist: int,
) -> pd.DataFrame:
    """`stock_levels` rows: a count on the 1st of every month and one this morning, for the
    products on sale that day. Columns id, sku, on_hand, counted_at."""
    firsts = np.flatnonzero(days[:n_hist].day == 1)
    when = np.append(firsts[firsts > 0], n_hist)
    on_sale = (launch[:, None] <= when[None, :]) & (stop[:, None] > when[None, :])
    p, k = np.nonzero(on_sale)
    frame = pd.DataFrame(
        {
            "sku": sku[p],
            "on_hand": counted[p, when[k]].astype(float),
            "counted_at": days[when[k]] + COUNT_TIME,
        }
    )
    frame = frame.sort_values(["counted_at", "sku"], ignore_index=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def stockout_runs(
    sku: np.ndarray,
    stockout: np.ndarray,
    demand: np.ndarray,
    days: pd.DatetimeIndex,
    plants: pd.DataFrame,
) -> pd.DataFrame:
    """Runs of consecutive days with no stock while the product was selling: sku, start, end
    (inclusive), days, lost_units (demand not served), cause (the planted reason, or
    'natural': demand above plan or a late/short delivery)."""
    padded = np.pad(stockout, ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    p_start, t_start = np.nonzero(edges == 1)
    _, t_end = np.nonzero(edges == -1)  # same row-major order as the starts
    cum = np.concatenate([np.zeros((len(sku), 1)), np.cumsum(demand, axis=1)], axis=1)
    runs = pd.DataFrame(
        {
            "sku": sku[p_start],
            "start": days[t_start],
            "end": days[t_end - 1],
            "days": t_end - t_start,
            "lost_units": (cum[p_start, t_end] - cum[p_start, t_start]).astype(float),
        }
    )
    runs["cause"] = "natural"
    frozen = plants[plants["kind"] != "over_ordered"]
    for row in frozen.itertuples():
        hit = (runs["sku"] == row.sku) & (runs["start"] >= row.start)
        hit &= runs["start"] <= row.end + pd.Timedelta(days=21)
        runs.loc[hit, "cause"] = row.kind
    return runs.sort_values(["start", "sku"], ignore_index=True)


def end_status(
    cat: pd.DataFrame,
    expected: np.ndarray,
    on_hand: np.ndarray,
    on_order: np.ndarray,
    stop: np.ndarray,
    n_hist: int,
) -> pd.DataFrame:
    """True stock on the morning of `end` per product: true_on_hand, on_order, days_of_cover,
    end_status ('ok'|'at_risk'|'out_of_stock'|'overstocked'|'out_of_season'|'discontinued').

    at_risk: what is on hand and on order will not last the supplier's true mean lead time.
    """
    lead = np.array([int(np.ceil(s.true_lead_mean)) for s in SUPPLIERS])[
        cat["supplier_id"].to_numpy() - 1
    ]
    cum = np.cumsum(expected[:, n_hist:], axis=1)
    over_lead = cum[np.arange(len(cat)), lead - 1]
    next_28 = cum[:, 27]
    next_91 = cum[:, OVERSTOCK_DAYS - 1]
    rate = next_28 / 28
    cover = np.where(rate > 0, on_hand / np.maximum(rate, 1e-9), np.inf)
    status = np.select(
        [
            stop <= n_hist,
            next_28 < 0.05,
            on_hand <= 0,
            on_hand + on_order < over_lead,
            on_hand > next_91,
        ],
        ["discontinued", "out_of_season", "out_of_stock", "at_risk", "overstocked"],
        default="ok",
    )
    return pd.DataFrame(
        {
            "true_on_hand": on_hand.astype(float),
            "on_order": on_order.astype(float),
            "expected_next_28_days": next_28.round(2),
            "days_of_cover": np.round(cover, 1),
            "end_status": status,
        }
    )

"""Day-by-day stock simulation: sales are limited by stock, the owner orders on fixed weekdays
per supplier, and deliveries arrive after a lognormal lead time (some late, short or with
rejected units). Vectorised over products; the loop runs over days only.

Chance is drawn in advance per supplier-day (lead time) and product-day (short, rejected), so
one product's stock path does not depend on what else was ordered. That lets the generator try
alternative ordering for a product (`StockModel.run` on chosen rows) before committing to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from shopkeeper.demo.catalogue import SUPPLIERS, SupplierSpec
from shopkeeper.demo.demand import variance_per_unit

SERVICE_Z = 2.0  # the owner keeps enough safety stock for about 98 % of order cycles


# One purchase order: supplier id, ordered day, arrival day, catalogue rows, quantity,
# received, rejected (arrays per line).
OrderRecord = tuple[int, int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class StockPath:
    """One run; rows follow the `rows` argument of `StockModel.run`."""

    sold: np.ndarray  # int, rows x history days
    counted: np.ndarray  # int, rows x (history days + 1): stock at 07:00 before deliveries
    stockout: np.ndarray  # bool, rows x history days: no stock all day while selling
    on_order: np.ndarray  # units ordered and not yet arrived on the morning of `end`
    lines: list[OrderRecord]


def review_days(calendar: pd.DataFrame, n_hist: int) -> np.ndarray:
    """bool, suppliers x history days: the days the owner orders from each supplier."""
    weekday = calendar["weekday"].to_numpy()[:n_hist]
    plain = ~calendar["closed"].to_numpy()[:n_hist] & (
        calendar["holiday"].to_numpy()[:n_hist] == ""
    )
    return np.stack([np.isin(weekday, s.review_weekdays) & plain for s in SUPPLIERS])


def planning_lead(cat: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Lead time the owner plans with per product: learned mean (whole days) and spread."""
    sup = cat["supplier_id"].to_numpy() - 1
    mean = np.array([int(np.ceil(s.true_lead_mean)) for s in SUPPLIERS])[sup]
    return mean, np.array([s.true_lead_sd for s in SUPPLIERS])[sup]


def _delivery_day(calendar: pd.DataFrame) -> np.ndarray:
    """For each day, the first day from it on that a delivery can come (not Sunday/closed)."""
    ok = (calendar["weekday"].to_numpy() != 6) & ~calendar["closed"].to_numpy()
    out = np.arange(len(ok))
    nxt = len(ok) - 1
    for t in range(len(ok) - 1, -1, -1):
        nxt = t if ok[t] else nxt
        out[t] = nxt
    return out


class StockModel:
    """The owner's ordering policy and the suppliers' behaviour, with chance drawn once."""

    def __init__(
        self,
        cat: pd.DataFrame,
        params: pd.DataFrame,
        expected: np.ndarray,
        demand: np.ndarray,
        calendar: pd.DataFrame,
        n_hist: int,
        rng: np.random.Generator,
    ) -> None:
        n, n_all = expected.shape
        self.n_hist, self.n_all = n_hist, n_all
        self.sup = cat["supplier_id"].to_numpy() - 1
        self.pack, self.moq = cat["pack_size"].to_numpy(), cat["moq"].to_numpy()
        self.lead_mean, self.lead_sd = planning_lead(cat)
        self.var_unit = variance_per_unit(params)
        self.expected, self.demand = expected, demand
        self.cum = np.concatenate([np.zeros((n, 1)), np.cumsum(expected, axis=1)], axis=1)
        self.reviews = review_days(calendar, n_hist)
        # Days until the next order round with the same supplier (the review period).
        self.period = np.full(self.reviews.shape, 7)
        for s in range(len(SUPPLIERS)):
            idx = np.flatnonzero(self.reviews[s])
            self.period[s, idx[:-1]] = np.diff(idx)
        arrive_on = _delivery_day(calendar)
        lead = np.stack([self._lead_draws(s, n_hist, rng) for s in SUPPLIERS])
        self.arrival = arrive_on[np.minimum(np.arange(n_hist)[None, :] + lead, n_all - 1)]
        short_p = np.array([s.short_rate for s in SUPPLIERS])[self.sup][:, None]
        reject_p = np.array([s.reject_rate for s in SUPPLIERS])[self.sup][:, None]
        self.short = np.where(
            rng.random((n, n_hist)) < short_p, rng.uniform(0.5, 0.95, (n, n_hist)), 1.0
        )
        self.reject = np.where(
            rng.random((n, n_hist)) < reject_p, rng.uniform(0.05, 0.3, (n, n_hist)), 0.0
        )

    @staticmethod
    def _lead_draws(spec: SupplierSpec, n_hist: int, rng: np.random.Generator) -> np.ndarray:
        mean, sd = spec.true_lead_mean, spec.true_lead_sd
        sigma2 = np.log(1 + (sd / mean) ** 2)
        draws = rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), n_hist)
        return np.maximum(1, np.round(draws)).astype(np.int64)

    def target(self, d: int, rows: np.ndarray, horizon: np.ndarray) -> np.ndarray:
        """Order-up-to level: expected demand until the next order can arrive, plus safety."""
        cover = self.cum[rows, np.minimum(d + 1 + horizon, self.n_all)] - self.cum[rows, d + 1]
        rate = cover / np.maximum(horizon, 1)
        spread = cover * self.var_unit[rows] + (rate * self.lead_sd[rows]) ** 2
        level: np.ndarray = np.ceil(cover + SERVICE_Z * np.sqrt(spread) + rate)
        return level

    def safety_days(self, rows: np.ndarray) -> np.ndarray:
        """Days of demand that `target` holds beyond lead time + period at the current rate."""
        rate = np.maximum(self.expected[rows, self.n_hist : self.n_hist + 28].mean(axis=1), 1e-6)
        horizon = self.lead_mean[rows] + 7
        spread = rate * horizon * self.var_unit[rows] + (rate * self.lead_sd[rows]) ** 2
        days: np.ndarray = (SERVICE_Z * np.sqrt(spread) + rate) / rate
        return days

    def run(
        self,
        rows: np.ndarray,
        freeze: np.ndarray,
        extra: dict[tuple[int, int], int] | None = None,
    ) -> StockPath:
        """Simulate the catalogue rows `rows` (repeats allowed); `freeze` (len(rows) x days)
        marks days the owner does not order that row; `extra` adds units to (row, day)."""
        m, n_hist = len(rows), self.n_hist
        sup = self.sup[rows]
        on_hand = self.target(-1, rows, self.lead_mean[rows] + 7)
        on_order = np.zeros(m)
        got = np.zeros((m, self.n_all + 1))
        closes = np.zeros((m, self.n_all + 1))
        sold = np.zeros((m, n_hist), dtype=np.int64)
        counted = np.zeros((m, n_hist + 1), dtype=np.int64)
        stockout = np.zeros((m, n_hist), dtype=bool)
        bonus = np.zeros((m, n_hist))
        for (i, day), units in (extra or {}).items():
            bonus[i, day] = units
        lines: list[OrderRecord] = []
        for d in range(n_hist):
            counted[:, d] = on_hand
            on_hand = on_hand + got[:, d]
            on_order -= closes[:, d]
            sold[:, d] = np.minimum(self.demand[rows, d], on_hand)
            stockout[:, d] = (on_hand <= 0) & (self.expected[rows, d] > 0)
            on_hand = on_hand - sold[:, d]
            for s in np.flatnonzero(self.reviews[:, d]):
                idx = np.flatnonzero((sup == s) & ~freeze[:, d])
                p = rows[idx]
                need = (
                    self.target(d, p, self.lead_mean[p] + self.period[s, d])
                    - on_hand[idx]
                    - on_order[idx]
                )
                packs = np.ceil(need / self.pack[p]) * self.pack[p]
                qty = np.where(need > 0, np.maximum(packs, self.moq[p]), 0) + bonus[idx, d]
                idx, p, qty = idx[qty > 0], p[qty > 0], qty[qty > 0]
                if len(idx) == 0:
                    continue
                arrival = int(self.arrival[s, d])
                short = (self.short[p, d] < 1) & (qty >= 2)
                received = np.where(short, np.maximum(1, np.floor(qty * self.short[p, d])), qty)
                rejected = np.where(
                    self.reject[p, d] > 0,
                    np.clip(np.round(received * self.reject[p, d]), 1, received),
                    0,
                )
                got[idx, arrival] += received - rejected
                closes[idx, arrival] += qty
                on_order[idx] += qty
                lines.append((int(s) + 1, d, arrival, p, qty, received, rejected))
        counted[:, n_hist] = on_hand
        return StockPath(sold, counted, stockout, on_order, lines)


def order_frames(
    path: StockPath, cat: pd.DataFrame, unit_cost: np.ndarray, days: pd.DatetimeIndex, n_hist: int
) -> dict[str, pd.DataFrame]:
    """purchase_orders, purchase_order_lines and deliveries (none yet for open orders)."""
    supplier = np.array([o[0] for o in path.lines])
    ordered = np.array([o[1] for o in path.lines])
    arrival = np.array([o[2] for o in path.lines])
    count = np.array([len(o[3]) for o in path.lines])
    stated = np.array([s.lead_time_days for s in SUPPLIERS])[supplier - 1]
    po_id = np.arange(1, len(path.lines) + 1)
    orders = pd.DataFrame(
        {
            "id": po_id,
            "reference": [
                f"PO-{days[o]:%Y%m%d}-{s}" for o, s in zip(ordered, supplier, strict=True)
            ],
            "supplier_id": supplier,
            "ordered_at": days[ordered].date,
            "expected_at": days[ordered + stated].date,
            "status": np.where(arrival < n_hist, "received", "open"),
            "proposal_id": pd.array([None] * len(po_id), dtype="Int64"),
        }
    )
    rows, qty, received, rejected = (
        np.concatenate([o[k] for o in path.lines]) for k in (3, 4, 5, 6)
    )
    on_day = np.repeat(ordered, count)
    lines = pd.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "order_id": np.repeat(po_id, count),
            "sku": cat["sku"].to_numpy()[rows],
            "quantity": qty.astype(float),
            "unit_cost": np.round(unit_cost[rows, on_day], 2),
        }
    )
    line_arrival = np.repeat(arrival, count)
    done = line_arrival < n_hist
    deliveries = pd.DataFrame(
        {
            "id": np.arange(1, done.sum() + 1),
            "line_id": lines["id"].to_numpy()[done],
            "received_at": days[line_arrival[done]].date,
            "quantity_received": received[done].astype(float),
            "quantity_rejected": rejected[done].astype(float),
        }
    )
    return {"purchase_orders": orders, "purchase_order_lines": lines, "deliveries": deliveries}

"""The reorder rules the inventory backtest compares, each with the one knob it sweeps.

Every rule sees the same thing at a review: the sales history before today, stock on hand
and the orders on their way. Quantities are whole units (no packs, no minimums: the data
have none), lead time 7 days, a review every 7 days.

* ``shopkeeper``: ``analytics.replenishment.plan_replenishment`` on the forecasts of
  ``analytics.forecasting.forecast_demand``, as the product runs them (Settings defaults:
  holding cost 25 %/year, order cost 2 per line, so EOQ lots where they pay; the target
  shared out over the products at the least stock, no product below 80 %). Knob: the
  target cycle service level. ``shopkeeper, every product at the target`` gives each product
  the target itself (``service_scope="product"``).
* ``min/max``: the owner's rule from last year's average daily sales ``a`` (fixed for the
  whole backtest): when the position (on hand + on order) is at or below
  ``min = k * a * (lead time + review)``, order up to ``max = min + a * review``. Knob: k.
* ``cover N weeks``: at each review, order up to N weeks of the last 4 weeks' average
  sales. Knob: N.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

import numpy as np
import pandas as pd

from analytics.forecasting import ForecastResult
from analytics.replenishment import ReplenishmentPolicy, plan_replenishment

LEAD_DAYS = 7
REVIEW_DAYS = 7
ORDER_COST = 2.0  # shopkeeper.core.settings.Settings.order_cost default
HOLDING_RATE = 0.25  # shopkeeper.core.settings.Settings.holding_cost_rate default
NAIVE_YEAR_DAYS = 365
COVER_AVERAGE_DAYS = 28


@dataclass(frozen=True)
class Review:
    """What a rule may look at on review day ``today`` (column ``t`` of the history).

    ``history`` holds units per period of every series before ``t`` (unrecorded periods
    filled); ``on_order[:, j]`` arrives ``j + 1`` periods from now.
    """

    t: int
    today: date
    history: np.ndarray
    on_hand: np.ndarray
    on_order: np.ndarray
    step_days: int


class Rule(Protocol):
    """A reorder rule: quantities to order now, one per series."""

    @property
    def name(self) -> str:
        """Shown in the tables."""
        ...

    @property
    def knob(self) -> float:
        """The value the sweep varies."""
        ...

    def order(self, review: Review) -> np.ndarray: ...


@dataclass(frozen=True)
class MinMax:
    """min/max from last year's average (see the module docstring)."""

    average: np.ndarray  # units per period, from the year before the backtest
    knob: float = 1.5
    name: str = "min/max (last year's average)"

    def order(self, review: Review) -> np.ndarray:
        per = review.step_days
        low = self.knob * self.average * (LEAD_DAYS + REVIEW_DAYS) / per
        high = low + self.average * REVIEW_DAYS / per
        position = review.on_hand + review.on_order.sum(axis=1)
        need = np.ceil(np.maximum(high - position, 0.0))
        return np.asarray(np.where(position <= low, need, 0.0), dtype=np.float64)


@dataclass(frozen=True)
class CoverWeeks:
    """Order up to N weeks of the last four weeks' average sales."""

    knob: float = 3.0
    name: str = "cover N weeks"

    def order(self, review: Review) -> np.ndarray:
        periods = max(COVER_AVERAGE_DAYS // review.step_days, 1)
        recent = review.history[:, max(review.t - periods, 0) : review.t]
        weekly = recent.mean(axis=1) * 7 / review.step_days if recent.shape[1] else 0.0
        target = self.knob * weekly
        position = review.on_hand + review.on_order.sum(axis=1)
        return np.asarray(np.ceil(np.maximum(target - position, 0.0)), dtype=np.float64)


@dataclass(frozen=True)
class PlanInputs:
    """The shop's static records for ``plan_replenishment``, one product per series."""

    products: pd.DataFrame
    suppliers: pd.DataFrame
    lead_times: pd.DataFrame

    @classmethod
    def build(cls, ids: list[str], unit_cost: np.ndarray) -> PlanInputs:
        """One supplier with a certain 7-day lead time (the backtest's deliveries never slip)."""
        products = pd.DataFrame(
            {"sku": ids, "name": ids, "category": "bench", "supplier_id": 1,
             "unit_cost": unit_cost, "price": unit_cost * 1.3, "pack_size": 1, "moq": 0,
             "active": True}
        )  # fmt: skip
        suppliers = pd.DataFrame(
            {"supplier_id": [1], "name": ["Supplier"], "lead_time_days": [float(LEAD_DAYS)],
             "min_order_value": [0.0], "review_period_days": [REVIEW_DAYS]}
        )  # fmt: skip
        lead_times = pd.DataFrame(
            {"supplier_id": [1], "lead_time_mean": [float(LEAD_DAYS)], "lead_time_sd": [0.0],
             "basis": ["observed"]}
        )  # fmt: skip
        return cls(products, suppliers, lead_times)


@dataclass(frozen=True)
class Shopkeeper:
    """shopkeeper's plan at each review, on forecasts computed once per review day."""

    inputs: PlanInputs
    forecasts: dict[int, tuple[ForecastResult, pd.DataFrame]]  # t -> (daily forecast, history)
    knob: float = 0.95
    order_cost: float = ORDER_COST
    service_scope: str = "shop"
    name: str = "shopkeeper"

    def order(self, review: Review) -> np.ndarray:
        forecast, history = self.forecasts[review.t]
        ids = self.inputs.products["sku"].tolist()
        stock = pd.DataFrame({"sku": ids, "on_hand": review.on_hand})
        rows, lags = np.nonzero(review.on_order > 0)
        due = pd.Timestamp(review.today) + pd.to_timedelta((lags + 1) * review.step_days, "D")
        on_order = pd.DataFrame(
            {"sku": np.asarray(ids)[rows], "quantity": review.on_order[rows, lags],
             "expected_at": due}
        )  # fmt: skip
        policy = ReplenishmentPolicy(
            service_level=self.knob,
            review_period_days=REVIEW_DAYS,
            holding_cost_rate=HOLDING_RATE,
            order_cost=self.order_cost,
            service_scope=self.service_scope,
        )
        plan = plan_replenishment(
            forecast,
            history,
            self.inputs.products,
            self.inputs.suppliers,
            self.inputs.lead_times,
            stock,
            on_order,
            policy,
            review.today,
        )
        qty = plan.lines.set_index("sku")["order_qty"].reindex(ids).fillna(0.0)
        return np.asarray(qty.to_numpy(np.float64))


def with_knob(rule: Rule, knob: float) -> Rule:
    """The same rule with another knob value."""
    return replace(rule, knob=knob)  # type: ignore[type-var]


def weekly_as_daily(
    result: ForecastResult, history: pd.DataFrame
) -> tuple[ForecastResult, pd.DataFrame]:
    """A weekly forecast (and weekly history) spread evenly over the days of each week.

    The plan works in days: a week's mean becomes seven days of mean / 7, and the backtest
    error sd per week becomes sd / sqrt(7) per day, so that the plan's variance over its
    14-day protection period equals two weeks' worth of weekly errors.
    """
    f = result.forecasts
    days = np.repeat(f["ds"].to_numpy(), 7) + np.tile(np.arange(7), len(f)).astype("timedelta64[D]")
    values = {c: np.repeat(f[c].to_numpy(np.float64) / 7.0, 7) for c in f.columns[2:]}
    daily = pd.DataFrame(
        {"unique_id": np.repeat(f["unique_id"].to_numpy(), 7), "ds": days, **values}
    )
    facts = result.facts.assign(daily_error_sd=result.facts["daily_error_sd"] / np.sqrt(7.0))
    h = history
    spread = pd.DataFrame(
        {
            "unique_id": np.repeat(h["unique_id"].to_numpy(), 7),
            "ds": np.repeat(h["ds"].to_numpy(), 7)
            + np.tile(np.arange(7), len(h)).astype("timedelta64[D]"),
            "y": np.repeat(h["y"].to_numpy(np.float64) / 7.0, 7),
        }
    )
    return ForecastResult(daily, facts, result.today, result.horizon * 7), spread

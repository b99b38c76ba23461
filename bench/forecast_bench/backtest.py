"""Inventory backtest: replay the sales history with each reorder rule and count what happens.

Every product starts with the same stock (its average demand over lead time + review) and
nothing on order. At each weekly review a rule orders; the order arrives 7 days later
(exactly: the lead time is certain, and every rule knows it). Each period's recorded sales
are the demand; what is not on the shelf is lost. Periods without a record get their
demand by interpolation (the forecaster is told they are unknown, as after a stock count).
Daily data are replayed day by day, weekly data week by week.

Scored from the first possible delivery to the end of the data, pooled over products:

* fill rate: units sold / units demanded;
* cycle service level: share of review cycles (the week from one review day to the next,
  per product) without a lost sale; this is the measure the target is read on;
* delivery-cycle service level: share of replenishment cycles (from one delivery of a
  product to its next) without a lost sale; a rule that orders less often has longer,
  riskier cycles, so this is lower than the per-week figure for every rule;
* stock-out periods: share of product-days (product-weeks for weekly data) with a lost sale;
* average inventory value: mean stock (average of start and end of each period) x unit cost,
  summed over products; turns: yearly cost of goods sold / that value;
* orders: order lines per product per year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.forecasting import ForecastResult, forecast_demand
from bench.forecast_bench.data import EVENTS, Dataset
from bench.forecast_bench.policies import (
    LEAD_DAYS,
    NAIVE_YEAR_DAYS,
    REVIEW_DAYS,
    CoverWeeks,
    MinMax,
    PlanInputs,
    Review,
    Rule,
    Shopkeeper,
    weekly_as_daily,
    with_knob,
)

TARGET_CSL = 0.95
OUTSIDE_EVENTS = "cycle service level outside events"
# History before the first review: a year of weeks, or nine weeks of Ta Feng's days (the
# forecaster calls a product younger than eight weeks "new" and only averages it).
WARM_UP_DAYS = {"W": 364, "D": 63}
HORIZON_DAYS = 28
PER_PRODUCT = "shopkeeper, every product at the target"
SHOPKEEPER_KNOBS = [0.5, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995]
KNOBS = {
    "shopkeeper": SHOPKEEPER_KNOBS,
    PER_PRODUCT: SHOPKEEPER_KNOBS,
    "min/max (last year's average)": [0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0],
    "cover N weeks": [1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0],
}


@dataclass(frozen=True)
class Replay:
    """A data set laid out for the backtest: ``demand`` is series x periods."""

    data: Dataset
    ids: list[str]
    dates: pd.DatetimeIndex
    demand: np.ndarray
    unit_cost: np.ndarray
    start: int

    @property
    def step(self) -> int:
        """Days per period."""
        return self.data.step_days

    @property
    def lead(self) -> int:
        """Lead time in periods."""
        return LEAD_DAYS // self.step

    @property
    def review(self) -> int:
        """Review period in periods."""
        return REVIEW_DAYS // self.step

    def reviews(self) -> range:
        """Columns of the review days."""
        return range(self.start, len(self.dates), self.review)

    def last_year_average(self) -> np.ndarray:
        """Average units per period over (up to) the year before the first review."""
        first = max(self.start - NAIVE_YEAR_DAYS // self.step, 0)
        return np.asarray(self.demand[:, first : self.start].mean(axis=1))


def build_replay(data: Dataset, series: list[str] | None = None) -> Replay:
    """Series that have the warm-up history and last to the end of the data."""
    s = data.series if series is None else data.series[data.series["unique_id"].isin(series)]
    step = data.step_days
    dates = pd.date_range(s["ds"].min(), s["ds"].max(), freq=f"{step}D")
    start = WARM_UP_DAYS[data.freq] // step
    spans = s.groupby("unique_id")["ds"].agg(["min", "max"])
    keep = spans[(spans["min"] <= dates[start // 2]) & (spans["max"] == dates[-1])].index
    s = s[s["unique_id"].isin(keep)]
    wide = s.pivot(index="unique_id", columns="ds", values="y").reindex(columns=dates)
    alive = wide.notna().cumsum(axis=1) > 0
    demand = wide.interpolate(axis=1, limit_direction="both").where(alive, 0.0).fillna(0.0)
    cost = s.groupby("unique_id")["unit_cost"].mean().reindex(wide.index)
    subset = Dataset(data.name, data.freq, s)
    return Replay(
        subset, [str(i) for i in wide.index], dates, demand.to_numpy(), cost.to_numpy(), start
    )


def shopkeeper_forecasts(
    replay: Replay, jobs: int = 2
) -> dict[int, tuple[ForecastResult, pd.DataFrame]]:
    """``forecast_demand`` at every review day (they do not depend on the rule's stock)."""
    s = replay.data.series
    out = {}
    horizon = HORIZON_DAYS // replay.step
    for t in replay.reviews():
        today = replay.dates[t]
        past = s[s["ds"] < today]
        known = past[past["y"].notna()][["unique_id", "ds", "y"]]
        unknown = past.loc[past["y"].isna(), ["unique_id", "ds"]]
        result = forecast_demand(
            known, today.date(), horizon, stockouts=unknown, freq=replay.data.freq, n_jobs=jobs
        )
        out[t] = weekly_as_daily(result, known) if replay.data.freq == "W" else (result, known)
    return out


@dataclass(frozen=True)
class Outcome:
    """Per period and series: units sold, units lost, mean stock, deliveries; order lines."""

    sold: np.ndarray
    lost: np.ndarray
    stock: np.ndarray
    orders: int
    delivered: np.ndarray  # periods in which an order arrived


def simulate(replay: Replay, rule: Rule) -> Outcome:
    """Replays the history with ``rule`` (see the module docstring)."""
    n, periods = replay.demand.shape
    lead = replay.lead
    pipeline = np.zeros((n, periods + lead + 1))
    on_hand = np.ceil(replay.last_year_average() * (lead + replay.review))
    sold = np.zeros((n, periods))
    lost = np.zeros((n, periods))
    stock = np.zeros((n, periods))
    orders = 0
    for t in range(replay.start, periods):
        on_hand += pipeline[:, t]
        if (t - replay.start) % replay.review == 0:
            review = Review(
                t=t,
                today=date.fromisoformat(str(replay.dates[t].date())),
                history=replay.demand[:, :t],
                on_hand=on_hand.copy(),
                on_order=pipeline[:, t + 1 : t + lead + 1].copy(),
                step_days=replay.step,
            )
            qty = np.maximum(np.nan_to_num(rule.order(review)), 0.0)
            pipeline[:, t + lead] += qty
            orders += int((qty > 0).sum())
        before = on_hand.copy()
        sold[:, t] = np.minimum(on_hand, replay.demand[:, t])
        lost[:, t] = replay.demand[:, t] - sold[:, t]
        on_hand -= sold[:, t]
        stock[:, t] = (before + on_hand) / 2.0
    return Outcome(sold, lost, stock, orders, pipeline[:, :periods] > 0)


def score(replay: Replay, outcome: Outcome) -> dict[str, float]:
    """The backtest's measures (module docstring), from the first delivery on."""
    first = replay.start + replay.lead
    window = slice(first, None)
    sold, lost, stock = outcome.sold[:, window], outcome.lost[:, window], outcome.stock[:, window]
    demand = sold + lost
    short = lost > 1e-9
    cycles = [
        short[:, b : b + replay.review].any(axis=1) for b in range(0, short.shape[1], replay.review)
    ]
    cycle_short = np.stack(cycles, axis=1)
    cost = replay.unit_cost[:, None]
    value = float((stock * cost).mean(axis=1).sum())
    years = short.shape[1] * replay.step / 365.0
    cogs = float((sold * cost).sum()) / years
    sim_years = (len(replay.dates) - replay.start) * replay.step / 365.0
    return {
        "fill rate": float(sold.sum() / max(demand.sum(), 1e-9)),
        "cycle service level": float(1.0 - cycle_short.mean()),
        OUTSIDE_EVENTS: _outside_events(replay, cycle_short, first),
        "delivery-cycle service level": _delivery_cycles(short, outcome, first),
        "stock-out periods": float(short.mean()),
        "avg inventory value": value,
        "turns": cogs / value if value > 0 else float("nan"),
        "orders / product / year": outcome.orders / len(replay.ids) / sim_years,
    }


def _outside_events(replay: Replay, cycle_short: np.ndarray, first: int) -> float:
    """Cycle service level over the review cycles that start outside the data's EVENTS."""
    events = EVENTS.get(replay.data.name)
    if not events:
        return float("nan")
    starts = replay.dates[first + np.arange(cycle_short.shape[1]) * replay.review]
    inside = np.zeros(len(starts), dtype=bool)
    for begin, end, _ in events:
        inside |= (starts >= pd.Timestamp(begin)) & (starts <= pd.Timestamp(end))
    return float(1.0 - cycle_short[:, ~inside].mean())


def _delivery_cycles(short: np.ndarray, outcome: Outcome, first: int) -> float:
    """Share of complete delivery-to-delivery cycles without a lost sale (NaN: none)."""
    delivered = outcome.delivered[:, first:]
    cycles = hit = 0
    for row in range(short.shape[0]):
        days = np.flatnonzero(delivered[row])
        if len(days) < 2:
            continue
        lost = np.concatenate([[0], np.cumsum(short[row])])
        cycles += len(days) - 1
        hit += int((lost[days[1:]] - lost[days[:-1]] > 0).sum())
    return 1.0 - hit / cycles if cycles else float("nan")


def rules(replay: Replay, jobs: int = 2) -> list[Rule]:
    """The rules at their default knobs, ready to sweep.

    shopkeeper runs twice: as configured (the shop-wide target shared out over the products),
    and with every product at the target, which shows what the sharing-out adds.
    """
    inputs = PlanInputs.build(replay.ids, replay.unit_cost)
    forecasts = shopkeeper_forecasts(replay, jobs)
    return [
        Shopkeeper(inputs, forecasts),
        Shopkeeper(inputs, forecasts, service_scope="product", name=PER_PRODUCT),
        MinMax(replay.last_year_average()),
        CoverWeeks(),
    ]


def sweep(
    replay: Replay, jobs: int = 2, knobs: dict[str, list[float]] | None = None
) -> pd.DataFrame:
    """Every rule at every knob value: one row of measures each."""
    knobs = knobs or KNOBS
    rows = []
    for rule in rules(replay, jobs):
        for knob in knobs.get(rule.name, []):
            outcome = simulate(replay, with_knob(rule, knob))
            rows.append(
                {"data": replay.data.name, "policy": rule.name, "knob": knob}
                | score(replay, outcome)
            )
    return pd.DataFrame(rows)


def at_target(
    curves: pd.DataFrame, target: float = TARGET_CSL, measure: str = "cycle service level"
) -> pd.DataFrame:
    """Per policy: the inventory (and other measures) at the target cycle service level.

    ``measure`` is the service level read against the target (e.g. ``OUTSIDE_EVENTS``); a
    data set without it (all NaN) is left out.

    Linear interpolation between the two sweep points around the target; a policy whose
    sweep never reaches it gets NaN and its best service level in ``note``.
    """
    rows = []
    measures = [
        *(["cycle service level"] if measure != "cycle service level" else []),
        "fill rate",
        "delivery-cycle service level",
        "stock-out periods",
        "avg inventory value",
        "turns",
        "orders / product / year",
    ]
    for (data, policy), g in curves.groupby(["data", "policy"], sort=False):
        g = g.sort_values("knob")
        csl = g[measure].to_numpy()
        if np.isnan(csl).all():
            continue
        row: dict[str, object] = {"data": data, "policy": policy}
        above = np.flatnonzero(csl >= target)
        if len(above) == 0:
            row |= {m: np.nan for m in measures} | {"knob": np.nan}
            row["note"] = f"best {csl.max():.1%}"
        else:
            k = above[0]
            lo = max(k - 1, 0)
            w = 0.0 if k == lo or csl[k] == csl[lo] else (target - csl[lo]) / (csl[k] - csl[lo])
            for m in ["knob", *measures]:
                v = g[m].to_numpy(np.float64)
                row[m] = v[lo] + w * (v[k] - v[lo])
            row["note"] = "" if k > 0 or csl[0] <= target else f"lowest knob already {csl[0]:.1%}"
        rows.append(row)
    return pd.DataFrame(rows)

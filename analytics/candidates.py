"""Candidate models and backtest windows for each cadence (daily or weekly series).

Which models compete for a product depends on how often it sells (frequent or occasional,
see ``analytics.demand_class``) and on how often its series has a value: a day or a week.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# statsforecast is imported inside the functions that build models: reading stored
# forecasts (most questions) must not pay its 1.5 s import.


SEASON = 7
NAIVE = "SeasonalNaive"


@dataclass(frozen=True)
class BacktestPlan:
    """Rolling-origin setup: ``n_windows`` windows of ``h`` periods, each ``h`` apart.

    A period is a day for daily series and a week for weekly ones.
    """

    h: int
    n_windows: int

    @property
    def test_days(self) -> int:
        """Periods at the end of a series held out over all windows."""
        return self.h * self.n_windows

    @property
    def min_length(self) -> int:
        """Shortest series this plan backtests (28 periods of training before the tests)."""
        return self.test_days + 28


LONG_PLAN = BacktestPlan(h=28, n_windows=3)
SHORT_PLAN = BacktestPlan(h=7, n_windows=3)


def frequent_models(season: int = SEASON) -> list[Any]:
    """Candidates for products that sell most periods.

    Daily (``season`` 7): ETS is fixed to additive error, no trend, additive weekly season
    (Holt-Winters without trend): a trend fitted on daily shop data mostly extrapolates
    noise, and one fixed form costs about an eighth of AutoETS's full model search
    (measured). Weekly (``season`` 1): two years of weeks are too few to fit a yearly
    season per product, so the same family without a season: simple exponential smoothing,
    4-, 13- and 52-week averages and last week's units (the "naive" reference). The
    52-week average is the steady level of promotion-driven weekly sales (no model here knows
    the deal calendar); it needs a year of history and is skipped for shorter series.
    """
    from statsforecast.models import (
        AutoETS,
        SeasonalExponentialSmoothingOptimized,
        SeasonalNaive,
        SeasonalWindowAverage,
        WindowAverage,
    )

    if season == 1:
        return [
            AutoETS(season_length=1, model="ANN", alias="ETS"),
            WindowAverage(window_size=4, alias="WindowAverage"),
            WindowAverage(window_size=13, alias="WindowAverage13"),
            WindowAverage(window_size=52, alias="WindowAverage52"),
            SeasonalNaive(season_length=1, alias=NAIVE),
        ]
    return [
        AutoETS(season_length=season, model="ANA", alias="ETS"),
        SeasonalExponentialSmoothingOptimized(season_length=season, alias="SeasonalES"),
        SeasonalWindowAverage(season_length=season, window_size=4, alias="SeasonalWindowAverage"),
        WindowAverage(window_size=28, alias="WindowAverage"),
        SeasonalNaive(season_length=season, alias=NAIVE),
    ]


def occasional_models(season: int = SEASON) -> list[Any]:
    """Candidates for products that sell in some periods only (Croston family and friends)."""
    from statsforecast.models import (
        ADIDA,
        IMAPA,
        TSB,
        CrostonOptimized,
        CrostonSBA,
        SeasonalNaive,
        WindowAverage,
    )

    return [
        CrostonOptimized(alias="CrostonOptimized"),
        CrostonSBA(alias="CrostonSBA"),
        TSB(alpha_d=0.1, alpha_p=0.1, alias="TSB"),
        ADIDA(alias="ADIDA"),
        IMAPA(alias="IMAPA"),
        WindowAverage(window_size=28 if season > 1 else 4, alias="WindowAverage"),
        SeasonalNaive(season_length=season, alias=NAIVE),
    ]


@dataclass(frozen=True)
class Cadence:
    """How often a series has a value, and what that means for model choice.

    Attributes:
        freq: ``"D"`` (daily) or ``"W"`` (weekly).
        season: season length in periods used by the candidates and to scale errors
            (7 for days; 1 for weeks, as in the M4 competition's weekly MASE).
        long_plan: backtest for series with at least ``long_plan.min_length`` periods.
        short_plan: backtest for shorter series down to ``short_plan.min_length``.
        calendar: whether yearly and holiday factors apply (they are defined on days).
        period_days: days in one period: the unit the cleaning rules' day counts convert to.
    """

    freq: str
    season: int
    long_plan: BacktestPlan
    short_plan: BacktestPlan
    calendar: bool
    period_days: int


DAILY = Cadence("D", SEASON, LONG_PLAN, SHORT_PLAN, calendar=True, period_days=1)
WEEKLY = Cadence(
    "W", 1, BacktestPlan(h=4, n_windows=3), BacktestPlan(h=2, n_windows=3), False, period_days=7
)
CADENCES = {c.freq: c for c in (DAILY, WEEKLY)}

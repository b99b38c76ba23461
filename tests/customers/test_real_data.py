"""A CI-sized slice of the real-data benchmark (bench/bench_customers.py), run only when its
data is already cached in bench/.cache (the benchmark downloads it; tests never do)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.baskets import mine_rules
from analytics.recommend import popular, recommend

TA_FENG = Path(__file__).parents[2] / "bench/.cache/ta_feng.pkl"
needs_ta_feng = pytest.mark.skipif(
    not TA_FENG.exists(), reason="Ta Feng not cached: run bench/bench_customers.py tafeng"
)


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return pd.read_pickle(TA_FENG)


@needs_ta_feng
def test_rules_found_in_a_month_of_real_baskets_are_above_chance(lines: pd.DataFrame) -> None:
    month = lines[(lines["ds"] >= "2001-01-01") & (lines["ds"] < "2001-02-01")]
    baskets = pd.DataFrame(
        {
            "basket_id": month["customer_id"] + ":" + month["ds"].dt.strftime("%d"),
            "item": month["item"],
        }
    )
    rules = mine_rules(baskets, min_count=20)
    strong = rules.rules[rules.rules["lift_low"] > 1]
    assert rules.n_baskets > 25_000 and len(strong) >= 50
    assert (strong["lift"] > 1).all() and (strong["n_together"] >= 20).all()


@needs_ta_feng
def test_similar_customers_beat_the_most_popular_products(lines: pd.DataFrame) -> None:
    cut = pd.Timestamp("2001-02-01")
    history = lines.loc[lines["ds"] < cut, ["customer_id", "item"]].drop_duplicates()
    owned = history.groupby("customer_id")["item"].agg(set)
    later = lines[lines["ds"] >= cut].groupby("customer_id")["item"].agg(set)
    new = {c: later[c] - owned[c] for c in later.index if c in owned.index}
    pool = sorted(c for c, items in new.items() if items)
    sample = list(np.random.default_rng(0).choice(pool, 800, replace=False))

    def hit_rate(picks: pd.DataFrame) -> float:
        top = picks.groupby("customer_id")["item"].agg(set)
        return float(np.mean([bool(top.get(c, set()) & new[c]) for c in sample]))

    ours = hit_rate(recommend(history, sample, k=200, top_n=5).items)
    base = hit_rate(popular(history, sample, top_n=5))
    assert ours > base

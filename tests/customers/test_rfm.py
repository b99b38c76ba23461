"""RFM scores and segments on a handful of customers whose answers are known by hand."""

from datetime import date

import pandas as pd

from analytics.repeat_purchase import purchase_summary
from analytics.rfm import ACTIONS, RULES, SEGMENTS, quintile_score, score_rfm, segment_table

TODAY = date(2026, 1, 1)


def _tx(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer_id", "ds", "amount"]).assign(
        ds=lambda f: pd.to_datetime(f["ds"])
    )


def test_quintile_scores_split_evenly_and_ties_share_a_score() -> None:
    assert quintile_score(pd.Series([10.0, 20, 30, 40, 50])).tolist() == [1, 2, 3, 4, 5]
    assert quintile_score(pd.Series(range(10), dtype=float)).tolist() == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    # Six of ten bought once: all six get the score of the middle of their block.
    tied = quintile_score(pd.Series([1.0] * 6 + [2, 3, 4, 5]))
    assert tied.tolist() == [2] * 6 + [4, 4, 5, 5]
    assert quintile_score(pd.Series([5.0, 1.0]), higher_is_better=False).tolist() == [3, 5]


def test_purchase_summary_counts_purchase_days_not_lines() -> None:
    tx = _tx(
        [
            ("A", "2025-01-01", 10.0),
            ("A", "2025-01-01", 5.0),  # same day: the same visit
            ("A", "2025-01-11", 20.0),
            ("A", "2025-01-31", 30.0),
            ("B", "2025-12-30", 7.0),
        ]
    )
    s = purchase_summary(tx, pd.Timestamp(TODAY))
    a, b = s.loc["A"], s.loc["B"]
    assert (a["frequency"], a["recency"], a["T"], a["n_purchases"]) == (2, 30, 364, 3)
    assert (a["monetary"], a["total_spend"]) == (25.0, 65.0)  # repeat visits 20 and 30
    assert (b["frequency"], b["recency"], b["T"], b["monetary"]) == (0, 0, 1, 0.0)


def test_segments_follow_recency_frequency_and_tenure() -> None:
    rows = []
    # Ten customers: c0 bought most often and most recently ... c9 once, long ago.
    for i in range(10):
        last = pd.Timestamp("2025-12-31") - pd.Timedelta(days=40 * i)
        for k in range(10 - i):
            rows.append((f"c{i}", str((last - pd.Timedelta(days=30 * k)).date()), 10.0))
    rows.append(("fresh", "2025-12-20", 50.0))  # first bought 12 days ago
    summary = purchase_summary(_tx(rows), pd.Timestamp(TODAY))
    result = score_rfm(summary, TODAY, new_days=30)
    c = result.customers
    assert c.loc["c0", ["r_score", "f_score", "segment"]].tolist() == [5, 5, "champions"]
    assert c.loc["fresh", "segment"] == "new"
    assert c.loc["c9", ["r_score", "f_score", "segment"]].tolist() == [1, 1, "lost"]
    assert set(c["segment"]) <= set(SEGMENTS)
    assert c.loc["c0", "recency_days"] == 1 and c.loc["c0", "frequency"] == 10
    table = segment_table(c)
    assert table["customers"].sum() == 11
    assert abs(table["revenue_share"].sum() - 1) < 1e-9
    assert list(table.index) == [s for s in SEGMENTS if s in set(c["segment"])]


def test_every_segment_has_a_rule_and_an_action() -> None:
    assert set(RULES) == set(ACTIONS) == set(SEGMENTS)


def test_at_risk_is_a_frequent_buyer_who_stopped() -> None:
    rows = [(f"r{i}", f"2025-12-{20 + i:02d}", 5.0) for i in range(8)]  # recent one-timers
    rows += [("gone", f"2025-{m:02d}-15", 20.0) for m in range(1, 7)]  # monthly until June
    summary = purchase_summary(_tx(rows), pd.Timestamp(TODAY))
    c = score_rfm(summary, TODAY, new_days=5).customers
    assert c.loc["gone", ["r_score", "f_score", "segment"]].tolist() == [1, 5, "at_risk"]

"""RFM scores and named customer segments, each with what sets it apart and what to do.

Recency (days since the last purchase), frequency (purchase days) and monetary value (total
spend) are scored 1-5 by quintile among the shop's customers; tied customers get the same
score. Segments follow from the recency and frequency scores (and, for "new", from when the
customer first bought), so every customer's segment can be explained in one sentence.
Only purchase behaviour is used: no age, gender, address or other personal attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

# Evaluated in this order; the first rule that holds names the segment.
SEGMENTS: tuple[str, ...] = (
    "new",
    "champions",
    "loyal",
    "at_risk",
    "occasional",
    "hibernating",
    "lost",
)
LABELS = {
    "new": "New",
    "champions": "Champions",
    "loyal": "Loyal",
    "at_risk": "At risk",
    "occasional": "Occasional",
    "hibernating": "Hibernating",
    "lost": "Lost",
}
RULES = {
    "new": "first purchase within the last {new_days} days",
    "champions": "bought recently (R 4-5) and often (F 4-5)",
    "loyal": "buy regularly (R 3-5, F 3-5) but not quite the most recent or frequent",
    "at_risk": "used to buy often (F 3-5) but not lately (R 1-2)",
    "occasional": "bought fairly recently (R 3-5) but seldom (F 1-2)",
    "hibernating": "seldom bought (F 1-2) and not for a while (R 2)",
    "lost": "seldom bought (F 1-2) and not for a long time (R 1)",
}
ACTIONS = {
    "new": "Welcome them and give a reason for a second visit within two weeks "
    "(a stamp card or a tip about a product that goes with their first purchase).",
    "champions": "Thank them (early access, a small surprise, ask for a review); no discounts "
    "needed - they already come.",
    "loyal": "Keep them close: suggest products that go with what they buy; a loyalty "
    "reward on the next visit.",
    "at_risk": "Win them back now: a personal message or a time-limited offer on their "
    "favourite products.",
    "occasional": "Invite them more often: a bundle with what they usually buy, or news "
    "about new products in their favourite category.",
    "hibernating": "A low-cost reminder in the next newsletter; no expensive offers.",
    "lost": "Spend little: one win-back message at most, then let them go.",
}


@dataclass(frozen=True)
class RFMResult:
    """Scores and segment per customer, and the score boundaries in plain units.

    customers: index customer_id; recency_days, frequency (purchase days), monetary (total
    spend), first, last, tenure_days, r_score, f_score, m_score (1-5, 5 best), segment.
    bounds: per score (R, F, M) the value range of each score 1-5 (min, max).
    """

    customers: pd.DataFrame
    bounds: dict[str, list[tuple[float, float]]]
    today: date
    new_days: int


def quintile_score(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 by quintile of rank; equal values share a score.

    The score is ceil(5 * mid-rank / n), so with many equal values (say, customers who
    bought once) all of them get the score of the middle of their block.
    """
    if values.empty:
        return pd.Series([], dtype=int, index=values.index)
    ranks = values.rank(method="average", ascending=higher_is_better)
    score = np.ceil(5 * ranks / len(values)).clip(1, 5).astype(int)
    return pd.Series(score, index=values.index)


def default_new_days(first: pd.Series, today: date) -> int:
    """Days a customer counts as new: a tenth of the observed history, between 30 and 90."""
    span = (pd.Timestamp(today) - pd.to_datetime(first).min()).days if len(first) else 0
    return int(np.clip(round(span / 10), 30, 90))


def score_rfm(summary: pd.DataFrame, today: date, new_days: int | None = None) -> RFMResult:
    """RFM scores and segments for every customer.

    Args:
        summary: index customer_id; first, last (timestamps), n_purchases (purchase days),
            total_spend — e.g. from `analytics.repeat_purchase.purchase_summary`.
        today: the day after the last observed day.
        new_days: how recent a first purchase makes a customer "new" (default
            `default_new_days`).
    """
    now = pd.Timestamp(today)
    nd = new_days if new_days is not None else default_new_days(summary["first"], today)
    c = pd.DataFrame(index=summary.index)
    c["recency_days"] = (now - pd.to_datetime(summary["last"])).dt.days.astype(int)
    c["frequency"] = summary["n_purchases"].astype(int)
    c["monetary"] = summary["total_spend"].astype(float).round(2)
    c["first"] = pd.to_datetime(summary["first"])
    c["last"] = pd.to_datetime(summary["last"])
    c["tenure_days"] = (now - c["first"]).dt.days.astype(int)
    c["r_score"] = quintile_score(-c["recency_days"].astype(float))
    c["f_score"] = quintile_score(c["frequency"].astype(float))
    c["m_score"] = quintile_score(c["monetary"])
    c["segment"] = assign_segments(c["r_score"], c["f_score"], c["tenure_days"], nd)
    bounds = {
        key: _bounds(c[col], c[score])
        for key, col, score in (
            ("R", "recency_days", "r_score"),
            ("F", "frequency", "f_score"),
            ("M", "monetary", "m_score"),
        )
    }
    return RFMResult(c, bounds, today, nd)


def assign_segments(r: pd.Series, f: pd.Series, tenure_days: pd.Series, new_days: int) -> pd.Series:
    """The segment of each customer from R and F scores and tenure (rules in `RULES`)."""
    conditions = [
        tenure_days <= new_days,
        (r >= 4) & (f >= 4),
        (r >= 3) & (f >= 3),
        (r <= 2) & (f >= 3),
        (r >= 3) & (f <= 2),
        (r == 2) & (f <= 2),
    ]
    names = list(SEGMENTS[:-1])
    return pd.Series(np.select(conditions, names, default="lost"), index=r.index)


def _bounds(values: pd.Series, scores: pd.Series) -> list[tuple[float, float]]:
    out = []
    for s in range(1, 6):
        v = values[scores == s]
        out.append((float(v.min()), float(v.max())) if len(v) else (float("nan"), float("nan")))
    return out


def segment_table(customers: pd.DataFrame) -> pd.DataFrame:
    """Per segment (in `SEGMENTS` order, empty ones left out): customers, share, revenue,
    revenue_share, median recency_days, median frequency, median monetary, and the mean of
    any extra numeric columns churn_risk / expected_value / expected_purchases."""
    total_n = max(len(customers), 1)
    total_rev = float(customers["monetary"].sum()) or 1.0
    agg: dict[str, tuple[str, str]] = {
        "customers": ("monetary", "size"),
        "revenue": ("monetary", "sum"),
        "median_recency_days": ("recency_days", "median"),
        "median_frequency": ("frequency", "median"),
        "median_monetary": ("monetary", "median"),
    }
    for extra in ("churn_risk", "expected_purchases", "expected_value"):
        if extra in customers:
            agg[f"mean_{extra}"] = (extra, "mean")
    if "expected_value" in customers:
        agg["expected_value"] = ("expected_value", "sum")
    table = customers.groupby("segment").agg(**agg)
    table = table.reindex([s for s in SEGMENTS if s in table.index])
    table["share"] = table["customers"] / total_n
    table["revenue_share"] = table["revenue"] / total_rev
    return table

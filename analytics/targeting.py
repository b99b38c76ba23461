"""Whom to send the next offer: expected incremental margin per customer from past campaigns.

Two-model uplift: one model of a customer's margin in a campaign's days for contacted
customers, one for the holdout, both on the customer's standing at the start (recency,
frequency, spend, segment); a customer's uplift is the difference of the two predictions.
It needs past campaigns with a holdout; without them a stated rule of thumb is used instead.
Only purchase behaviour is used (no age, gender, address or any personal attribute).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

NUMERIC = ("recency_days", "frequency", "monetary")
MIN_ROWS = 30  # contacted and holdout rows each, before the two models are trusted
RULE_RESPONSE = 0.03  # rule of thumb: 3 of 100 contacted customers place one extra order
RULE_TEXT = (
    "no past campaign with a holdout to learn from: assumed 3 of 100 contacted customers "
    "place one extra order worth their usual order margin (a common rule of thumb)"
)


@dataclass(frozen=True)
class SegmentOutlook:
    """Expected incremental margin per contacted customer in one segment."""

    segment: str
    customers: int  # with marketing consent
    margin_per_customer: float  # before contact costs


@dataclass(frozen=True)
class Outlook:
    """Per-segment expectations and how they were made."""

    segments: tuple[SegmentOutlook, ...]  # best first
    method: str
    trained_rows: int


def features(frame: pd.DataFrame, segments: list[str]) -> np.ndarray:
    """log recency, frequency, spend and one column per segment: what the models see."""
    num = np.log1p(frame[list(NUMERIC)].to_numpy(dtype=float).clip(min=0))
    dummies = np.stack([(frame["segment"] == s).to_numpy(float) for s in segments], axis=1)
    return np.hstack([num, dummies])


def two_model_uplift(history: pd.DataFrame, candidates: pd.DataFrame) -> np.ndarray:
    """Predicted extra orders per candidate (contacted model minus holdout model).

    Orders rather than margin are modelled: a visit count is far less noisy than its value,
    which is added back per customer from their usual margin per visit.

    Args:
        history: one row per past targeted customer: the NUMERIC columns and segment at that
            campaign's start, treated (bool: contacted, not holdout), orders (in its days).
        candidates: the NUMERIC columns and segment now.
    """
    segments = sorted(set(history["segment"]) | set(candidates["segment"]))
    x = features(history, segments)
    y = history["orders"].to_numpy(dtype=float)
    treated = history["treated"].to_numpy(bool)
    models = [Ridge(alpha=1.0).fit(x[mask], y[mask]) for mask in (treated, ~treated)]
    xc = features(candidates, segments)
    return np.asarray(models[0].predict(xc) - models[1].predict(xc), dtype=float)


def segment_errors(history: pd.DataFrame) -> pd.Series:
    """Per segment, the standard error of contacted-minus-holdout mean extra orders."""
    out = {}
    for seg, h in history.groupby("segment"):
        t, c = h.loc[h["treated"], "orders"], h.loc[~h["treated"].astype(bool), "orders"]
        if len(t) >= 2 and len(c) >= 2:
            out[seg] = float(np.sqrt(t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c)))
    return pd.Series(out, dtype=float)


def shrink(estimates: pd.Series, errors: pd.Series) -> pd.Series:
    """Empirical-Bayes shrinkage: a noisy segment's estimate moves towards the average.

    Segments without an error estimate (too few past customers) get the average.
    """
    se = errors.reindex(estimates.index)
    known = se.notna()
    if known.sum() < 2:
        return estimates
    centre = float(np.average(estimates[known], weights=1 / se[known] ** 2))
    spread = max(float(estimates[known].var(ddof=1) - (se[known] ** 2).mean()), 1e-6)
    weight = spread / (spread + se**2)
    return (centre + (estimates - centre) * weight).fillna(centre)


def outlook(history: pd.DataFrame, candidates: pd.DataFrame, order_margin: pd.Series) -> Outlook:
    """Expected incremental margin per consented customer, by segment, best first.

    Args:
        history: as for `two_model_uplift` (may be empty).
        candidates: index customer_id; NUMERIC columns, segment, marketing_consent.
        order_margin: each candidate's average margin per visit.
    """
    eligible = candidates[candidates["marketing_consent"].astype(bool)]
    seg = eligible["segment"]
    visit_margin = order_margin.reindex(eligible.index).fillna(0.0).clip(lower=0.0)
    margin_by_seg = visit_margin.groupby(seg).mean()
    enough = (
        len(history) > 0
        and int(history["treated"].sum()) >= MIN_ROWS
        and int((~history["treated"].astype(bool)).sum()) >= MIN_ROWS
    )
    if enough and len(eligible):
        extra = pd.Series(two_model_uplift(history, eligible), index=eligible.index)
        by_seg = shrink(extra.groupby(seg).mean(), segment_errors(history))
        value = by_seg * margin_by_seg
        method = (
            f"two-model uplift learned from {len(history):,} customers of past campaigns with "
            "a holdout (extra visits, contacted vs not, by recency, frequency, spend and "
            "segment; each segment shrunk towards the average by how noisy it is) times the "
            "segment's usual margin per visit"
        )
    else:
        value = RULE_RESPONSE * margin_by_seg
        method = RULE_TEXT
    sizes = seg.value_counts()
    rows = [SegmentOutlook(str(s), int(sizes[s]), round(float(v), 2)) for s, v in value.items()]
    rows.sort(key=lambda o: -o.margin_per_customer)
    return Outlook(tuple(rows), method, len(history) if enough else 0)


def split_holdout(ids: list[str], share: float, seed: int) -> tuple[list[str], list[str]]:
    """A random `share` of `ids` kept as holdout (not contacted), the rest contacted."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(ids))
    n_hold = round(share * len(ids)) if len(ids) >= 10 else 0
    hold = sorted(ids[i] for i in order[:n_hold])
    send = sorted(ids[i] for i in order[n_hold:])
    return send, hold

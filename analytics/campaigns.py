"""What a campaign added: incremental orders, revenue and margin against a control group.

The control, best first:

1. the holdout: targeted customers deliberately not contacted (randomly chosen), so any
   difference is the campaign's doing;
2. comparable customers who were not targeted, in the same RFM segment at the start, with
   each group's change against its own same-length period before (difference in
   differences: who was picked and the season both cancel out);
3. the targeted customers' own period before (the season is not controlled for);
4. none (a code used at the till with no list of who got it): only redemptions are counted,
   an upper bound of what the campaign added.

Intervals are 95 % normal intervals of a difference of means (Welch's standard error); with a
holdout, each customer's outcome is first adjusted by their own buying in the 90 days before
(CUPED), which narrows the interval without moving the estimate on average.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

Z95 = 1.96
METRICS = ("orders", "revenue", "margin")
MIN_GROUP = 5  # fewer customers than this in a group: no estimate for it
PRE_DAYS = 90  # the earlier buying that the holdout comparison adjusts for
METHODS = {
    "holdout": "against the holdout (targeted customers who were randomly not contacted)",
    "comparable": "against comparable customers who were not targeted (same segment at the "
    "start), each against its own period before",
    "pre_period": "against the targeted customers' own period before (season not controlled)",
    "redemptions": "no control group: only redemptions of the code are counted, an upper "
    "bound of what the campaign added",
}


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95 % interval."""

    value: float
    low: float
    high: float

    def scaled(self, k: float) -> Interval:
        """The same estimate multiplied by `k` (k >= 0)."""
        return Interval(self.value * k, self.low * k, self.high * k)

    @property
    def clear(self) -> bool:
        """The interval excludes zero: an effect can be told apart from none."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Uplift:
    """Incremental orders, revenue and margin (totals over the contacted customers)."""

    method: str
    n_treated: int
    n_control: int
    per_customer: dict[str, Interval]
    total: dict[str, Interval]
    redemptions: int


def customer_outcomes(lines: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Per customer: orders (visit days), revenue and margin from `start` to `end` inclusive.

    Args:
        lines: ts, customer_id, revenue, margin (one row per sales line).
    """
    ts = pd.to_datetime(lines["ts"])
    inside = (ts >= pd.Timestamp(start)) & (ts < pd.Timestamp(end + timedelta(days=1)))
    part = lines.loc[inside & lines["customer_id"].notna()]
    day = pd.to_datetime(part["ts"]).dt.normalize()
    g = part.assign(day=day).groupby("customer_id")
    return pd.DataFrame(
        {"orders": g["day"].nunique(), "revenue": g["revenue"].sum(), "margin": g["margin"].sum()}
    )


def _diff(t: pd.DataFrame, c: pd.DataFrame, col: str) -> Interval:
    mt, mc = float(t[col].mean()), float(c[col].mean())
    se = float(np.sqrt(t[col].var(ddof=1) / len(t) + c[col].var(ddof=1) / len(c)))
    d = mt - mc
    return Interval(d, d - Z95 * se, d + Z95 * se)


def _adjusted(
    treated: pd.Index, holdout: pd.Index, post: pd.DataFrame, before: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcomes less what each customer's own earlier buying predicts (CUPED).

    The groups are random, so this moves no estimate on average; it takes out the part of
    the spread that is just regulars being regulars, which narrows the interval.
    """
    ids = treated.append(holdout)
    y, x = _frame(ids, post), _frame(ids, before)
    out = y.copy()
    for k in METRICS:
        var = float(x[k].var(ddof=1))
        theta = float(np.cov(y[k], x[k])[0, 1] / var) if var > 0 else 0.0
        out[k] = y[k] - theta * (x[k] - x[k].mean())
    return out.loc[treated], out.loc[holdout]


def _mean(values: pd.Series) -> Interval:
    m, se = float(values.mean()), float(values.std(ddof=1) / np.sqrt(len(values)))
    return Interval(m, m - Z95 * se, m + Z95 * se)


def _frame(ids: pd.Index, outcome: pd.DataFrame) -> pd.DataFrame:
    return outcome.reindex(ids, fill_value=0.0)[list(METRICS)].astype(float)


def _result(method: str, per: dict[str, Interval], n_t: int, n_c: int, red: int) -> Uplift:
    total = {k: v.scaled(n_t) for k, v in per.items()}
    return Uplift(method, n_t, n_c, per, total, red)


def redemptions(lines: pd.DataFrame, start: date, end: date, code: str | None) -> int:
    """Visits (customer or receipt, day) in the campaign's days that used its code."""
    if not code or "discount_code" not in lines:
        return 0
    ts = pd.to_datetime(lines["ts"])
    window = (ts >= pd.Timestamp(start)) & (ts < pd.Timestamp(end + timedelta(days=1)))
    used = lines["discount_code"].fillna("").astype(str).str.casefold() == code.casefold()
    part = lines.loc[used & window]
    who = part["customer_id"].astype(object).where(part["customer_id"].notna(), part["order_id"])
    return int(
        pd.DataFrame({"who": who.astype(str), "day": ts[part.index].dt.date})
        .drop_duplicates()
        .shape[0]
    )


def measure_uplift(
    lines: pd.DataFrame,
    start: date,
    end: date,
    treated: pd.Index,
    holdout: pd.Index,
    others: pd.Series | None = None,
    segments: pd.Series | None = None,
    code: str | None = None,
) -> Uplift:
    """The incremental effect of one campaign, with the best control the data allows.

    Args:
        lines: ts, customer_id, revenue, margin, discount_code.
        start, end: the campaign's days (inclusive).
        treated: customers contacted; holdout: targeted but not contacted.
        others: customers not targeted at all that may serve as comparables (their segment).
        segments: segment at the start for the treated customers (for the comparable match).
        code: the campaign's discount code, to count redemptions.
    """
    post = customer_outcomes(lines, start, end)
    red = redemptions(lines, start, end, code)
    n_t = len(treated)
    if n_t >= MIN_GROUP and len(holdout) >= MIN_GROUP:
        before = customer_outcomes(
            lines, start - timedelta(days=PRE_DAYS), start - timedelta(days=1)
        )
        t, c = _adjusted(treated, holdout, post, before)
        return _result("holdout", {k: _diff(t, c, k) for k in METRICS}, n_t, len(holdout), red)
    days = (end - start).days + 1
    pre = customer_outcomes(lines, start - timedelta(days=days), start - timedelta(days=1))
    if n_t >= MIN_GROUP and others is not None and segments is not None and len(others):
        per = _matched_did(treated, others, segments, post, pre)
        if per is not None:
            return _result("comparable", per, n_t, len(others), red)
    if n_t >= MIN_GROUP:
        change = _frame(treated, post) - _frame(treated, pre)
        return _result("pre_period", {k: _mean(change[k]) for k in METRICS}, n_t, n_t, red)
    nan = Interval(float("nan"), float("nan"), float("nan"))
    unknown = dict.fromkeys(METRICS, nan)
    return Uplift("redemptions", n_t, 0, unknown, unknown, red)


def _matched_did(
    treated: pd.Index,
    others: pd.Series,
    segments: pd.Series,
    post: pd.DataFrame,
    pre: pd.DataFrame,
) -> dict[str, Interval] | None:
    """Difference in differences within segments, weighted by the treated customers' mix."""
    change_t = _frame(treated, post) - _frame(treated, pre)
    change_c = _frame(others.index, post) - _frame(others.index, pre)
    seg_t = segments.reindex(treated)
    parts: dict[str, list[tuple[float, float, float]]] = {k: [] for k in METRICS}
    for seg, ids in seg_t.groupby(seg_t).groups.items():
        comp = others.index[others == seg]
        if len(ids) < MIN_GROUP or len(comp) < MIN_GROUP:
            continue
        for k in METRICS:
            d = _diff(change_t.loc[ids], change_c.loc[comp], k)
            parts[k].append((len(ids), d.value, (d.high - d.value) / Z95))
    if not parts["orders"]:
        return None
    out = {}
    for k, rows in parts.items():
        w = np.array([r[0] for r in rows], dtype=float)
        w /= w.sum()
        v = float(np.sum(w * [r[1] for r in rows]))
        se = float(np.sqrt(np.sum((w * [r[2] for r in rows]) ** 2)))
        out[k] = Interval(v, v - Z95 * se, v + Z95 * se)
    return out


def uplift_by_segment(
    lines: pd.DataFrame,
    start: date,
    end: date,
    treated: pd.Index,
    holdout: pd.Index,
    segments: pd.Series,
) -> dict[str, dict[str, Interval]]:
    """Per segment at the start, the holdout comparison (segments with enough customers)."""
    post = customer_outcomes(lines, start, end)
    out: dict[str, dict[str, Interval]] = {}
    for seg in sorted(set(segments.reindex(treated.append(holdout)).dropna())):
        t = treated[segments.reindex(treated).to_numpy() == seg]
        c = holdout[segments.reindex(holdout).to_numpy() == seg]
        if len(t) >= MIN_GROUP and len(c) >= MIN_GROUP:
            tf, cf = _frame(t, post), _frame(c, post)
            out[str(seg)] = {k: _diff(tf, cf, k) for k in METRICS}
    return out

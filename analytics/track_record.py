"""How did the forecasts and the order suggestions turn out, now that the sales are in?

Pure: frames in, frozen dataclasses out.

- Forecast error per product, category and shop over a window of past weeks, against the
  naive forecast (the same weekday of the last week the forecast knew), and the bias
  ("we over-forecast Dairy by 12 %"). Each day is judged by the newest forecast made
  before it, so the error is the one the owner planned with.
- The owner's changes to suggested order quantities: with hindsight the right quantity
  was the suggestion plus what the forecast missed over the days the order had to cover;
  the change did better when it landed closer to that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

ACCURACY_COLUMNS = [
    "actual",
    "forecast",
    "naive",
    "abs_error",
    "naive_abs_error",
    "relative_error",
    "bias_pct",
]


@dataclass(frozen=True)
class Accuracy:
    """Forecast accuracy over a window.

    Attributes:
        start, end: The window (inclusive).
        products: Index sku; columns ACCURACY_COLUMNS plus category. relative_error =
            the forecast's absolute error / the naive forecast's (below 1: better than
            naive); bias_pct = (forecast - actual) / actual * 100.
        categories: Index category; the same columns.
        shop: The same figures for the whole shop.
        days: Days with a forecast in the window.
    """

    start: date
    end: date
    products: pd.DataFrame
    categories: pd.DataFrame
    shop: dict[str, float]
    days: int


def _judged(forecasts: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Per product and day in the window, the newest forecast made before the day."""
    f = forecasts[(forecasts["ds"] >= pd.Timestamp(start)) & (forecasts["ds"] <= pd.Timestamp(end))]
    f = f[f["as_of"] <= f["ds"]].sort_values("as_of")
    return f.groupby(["unique_id", "ds"], as_index=False).tail(1)


def _naive(judged: pd.DataFrame, sales: pd.DataFrame) -> np.ndarray:
    """The same weekday of the last week before each forecast was made."""
    gap = (judged["ds"] - judged["as_of"]).dt.days + 1
    back = judged["ds"] - pd.to_timedelta(7 * np.ceil(gap / 7).astype(int), unit="D")
    y = sales.set_index(["unique_id", "ds"])["y"]
    idx = pd.MultiIndex.from_arrays([judged["unique_id"], back])
    return np.asarray(y.reindex(idx).fillna(0.0).to_numpy(), dtype=float)


def _summarise(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "actual": frame["actual"],
            "forecast": frame["forecast"],
            "naive": frame["naive"],
            "abs_error": frame["abs_error"],
            "naive_abs_error": frame["naive_abs_error"],
        }
    )
    out["relative_error"] = out["abs_error"] / out["naive_abs_error"].where(
        out["naive_abs_error"] > 0
    )
    out["bias_pct"] = (
        100 * (out["forecast"] - out["actual"]) / out["actual"].where(out["actual"] > 0)
    )
    return out.round(3)


def forecast_accuracy(
    forecasts: pd.DataFrame,
    sales: pd.DataFrame,
    categories: pd.Series,
    today: date,
    weeks: int,
) -> Accuracy:
    """Error of the stored forecasts over the `weeks` before `today`.

    Args:
        forecasts: as_of, unique_id, ds, mean — every stored run's daily forecasts.
        sales: unique_id, ds, y — daily units (sparse; missing days are zero), covering
            the window and the week before each forecast in it.
        categories: sku -> category.
        today: The window ends the day before.
        weeks: Window length in weeks (4 or 12).
    """
    start, end = today - timedelta(weeks=weeks), today - timedelta(days=1)
    judged = _judged(forecasts, start, end)
    y = sales.set_index(["unique_id", "ds"])["y"]
    key = pd.MultiIndex.from_arrays([judged["unique_id"], judged["ds"]])
    lines = pd.DataFrame(
        {
            "unique_id": judged["unique_id"].to_numpy(),
            "actual": y.reindex(key).fillna(0.0).to_numpy(),
            "forecast": judged["mean"].to_numpy(),
            "naive": _naive(judged, sales),
        }
    )
    lines["abs_error"] = (lines["forecast"] - lines["actual"]).abs()
    lines["naive_abs_error"] = (lines["naive"] - lines["actual"]).abs()
    lines["category"] = lines["unique_id"].map(categories).fillna("uncategorised")
    sums = ["actual", "forecast", "naive", "abs_error", "naive_abs_error"]
    per_product = lines.groupby("unique_id")[sums].sum()
    products = _summarise(per_product).assign(
        category=per_product.index.map(categories).fillna("uncategorised")
    )
    cats = _summarise(lines.groupby("category")[sums].sum())
    shop = _summarise(lines[sums].sum().to_frame().T).iloc[0].to_dict() if len(lines) else {}
    return Accuracy(start, end, products, cats, shop, int(judged["ds"].nunique()))


@dataclass(frozen=True)
class Overrides:
    """The owner's changes to suggested order quantities, judged with hindsight.

    Attributes:
        lines: One row per changed line: proposal_id, sku, decided, suggested, approved,
            forecast (units over the days the order covered), actual (units sold then),
            hindsight (the right quantity with hindsight), verdict ("better", "worse",
            "same"). Lines whose cover period has not ended yet are left out.
        consistent: Products where the owner's changes did better at least twice and
            never worse.
    """

    lines: pd.DataFrame
    consistent: tuple[str, ...]


def judge_overrides(
    changed: pd.DataFrame, forecasts: pd.DataFrame, sales: pd.DataFrame, today: date
) -> Overrides:
    """Did the owner's quantity do better than the suggestion?

    Args:
        changed: proposal_id, sku, decided (datetime), suggested, approved, cover_days
            (lead time + review period: the days the order had to last).
        forecasts: as_of, unique_id, ds, mean (every stored run).
        sales: unique_id, ds, y.
        today: Cover periods must end before today.
    """
    rows = []
    for r in changed.itertuples():
        first = pd.Timestamp(r.decided).normalize()
        last = first + pd.Timedelta(days=int(np.ceil(r.cover_days)) - 1)
        if last.date() >= today:
            continue
        made = forecasts[(forecasts["unique_id"] == r.sku) & (forecasts["as_of"] <= first)]
        if made.empty:
            continue
        run = made[made["as_of"] == made["as_of"].max()]
        window = (run["ds"] >= first) & (run["ds"] <= last)
        expected = float(run.loc[window, "mean"].sum())
        s = sales[(sales["unique_id"] == r.sku) & (sales["ds"] >= first) & (sales["ds"] <= last)]
        actual = float(s["y"].sum())
        right = max(float(r.suggested) + actual - expected, 0.0)
        gap_owner, gap_plan = abs(r.approved - right), abs(r.suggested - right)
        verdict = (
            "same"
            if abs(gap_owner - gap_plan) < 0.5
            else ("better" if gap_owner < gap_plan else "worse")
        )
        rows.append(
            (r.proposal_id, r.sku, first.date(), float(r.suggested), float(r.approved),
             round(expected, 1), actual, round(right, 1), verdict)
        )  # fmt: skip
    cols = ["proposal_id", "sku", "decided", "suggested", "approved", "forecast", "actual"]
    lines = pd.DataFrame(rows, columns=[*cols, "hindsight", "verdict"])
    tally = lines.groupby("sku")["verdict"].agg(
        better=lambda v: int((v == "better").sum()), worse=lambda v: int((v == "worse").sum())
    )
    consistent = tuple(tally[(tally["better"] >= 2) & (tally["worse"] == 0)].index)
    return Overrides(lines, consistent)

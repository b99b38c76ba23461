"""`track_record`: how good were the forecasts and order suggestions, now the sales are in —
error against the naive forecast, bias, stock-outs despite the plan, the owner's changes."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from analytics.track_record import forecast_accuracy, judge_overrides
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import ForecastRun, ForecastValue, Proposal
from tools.context import ToolContext, ToolError
from tools.resolve import resolve_category
from tools.results import ToolResult

SHOWN = 5
REVIEW_DAYS = 7


class AccuracyLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    actual: float
    forecast: float
    relative_error: float | None  # forecast's error / naive's: below 1 = better than naive
    bias_pct: float | None


class OverrideLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    proposal_id: int
    sku: str
    suggested: float
    approved: float
    hindsight: float
    verdict: str


class TrackRecord(ToolResult):
    weeks: int
    start: str
    end: str
    days_judged: int
    shop: AccuracyLine | None
    categories: list[AccuracyLine]
    worst_products: list[AccuracyLine]
    stockouts_despite_plan: list[str]
    overrides: list[OverrideLine]
    overrides_better: int
    overrides_worse: int
    owner_beats_forecast: list[str]


def track_record(ctx: ToolContext, weeks: int = 4, category: str | None = None) -> TrackRecord:
    """How good past forecasts and order suggestions were, now that the sales are known:
    forecast error per product and category against the naive forecast (same weekday last
    week), bias (over- or under-forecasting), products that ran out despite the plan, and
    whether the owner's changes to suggested order quantities did better or worse.

    Args:
        weeks: the last 4 or 12 weeks (any number from 1 to 12).
        category: only this category.
    """
    if not 1 <= weeks <= 12:
        raise ToolError(f"weeks must be between 1 and 12, not {weeks}")
    cat_name = resolve_category(ctx, category) if category else None
    forecasts = _stored_forecasts(ctx, weeks)
    if forecasts.empty:
        raise ToolError("No stored forecast covers the past weeks yet; ask again in a week.")
    catalogue = frames.products(ctx.session).set_index("sku")
    start = ctx.today - timedelta(weeks=weeks + 2)
    sales = frames.daily_sales(ctx.session, before=ctx.today)
    sales = sales[sales["ds"] >= pd.Timestamp(start)]
    if cat_name is not None:
        skus = catalogue.index[catalogue["category"] == cat_name]
        forecasts = forecasts[forecasts["unique_id"].isin(skus)]
    acc = forecast_accuracy(forecasts, sales, catalogue["category"], ctx.today, weeks)
    names = catalogue["name"]
    worst = acc.products[acc.products["actual"] > 0].sort_values("abs_error", ascending=False)
    changed = _changed_lines(ctx, catalogue)
    judged = judge_overrides(changed, forecasts, sales, ctx.today)
    return TrackRecord(
        weeks=weeks,
        start=acc.start.isoformat(),
        end=acc.end.isoformat(),
        days_judged=acc.days,
        shop=_line("the shop", acc.shop) if acc.shop else None,
        categories=[_line(str(c), r) for c, r in acc.categories.iterrows()],
        worst_products=[_line(str(names.get(s, s)), r) for s, r in worst.head(SHOWN).iterrows()],
        stockouts_despite_plan=_stockouts(ctx, acc.products.index, acc.start, names),
        overrides=[
            OverrideLine(**{k: getattr(r, k) for k in OverrideLine.model_fields})
            for r in judged.lines.itertuples()
        ],
        overrides_better=int((judged.lines["verdict"] == "better").sum()),
        overrides_worse=int((judged.lines["verdict"] == "worse").sum()),
        owner_beats_forecast=[str(names.get(s, s)) for s in judged.consistent],
        why=[
            "Each day is judged by the newest forecast made before it (the one the plan used).",
            "Naive forecast: the same weekday of the last week the forecast knew; relative "
            "error below 1 means the forecast beat it.",
            "Bias: total forecast minus total sold, in percent of sold (positive = forecast "
            "too high).",
            "An owner's change did better when it was closer to the quantity hindsight "
            "gives: the suggestion plus what the forecast missed over the days the order "
            "had to cover.",
        ],
        notes=[] if acc.days >= 7 * weeks else [
            f"Stored forecasts cover {acc.days} of the {7 * weeks} days (runs are kept weekly "
            "from the day this version was installed)."
        ],
    )  # fmt: skip


def _line(name: str, r: pd.Series | dict[str, float]) -> AccuracyLine:
    def num(key: str) -> float | None:
        v = r[key]
        return None if v is None or pd.isna(v) else round(float(v), 3)

    return AccuracyLine(
        name=name,
        actual=round(float(r["actual"]), 1),
        forecast=round(float(r["forecast"]), 1),
        relative_error=num("relative_error"),
        bias_pct=num("bias_pct"),
    )


def _stored_forecasts(ctx: ToolContext, weeks: int) -> pd.DataFrame:
    since = ctx.today - timedelta(weeks=weeks + 1)
    stmt = (
        select(ForecastRun.as_of, ForecastValue.sku, ForecastValue.ds, ForecastValue.mean)
        .join(ForecastValue, ForecastValue.run_id == ForecastRun.id)
        .where(ForecastRun.as_of >= since, ForecastValue.ds < ctx.today)
    )
    rows = ctx.session.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["as_of", "unique_id", "ds", "mean"])
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    frame["ds"] = pd.to_datetime(frame["ds"])
    return frame


def _changed_lines(ctx: ToolContext, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Approved purchase-order lines whose quantity the owner changed."""
    rows = []
    stmt = select(Proposal).where(Proposal.kind == "purchase_order", Proposal.status == "approved")
    for p in ctx.session.scalars(stmt):
        cover = float(p.payload.get("lead_time_days", 0)) + REVIEW_DAYS
        lines = [*p.payload.get("lines", []), *p.payload.get("removed_lines", [])]
        for line in lines:
            if "suggested_quantity" in line and p.decided_at is not None:
                rows.append(
                    (p.id, line["sku"], p.decided_at, float(line["suggested_quantity"]),
                     float(line["quantity"]), cover)
                )  # fmt: skip
    cols = ["proposal_id", "sku", "decided", "suggested", "approved", "cover_days"]
    return pd.DataFrame(rows, columns=cols)


def _stockouts(ctx: ToolContext, planned: pd.Index, since: date, names: pd.Series) -> list[str]:
    """Products the plan covered that a stock count found empty in the window."""
    zero = frames.zero_counts(ctx.session, list(planned))
    zero = zero[zero["ds"] >= pd.Timestamp(since)]
    days = zero.groupby("unique_id")["ds"].nunique().sort_values(ascending=False)
    return [f"{names.get(s, s)}: found empty on {n} day(s)" for s, n in days.items()]

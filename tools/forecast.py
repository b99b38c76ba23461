"""`forecast_demand`: expected units for a future period, with intervals and the reason."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pandas as pd

from analytics.windows import HistoryAround, WindowTotal, history_around, window_total
from shopkeeper.core.store import frames
from tools.context import ToolContext, ToolError
from tools.planning import current_forecast
from tools.results import DemandForecast, ForecastDay, Period
from tools.scope import resolve_scope, scope_skus


def forecast_demand(
    ctx: ToolContext,
    start: date | None = None,
    end: date | None = None,
    product: str | None = None,
    category: str | None = None,
    supplier: str | None = None,
    period_label: str | None = None,
) -> DemandForecast:
    """Forecast how many units will sell from `start` to `end` (inclusive, today or later), for
    one product, a category, a supplier's range or the whole shop, with 80 % and 95 % intervals,
    the same days last year, and which method was used and how well it did in back-tests.

    Args:
        start: first day (YYYY-MM-DD); default today.
        end: last day, inclusive; default 13 days after start.
        product: a product name or SKU.
        category: a category name.
        supplier: a supplier name.
        period_label: how the person called the period ("over Christmas"), for the answer.
    """
    start, end = _period(ctx, start, end)
    scope = resolve_scope(ctx, product, category, supplier)
    skus = scope_skus(ctx, scope, active_only=scope.product is None)
    result = current_forecast(ctx, skus)
    fc, facts = result.forecasts, result.facts
    if skus is not None:
        fc = fc[fc["unique_id"].isin(skus)]
        facts = facts[facts["unique_id"].isin(skus)] if len(facts) else facts
    window = window_total(fc, start, end)
    if window is None:
        raise ToolError(f"There is no forecast for {scope.label}: it has no sales history yet.")
    one = facts.iloc[0].to_dict() if scope.product is not None and len(facts) else None
    past = _history(ctx, skus, start, end)
    on_hand, on_order = _stock(ctx, scope.product.value) if scope.product else (None, None)
    label = period_label or f"{start:%d %b} to {end:%d %b %Y}"
    return DemandForecast(
        scope=scope.label,
        skus=sorted(facts["unique_id"].astype(str).unique().tolist()) if scope.product else [],
        period=Period(start=start, end=end, label=label),
        total=window.total,
        lo_80=window.lo_80,
        hi_80=window.hi_80,
        lo_95=window.lo_95,
        hi_95=window.hi_95,
        daily=_days(window),
        last_year_units=past.last_year if past else None,
        recent_daily_mean=round(past.recent_daily_mean, 2) if past else 0.0,
        demand_class=str(one["demand_class"]) if one else None,
        model=str(one["model"]) if one else None,
        backtest_mase=_num(one, "mase"),
        seasonal_naive_mase=_num(one, "mase_seasonal_naive"),
        on_hand=on_hand,
        on_order=on_order,
        forecast_made_on=result.today,
        history_daily=past.last_weeks if past else [],
        why=_why(label, start, end, result.today, one, facts),
        notes=_notes(one),
    )


def _days(window: WindowTotal) -> list[ForecastDay]:
    return [
        ForecastDay(ds=d.date(), **{k: round(float(v), 2) for k, v in row.items()})
        for d, row in window.daily.iterrows()
    ]


def _period(ctx: ToolContext, start: date | None, end: date | None) -> tuple[date, date]:
    start = max(start or ctx.today, ctx.today)
    end = end or start + timedelta(days=13)
    last = ctx.today + timedelta(days=ctx.settings.forecast_horizon_days - 1)
    if end < start:
        raise ToolError(f"The period ends ({end}) before it starts ({start}).")
    if end > last:
        raise ToolError(
            f"I forecast at most {ctx.settings.forecast_horizon_days} days ahead (to {last}); "
            "ask about a period before that."
        )
    return start, end


def _history(
    ctx: ToolContext, skus: list[str] | None, start: date, end: date
) -> HistoryAround | None:
    """Past sales around the window (not read for more than 50 products: a chart's worth)."""
    if skus is not None and len(skus) > 50:
        return None
    hist = frames.daily_sales(ctx.session, skus=skus, before=ctx.today)
    if not len(hist):
        return None
    return history_around(hist.groupby("ds")["y"].sum(), start, end, ctx.today)


def _stock(ctx: ToolContext, sku: str) -> tuple[float | None, float]:
    stock = frames.stock(ctx.session)
    row = stock[stock["sku"] == sku]
    orders = frames.on_order(ctx.session)
    on_order = float(orders.loc[orders["sku"] == sku, "quantity"].sum())
    return (float(row["on_hand"].iloc[0]) if len(row) else None), on_order


def _why(
    label: str,
    start: date,
    end: date,
    made: date,
    one: dict[str, Any] | None,
    facts: pd.DataFrame,
) -> list[str]:
    why = [
        f"{label}: {start:%a %d %b} to {end:%a %d %b %Y} ({(end - start).days + 1} days).",
        f"Forecast made on {made:%d %b %Y} from daily sales up to the day before.",
    ]
    if one:
        why.append(str(one.get("reason", "")))
    else:
        why.append(
            f"Sum of the forecasts of {facts['unique_id'].nunique()} products; each product's "
            "method was picked by back-testing; intervals assume independent daily errors."
        )
    return why


def _notes(one: dict[str, Any] | None) -> list[str]:
    if not one:
        return []
    notes = []
    if one.get("n_stockout_days"):
        notes.append(
            f"{int(one['n_stockout_days'])} day(s) looked out of stock and were not read "
            "as zero demand."
        )
    if one.get("demand_class") in {"intermittent", "lumpy"}:
        notes.append("Sales are irregular, so single days are hard to predict; totals are firmer.")
    if one.get("demand_class") == "new":
        notes.append("This product is new: the forecast rests on a short history.")
    return notes


def _num(row: dict[str, object] | None, key: str) -> float | None:
    if not row or row.get(key) is None:
        return None
    value = float(row[key])  # type: ignore[arg-type]
    return round(value, 3) if math.isfinite(value) else None

"""`forecast_demand`: expected units for a future period, with intervals and the reason."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from shopkeeper.core.store import frames
from tools.context import ToolContext, ToolError
from tools.planning import current_forecast
from tools.results import DemandForecast, ForecastDay, Period
from tools.scope import resolve_scope, scope_skus

Z80, Z95 = 1.2816, 1.96


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
    scope = resolve_scope(ctx, product, category, supplier)
    skus = scope_skus(ctx, scope, active_only=scope.product is None)
    result = current_forecast(ctx, skus)
    fc = result.forecasts
    if skus is not None:
        fc = fc[fc["unique_id"].isin(skus)]
    window = fc[(fc["ds"] >= pd.Timestamp(start)) & (fc["ds"] <= pd.Timestamp(end))]
    if window.empty:
        raise ToolError(f"There is no forecast for {scope.label}: it has no sales history yet.")
    # Per-day spread from the 95 % band; summed as independent errors across days and SKUs.
    sd = (window["hi_95"] - window["lo_95"]) / (2 * Z95)
    daily = window.groupby("ds")[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]].sum()
    total = float(window["mean"].sum())
    total_sd = math.sqrt(float((sd**2).sum()))
    facts = result.facts
    if skus is not None and len(facts):
        facts = facts[facts["unique_id"].isin(skus)]
    one = facts.iloc[0].to_dict() if scope.product is not None and len(facts) else None

    hist = (
        frames.daily_sales(ctx.session, skus=skus, before=ctx.today)
        if skus is None or len(skus) <= 50
        else None
    )
    history_daily: list[tuple[date, float]] = []
    last_year: float | None = None
    recent = 0.0
    if hist is not None and len(hist):
        per_day = hist.groupby("ds")["y"].sum()
        ly = per_day[
            (per_day.index >= pd.Timestamp(start) - pd.DateOffset(years=1))
            & (per_day.index <= pd.Timestamp(end) - pd.DateOffset(years=1))
        ]
        first_day = per_day.index.min()
        if first_day <= pd.Timestamp(start) - pd.DateOffset(years=1):
            last_year = round(float(ly.sum()), 1)
        recent_days = pd.date_range(ctx.today - timedelta(days=28), ctx.today - timedelta(days=1))
        recent = float(per_day.reindex(recent_days, fill_value=0.0).mean())
        tail = per_day.reindex(
            pd.date_range(ctx.today - timedelta(days=56), ctx.today - timedelta(days=1)),
            fill_value=0.0,
        )
        history_daily = [(d.date(), float(v)) for d, v in tail.items()]

    on_hand = on_order = None
    if scope.product is not None:
        sku = scope.product.value
        stock = frames.stock(ctx.session)
        row = stock[stock["sku"] == sku]
        on_hand = float(row["on_hand"].iloc[0]) if len(row) else None
        orders = frames.on_order(ctx.session)
        on_order = float(orders.loc[orders["sku"] == sku, "quantity"].sum())
    label = period_label or f"{start:%d %b} to {end:%d %b %Y}"
    why = [
        f"{label}: {start:%a %d %b} to {end:%a %d %b %Y} ({(end - start).days + 1} days).",
        f"Forecast made on {result.today:%d %b %Y} from daily sales up to the day before.",
    ]
    if one:
        why.append(str(one.get("reason", "")))
    else:
        why.append(
            f"Sum of the forecasts of {facts['unique_id'].nunique()} products; each product's "
            "method was picked by back-testing; intervals assume independent daily errors."
        )
    notes = []
    if one and one.get("n_stockout_days"):
        notes.append(
            f"{int(one['n_stockout_days'])} day(s) looked out of stock and were not read as "
            "zero demand."
        )
    if one and one.get("demand_class") in {"intermittent", "lumpy"}:
        notes.append("Sales are irregular, so single days are hard to predict; totals are firmer.")
    if one and one.get("demand_class") == "new":
        notes.append("This product is new: the forecast rests on a short history.")
    return DemandForecast(
        scope=scope.label,
        skus=sorted(facts["unique_id"].astype(str).unique().tolist()) if scope.product else [],
        period=Period(start=start, end=end, label=label),
        total=round(total, 1),
        lo_80=round(max(0.0, total - Z80 * total_sd), 1),
        hi_80=round(total + Z80 * total_sd, 1),
        lo_95=round(max(0.0, total - Z95 * total_sd), 1),
        hi_95=round(total + Z95 * total_sd, 1),
        daily=[
            ForecastDay(ds=d.date(), **{k: round(float(v), 2) for k, v in row.items()})
            for d, row in daily.iterrows()
        ],
        last_year_units=last_year,
        recent_daily_mean=round(recent, 2),
        demand_class=str(one["demand_class"]) if one else None,
        model=str(one["model"]) if one else None,
        backtest_mase=_num(one, "mase"),
        seasonal_naive_mase=_num(one, "mase_seasonal_naive"),
        on_hand=on_hand,
        on_order=on_order,
        forecast_made_on=result.today,
        history_daily=history_daily,
        why=why,
        notes=notes,
    )


def _num(row: dict[str, object] | None, key: str) -> float | None:
    if not row or row.get(key) is None:
        return None
    value = float(row[key])  # type: ignore[arg-type]
    return round(value, 3) if math.isfinite(value) else None

"""The current forecast and replenishment plan, shared by the forecast, stock and reorder tools.

Both are cached in the process, keyed by what they depend on (the stored forecast run, the
sales, the stock counts and the open orders), so repeated questions cost milliseconds and a
new count or order is seen at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pandas as pd
from sqlalchemy import func, select

from analytics.forecasting import ForecastResult
from analytics.replenishment import ReplenishmentPlan, ReplenishmentPolicy, plan_replenishment
from analytics.suppliers import lead_time_stats
from shopkeeper.core import forecasts
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import Delivery, PurchaseOrder, PurchaseOrderLine, StockLevel
from tools.context import ToolContext, ToolError

EMPTY = frames.fingerprint_of(0, None)
SMALL = 25  # up to this many SKUs are re-forecast on the spot when the stored run is stale


def current_forecast(ctx: ToolContext, skus: list[str] | None = None) -> ForecastResult:
    """The forecast for `skus` (default all active products), with notes on its freshness."""
    settings = ctx.settings
    stored = forecasts.latest(ctx.session, ctx.today, skus, ctx.cache)
    if stored is None and frames.sales_fingerprint(ctx.session) == EMPTY:
        raise ToolError(
            "There are no sales yet, so there is nothing to forecast or plan. Import your sales "
            "(shopkeeper import FILE, or send the file to the bot) or try the demo shop."
        )
    if stored is None:
        stored = forecasts.refresh(
            ctx.session,
            ctx.today,
            settings.forecast_horizon_days,
            settings.country,
            ctx.now,
            settings=settings,
        )
        ctx.session.flush()
        if skus is not None:
            stored = forecasts.latest(ctx.session, ctx.today, skus, ctx.cache) or stored
    if stored.stale and skus is not None and len(skus) <= SMALL:
        key = f"fresh:{frames.sales_fingerprint(ctx.session)}:{ctx.today}:{','.join(skus)}"
        if key not in ctx.cache:
            ctx.cache[key] = forecasts.compute(
                ctx.session, ctx.today, settings.forecast_horizon_days, settings.country, skus
            )
        result: ForecastResult = ctx.cache[key]
        return result
    return stored.result


def stale_note(ctx: ToolContext) -> str | None:
    """A note when the stored whole-catalogue forecast is older than the sales data."""
    stored = forecasts.latest(ctx.session, ctx.today, skus=[], cache=ctx.cache)
    if stored is not None and stored.stale:
        return (
            f"Stock projections use the forecast made on {stored.result.today:%d %b %Y}; "
            "newer sales exist. Run `shopkeeper refresh` (it also runs after every sales import)."
        )
    return None


def _stock_stamp(ctx: ToolContext) -> str:
    parts = [
        ctx.session.execute(select(func.count(), func.max(t.id))).one()
        for t in (StockLevel, PurchaseOrderLine, Delivery)
    ]
    statuses = ctx.session.execute(
        select(PurchaseOrder.status, func.count()).group_by(PurchaseOrder.status)
    ).all()
    return hashlib.sha1(repr((parts, statuses)).encode()).hexdigest()


def policy(ctx: ToolContext) -> ReplenishmentPolicy:
    s = ctx.settings
    return ReplenishmentPolicy(
        service_level=s.service_level,
        service_scope=s.service_scope,
        min_product_service_level=s.min_product_service_level,
        review_period_days=s.review_period_days,
        holding_cost_rate=s.holding_cost_rate,
        order_cost=s.order_cost,
    )


def sales_history(ctx: ToolContext) -> pd.DataFrame:
    """Daily units per product before today (`frames.daily_sales`), read once per sales state."""
    history_key = f"history:{frames.sales_fingerprint(ctx.session)}:{ctx.today}"
    history: pd.DataFrame | None = ctx.cache.get(history_key)
    if history is None:
        history = frames.daily_sales(ctx.session, before=ctx.today)
        for old in [k for k in ctx.cache if k.startswith("history:")]:
            del ctx.cache[old]
        ctx.cache[history_key] = history
    return history


def current_plan(ctx: ToolContext) -> ReplenishmentPlan:
    """The replenishment plan for all active products as of today."""
    forecast = current_forecast(ctx)
    stored = forecasts.latest(ctx.session, ctx.today, skus=[], cache=ctx.cache)
    run = stored.run_id if stored else 0
    key = f"plan:{run}:{_stock_stamp(ctx)}:{ctx.today}:{policy(ctx)}"
    cached = ctx.cache.get("plan")
    if cached is not None and cached[0] == key:
        plan: ReplenishmentPlan = cached[1]
        return plan
    session = ctx.session
    history = sales_history(ctx)
    suppliers = frames.suppliers(session)
    if forecast.today != ctx.today:
        # A stored run from an earlier day: drop the days already past.
        kept = forecast.forecasts[forecast.forecasts["ds"] >= str(ctx.today)]
        forecast = replace(forecast, forecasts=kept, today=ctx.today)
    plan = plan_replenishment(
        forecast=forecast,
        history=history,
        products=frames.products(session, active_only=True),
        suppliers=suppliers,
        lead_times=lead_time_stats(frames.deliveries(session), suppliers),
        stock=frames.stock(session)[["sku", "on_hand"]],
        on_order=frames.on_order(session),
        policy=policy(ctx),
        today=ctx.today,
    )
    ctx.cache["plan"] = (key, plan)
    return plan

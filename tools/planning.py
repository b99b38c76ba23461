"""The current forecast and replenishment plan, shared by the forecast, stock and reorder tools.

Both are kept in the shop state (`ctx.memo`), keyed by the versions of the data they come
from (forecast runs, sales, catalogue, stock and orders, deliveries), so repeated questions
cost milliseconds and a new import or an approved order is seen at once.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analytics.forecasting import ForecastResult
from analytics.replenishment import ReplenishmentPlan, ReplenishmentPolicy, plan_replenishment
from analytics.suppliers import lead_time_stats
from shopkeeper.core import forecasts
from shopkeeper.core.state import Memo, Slot
from shopkeeper.core.store import frames
from tools.context import ToolContext, ToolError

EMPTY = frames.fingerprint_of(0, None)
SMALL = 25  # up to this many SKUs are re-forecast on the spot when the stored run is stale
PLAN_DATA = ("forecasts", "sales", "catalogue", "stock", "deliveries")
PLAN: Slot[ReplenishmentPlan] = Slot("replenishment plan", PLAN_DATA)
HISTORY: Slot[pd.DataFrame] = Slot("daily sales", ("sales",))
FRESH: Slot[ForecastResult] = Slot("forecast of a few products", ("sales", "catalogue"))


def current_forecast(ctx: ToolContext, skus: list[str] | None = None) -> ForecastResult:
    """The forecast for `skus` (default all active products), with notes on its freshness."""
    settings = ctx.settings
    stored = forecasts.latest(ctx.session, ctx.today, skus, ctx.memo)
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
        ctx.memo = Memo.read(ctx.memo.state, ctx.session)  # this turn made a new run
        if skus is not None:
            stored = forecasts.latest(ctx.session, ctx.today, skus, ctx.memo) or stored
    if stored.stale and skus is not None and len(skus) <= SMALL:
        return ctx.memo.get(
            FRESH,
            lambda: forecasts.compute(
                ctx.session, ctx.today, settings.forecast_horizon_days, settings.country, skus
            ),
            key=(ctx.today, tuple(skus)),
        )
    return stored.result


def stale_note(ctx: ToolContext) -> str | None:
    """A note when the stored whole-catalogue forecast is older than the sales data."""
    stored = forecasts.latest(ctx.session, ctx.today, skus=[], memo=ctx.memo)
    if stored is not None and stored.stale:
        return (
            f"Stock projections use the forecast made on {stored.result.today:%d %b %Y}; "
            "newer sales exist. Run `shopkeeper refresh` (it also runs after every sales import)."
        )
    return None


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


def current_plan(ctx: ToolContext) -> ReplenishmentPlan:
    """The replenishment plan for all active products as of today."""
    forecast = current_forecast(ctx)
    pol = policy(ctx)
    return ctx.memo.get(PLAN, lambda: _plan(ctx, forecast, pol), key=(ctx.today, pol))


def _plan(
    ctx: ToolContext, forecast: ForecastResult, pol: ReplenishmentPolicy
) -> ReplenishmentPlan:
    session = ctx.session
    history = ctx.memo.get(
        HISTORY, lambda: frames.daily_sales(session, before=ctx.today), key=ctx.today
    )
    suppliers = frames.suppliers(session)
    if forecast.today != ctx.today:
        # A stored run from an earlier day: drop the days already past.
        kept = forecast.forecasts[forecast.forecasts["ds"] >= str(ctx.today)]
        forecast = replace(forecast, forecasts=kept, today=ctx.today)
    return plan_replenishment(
        forecast=forecast,
        history=history,
        products=frames.products(session, active_only=True),
        suppliers=suppliers,
        lead_times=lead_time_stats(frames.deliveries(session), suppliers),
        stock=frames.stock(session)[["sku", "on_hand"]],
        on_order=frames.on_order(session),
        policy=pol,
        today=ctx.today,
    )

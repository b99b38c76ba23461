"""`price_advice`: elasticity, margin and competitor prices -> one bounded price suggestion.

One price for all customers: nothing here looks at who buys. A suggested change becomes a
`price_change` proposal that a person approves; the shelf price is not touched here.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import select

from analytics.elasticity import ElasticityEstimate, daily_panel, estimate_elasticity
from analytics.pricing import GuardRails, PriceSuggestion, parse_endings, suggest_price
from shopkeeper.core.state import Slot
from shopkeeper.core.store.models import CompetitorPrice
from tools import proposing
from tools.context import ToolContext, ToolError
from tools.price_results import CompetitorQuote, PriceAdvice
from tools.purchases import catalogue, open_days, sales_lines
from tools.resolve import resolve_product

HISTORY_DAYS = 730  # two years: enough to see a year's seasons around a price change
COMPETITOR_DAYS = 90  # older competitor prices are not current
TEST_WEEKS = 4


def rails(ctx: ToolContext) -> GuardRails:
    """The owner's guard-rails from the settings."""
    s = ctx.settings
    return GuardRails(
        max_change_pct=s.price_max_change_pct,
        min_margin_pct=s.price_min_margin_pct,
        max_above_competitor_pct=s.price_max_above_competitor_pct,
        endings=parse_endings(s.price_endings),
    )


def competitor_quotes(ctx: ToolContext, sku: str) -> list[CompetitorQuote]:
    """Each competitor's latest price for `sku` in the last COMPETITOR_DAYS, cheapest first."""
    since = ctx.today - timedelta(days=COMPETITOR_DAYS)
    rows = ctx.session.execute(
        select(CompetitorPrice.competitor, CompetitorPrice.price, CompetitorPrice.date)
        .where(CompetitorPrice.sku == sku, CompetitorPrice.date >= since)
        .where(CompetitorPrice.date <= ctx.today)
        .order_by(CompetitorPrice.date)
    ).all()
    latest = {c: (p, d) for c, p, d in rows}
    quotes = [CompetitorQuote(competitor=c, price=float(p), date=d) for c, (p, d) in latest.items()]
    return sorted(quotes, key=lambda q: q.price)


ELASTICITIES: Slot[ElasticityEstimate] = Slot("elasticities", ("sales", "catalogue"))


def _estimate(ctx: ToolContext, sku: str, cat: pd.DataFrame) -> ElasticityEstimate:
    category = cat.loc[cat["sku"] == sku, "category"].iloc[0]
    peers = cat.loc[cat["category"] == category, "sku"].tolist()

    def build() -> ElasticityEstimate:
        lines = sales_lines(ctx, HISTORY_DAYS)
        mine = lines[lines["sku"].isin(peers) & (lines["quantity"] > 0)]
        traffic = open_days(ctx, ctx.today - timedelta(days=HISTORY_DAYS))
        panel = daily_panel(
            mine.rename(columns={"ts": "ds"})[["sku", "ds", "quantity", "unit_price", "promo"]],
            pd.DatetimeIndex(traffic.index),
        )
        return estimate_elasticity(panel, sku, peers, traffic)

    return ctx.memo.get(ELASTICITIES, build, key=(sku, ctx.today))


def price_advice(ctx: ToolContext, product: str, propose: bool = True) -> PriceAdvice:
    """Should a product's price change? Estimates how customers react to its price
    (elasticity from its own price history, or its category's, with an interval), shows
    margin and competitor prices, and suggests one price for all customers within the
    owner's guard-rails (max change per step, minimum margin, competitor limit, price
    endings). When the data cannot tell, suggests a small price test. A suggested change is
    a price_change proposal for a person to approve.

    Args:
        product: a product name or SKU.
        propose: create a price_change proposal (default true).
    """
    advice = advise_price(ctx, product)
    return propose_price(ctx, advice) if propose else advice


def advise_price(ctx: ToolContext, product: str) -> PriceAdvice:
    """The price advice for one product, read only: nothing is proposed (see propose_price)."""
    match = resolve_product(ctx, product)
    cat = catalogue(ctx)
    row = cat.set_index("sku").loc[match.value]
    price, cost = float(row["price"]), float(row["unit_cost"] or 0.0)
    if price <= 0:
        raise ToolError(
            f"{match.label} has no shelf price in the catalogue; import products first."
        )
    est = _estimate(ctx, match.value, cat)
    quotes = competitor_quotes(ctx, match.value)
    cheapest = quotes[0].price if quotes else None
    interval = (est.lo, est.hi) if est.lo is not None and est.hi is not None else None
    sug = suggest_price(price, cost, est.elasticity, interval, rails(ctx), cheapest)
    names = cat.set_index("sku")["name"]
    return PriceAdvice(
        sku=match.value,
        name=match.label,
        category=str(row["category"]),
        current_price=price,
        unit_cost=round(cost, 2),
        margin_pct=sug.margin_pct_now,
        elasticity=None if est.elasticity is None else round(est.elasticity, 2),
        elasticity_lo=None if est.lo is None else round(est.lo, 2),
        elasticity_hi=None if est.hi is None else round(est.hi, 2),
        elasticity_method=est.method,
        elasticity_from=[str(names.get(s, s)) for s in est.products],
        price_levels=[(p, d) for p, d in est.price_levels[:5]],
        competitors=quotes,
        action=sug.action,
        suggested_price=sug.suggested_price,
        allowed_range=(sug.lower_bound, sug.upper_bound),
        binding=list(sug.binding),
        units_change_pct=sug.units_change_pct,
        revenue_change_pct=sug.revenue_change_pct,
        profit_change_pct=sug.profit_change_pct,
        profit_change_range=sug.profit_change_range,
        confidence=sug.confidence,
        new_margin_pct=sug.margin_pct_new,
        proposal_id=None,
        why=_why(ctx, est, sug),
        notes=_notes(est, sug, cost, quotes),
    )


def propose_price(ctx: ToolContext, advice: PriceAdvice) -> PriceAdvice:
    """Store the advice's suggested change (or price test) as a price_change proposal and
    return the advice with its id; advice to keep the price proposes nothing."""
    if advice.action not in {"raise", "lower", "test"}:
        return advice
    pid = _propose(ctx, advice)
    return advice.model_copy(update={"proposal_id": pid, "proposals_created": [pid]})


def _propose(ctx: ToolContext, a: PriceAdvice) -> int:
    test = a.action == "test"
    if test:
        reason = (
            f"price test for {a.name}: {a.current_price:.2f} -> {a.suggested_price:.2f} for "
            f"{TEST_WEEKS} weeks (not enough price history to estimate the effect)"
        )
    else:
        reason = (
            f"{a.action} {a.name} from {a.current_price:.2f} to {a.suggested_price:.2f}: "
            f"expected profit {a.profit_change_pct:+.1f} % (elasticity {a.elasticity:.2f})"
        )
    return proposing.propose(
        ctx,
        "price_change",
        f"price:{a.sku}",
        {
            "sku": a.sku,
            "name": a.name,
            "old_price": a.current_price,
            "new_price": a.suggested_price,
            "test": test,
            "review_after_days": 7 * TEST_WEEKS,
            "elasticity": a.elasticity,
            "expected_profit_change_pct": a.profit_change_pct,
        },
        reason,
    )


def _why(ctx: ToolContext, est: ElasticityEstimate, sug: PriceSuggestion) -> list[str]:
    r = rails(ctx)
    why = [est.reason]
    if sug.confidence == "low" and est.elasticity is not None:
        why.append(
            f"Elasticity {est.elasticity:.2f} ({est.level:.0%} interval {est.lo:.2f} to "
            f"{est.hi:.2f}): too uncertain to steer the price."
        )
    elif est.elasticity is not None and est.lo is not None and est.hi is not None:
        why.append(
            f"Elasticity {est.elasticity:.2f} ({est.level:.0%} interval {est.lo:.2f} to "
            f"{est.hi:.2f}): a 1 % higher price changes units sold by about "
            f"{est.elasticity:.1f} %."
        )
    ends = ", ".join(f"{e:.2f}"[1:] for e in r.endings) or "any cent"
    why.append(
        f"Guard-rails: at most {r.max_change_pct:g} % per step, at least "
        f"{r.min_margin_pct:g} % margin, at most {r.max_above_competitor_pct:g} % above the "
        f"cheapest competitor, prices ending in {ends}. One price for all customers."
    )
    return why


def _notes(
    est: ElasticityEstimate, sug: PriceSuggestion, cost: float, quotes: list[CompetitorQuote]
) -> list[str]:
    notes = list(sug.notes)
    if cost <= 0:
        notes.append("Unit cost unknown: import it with the products to see margins.")
    if not quotes:
        notes.append("No competitor prices imported (kind competitor_prices) for this product.")
    if sug.action == "test":
        notes.append(
            f"Change the price for {TEST_WEEKS} weeks, then ask again: the new sales tell how "
            "customers react."
        )
    elif sug.confidence == "medium":
        notes.append(
            "If customers react as strongly as the interval allows, this could cost profit: "
            f"check again after {TEST_WEEKS} weeks."
        )
    return notes

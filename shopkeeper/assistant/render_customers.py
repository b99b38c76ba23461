"""Customer, cross-sell and price results -> plain text a shop owner reads. Pure functions.

Customers appear only by pseudonym; every number comes from the result.
"""

from __future__ import annotations

from shopkeeper.assistant.text import and_list, day, money, tail
from tools.price_results import PriceAdvice
from tools.results import CrossSell, CustomerProfile, CustomerSegments


def _pct(x: float) -> str:
    return f"{x * 100:.0f} %"


def render_segments(r: CustomerSegments, currency: str) -> str:
    lines = [
        f"{r.n_customers:,} customers with purchases from {r.period_start:%d %b %Y} to "
        f"{r.period_end:%d %b %Y}."
    ]
    segments = [s for s in r.segments if s.segment == r.focus] if r.focus else r.segments
    if r.focus and not segments:
        lines.append(f"No customer is in the segment '{r.focus}' right now.")
    for s in segments:
        risk = f"; churn risk {_pct(s.mean_churn_risk)}" if s.mean_churn_risk is not None else ""
        value = (
            f"; expected {money(s.expected_value, currency)} in the next "
            f"{r.horizon_days // 30} months"
            if s.expected_value is not None
            else ""
        )
        lines.append(
            f"- {s.label}: {s.customers:,} ({_pct(s.share)}), {_pct(s.revenue_share)} of revenue "
            f"({s.rule}). Typically last bought {s.median_days_since_last:.0f} days ago, "
            f"{s.median_purchases:.0f} purchase days, {money(s.median_spend, currency)} spent"
            f"{risk}{value}."
        )
        lines.append(f"  What to do: {s.action}")
        if r.focus or s.segment in {"champions", "at_risk"}:
            shown = ", ".join(s.contact_list) or "none"
            lines.append(
                f"  To contact ({s.with_consent:,} with marketing consent; most valuable "
                f"first): {shown}"
            )
    if r.customers:
        lines.append("Most valuable in this segment:")
        for c in r.customers:
            extra = ""
            if c.churn_risk is not None and c.expected_value is not None:
                extra = (
                    f", churn risk {_pct(c.churn_risk)}, expected "
                    f"{money(c.expected_value, currency)}"
                )
            consent = "" if c.marketing_consent else " (no marketing consent)"
            lines.append(
                f"  - {c.customer_id}: last bought {day(c.last_purchase)}, {c.purchases} "
                f"purchase days, {money(c.spend, currency)} spent{extra}{consent}"
            )
    return "\n".join(lines + tail(r))


def render_profile(r: CustomerProfile, currency: str) -> str:
    lines = [
        f"Customer {r.customer_id}: {r.segment_label} ({r.segment_rule}).",
        f"{r.purchases} purchase days since {r.first_purchase:%d %b %Y}, last on "
        f"{day(r.last_purchase)}; {money(r.spend, currency)} spent "
        f"({money(r.average_basket, currency)} a visit).",
    ]
    if r.churn_risk is not None and r.expected_value is not None:
        lines.append(
            f"Churn risk {_pct(r.churn_risk)}; about {r.expected_purchases or 0:.0f} visits and "
            f"{money(r.expected_value, currency)} expected in the next "
            f"{r.horizon_days // 30} months."
        )
    if r.next_purchase and r.next_purchase_likely:
        lines.append(
            f"Next visit likely around {day(r.next_purchase_likely)} (half the chance between "
            f"{day(r.next_purchase[0])} and {day(r.next_purchase[1])}), if still a customer."
        )
    if r.favourites:
        favs = ", ".join(f"{f.name} ({f.times}x)" for f in r.favourites)
        lines.append(f"Favourites: {favs}; categories: {', '.join(r.favourite_categories)}.")
    since = f" (recorded {r.consent_updated:%d %b %Y})" if r.consent_updated else ""
    lines.append(f"Marketing consent: {'yes' if r.marketing_consent else 'no'}{since}.")
    lines.append(f"Suggested: {r.action}")
    if r.personal:
        lines.append("Contact: " + ", ".join(v for v in r.personal.values() if v))
    return "\n".join(lines + tail(r))


def render_cross_sell(r: CrossSell, currency: str) -> str:
    if r.customer_id:
        head = f"Suggestions for {r.customer_id}:"
    elif r.product:
        head = f"Goes with {r.scope} (from {r.n_baskets:,} receipts):"
    else:
        head = f"Products most often bought together (from {r.n_baskets:,} receipts):"
    lines = [head]
    lines += [f"  {i}. {s.name}: {s.why}" for i, s in enumerate(r.suggestions, 1)]
    if not r.suggestions:
        lines.append("  Nothing stands out clearly yet.")
    if r.upsell:
        lines.append("Upsell (higher margin, same category):")
        lines += [f"  - {s.name}: {s.why}" for s in r.upsell]
    return "\n".join(lines + tail(r))


LIMITS = {
    "max change": "the maximum change per step",
    "min margin": "the minimum margin",
    "competitor": "the competitor limit",
    "price ending": "the price endings",
}


def render_price(r: PriceAdvice, currency: str) -> str:
    margin = f" (margin {r.margin_pct:.1f} %)" if r.margin_pct is not None else ""
    lines = [
        f"{r.name}: now {money(r.current_price, currency)}, unit cost "
        f"{money(r.unit_cost, currency)}{margin}."
    ]
    if r.elasticity is not None and r.elasticity_lo is not None and r.elasticity_hi is not None:
        source = "its own price changes" if r.elasticity_method == "own" else "its category"
        lines.append(
            f"Price sensitivity (elasticity): {r.elasticity:.2f}, 95 % likely between "
            f"{r.elasticity_lo:.2f} and {r.elasticity_hi:.2f} (from {source})."
        )
    else:
        lines.append("Price sensitivity: unknown - its price (and its category's) never changed.")
    if r.competitors:
        quotes = ", ".join(
            f"{q.competitor} {money(q.price, currency)} ({q.date:%d %b})" for q in r.competitors
        )
        lines.append(f"Competitors: {quotes}.")
    change = (r.suggested_price / r.current_price - 1) * 100
    if r.action == "test":
        lines.append(
            f"Suggestion: the data cannot tell yet; try {money(r.suggested_price, currency)} "
            f"({change:+.1f} %) as a test."
        )
    elif r.action == "keep" and r.confidence == "low":
        lines.append(
            f"Suggestion: keep {money(r.current_price, currency)}; the data cannot tell how "
            "customers react, and no test price fits your guard-rails."
        )
    elif r.action == "keep":
        lines.append(
            f"Suggestion: keep {money(r.current_price, currency)}; no change within your "
            f"guard-rails ({money(r.allowed_range[0], currency)} to "
            f"{money(r.allowed_range[1], currency)}) would clearly add profit."
        )
    else:
        lines.append(
            f"Suggestion: {r.action} to {money(r.suggested_price, currency)} ({change:+.1f} %): "
            f"about {r.units_change_pct:+.1f} % units, {r.revenue_change_pct:+.1f} % revenue, "
            f"{r.profit_change_pct:+.1f} % gross profit."
        )
        if r.profit_change_range is not None:
            lo, hi = r.profit_change_range
            lines.append(
                f"How sure: {r.confidence} - profit change between {lo:+.1f} % and {hi:+.1f} % "
                "across the elasticity's interval."
            )
    if r.binding:
        limits = [LIMITS.get(b, b) for b in r.binding]
        lines.append(f"Limited by {and_list(limits)}.")
    if r.proposal_id:
        lines.append(f"Proposal #{r.proposal_id}: the price changes only when it is approved.")
    return "\n".join(lines + tail(r))

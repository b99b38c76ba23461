"""Supplier scorecard, supply problems and what-if results -> plain text a shop owner reads.

Every share is said with its count ("3 of 4 deliveries late"), so a small record is not read
like a large one. Pure functions; every number comes from the result.
"""

from __future__ import annotations

from shopkeeper.assistant.text import day, money, qty, tail
from tools.supplier_results import (
    Count,
    SourcingAdvice,
    SupplierCard,
    SupplierScorecard,
    SupplyProblem,
    WhatIf,
)


def count(c: Count, what: str = "") -> str:
    """'3 of 4 deliveries late (75 %)'; 'no deliveries' when there are none."""
    if c.n == 0:
        return f"no {c.of}"
    ratio = c.k / c.n
    pct = "under 1%" if 0 < ratio < 0.01 else f"{ratio:.0%}"
    share = f" ({pct})" if c.n >= 5 else ""
    return f"{c.k} of {c.n} {c.of}{' ' + what if what else ''}{share}"


def render_scorecard(r: SupplierScorecard, currency: str) -> str:
    lines = [f"Suppliers, {r.period.label} ({r.period.start:%d %b %Y} to {r.period.end:%d %b %Y}):"]
    if len(r.suppliers) > 1:
        lines.append("Late most often first:")
    for c in r.suppliers:
        lines += _card(c, currency, detail=len(r.suppliers) == 1)
    if r.problems:
        lines.append("Problems now:")
        lines += [f"- {p.text}" for p in r.problems]
    elif r.scope == "all suppliers":
        lines.append("No supply problems right now: no overdue orders, no short or rejected "
                     "deliveries this week, no supplier getting slower.")  # fmt: skip
    lines.append(f"How the prediction works: {r.method}.")
    return "\n".join(lines + tail(r))


def _card(c: SupplierCard, currency: str, detail: bool) -> list[str]:
    head = f"{c.rank}. {c.supplier}: {count(c.late, 'late')}"
    if c.mean_days_late is not None:
        head += f", by {c.mean_days_late:.1f} days on average"
    if c.lead_time_mean is not None:
        head += (
            f"; takes {c.lead_time_mean:.1f} days on average (stated {c.stated_lead_time:g}, "
            f"9 in 10 within {c.lead_time_p90:g})"
        )
    p = c.prediction
    chance = (
        f"{p.on_time_probability:.0%} chance of on time ({p.on_time_low:.0%}-{p.on_time_high:.0%})"
        if p.on_time_probability is not None
        and p.on_time_low is not None
        and p.on_time_high is not None
        else "on-time chance unknown"
    )
    out = [
        head + ".",
        f"   Next order: about {p.lead_time_mean:.1f} days (9 in 10 within "
        f"{p.lead_time_p90:.1f}), {chance}; {p.recent_late.k} of its last "
        f"{p.recent_late.n} deliveries late.",
    ]
    if c.worsening:
        out.append(f"   Getting worse: {c.worsening}")
    if detail:
        out += _detail(c, currency)
    return out


def _detail(c: SupplierCard, currency: str) -> list[str]:
    out = [
        f"   In full: {count(c.in_full)}; on time and in full: {count(c.on_time_in_full)}.",
        f"   Rejected at the door: {qty(c.rejected_units)} of {qty(c.received_units)} units "
        f"on {count(c.rejected_lines)}.",
    ]
    if c.lead_time_trend is not None and abs(c.lead_time_trend) < 0.05:
        out.append("   Trend: lead time steady (least-squares line through its deliveries).")
    elif c.lead_time_trend is not None:
        word = "longer" if c.lead_time_trend > 0 else "shorter"
        out.append(
            f"   Trend: lead time {abs(c.lead_time_trend):.1f} days {word} per 3 months "
            "(least-squares line through its deliveries)."
        )
    if c.cost_changes.k:
        out.append(
            f"   Unit costs changed {c.cost_changes.k} time(s) in {c.cost_changes.n} repeat "
            f"orders of a product, by {c.mean_cost_change_pct:+.1f} % on average."
        )
    else:
        out.append(f"   Unit costs unchanged over {count(c.cost_changes)}.")
    if c.min_order_value:
        out.append(
            f"   Orders below the {money(c.min_order_value, currency)} minimum: "
            f"{count(c.below_minimum)}."
        )
    if c.revenue_share is not None:
        out.append(
            f"   {c.revenue_share:.0%} of the shop's revenue in the period came from its "
            f"{c.single_source_products} products, all bought only from it."
        )
    return out


def render_problems(problems: list[SupplyProblem]) -> str:
    """The grouped supply warning: one line per problem."""
    return "\n".join(["Supply problems:"] + [f"- {p.text}" for p in problems])


def render_what_if(r: WhatIf, currency: str) -> str:
    lines = [f"What if: {r.scenario}."]
    if not r.n_products_changed:
        lines.append("Nothing changes: no product runs out earlier and the plan orders the same.")
        return "\n".join(lines + tail(r))
    lines.append(
        f"{r.n_products_changed} product(s) affected; {r.n_run_out} would run out before an "
        f"order placed today could arrive. Sales at risk: {qty(r.units_at_risk)} units, "
        f"{money(r.margin_at_risk, currency)} margin (as things are: "
        f"{qty(r.units_at_risk_before)} units, {money(r.margin_at_risk_before, currency)})."
    )
    if r.extra_order_units:
        word = "more" if r.extra_order_units > 0 else "fewer"
        lines.append(f"The plan would order {qty(abs(r.extra_order_units))} units {word}.")
    for ln in r.lines:
        when = f"runs out {day(ln.stockout_after)}" if ln.stockout_after else "does not run out"
        if ln.days_earlier:
            when += (
                f" ({abs(ln.days_earlier)} days {'earlier' if ln.days_earlier > 0 else 'later'})"
            )
        order = (
            f"; order {qty(ln.order_after)} instead of {qty(ln.order_before)}"
            if ln.order_after != ln.order_before
            else ""
        )
        risk = f"; {qty(ln.units_at_risk)} units at risk" if ln.units_at_risk else ""
        lines.append(f"- {ln.name} ({ln.supplier}): {when}{risk}{order}")
    if r.n_products_changed > len(r.lines):
        lines.append(f"... and {r.n_products_changed - len(r.lines)} more.")
    return "\n".join(lines + tail(r))


def render_sourcing(r: SourcingAdvice, currency: str) -> str:
    lines = []
    for ln in r.lines:
        lines.append(f"{ln.name}: yearly cost by supplier, cheapest first:")
        for s in ln.sources:
            mark = " (now)" if s.current else ""
            lines.append(
                f"  - {s.supplier}{mark}: {money(s.total, currency)} = buying "
                f"{money(s.purchase, currency)} at {money(s.unit_cost, currency)} + holding "
                f"{money(s.holding, currency)} + sales lost to stock-outs "
                f"{money(s.stockout, currency)}; lead time {s.lead_time_mean:.1f}±"
                f"{s.lead_time_sd:.1f} days"
            )
        if ln.switch_to and ln.saving is not None:
            prop = f" Proposal #{ln.proposal_id}." if ln.proposal_id else ""
            lines.append(
                f"  Switch to {ln.switch_to}: saves about {money(ln.saving, currency)} a year."
                f"{prop}"
            )
        else:
            lines.append("  Keep the current supplier: no offer is clearly cheaper overall.")
    return "\n".join(lines + tail(r))

"""The weekly brief as one phone screen of text (at most about twelve lines); the numbers are
the `weekly_brief` result's, the details stay one question away."""

from __future__ import annotations

from shopkeeper.assistant.text import and_list, day, money, qty
from tools.brief_results import MoverLine, WeekFigures, WeeklyBrief

MAX_NAMES = 3


def _pct(now: float, then: float | None) -> str:
    if not then:
        return "n/a"
    return f"{(now / then - 1) * 100:+.1f} %"


def _compare(now: WeekFigures, then: WeekFigures) -> str:
    return (
        f"sales {_pct(now.revenue, then.revenue)}, units {_pct(now.units, then.units)}, "
        f"margin {_pct(now.margin, then.margin)}"
    )


def _movers(label: str, items: list[MoverLine], currency: str) -> str:
    parts = [f"{m.name} {m.change:+,.0f} {currency} ({m.reason})" for m in items]
    return f"{label} " + "; ".join(parts) + "."


def _money0(x: float, currency: str) -> str:
    return f"{x:,.0f} {currency}"


def brief_lines(b: WeeklyBrief, currency: str) -> list[str]:
    """The brief, one line per topic; topics with nothing to say are left out."""
    s = b.sales
    margin_pct = f" ({s.margin / s.revenue * 100:.1f} %)" if s.revenue else ""
    lines = [
        f"📅 Week {day(b.period.start)} – {day(b.period.end)}: {_money0(s.revenue, currency)}, "
        f"{qty(s.units)} units, margin {_money0(s.margin, currency)}{margin_pct}."
    ]
    if b.forecast is not None and b.forecast_made_on is not None:
        lines.append(
            f"Against the forecast made {day(b.forecast_made_on)} ({qty(b.forecast.units)} "
            f"units): {_compare(s, b.forecast)}."
        )
    else:
        lines.append("No forecast was stored before this week, so there is nothing to compare.")
    if b.last_year is not None:
        lines.append(f"Against the same week last year: {_compare(s, b.last_year)}.")
    if b.change_pct is not None:
        lines[-1] = lines[-1][:-1] + f"; the week before: sales {b.change_pct:+.1f} %."
    if b.movers_up:
        lines.append(_movers("▲", b.movers_up, currency))
    if b.movers_down:
        lines.append(_movers("▼", b.movers_down, currency))
    if b.stockouts:
        names = [f"{x.name} {x.days} d" for x in b.stockouts[:MAX_NAMES]]
        lines.append(
            f"Out of stock: {len(b.stockouts)} product(s), about "
            f"{money(b.lost_revenue, currency)} of sales lost ({and_list(names)})."
        )
    if b.at_risk:
        covered = sum(1 for r in b.at_risk if r.proposal_ids)
        ordered = sum(1 for r in b.at_risk if r.on_order > 0)
        ids = sorted({i for r in b.at_risk for i in r.proposal_ids})
        orders = f" (#{', #'.join(map(str, ids))})" if ids else ""
        lines.append(
            f"⚠️ May run out this week: {b.n_at_risk} product(s) "
            f"({and_list([r.name for r in b.at_risk[:MAX_NAMES]])}); {covered} in pending "
            f"orders{orders}, {ordered} already on order."
        )
    if b.supplier_issues:
        parts = []
        for i in b.supplier_issues[:MAX_NAMES]:
            bits = [f"{i.late} late (up to {i.max_days_late} d)"] if i.late else []
            if i.short_lines:
                bits.append(f"{i.short_lines} line(s) short by {qty(i.units_short)} units")
            parts.append(f"{i.supplier} {' and '.join(bits)}")
        lines.append("🚚 Deliveries: " + "; ".join(parts) + ".")
    lines.append(f"👥 Members: {b.new_customers} new, {b.lapsed_customers} lapsed.")
    if b.pending:
        shown = [f"#{p.id} {p.summary}" for p in b.pending[:MAX_NAMES]]
        more = f" and {len(b.pending) - MAX_NAMES} more" if len(b.pending) > MAX_NAMES else ""
        lines.append(f"🕐 Waiting for your decision: {'; '.join(shown)}{more} (/pending).")
    return lines


def brief_text(b: WeeklyBrief, currency: str) -> str:
    """The brief as plain text (the terminal, the offline assistant)."""
    return "\n".join(brief_lines(b, currency))

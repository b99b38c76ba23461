"""Data quality, fairness and the track record -> plain text a shop owner reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shopkeeper.assistant.text import tail
from tools.data_quality import DataQuality
from tools.fairness import FairnessReport
from tools.track_record import AccuracyLine, TrackRecord

_MARK = {"high": "FIX", "medium": "CHECK", "low": "INFO"}


def render_data_quality(r: DataQuality, currency: str) -> str:
    """Worst first: what, how many rows, what it spoils, the fix, a few examples."""
    if not r.findings:
        looked = ", ".join(f"{n:,} {what}" for what, n in r.looked_at.items() if n)
        return "\n".join([f"No data problems found in {r.scope} ({looked}).", *tail(r)])
    head = f"Data check of {r.scope}: {r.n_high} problem(s) to fix, {r.n_medium} to look at" + (
        f", {r.n_low} for information." if r.n_low else "."
    )
    lines = [head]
    for i, f in enumerate(r.findings, 1):
        lines.append(f"{i}. [{_MARK[f.severity]}] {f.title} ({f.rows:,})")
        lines.append(f"   Why it matters: {f.matters}")
        lines.append(f"   Fix: {f.fix}")
        lines += [f"   - {e}" for e in f.examples]
        if f.occurrences > len(f.examples):
            lines.append(f"   ... and {f.occurrences - len(f.examples):,} more")
    return "\n".join(lines + tail(r))


def render_fairness(r: FairnessReport, currency: str) -> str:
    """Attribute-driven gaps first, then gaps behaviour explains, then the rest in a line."""
    if r.n_flagged:
        head = (
            f"Fairness check: {r.n_flagged} recommendation(s) treat a group differently "
            "because of the group itself. Check the rule behind them."
        )
    elif r.n_four_fifths:
        head = (
            f"Fairness check: {r.n_four_fifths} gap(s) between groups, all explained by how "
            "the customers buy, none by the group itself."
        )
    else:
        head = "Fairness check: no group of customers is treated differently."
    lines = [head]
    ordered = sorted(r.checks, key=lambda c: (not c.attribute_drives, not c.four_fifths_flag))
    for c in ordered:
        mark = "FLAG" if c.attribute_drives else "explained" if c.four_fifths_flag else "ok"
        lines.append(f"- [{mark}] {c.explanation}")
        if c.attribute_drives or c.four_fifths_flag:
            lines += [
                f"    {c.attribute.replace('_', ' ')} {g.group}: {g.customers} customers, "
                f"{g.rate:.0%} selected (ratio {g.ratio:.2f}; {g.adjusted_ratio:.2f} among "
                "alike customers)"
                for g in c.groups
            ]
    if not r.checks:
        lines.append("- Too few customers with a recorded attribute to compare groups.")
    return "\n".join(lines + tail(r))


def _accuracy(a: AccuracyLine) -> str:
    vs = ""
    if a.relative_error is not None:
        word = "better" if a.relative_error < 1 else "worse"
        vs = f", error {a.relative_error:.2f}x the naive forecast's ({word})"
    bias = ""
    if a.bias_pct is not None:
        bias = (
            f"; over-forecast by {a.bias_pct:.0f} %"
            if a.bias_pct > 0
            else (f"; under-forecast by {-a.bias_pct:.0f} %")
        )
    return f"{a.name}: {a.forecast:,.0f} forecast, {a.actual:,.0f} sold{vs}{bias}"


def render_track_record(r: TrackRecord, currency: str) -> str:
    """The shop first, then categories, the worst products, stock-outs, the owner's changes."""
    lines = [f"Track record, {r.start} to {r.end} ({r.days_judged} days judged):"]
    if r.shop is not None:
        lines.append(_accuracy(r.shop) + ".")
    if r.categories:
        lines.append("By category:")
        lines += [f"  {_accuracy(c)}" for c in r.categories]
    if r.worst_products:
        lines.append("Largest misses:")
        lines += [f"  {_accuracy(p)}" for p in r.worst_products]
    if r.stockouts_despite_plan:
        lines.append("Ran out despite the plan:")
        lines += [f"  {s}" for s in r.stockouts_despite_plan[:5]]
    if r.overrides:
        same = len(r.overrides) - r.overrides_better - r.overrides_worse
        lines.append(
            f"Your changes to suggested orders: {r.overrides_better} did better, "
            f"{r.overrides_worse} worse, {same} the same."
        )
        lines += [
            f"  #{o.proposal_id} {o.sku}: suggested {o.suggested:g}, you ordered {o.approved:g}, "
            f"hindsight {o.hindsight:g} ({o.verdict})"
            for o in r.overrides[:5]
        ]
    if r.owner_beats_forecast:
        lines.append(
            "Your changes beat the forecast every time for: " + ", ".join(r.owner_beats_forecast)
        )
    return "\n".join(lines + tail(r))


TRUST_RENDERERS: dict[type, Callable[[Any, str], str]] = {
    DataQuality: render_data_quality,
    FairnessReport: render_fairness,
    TrackRecord: render_track_record,
}

"""Data quality, fairness and the track record -> plain text a shop owner reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shopkeeper.assistant.text import tail
from tools.data_quality import DataQuality

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


TRUST_RENDERERS: dict[type, Callable[[Any, str], str]] = {
    DataQuality: render_data_quality,
}

"""The grouped supply warning: overdue orders, short or rejected deliveries and slower
suppliers in one message, each problem told once (its key is remembered once it was sent)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from bot import state
from bot.cards import supply_card
from shopkeeper.app.scan import SupplyProblem
from shopkeeper.core.deps import Deps


@dataclass(frozen=True)
class SupplyWarning:
    html: str
    marks: tuple[tuple[str, str], ...]  # (subject, fingerprint) of each problem it tells
    first_out: date | None


def supply_warning(deps: Deps, problems: list[SupplyProblem]) -> SupplyWarning | None:
    """One message with the problems not warned about before; None when there are none."""
    new = []
    for p in problems:
        # A problem is the same while its key is: an overdue order is told once, not again
        # each day it stays overdue.
        subject = f"supply:{p.key}"[:120]
        fp = hashlib.sha256(p.key.encode()).hexdigest()
        if state.warning_is_new(deps, subject, fp):
            new.append((p, subject, fp))
    if not new:
        return None
    dates = [p.first_stockout for p, _, _ in new if p.first_stockout is not None]
    return SupplyWarning(
        supply_card([p for p, _, _ in new]),
        tuple((subject, fp) for _, subject, fp in new),
        min(dates) if dates else None,
    )

"""The weekly brief for the channels: the `weekly_brief` tool run in its own session."""

from __future__ import annotations

from datetime import date

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from tools.brief_results import WeeklyBrief
from tools.context import ToolContext
from tools.weekly_brief import weekly_brief


def week_brief(
    deps: Deps, week_start: date | None = None, actor: str = "weekly brief"
) -> WeeklyBrief:
    """The brief of the week starting `week_start` (default the last full week)."""
    with session_scope(deps.sessions) as session:
        return weekly_brief(ToolContext.of(deps, session, actor=actor), week_start)

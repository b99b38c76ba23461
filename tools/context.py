"""What every tool gets from its caller: the store, the shop's settings and the clock.

None of this is visible to a model: it is the run context, not tool arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from shopkeeper.core.deps import Deps, SearchIndex
from shopkeeper.core.settings import Settings
from shopkeeper.core.state import Memo


class ToolError(Exception):
    """A tool could not answer; the message says what to change ("did you mean ...?")."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


@dataclass
class ToolContext:
    """One turn's dependencies. `memo` reads the process's shop state (see `Deps.state`)."""

    session: Session
    settings: Settings
    today: date
    now: datetime
    actor: str = "assistant"
    memo: Memo = field(default_factory=Memo)  # the shop state at this turn's data versions
    role: str = "owner"  # of the person asking: owner | manager | staff
    show_pii: bool = False  # only the owner's own channel, on request, may see contact data
    index: SearchIndex | None = None  # search by meaning, when the assistant has one

    @classmethod
    def of(
        cls, deps: Deps, session: Session, actor: str = "assistant", role: str = "owner"
    ) -> ToolContext:
        """The context for one transaction of `deps`' shop, at the shop's clock."""
        now = deps.now()
        memo = Memo.read(deps.state, session)
        return cls(session, deps.settings, now.date(), now, actor, memo, role, index=deps.index)

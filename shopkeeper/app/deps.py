"""The composition root: settings, database and caches, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shopkeeper.core.settings import Settings
from shopkeeper.core.store.db import make_engine, upgrade
from shopkeeper.core.store.private_files import keep_private
from tools.context import ToolContext


@dataclass
class Deps:
    """Everything a channel needs; passed down, never imported as a global."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings, migrate: bool = True) -> Deps:
        """Open the shop's database (migrated to the current schema unless `migrate` is
        False); from here on, every file the process writes is private to its user."""
        keep_private()
        engine = make_engine(settings.db_url)
        if migrate:
            upgrade(engine)
        return cls(settings, engine, sessionmaker(engine, expire_on_commit=False))

    def now(self) -> datetime:
        """Shop-local wall-clock time (naive), or the fixed `today` at noon when set."""
        if self.settings.today is not None:
            return datetime.combine(self.settings.today, datetime.min.time()).replace(hour=12)
        return datetime.now(ZoneInfo(self.settings.timezone)).replace(tzinfo=None)

    def today(self) -> date:
        return self.now().date()

    def context(
        self, session: Session, actor: str = "assistant", role: str = "owner"
    ) -> ToolContext:
        now = self.now()
        return ToolContext(session, self.settings, now.date(), now, actor, self.cache, role)

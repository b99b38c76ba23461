"""The shop's run-time dependencies: settings, database, clock and search index, built once
at start-up and passed down (never imported as a global).

`Deps` is what channels and the assistant hold. Domain services (members, proposals) take
less: a `Session`, or the `Shop` protocol (settings, transactions, clock) that `Deps` meets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shopkeeper.core.settings import Settings
from shopkeeper.core.state import ShopState
from shopkeeper.core.store.db import make_engine, upgrade


class Shop(Protocol):
    """What a domain service needs: the settings, a transaction, the shop clock."""

    settings: Settings
    sessions: sessionmaker[Session]

    def now(self) -> datetime: ...


@runtime_checkable
class SearchIndex(Protocol):
    """Search by meaning (the assistant's chromadb collections); tools only see this."""

    def sync(self, kind: str, docs: dict[str, str], meta: dict[str, dict[str, Any]]) -> int: ...

    def search(self, kind: str, query: str, limit: int = 5) -> list[tuple[str, float]]: ...

    def add_note(self, note_id: int, text: str) -> None: ...

    def search_notes(self, query: str, limit: int) -> list[tuple[int, float]]: ...

    def sync_notes(self, notes: dict[int, str]) -> int: ...


@dataclass
class Deps:
    """Everything a channel needs; passed down, never imported as a global."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    state: ShopState = field(default_factory=ShopState)  # derived data, kept per data version
    index: SearchIndex | None = None  # set by the LLM assistant; lives as long as the process

    @classmethod
    def build(cls, settings: Settings, migrate: bool = True) -> Deps:
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

"""Shared pieces of the write step: tables, insert-or-ignore for SQLite and PostgreSQL,
turning DataFrame cells into driver values, and finding or creating suppliers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, CursorResult, Insert, Table, func, insert, select

from shopkeeper.core.store.models import Base

CHUNK_ROWS = 20_000  # rows per executemany: large enough to be fast, small enough for memory
IN_CHUNK = 500  # values per IN (...) list, well under every driver's parameter limit

T: dict[str, Table] = dict(Base.metadata.tables)


@dataclass
class Written:
    """Counts of one write step (rows of the file, and records created along the way)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    created: dict[str, int] = field(default_factory=dict)


def insert_ignoring(conn: Connection, table: Table, keys: Sequence[str]) -> Insert:
    """INSERT that silently skips rows whose `keys` already exist (ON CONFLICT DO NOTHING)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=list(keys))
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=list(keys))
    raise ValueError(f"importing supports SQLite and PostgreSQL, not {conn.dialect.name}")


def count_rows(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cell(value: Any) -> Any:
    """A DataFrame cell as a plain Python value the database driver accepts (NA -> None)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def day(value: Any) -> date | None:
    """A timestamp cell as a calendar date."""
    value = cell(value)
    return value.date() if isinstance(value, datetime) else value


def records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of `frame` as dicts of plain values."""
    cols = list(columns)
    return [
        {c: cell(v) for c, v in zip(cols, row, strict=True)}
        for row in frame[cols].itertuples(index=False, name=None)
    ]


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row a single INSERT just created."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def resolve_suppliers(conn: Connection, names: Iterable[str]) -> tuple[dict[str, int], int]:
    """Supplier ids by name (matched ignoring case); unknown names become new suppliers.

    Returns:
        (casefolded name -> supplier id, number of suppliers created)
    """
    table = T["suppliers"]
    wanted = {n.strip().casefold(): n.strip() for n in names if n and n.strip()}
    ids = {
        name.casefold(): sid
        for sid, name in conn.execute(select(table.c.id, table.c.name))
        if name.casefold() in wanted
    }
    missing = [name for key, name in wanted.items() if key not in ids]
    for name in missing:
        # Defaults a shop owner can change later by importing a suppliers file.
        result = conn.execute(
            insert(table).values(name=name, lead_time_days=7.0, min_order_value=0.0)
        )
        ids[name.casefold()] = new_id(result)
    return ids, len(missing)

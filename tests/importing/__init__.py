"""Tests of importing shops' CSV/XLSX exports (helpers shared by the test modules)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from shopkeeper.core.store.db import make_engine, upgrade

NOW = datetime(2025, 3, 10, 12, 0)


def make_db(tmp_path: Path, url: str | None = None) -> tuple[Engine, Path | None]:
    """A fresh, migrated database: a SQLite file, or `url` (PostgreSQL: no file)."""
    engine = make_engine(url or f"sqlite:///{tmp_path / 't.sqlite'}")
    upgrade(engine)
    if engine.dialect.name != "sqlite":
        return engine, None
    return engine, Path(str(engine.url.database))


def write(tmp_path: Path, name: str, content: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    """Result rows as SQLite shows them (PostgreSQL's dates and booleans as SQLite's text
    and integers), so one expectation serves both databases."""
    with engine.connect() as conn:
        found = [tuple(r) for r in conn.execute(text(sql))]
    if engine.dialect.name == "sqlite":
        return found
    return [tuple(_as_sqlite(v) for v in r) for r in found]


def _as_sqlite(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


PRODUCTS_CSV = (
    "SKU,Name,Category,Cost,Price,Supplier\n"
    "A1,Oat milk 1l,Dairy,1.10,2.49,Acme\n"
    "B2,Coffee beans,Hot drinks,4.00,8.99,Beans Ltd\n"
    "C3,Croissant,Bakery,0.40,1.20,Acme\n"
)

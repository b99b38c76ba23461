"""Tests of importing shops' CSV/XLSX exports (helpers shared by the test modules)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from shopkeeper.core.store.db import make_engine, upgrade

NOW = datetime(2025, 3, 10, 12, 0)


def make_db(tmp_path: Path) -> tuple[Engine, Path]:
    """A fresh, migrated SQLite database file."""
    path = tmp_path / "t.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine, path


def write(tmp_path: Path, name: str, content: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


PRODUCTS_CSV = (
    "SKU,Name,Category,Cost,Price,Supplier\n"
    "A1,Oat milk 1l,Dairy,1.10,2.49,Acme\n"
    "B2,Coffee beans,Hot drinks,4.00,8.99,Beans Ltd\n"
    "C3,Croissant,Bakery,0.40,1.20,Acme\n"
)

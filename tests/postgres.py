"""Tests against a real PostgreSQL server, opt-in: TEST_DATABASE_URL names a server's admin
database (`.ci/run` starts a throw-away one). Each test gets a fresh database there.

Tests marked `postgres` run on that server when it is configured, else on SQLite like the
rest of the suite; tests that only make sense on PostgreSQL use `needs_postgres`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not ADMIN_URL, reason="no PostgreSQL server configured (set TEST_DATABASE_URL)"
)


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the configured server, dropped afterwards."""
    name = f"shop_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

"""Alembic environment: runs migrations on the connection the caller passes in,
or on `DATABASE_URL` / the default SQLite file when run from the alembic CLI."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from shopkeeper.core.store import chat_models  # noqa: F401 - its tables join Base.metadata
from shopkeeper.core.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from shopkeeper.core.settings import Settings
    from shopkeeper.core.store.db import make_engine

    url = config.get_main_option("sqlalchemy.url") or Settings().db_url
    with make_engine(url).connect() as conn:
        _run(conn)
        conn.commit()

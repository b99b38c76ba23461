"""Engine and session factory, and bringing a database's schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from shopkeeper.core.store.private_files import private_file

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BUSY_TIMEOUT_S = 60  # a writer waits this long for another process's write (a big import)


def make_engine(url: str) -> Engine:
    """Create an engine; for a SQLite file, create it private (0600, in a 0700 folder when
    the folder is new), turn on foreign keys and WAL, and wait for a busy database."""
    parsed = make_url(url)
    database = parsed.database or ""
    # A file: URI (e.g. mode=ro) is opened as it is.
    is_file = database not in ("", ":memory:") and not parsed.query.get("uri")
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and is_file:
        private_file(Path(database))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S} if sqlite else {})
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # WAL: readers (the bot answering) never wait for a writer (an import), and a
            # second writer waits up to the busy timeout instead of failing "locked".
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            cur.close()

    return engine


def upgrade(engine: Engine) -> None:
    """Apply all Alembic migrations to the database behind `engine`."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

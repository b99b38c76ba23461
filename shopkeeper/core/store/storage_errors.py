"""Storage failures in words: a full disk, a read-only or busy database, a PostgreSQL server
that cannot be reached, a database driver that is not installed. Each becomes one sentence
that names the problem and its fix (channels show it instead of an error id).

Database URLs are only ever shown with the password masked.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

DRIVERS = ("psycopg", "psycopg2", "pg8000", "asyncpg", "MySQLdb", "pymysql", "oracledb")
PG_INSTALL = "pip install 'psycopg[binary]'"
_NOTHING_CHANGED = "nothing was changed"


def shown_url(url: str) -> str:
    """A database URL fit to print: the password masked; a SQLite URL as its file path."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "the database in DATABASE_URL"
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "an in-memory database"
    return parsed.render_as_string(hide_password=True)


def storage_problem(exc: BaseException, url: str) -> str | None:
    """The sentence for a storage failure behind `exc` (anywhere in its chain), or None.

    Args:
        exc: What was raised.
        url: The shop's database URL (shown masked, or as a file path for SQLite).
    """
    where = shown_url(url)
    for err in _chain(exc):
        said = _driver(err, url) or _sqlite(err, where) or _postgres(err, url) or _disk(err)
        if said:
            return said
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop(0)
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        yield err
        orig = getattr(err, "orig", None)
        todo.extend([orig if isinstance(orig, BaseException) else None])
        todo.extend([err.__cause__, err.__context__])


def _driver(err: BaseException, url: str) -> str | None:
    if isinstance(err, NoSuchModuleError):
        name = str(err).rsplit(".", 1)[-1]
    elif isinstance(err, ModuleNotFoundError) and (err.name or "") in DRIVERS:
        name = err.name or ""
    else:
        return None
    return (
        f"DATABASE_URL asks for the database driver '{name}', which is not installed: for "
        f"PostgreSQL use postgresql+psycopg://… and install it with {PG_INSTALL}."
    )


def _sqlite(err: BaseException, where: str) -> str | None:
    code = str(getattr(err, "sqlite_errorname", "") or "")
    if code == "SQLITE_FULL":
        return _full(where)
    if code.startswith("SQLITE_READONLY"):
        return _read_only(where)
    if code in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return (
            f"The database {where} is busy: another program (an import, the bot, a second "
            f"terminal) is writing to it. Wait a moment and try again; {_NOTHING_CHANGED}."
        )
    if code == "SQLITE_CANTOPEN":
        return (
            f"The database file {where} cannot be opened: check that its folder exists and "
            "that the user running shopkeeper may read and write both."
        )
    return None


def _postgres(err: BaseException, url: str) -> str | None:
    if not type(err).__module__.startswith("psycopg"):
        return None
    state = getattr(err, "sqlstate", None)
    parsed = make_url(url)
    if state == "53100":
        return _full(f"the PostgreSQL server {parsed.host}")
    if state == "25006":
        return (
            f"The PostgreSQL server {parsed.host} only lets shopkeeper read (a replica, or a "
            "read-only user): point DATABASE_URL at the main server or at a user that may "
            f"write; {_NOTHING_CHANGED}."
        )
    if state in ("28P01", "28000"):
        return "PostgreSQL refused the user name or password in DATABASE_URL: correct them."
    if state == "3D000":
        return (
            f"There is no database '{parsed.database}' on the PostgreSQL server: create it "
            "(createdb) or correct DATABASE_URL."
        )
    if state is None and type(err).__name__ == "OperationalError":
        return (
            f"Cannot reach the PostgreSQL server at {parsed.host}:{parsed.port or 5432}: start "
            "it, or correct the host and port in DATABASE_URL."
        )
    return None


def _disk(err: BaseException) -> str | None:
    if not isinstance(err, OSError) or err.errno is None:
        return None
    where = err.filename or "its folder"
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return _full(where)
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"shopkeeper may not write to {where} (it is read-only): give the user running it "
            f"write access to that file and its folder, then try again; {_NOTHING_CHANGED}."
        )
    return None


def _full(where: str) -> str:
    return (
        f"The disk is full: shopkeeper could not write to {where}. Free some space on that "
        f"disk and try again; {_NOTHING_CHANGED}."
    )


def _read_only(where: str) -> str:
    return (
        f"The database {where} is read-only: give the user running shopkeeper write access to "
        f"it (the file and its folder), then try again; {_NOTHING_CHANGED}."
    )

"""Storage failures in words, at the command line: a full disk, a read-only or busy
database, PostgreSQL unreachable or without its driver, ids no database can hold, and a log
that cannot be written."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.pool import Pool

from shopkeeper.cli import main
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.storage_errors import shown_url, storage_problem


def _closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv), settings=settings)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_unreachable_postgresql_server_is_named_with_the_fix(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("psycopg")
    port = _closed_port()
    url = f"postgresql+psycopg://shop:s3cret@127.0.0.1:{port}/shop"
    pg = settings.model_copy(update={"database_url": url})
    assert _run(pg, capsys, "proposals") == (
        1,
        f"Cannot reach the PostgreSQL server at 127.0.0.1:{port}: start it, or correct the "
        "host and port in DATABASE_URL.\n",
    )


@pytest.mark.parametrize("driver", ["nosuchdriver", "pg8000"])
def test_a_missing_database_driver_is_named_with_the_fix(
    settings: Settings, capsys: pytest.CaptureFixture[str], driver: str
) -> None:
    url = f"postgresql+{driver}://shop:s3cret@127.0.0.1:{_closed_port()}/shop"
    pg = settings.model_copy(update={"database_url": url})
    assert _run(pg, capsys, "invite") == (
        1,
        f"DATABASE_URL asks for the database driver '{driver}', which is not installed: for "
        "PostgreSQL use postgresql+psycopg://… and install it with pip install "
        "'psycopg[binary]'.\n",
    )


def test_passwords_in_database_urls_are_never_shown() -> None:
    assert shown_url("postgresql+psycopg://shop:s3cret@db.local:5432/shop") == (
        "postgresql+psycopg://shop:***@db.local:5432/shop"
    )
    assert shown_url("sqlite:////srv/shop/data/shop.sqlite") == "/srv/shop/data/shop.sqlite"


def test_a_read_only_database_is_named_with_the_fix(
    deps: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    path = deps.settings.db_url.removeprefix("sqlite:///")
    ro = deps.settings.model_copy(
        update={"database_url": f"sqlite:///file:{path}?mode=ro&uri=true"}
    )
    assert _run(ro, capsys, "invite", "--role", "owner") == (
        1,
        f"The database file:{path} is read-only: give the user running shopkeeper write access "
        "to it (the file and its folder), then try again; nothing was changed.\n",
    )


def test_a_busy_database_says_to_wait(deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    path = deps.settings.db_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")  # e.g. a long import in another terminal
    try:
        busy = deps.settings.model_copy(update={"database_url": f"sqlite:///{path}?timeout=0.1"})
        said = _run(busy, capsys, "invite")
    finally:
        other.rollback()
        other.close()
    assert said == (
        1,
        f"The database {path} is busy: another program (an import, the bot, a second "
        "terminal) is writing to it. Wait a moment and try again; nothing was changed.\n",
    )


@pytest.fixture
def full_disk() -> Iterator[None]:
    """SQLite may not grow the database file by a single page (what a full disk does)."""

    def cap(conn: Any, _record: Any) -> None:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={max(pages, 1)}")

    event.listen(Pool, "connect", cap)
    try:
        yield
    finally:
        event.remove(Pool, "connect", cap)


def test_a_full_disk_is_named_with_the_fix(
    shop: Deps, capsys: pytest.CaptureFixture[str], tmp_path: Path, full_disk: None
) -> None:
    path = shop.settings.db_url.removeprefix("sqlite:///")
    shop.engine.dispose()
    big = "date;sku;qty;price;receipt\n" + "".join(
        f"26.11.2026;OAT-1L;1;2,49;R{i}\n" for i in range(3000)
    )
    (tmp_path / "sales.csv").write_text(big)
    code, said = _run(shop.settings, capsys, "import", str(tmp_path / "sales.csv"))
    assert code == 2
    assert said.endswith(
        f"  The disk is full: shopkeeper could not write to {path}. Free some space on that "
        "disk and try again; nothing was changed.\n"
    )
    engine = Deps.build(shop.settings).engine
    with engine.connect() as conn, pytest.raises(Exception) as raised:  # it needs new pages
        conn.execute(
            text("INSERT INTO notes (text, created_by, created_at) VALUES (:t, :b, :at)"),
            {"t": "x" * 100_000, "b": "test", "at": "2026-11-27 12:00:00"},
        )
    assert storage_problem(raised.value, shop.settings.db_url) == (
        f"The disk is full: shopkeeper could not write to {path}. Free some space on that "
        "disk and try again; nothing was changed."
    )


def test_ids_no_database_can_hold_are_no_such_proposal(
    shop: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    for pid in ("99999999999999999999", "2147483648"):
        assert _run(shop.settings, capsys, "approve", pid, "--as", "Ana") == (
            1,
            f"There is no proposal #{pid}.\n",
        )


def test_a_log_that_cannot_be_written_says_so_once_without_a_traceback(
    deps: Deps, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = deps.settings.data_dir / "shopkeeper.log"
    log.symlink_to("/dev/full")  # every write: "No space left on device"

    def broken_scan(_deps: Deps) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr("shopkeeper.app.workflows.scan_text", broken_scan)
    code = main(["scan"], settings=deps.settings)
    err = capsys.readouterr().err
    error_id = err.split("(error ")[1].split(")")[0]
    assert code == 1
    assert err == (
        f"shopkeeper: cannot write the log file {log} (No space left on device); log messages "
        "go to this terminal instead.\n"
        f"ERROR shopkeeper: error {error_id} in scan\n"
        f"Sorry, something went wrong (error {error_id}). Nothing was changed by the failed "
        f"step. The details could not be written to {log} (No space left on device).\n"
    )

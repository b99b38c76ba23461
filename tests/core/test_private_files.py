"""Files holding the shop's data (customers, orders, conversations) are private to the user
who runs shopkeeper, whatever the umask: the data folder 0700, every file in it 0600."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopkeeper.app.logfile import open_log
from shopkeeper.assistant.embeddings import HashingEmbedding
from shopkeeper.assistant.knowledge import Knowledge
from shopkeeper.assistant.memory import beside_database, open_checkpointer
from shopkeeper.cli import main
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from tests.conftest import TODAY, fill_shop


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask a machine can have (new files 0666, folders 0777)."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def _modes(folder: Path) -> dict[str, str]:
    found = {folder.name: oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder.parent))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def test_everything_shopkeeper_writes_is_private(
    tmp_path: Path, open_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "shop-data"
    settings = Settings(data_dir=data, today=TODAY, _env_file=None)  # type: ignore[call-arg]
    fill_shop(Deps.build(settings))  # the database, with customers' contact data
    assert main(["scan"], settings=settings) == 0
    pid = capsys.readouterr().out.split("Proposal #")[1].split(":")[0]
    assert main(["approve", pid, "--as", "Ana"], settings=settings) == 0  # an order document
    memory = open_checkpointer(beside_database(settings, ".chat.sqlite"))  # chat memory (WAL)
    index = Knowledge(beside_database(settings, ".knowledge"), HashingEmbedding())
    index.sync("notes", {"n1": "Acme is closed in August."}, {"n1": {"by": "owner"}})
    log = open_log(data)
    logging.getLogger("shopkeeper").warning("a line in the log")
    try:
        modes = _modes(data)
    finally:
        logging.getLogger().removeHandler(log)
        log.close()
        memory.conn.close()
    expected = {
        "shop-data",
        "shop-data/shopkeeper.sqlite",
        f"shop-data/orders/SK-{int(pid):05d}.csv",
        "shop-data/orders",
        "shop-data/shopkeeper.chat.sqlite",
        "shop-data/shopkeeper.chat.sqlite-wal",
        "shop-data/shopkeeper.chat.sqlite-shm",
        "shop-data/shopkeeper.knowledge",
        "shop-data/shopkeeper.log",
    }
    assert expected <= set(modes)
    assert any(p.startswith("shop-data/shopkeeper.knowledge/") for p in modes)
    folders = {p for p in modes if (tmp_path / p).is_dir()}
    assert {p: m for p, m in modes.items() if p in folders} == dict.fromkeys(folders, "0o700")
    assert {p: m for p, m in modes.items() if p not in folders} == {
        p: "0o600" for p in modes if p not in folders
    }

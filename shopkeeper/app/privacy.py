"""After an approved "forget customer": clean the files beside the database (chat memory,
the search index, the log) and compact the database, so the erased name, e-mail and phone
are nowhere on disk; and the customer's own export, written as a file for the owner."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from shopkeeper.assistant.memory import beside_database
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.erasure import customer_record, personal_values
from shopkeeper.core.state import ShopState
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Proposal

_CHAT_TABLES = {"checkpoints": ("checkpoint", "metadata"), "writes": ("value",)}


def values_to_forget(deps: Deps, proposal_id: int) -> list[str]:
    """The personal values an erasure proposal will erase (read before they are gone)."""
    with deps.sessions() as s:
        p = s.get(Proposal, proposal_id)
        if p is None or p.kind != "forget_customer" or p.status != "pending":
            return []
        return personal_values(s, str(p.payload["customer_id"]))


def _variants(values: list[str]) -> list[str]:
    out = {v for value in values for v in (value, value.lower(), value.title()) if len(v) >= 3}
    return sorted(out)


def _scrub_chat(path: Path, values: list[str]) -> int:
    """Delete the conversations (threads) whose memory holds any of `values`; compact."""
    with sqlite3.connect(path) as conn:
        threads: set[str] = set()
        for table, columns in _CHAT_TABLES.items():
            for column in columns:
                for v in values:
                    rows = conn.execute(
                        f"SELECT DISTINCT thread_id FROM {table} WHERE instr({column}, ?) > 0",
                        (v.encode(),),
                    )
                    threads |= {r[0] for r in rows}
        for table in _CHAT_TABLES:
            conn.executemany(f"DELETE FROM {table} WHERE thread_id = ?", [(t,) for t in threads])
    with sqlite3.connect(path) as conn:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a write-ahead log keeps old pages
    return len(threads)


def _scrub_log(path: Path, values: list[str], pseudonym: str) -> int:
    """Replace `values` by the pseudonym in the log; how many lines changed."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    changed = 0
    for i, line in enumerate(lines):
        clean = line
        for v in values:
            clean = clean.replace(v, pseudonym)
        if clean != line:
            lines[i], changed = clean, changed + 1
    if changed:
        path.write_text("".join(lines), encoding="utf-8")
    return changed


def forget_files(deps: Deps, values: list[str], customer_id: str) -> list[str]:
    """Remove `values` from every file beside the database; what was done, in words."""
    values = _variants(values)
    done = []
    chat = beside_database(deps.settings, ".chat.sqlite")
    if chat.exists():
        n = _scrub_chat(chat, values)
        done.append(f"chat memory: {n} conversation(s) that mentioned the customer deleted")
    index = beside_database(deps.settings, ".knowledge")
    if deps.index is not None:
        deps.index.clear()
        done.append("search index: emptied; it fills again from the database")
    elif index.exists():
        shutil.rmtree(index)
        done.append("search index: deleted; it is rebuilt from the database on next use")
    log = deps.settings.data_dir / "shopkeeper.log"
    if log.exists():
        n = _scrub_log(log, values, customer_id)
        done.append(f"log: {n} line(s) rewritten")
    if deps.engine.dialect.name == "sqlite":
        with deps.engine.connect() as conn:
            conn.exec_driver_sql("VACUUM")  # freed pages would still hold the erased bytes
        done.append("database compacted")
    deps.state = ShopState()  # nothing derived from the erased data stays in memory
    return done


def forget_summary(deps: Deps, proposal_id: int, values: list[str]) -> str:
    """After the approval: clean the files and say what was erased where."""
    with deps.sessions() as s:
        view = proposals.get(s, proposal_id)
    cid = str(view.payload["customer_id"]) if view else "the customer"
    done = forget_files(deps, values, cid)
    return (
        f"Personal data of {cid} erased (name, e-mail, phone, customer number, notes); "
        f"their sales stay, under the pseudonym only. " + "; ".join(done) + "."
    )


def export_customer(deps: Deps, customer_id: str, folder: Path | None = None) -> Path:
    """Everything stored about one customer, as a JSON file for the owner to hand over."""
    folder = folder or deps.settings.data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    with session_scope(deps.sessions) as s:
        record = customer_record(s, customer_id)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{customer_id}-{stamp}.json"
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str), "utf-8")
    path.chmod(0o600)  # personal data: readable by the shop's own account only
    return path

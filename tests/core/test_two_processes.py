"""Two processes on one shop database: a decision races another (exactly one wins), and a
big import in one process does not stop another from answering and deciding."""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bench.bench_import import write_files
from shopkeeper.app.workflows import decide
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Proposal
from tests.core.test_chat_decisions import BEANS

pytestmark = pytest.mark.postgres  # also run on PostgreSQL by .ci/run
ROUNDS = 8


def _proposals(deps: Deps, n: int) -> list[int]:
    ids = []
    with session_scope(deps.sessions) as s:
        for i in range(n):
            view = proposals.create(
                s,
                kind="purchase_order",
                subject=f"supplier:2:{i}",  # one pending proposal each
                payload={"supplier_id": 2, "supplier_name": "Bean Roasters",
                         "lead_time_days": 7.0, "order_value": 348.0, "lines": BEANS},
                reason="test",
                created_by="test",
                now=deps.now(),
            )  # fmt: skip
            ids.append(view.id)
    return ids


def _decider(settings: Settings, who: str, ids: list[int], barrier: Any, out: Any) -> None:
    """One process: for each proposal, wait for the other, then approve it at once."""
    deps = Deps.build(settings, migrate=False)
    for pid in ids:
        barrier.wait(timeout=60)
        ok = decide(deps, pid, "approve", who, "owner").ok
        out.put((pid, who, ok))
    deps.engine.dispose()


def test_of_two_processes_deciding_at_once_exactly_one_wins(shop: Deps) -> None:
    ids = _proposals(shop, ROUNDS)
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_decider, args=(shop.settings, who, ids, barrier, out))
        for who in ("Ana", "Max")
    ]
    for w in workers:
        w.start()
    results = [out.get(timeout=120) for _ in range(2 * ROUNDS)]
    for w in workers:
        w.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]
    for pid in ids:
        mine = [(who, ok) for p, who, ok in results if p == pid]
        assert sorted(ok for _, ok in mine) == [False, True], mine
        winner = next(who for who, ok in mine if ok)
        with shop.sessions() as s:
            p = s.get_one(Proposal, pid)
            assert (p.status, p.decided_by) == ("approved", winner)


CHILD = """
import sys
from datetime import datetime
from shopkeeper.core.importing import import_file
from shopkeeper.core.store.db import make_engine
engine = make_engine(sys.argv[1])
import_file(engine, sys.argv[2], now=datetime(2026, 11, 27, 9))
print("sales", flush=True)
report = import_file(engine, sys.argv[3], now=datetime(2026, 11, 27, 9))
print("done", report.rows_added, flush=True)
print(report.summary(), file=sys.stderr)
"""


def test_a_big_import_in_another_process_does_not_lock_out_answers_and_decisions(
    shop: Deps, tmp_path: Path
) -> None:
    products, sales = write_files(tmp_path, lines=150_000, skus=200)
    ids = _proposals(shop, 200)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, shop.settings.db_url, str(products), str(sales)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "sales"  # the big file is being imported now
    decided, failures = [], []
    while child.poll() is None and ids:
        try:
            with shop.sessions() as s:
                proposals.list_proposals(s, shop.now())
            done = decide(shop, ids.pop(), "approve", "Ana", "owner")
            (decided if done.ok else failures).append(done.refused or "")
        except Exception as err:  # "database is locked" would land here
            failures.append(repr(err))
        time.sleep(0.05)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert out.strip() == "done 150000", err
    assert failures == []
    assert decided  # decisions were made while the import ran

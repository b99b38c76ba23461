"""How well the offline assistant understands questions: replay a TSV of conversations.

    PYTHONPATH=. .venv/bin/python bench/understanding/run.py [TSV] [--db data/demo.sqlite]

TSV columns: id conv turn lang question tool args note (args: compact JSON). Rows of one
conversation are replayed in order in one chat. Default TSV: heldout.tsv next to this file
when present, else dev.tsv. The shop is a copy of the demo database with today fixed at
2026-12-04 (the day the demo data ends), so proposals made here touch no real file.

Prints, per expected tool: right tool, right tool + arguments (product, category, supplier,
customer, start, end), confident wrong answers (a wrong tool or wrong arguments answered
without asking back), and answer latency p50/p95. Tools the registry does not hold yet are
listed apart as "tool not available"; they count as soon as they register.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from shopkeeper.assistant.offline import OfflineAssistant, understood  # noqa: E402
from shopkeeper.assistant.router import ChatState, Route, default_period, route  # noqa: E402
from shopkeeper.assistant.understanding.engine import available_tools  # noqa: E402
from shopkeeper.core.deps import Deps  # noqa: E402
from shopkeeper.core.settings import Settings  # noqa: E402
from shopkeeper.core.store.db import session_scope  # noqa: E402
from tools.context import ToolContext  # noqa: E402

TODAY = date(2026, 12, 4)
KEYS = ("product", "category", "supplier", "customer", "start", "end")
REPLIES = {"clarify", "unsupported", "help"}


def read_rows(path: Path) -> list[dict[str, str]]:
    """The TSV's rows, in file order."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def judge(row: dict[str, str], got: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(right tool, right tool and arguments, confident wrong) for one answer."""
    want, args = row["tool"], json.loads(row["args"] or "{}")
    kind = got.get("kind")
    tool = got.get("tool") if kind == "call" else kind
    if tool == "proposals":  # the offline router lists pending proposals itself
        tool = "pending_proposals"
    right_tool = tool == want
    right_args = right_tool and _args_match(args, got.get("args", {}))
    asked = kind in {"clarify", "which"}
    confident_wrong = not asked and not right_args
    return right_tool, right_args, confident_wrong


def _args_match(want: dict[str, Any], got: dict[str, Any]) -> bool:
    for key in KEYS:
        if key in want:
            if str(got.get(key, "")).lower() != str(want[key]).lower():
                return False
        elif key in {"product", "category", "supplier", "customer"} and got.get(key):
            return False  # named something the question did not
    return True


Result = tuple[dict[str, str], dict[str, Any], float]


def replay(rows: list[dict[str, str]], db: Path, route_only: bool) -> list[Result]:
    """Ask every row's question, conversations in order; (row, understood, ms) per row.

    `route_only` stops at the router (what it understood, how long that took) and runs no
    tool; the chat state is kept as the assistant keeps it.
    """
    work = Path(tempfile.mkdtemp(prefix="bench-understanding-"))
    shutil.copy(db, work / "shop.sqlite")
    settings = Settings(
        database_url=f"sqlite:///{work / 'shop.sqlite'}", today=TODAY, data_dir=db.parent
    )
    deps = Deps.build(settings)
    assistant = OfflineAssistant(deps)
    assistant.ask("warm up")
    states: dict[str, ChatState] = defaultdict(ChatState)
    out = []
    try:
        for row in rows:
            state = states[row["conv"]]
            if route_only:
                out.append(_route_only(deps, row, state))
            else:
                answer = assistant.ask(row["question"], state=state)
                out.append((row, answer.understood, answer.elapsed_ms))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _route_only(deps: Deps, row: dict[str, str], state: ChatState) -> Result:
    with session_scope(deps.sessions) as session:
        ctx = ToolContext.of(deps, session)
        started = time.perf_counter()
        r = route(ctx, row["question"], state)
        ms = (time.perf_counter() - started) * 1000
    state.choices = r.choices
    if r.tool is not None:
        state.last = Route(r.tool, default_period(r.tool, ctx.today) | r.args)
    elif r.pending is not None:
        state.last = r.pending
    return row, understood(r), ms


def report(results: list[Result], verbose: bool) -> None:
    """Per-tool table, totals, latency, and the rows that went wrong."""
    tools = set(available_tools())
    per: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    missing: list[tuple[dict[str, str], dict[str, Any]]] = []
    wrong = []
    for row, got, _ in results:
        if row["tool"] not in tools | REPLIES:
            missing.append((row, got))
            continue
        verdict = judge(row, got)
        per[row["tool"]].append(verdict)
        if not verdict[1]:
            wrong.append((row, got, verdict))
    print(f"{'tool':20} {'n':>4} {'tool ok':>8} {'+args ok':>9} {'conf.wrong':>11}")
    everything = [v for vs in per.values() for v in vs]
    for name in [*sorted(per), "ALL"]:
        vs = everything if name == "ALL" else per[name]
        n = len(vs)
        print(
            f"{name:20} {n:4} {_pct(sum(v[0] for v in vs), n):>8} "
            f"{_pct(sum(v[1] for v in vs), n):>9} {_pct(sum(v[2] for v in vs), n):>11}"
        )
    ms = sorted(t for _, _, t in results)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"latency per answer (in process): p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms")
    if missing:
        print(f"\ntool not available ({len(missing)} rows):")
        counts: dict[str, int] = defaultdict(int)
        for row, _ in missing:
            counts[row["tool"]] += 1
        for name, n in sorted(counts.items()):
            print(f"  {name}: {n} rows")
    if verbose:
        print("\nnot right:")
        for row, got, v in wrong:
            flag = "CONFIDENT-WRONG" if v[2] else "asked-back"
            print(f"  {row['id']} [{flag}] {row['question']!r} want {row['tool']} {row['args']}")
            print(f"       got {json.dumps(got, ensure_ascii=False)}")


def _pct(k: int, n: int) -> str:
    return f"{100 * k / n:.1f}%" if n else "-"


def main() -> None:
    ap = argparse.ArgumentParser()
    default = HERE / "heldout.tsv" if (HERE / "heldout.tsv").exists() else HERE / "dev.tsv"
    ap.add_argument("tsv", nargs="?", type=Path, default=default)
    ap.add_argument("--db", type=Path, default=Path("data/demo.sqlite"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every row not right")
    ap.add_argument("--route-only", action="store_true", help="stop at the router; no tools")
    a = ap.parse_args()
    if not a.db.exists():
        sys.exit(f"{a.db} is missing: build it with `shopkeeper --db {a.db} demo`.")
    print(f"{a.tsv.name}: ", end="")
    rows = read_rows(a.tsv)
    print(f"{len(rows)} questions")
    report(replay(rows, a.db, a.route_only), a.verbose)


if __name__ == "__main__":
    main()

"""Benchmark: answer latency of `ask` in-process on the demo shop (p50 / p95 / max).

    .venv/bin/python bench/bench_ask.py [--db data/demo.sqlite] [--rounds 10]

Builds the demo shop into the given file first if it is not there.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings

QUESTIONS = [
    "what should I reorder this week?",
    "what's running low?",
    "how will oat milk sell over Christmas?",
    "how were sales last month?",
    "best sellers this week",
    "how much oat milk do we have?",
    "forecast croissants for the next 2 weeks",
    "how did the bakery do yesterday",
    "what should I order from the coffee supplier",
    "what's waiting for approval?",
    "sales of dark chocolate in October",
    "when will we run out of whole milk",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="data/demo.sqlite")
    ap.add_argument("--rounds", type=int, default=10)
    a = ap.parse_args()
    if not Path(a.db).exists():
        subprocess.run([sys.executable, "-m", "shopkeeper.cli", "--db", a.db, "demo"], check=True)
    settings = Settings(database_url=f"sqlite:///{a.db}")
    t0 = time.perf_counter()
    assistant = OfflineAssistant(Deps.build(settings))
    first = assistant.ask(QUESTIONS[0]).elapsed_ms
    print(f"start-up {1000 * (time.perf_counter() - t0):.0f} ms, first answer {first:.0f} ms")
    times: list[float] = []
    for _ in range(a.rounds):
        for q in QUESTIONS:
            times.append(assistant.ask(q).elapsed_ms)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"{len(times)} answers: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
        f"max {times[-1]:.0f} ms"
    )
    slow = {}
    for q in QUESTIONS:
        slow[q] = assistant.ask(q).elapsed_ms
    for q, ms in sorted(slow.items(), key=lambda kv: -kv[1])[:4]:
        print(f"  {ms:6.0f} ms  {q}")


if __name__ == "__main__":
    main()

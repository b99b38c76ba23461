"""Load and faults for the real `shopkeeper bot`, against a fake Bot API on 127.0.0.1.

    .venv/bin/python bench/bench_load.py [--chats 50] [--messages 1000] [--rate 0]
        [--import-lines 500000] [--only-load]

1. Load: `--chats` member chats send `--messages` text questions as fast as the bot takes
   them; replies received / lost / duplicated, per-chat order, reply latency, the bot's peak
   memory (VmHWM).
2. kill -9 the bot between a purchase-order card and its approval, restart, approve: it must
   be approved exactly once (one open order, one document).
3. kill -9 an import of `--import-lines` sales lines midway: the sales table must be
   unchanged, and importing the file again must work.

Loopback only; every wait is bounded (the script fails rather than hangs).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select

from bench.bench_import import write_files
from bot.delivery import STILL_WORKING
from shopkeeper.app.workflows import refresh_forecasts
from shopkeeper.core import members
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.models import AuditEntry, PurchaseOrder, SaleLine
from tests.bot.fake_api import FakeTelegram
from tests.bot.fake_http import TOKEN
from tests.conftest import TODAY, fill_shop

QUESTIONS = [  # short answers, each recognisable by its first words
    ("how were sales last month?", "Sales of the whole shop"),
    ("how much oat milk do we have?", "Stock of Oat Milk Barista 1L"),
    ("how were croissant sales last week?", "Sales of Croissant"),
]
OWNER_ID = 5000


class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each call arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[int, str, float]] = []  # chat id, text, when

    def handle(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        result = super().handle(method, params, files)
        if method == "sendMessage":
            with self.cond:
                self.sent.append((params["chat_id"], params["text"], time.perf_counter()))
        return result


def wait_for(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.02)
    raise SystemExit(f"timed out after {timeout:g} s waiting for {what}")


def start_bot(db: Path, api: FakeTelegram, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
           "TODAY": TODAY.isoformat(), "DATA_DIR": str(folder), "OPENAI_API_KEY": "",
           "OPENAI_BASE_URL": "", "PYTHONPATH": os.getcwd()}  # fmt: skip
    log = (folder / "bot.log").open("ab")
    cmd = [sys.executable, "-m", "shopkeeper.cli", "--db", str(db), "bot"]
    bot = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, cwd=folder)
    wait_for(lambda: api.since(0, "setMyCommands"), 120, "the bot to start")
    return bot


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(
    api: TimedTelegram, chats: int, messages: int, bot: subprocess.Popen[bytes], rate: float
) -> None:
    people = [api.user(OWNER_ID + 1 + i, f"Member{i}") for i in range(chats)]
    asked: dict[int, list[tuple[str, float]]] = {p["id"]: [] for p in people}
    mark = len(api.sent)
    t0 = time.perf_counter()
    for i in range(messages):
        who = people[i % chats]
        question, expect = QUESTIONS[(i // chats) % len(QUESTIONS)]
        if rate:
            time.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
        asked[who["id"]].append((expect, time.perf_counter()))
        api.send(who, question)
    wait_for(lambda: len(api.sent) - mark >= messages, 900, "every reply")
    took = time.perf_counter() - t0
    time.sleep(2.0)  # anything more that arrives now is a duplicate
    with api.cond:
        sent = api.sent[mark:]
    got: dict[int, list[tuple[str, float]]] = {cid: [] for cid in asked}
    working = sum(text == STILL_WORKING for _, text, _ in sent)
    for chat_id, text, at in sent:
        if chat_id in got and text != STILL_WORKING:  # "still working" notes are extra
            got[chat_id].append((text, at))
    lost = dup = disorder = 0
    latencies = []
    for cid, wanted in asked.items():
        replies = got[cid]
        lost += max(0, len(wanted) - len(replies))
        dup += max(0, len(replies) - len(wanted))
        for (expect, sent), (text, at) in zip(wanted, replies, strict=False):
            disorder += not text.startswith(expect)
            latencies.append(at - sent)
    if os.environ.get("BENCH_DEBUG"):
        for text, _ in got[people[0]["id"]]:
            print("   >", text[:100].replace("\n", " | "))
    lat = np.array(latencies)
    pace = f"{rate:g} a second" if rate else "all at once"
    print(f"load: {chats} chats x {messages // chats} questions = {messages} ({pace}), "
          f"answered in {took:.1f} s")  # fmt: skip
    received = sum(len(r) for r in got.values())
    print(f"  replies received {received}, lost {lost}, duplicated {dup}, "
          f"out of order {disorder}; 'still working' notes {working}")  # fmt: skip
    p50, p95 = np.percentile(lat, 50), np.percentile(lat, 95)
    print(f"  reply latency p50 {p50:.2f} s, p95 {p95:.2f} s, max {lat.max():.2f} s; "
          f"bot peak memory {peak_mb(bot.pid):.0f} MB")  # fmt: skip


def kill_between_card_and_approval(api: FakeTelegram, db: Path, folder: Path) -> None:
    bot = start_bot(db, api, folder)
    owner = api.user(OWNER_ID, "Olga")
    mark = api.mark()
    api.send(owner, "what should I reorder?")
    card = wait_for(
        lambda: next((c.result for c in api.since(mark, "sendMessage", OWNER_ID)
                      if c.result.get("reply_markup")), None),
        120, "a purchase-order card",
    )  # fmt: skip
    button = card["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    bot.send_signal(signal.SIGKILL)
    bot.wait(timeout=30)
    bot = start_bot(db, api, folder)
    mark = api.mark()
    api.press(owner, card, button)
    api.press(owner, card, button)  # pressed twice, as an impatient person does
    wait_for(lambda: len(api.since(mark, "answerCallbackQuery")) >= 2, 300, "both presses")
    time.sleep(1.0)
    docs = len(api.since(mark, "sendDocument"))
    pid = int(button.split(":")[1])
    with Deps.build(settings_for(db, folder), migrate=False).sessions() as s:
        orders = s.scalar(select(func.count()).where(PurchaseOrder.proposal_id == pid))
        approvals = s.scalar(
            select(func.count()).where(
                AuditEntry.action == "approve", AuditEntry.subject == f"proposal:{pid}"
            )
        )
    print(f"kill -9 between card #{pid} and its approval, restart, press twice: "
          f"{approvals} approval, {orders} open order, {docs} document")  # fmt: skip
    bot.send_signal(signal.SIGTERM)
    bot.wait(timeout=60)


CHILD = (
    "import sys; from datetime import datetime; "
    "from shopkeeper.core.importing import import_file; "
    "from shopkeeper.core.store.db import make_engine; "
    "print(import_file(make_engine(sys.argv[1]), sys.argv[2], now=datetime(2026, 11, 27))"
    ".rows_added)"
)


def kill_an_import(db: Path, folder: Path, lines: int) -> None:
    products, sales = write_files(folder, lines=lines, skus=300)
    url = f"sqlite:///{db}"
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    subprocess.run([sys.executable, "-c", CHILD, url, str(products)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    before = count_sales(db, folder)
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, str(sales)], env=env)
    wal = Path(f"{db}-wal")
    base = wal.stat().st_size if wal.exists() else 0
    wait_for(lambda: wal.exists() and wal.stat().st_size > base + 5_000_000, 300, "writing")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    killed_at = time.perf_counter() - t0
    after = count_sales(db, folder)
    t0 = time.perf_counter()
    again = subprocess.run([sys.executable, "-c", CHILD, url, str(sales)], env=env,
                           check=True, capture_output=True, text=True)  # fmt: skip
    print(f"kill -9 an import of {lines:,} lines after {killed_at:.1f} s (while writing): "
          f"sales lines {before:,} before, {after:,} after; re-import added "
          f"{int(again.stdout):,} in {time.perf_counter() - t0:.1f} s")  # fmt: skip


def settings_for(db: Path, folder: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{db}", data_dir=folder, today=TODAY,
                    openai_api_key=None, openai_base_url=None, _env_file=None)  # type: ignore[call-arg]  # fmt: skip


def count_sales(db: Path, folder: Path) -> int:
    deps = Deps.build(settings_for(db, folder), migrate=False)
    with deps.sessions() as s:
        n = int(s.scalar(select(func.count()).select_from(SaleLine)) or 0)
    deps.engine.dispose()
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--import-lines", type=int, default=500_000)
    parser.add_argument("--rate", type=float, default=0.0, help="questions a second (0: burst)")
    parser.add_argument("--only-load", action="store_true", help="skip the fault cases")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "shop.sqlite"
        deps = Deps.build(settings_for(db, folder))
        fill_shop(deps)
        refresh_forecasts(deps)  # as after an import: questions read the stored forecast
        for uid in [OWNER_ID, *range(OWNER_ID + 1, OWNER_ID + 1 + args.chats)]:
            code = members.create_invite(deps, role="owner" if uid == OWNER_ID else "staff",
                                         created_by="bench", days=1)  # fmt: skip
            members.redeem(deps, code, str(uid), f"Member {uid}")
        deps.engine.dispose()
        api = TimedTelegram().start()
        try:
            bot = start_bot(db, api, folder)
            load(api, args.chats, args.messages, bot, args.rate)
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=60)
            if not args.only_load:
                kill_between_card_and_approval(api, db, folder)
        finally:
            api.stop()
        if not args.only_load:
            kill_an_import(db, folder, args.import_lines)
    return 0


if __name__ == "__main__":
    started = datetime.now()
    code = main()
    print(f"finished in {(datetime.now() - started).total_seconds():.0f} s")
    sys.exit(code)

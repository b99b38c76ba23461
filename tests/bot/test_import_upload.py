"""End to end through the fake Bot API: CSV files sent to the bot as documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import SaleLine
from tests.bot.conftest import MANAGER, OWNER, STAFF, Team, running
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio

GOOD = b"""date;sku;qty;price;receipt
26.11.2026;OAT-1L;3;2,49;R1
26.11.2026;CRO;5;1,20;R1
"""
BAD = b"""date;sku;qty;price;receipt
26.11.2026;OAT-1L;3;2,49;R1
31.02.2026;CRO;5;1,20;R2
26.11.2026;CRO;five;1,20;R3
26.11.2026;NOPE-1;1;1,00;R4
"""


def _sales(deps: Deps) -> int:
    with deps.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(SaleLine)) or 0)


async def test_a_good_sales_file_is_imported_reforecast_and_scanned(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    before = _sales(tg_deps)
    async with running(tg_deps):
        mark = api.mark()
        api.upload(team["owner"], "till-export.csv", GOOD)
        report = (await api.next_call(mark, "sendMessage", chat_id=OWNER))[0].result["text"]
        assert report.startswith(
            "till-export.csv (sales): 2 rows read.\nImported: 2 added, 0 updated, 0 already up "
            "to date."
        )
        done = await api.wait(
            lambda: [
                c
                for c in api.since(mark, "sendMessage", chat_id=OWNER)
                if c.result["text"].startswith("Forecasts updated in")
            ]
        )
        assert (
            done[0]
            .result["text"]
            .endswith(
                "Stock-out scan: 3 product(s) at risk from 3 supplier(s): 3 new warning(s) sent to "
                "the owner and managers."
            )
        )
        warned = api.since(mark, "sendMessage", chat_id=MANAGER)
        assert sorted(c.result["text"].split(":")[0] for c in warned) == [
            "⚠️ Alpine Dairy", "⚠️ Bean Roasters", "⚠️ Sunrise Bakery",
        ]  # fmt: skip
        assert [c.method for c in api.since(mark) if c.method == "getFile"] == ["getFile"]
    assert _sales(tg_deps) == before + 2


async def test_a_bad_file_changes_nothing_and_says_what_to_fix(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    before = _sales(tg_deps)
    async with running(tg_deps):
        mark = api.mark()
        api.upload(team["manager"], "sales.csv", BAD)
        (reply,) = await api.next_call(mark, "sendMessage", chat_id=MANAGER)
        text = reply.result["text"]
        assert "Nothing was imported; the database is unchanged." in text
        assert "row 3" in text and "row 4" in text and "row 5" in text and "row 2," not in text
        assert text.endswith(
            "To import only the good rows, send the file again with the caption “skip bad rows”."
        )
        assert _sales(tg_deps) == before

        mark = api.mark()
        api.upload(team["manager"], "sales.csv", BAD, caption="skip bad rows")
        # New sales go on to a re-forecast and a stock-out scan (warnings to this manager too)
        # before a last summary: wait for that, then read the report, the first message.
        (summary,) = await api.wait(
            lambda: [
                c
                for c in api.since(mark, "sendMessage", chat_id=MANAGER)
                if c.result["text"].startswith("Forecasts updated in")
            ]
        )
        assert "Stock-out scan:" in summary.result["text"]
        skipped = api.since(mark, "sendMessage", chat_id=MANAGER)[0]
        assert "Imported: 1 added" in skipped.result["text"]
        assert "Skipped 3 rows with problems (below)." in skipped.result["text"]
    assert _sales(tg_deps) == before + 1


async def test_files_the_bot_will_not_take(tg_deps: Deps, api: FakeTelegram, team: Team) -> None:
    before = _sales(tg_deps)
    async with running(tg_deps):
        answers = []
        for who, chat, name, size in [
            (team["owner"], OWNER, "sales-2025.csv", 11 * 1024 * 1024),
            (team["owner"], OWNER, "invoice.pdf", None),
            (team["staff"], STAFF, "sales.csv", None),
        ]:
            mark = api.mark()
            api.upload(who, name, GOOD, claimed_size=size)
            (reply,) = await api.next_call(mark, "sendMessage", chat_id=chat)
            answers.append(reply.result["text"])
        assert answers == [
            "sales-2025.csv is 11.0 MB; I take files up to 10 MB. Split it (for example by "
            "month) and send the parts one by one.",
            "I can import CSV or XLSX files; invoice.pdf is neither. Export the data from your "
            "till or spreadsheet as CSV or XLSX and send it again.",
            "Only the owner or a manager can import files; ask one of them to send it.",
        ]
        assert api.since(0, "getFile") == []  # nothing was downloaded
    assert _sales(tg_deps) == before


async def test_one_upload_runs_one_scan_and_one_plan(
    tg_deps: Deps, api: FakeTelegram, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analytics.replenishment
    import bot.jobs
    import shopkeeper.app.workflows
    import tools.planning

    counts = {"scans": 0, "plans": 0}

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return call

    scan = counted("scans", shopkeeper.app.workflows.run_scan)
    monkeypatch.setattr(shopkeeper.app.workflows, "run_scan", scan)
    monkeypatch.setattr(bot.jobs, "run_scan", scan)
    plan = counted("plans", analytics.replenishment.plan_replenishment)
    monkeypatch.setattr(tools.planning, "plan_replenishment", plan)
    async with running(tg_deps):
        mark = api.mark()
        api.upload(team["owner"], "till-export.csv", GOOD)
        await api.wait(
            lambda: [
                c
                for c in api.since(mark, "sendMessage", chat_id=OWNER)
                if c.result["text"].startswith("Forecasts updated in")
            ]
        )
    assert counts == {"scans": 1, "plans": 1}

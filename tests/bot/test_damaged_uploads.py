"""End to end through the fake Bot API: damaged files sent to the bot get the same report
as on the command line (never an error id)."""

from __future__ import annotations

import pytest

from shopkeeper.core.deps import Deps
from tests.bot.conftest import OWNER, Team, running
from tests.bot.fake_api import FakeTelegram
from tests.importing.test_damaged_files import HEAD, RAGGED_CR, damaged_files

pytestmark = pytest.mark.asyncio


async def test_damaged_uploads_get_a_report(tg_deps: Deps, api: FakeTelegram, team: Team) -> None:
    async with running(tg_deps):
        for name, (content, problem) in damaged_files().items():
            mark = api.mark()
            api.upload(team["owner"], name, content)
            (reply,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
            assert reply.result["text"] == HEAD.format(name=name) + problem
        mark = api.mark()
        api.upload(team["owner"], "mac.csv", RAGGED_CR)
        (reply,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert "row 3: row has 5 cells but the header has 3" in reply.result["text"]

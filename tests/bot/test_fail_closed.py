"""End to end through the fake Bot API: when the member check cannot be made (the database
fails), nobody gets past the gate, and each update gets one short reply; a database that
refuses to write is said in words."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import Proposal
from tests.bot.conftest import OWNER, STRANGER, RecordingAssistant, Team, running, settled, warn_now
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio
TRY_AGAIN = "Sorry, I cannot check who you are right now. Please try again in a moment."


def _unreadable_store(deps: Deps, tmp_path: Any) -> None:
    """The shop's database is gone from under the running bot (every session fails)."""
    broken = create_engine(f"sqlite:///{tmp_path / 'missing' / 'shop.sqlite'}")
    deps.sessions = sessionmaker(broken)


async def test_a_failing_member_check_lets_nothing_through(
    tg_deps: Deps, api: FakeTelegram, team: Team, tmp_path: Any
) -> None:
    assistant = RecordingAssistant(tg_deps)
    eve = team["stranger"]
    async with running(tg_deps, assistant) as app:
        _unreadable_store(tg_deps, tmp_path)
        card = {"message_id": 1, "chat": api.chats[STRANGER], "date": 0, "text": "card"}
        acts = [
            lambda: api.send(eve, "/settings"),
            lambda: api.send(eve, "/reset"),
            lambda: api.send(eve, "what should I reorder?"),
            lambda: api.upload(eve, "sales.csv", b"date;sku;qty\n26.11.2026;OAT-1L;3\n"),
            lambda: api.press(eve, card, "approve:1"),
        ]
        for act in acts:
            mark = api.mark()
            act()
            await api.wait(lambda m=mark: api.since(m))  # type: ignore[misc]
            await settled(app, api)
            replies = [c for c in api.since(mark) if c.method != "sendChatAction"]
            assert len(replies) == 1, [(c.method, c.params) for c in replies]
            (reply,) = replies
            if reply.method == "answerCallbackQuery":
                assert reply.params["text"] == TRY_AGAIN and reply.params["show_alert"] is True
            else:
                assert (reply.method, reply.params["chat_id"]) == ("sendMessage", STRANGER)
                assert reply.result["text"] == TRY_AGAIN
        assert not [c for c in api.since(0) if c.method in ("getFile", "editMessageText")]
        # Joining is the one thing a stranger may try; it fails too, and tells nothing.
        mark = api.mark()
        api.send(eve, "/start K7QX-3M9P-T2WD")
        (reply,) = await api.next_call(mark, "sendMessage", chat_id=STRANGER)
        await settled(app, api)
        assert len(api.since(mark)) == 1
        assert reply.result["text"].startswith("Sorry, something went wrong on my side (error ")
        assert "sqlite" not in reply.result["text"]
    assert assistant.questions == [] and assistant.resets == []


async def test_a_read_only_database_is_said_in_words(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    path = tg_deps.settings.db_url.removeprefix("sqlite:///")
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        tg_deps.sessions = sessionmaker(create_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
        mark = api.mark()
        api.press(team["owner"], cards[(OWNER, "Alpine Dairy")], "approve:1")
        await api.wait(lambda: api.since(mark, "sendMessage"))
        await settled(app, api)
        said = [(c.method, c.params.get("text")) for c in api.since(mark)]
    assert said == [
        ("answerCallbackQuery", None),
        (
            "sendMessage",
            f"The database {path} is read-only: give the user running shopkeeper write access "
            "to it (the file and its folder), then try again; nothing was changed.",
        ),
    ]
    with tg_deps.sessions() as s:
        assert s.get_one(Proposal, 1).status == "pending"

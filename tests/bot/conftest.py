"""The bot against the fake Bot API: the shop fixture, a running bot, people to act."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import ALLOWED_UPDATES, build_application
from bot.jobs import JOB_NAME
from shopkeeper.assistant.answer import Answer
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.core import members
from shopkeeper.core.deps import Deps
from tests.bot.fake_api import FakeTelegram
from tests.bot.fake_http import TOKEN

OWNER, MANAGER, STAFF, STRANGER = 1001, 1002, 1003, 6666
Team = dict[str, dict[str, Any]]


class RecordingAssistant:
    """The real assistant, recording every question it is asked."""

    def __init__(self, deps: Deps) -> None:
        self.real = make_assistant(deps)
        self.questions: list[str] = []
        self.roles: list[str] = []
        self.resets: list[str] = []

    def ask(
        self,
        question: str,
        user: str = "owner",
        state: Any = None,
        thread: Any = None,
        role: str = "owner",
    ) -> Answer:
        self.questions.append(question)
        self.roles.append(role)
        scripted = self.respond(question)
        if scripted is not None:
            return scripted
        return self.real.ask(question, user=user, state=state, thread=thread, role=role)

    def respond(self, question: str) -> Answer | None:
        """A test's own answer (or exception) instead of the real one; None = ask the real."""
        return None

    def reset(self, thread: str) -> None:
        self.resets.append(thread)
        self.real.reset(thread)


@pytest.fixture
def api() -> Iterator[FakeTelegram]:
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture
def tg_deps(shop: Deps, api: FakeTelegram) -> Deps:
    """The conftest shop, configured to talk to the fake Bot API."""
    settings = shop.settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_base_url": api.base_url,
            "shop_name": "Corner Test Shop",
        }
    )
    return Deps(settings, shop.engine, shop.sessions)


@contextlib.asynccontextmanager
async def running(deps: Deps, assistant: RecordingAssistant | None = None) -> AsyncIterator[Any]:
    """The bot as `shopkeeper bot` runs it (initialize, post_init, polling, start), stopped
    cleanly at the end."""
    app = build_application(deps.settings, deps, assistant=assistant)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0.0, timeout=timedelta(seconds=1), allowed_updates=ALLOWED_UPDATES
    )
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def join(deps: Deps, uid: int, name: str, role: str) -> None:
    """Someone joined earlier with an invite code (the way /start CODE does it)."""
    code = members.create_invite(deps, role=role, created_by="test", days=7)
    assert members.redeem(deps, code, str(uid), name).member is not None


@pytest.fixture
def team(tg_deps: Deps, api: FakeTelegram) -> Team:
    """An owner, a manager and a staff member who have joined, and a stranger."""
    join(tg_deps, OWNER, "Olga Owner", "owner")
    join(tg_deps, MANAGER, "Max Manager", "manager")
    join(tg_deps, STAFF, "Sam Staff", "staff")
    return {
        "owner": api.user(OWNER, "Olga", "Owner"),
        "manager": api.user(MANAGER, "Max", "Manager"),
        "staff": api.user(STAFF, "Sam", "Staff"),
        "stranger": api.user(STRANGER, "Eve"),
    }


async def warn_now(app: Any, api: FakeTelegram) -> dict[tuple[int, str], dict[str, Any]]:
    """Run the daily stock-out job now; the cards it sent, by (chat id, supplier)."""
    mark = api.mark()
    job = app.job_queue.get_jobs_by_name(JOB_NAME)[0]
    await job.run(app)
    sent = await api.next_call(mark, "sendMessage", n=6)
    return {
        (c.params["chat_id"], c.result["text"].split(":")[0].split(" ", 1)[1]): c.result
        for c in sent
    }


async def settled(app: Any, api: FakeTelegram) -> None:
    """Until the bot has finished every update it started on: an update holds a slot of the
    update processor until its handler returns. Call it once the bot has answered the last
    update the test sent, before asserting that something did *not* happen (a call the
    handler would make after its answer could otherwise still be on its way)."""
    await api.wait(lambda: app.update_processor.current_concurrent_updates == 0)


def button(card: dict[str, Any], label: str) -> str:
    """The callback data of the button whose label contains `label`."""
    for row in card["reply_markup"]["inline_keyboard"]:
        for b in row:
            if label in b["text"]:
                return str(b["callback_data"])
    raise AssertionError(f"no {label} button")

"""End to end through the fake Bot API: joining with a setup code, strangers, questions,
the forecast chart, commands and group chats."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from shopkeeper.assistant.answer import Answer
from shopkeeper.core import members
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.chat_models import Member
from shopkeeper.core.store.models import AuditEntry, Proposal
from tests.bot.conftest import MANAGER, OWNER, STAFF, STRANGER, RecordingAssistant, Team, running
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio


def _counts(deps: Deps) -> tuple[int, ...]:
    with deps.sessions() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (Member, Proposal, AuditEntry)
        )


async def test_setup_code_makes_the_first_owner_and_a_stranger_gets_one_sentence(
    tg_deps: Deps, api: FakeTelegram
) -> None:
    code = members.create_invite(tg_deps, role="owner", created_by="command line", days=7)
    owner = api.user(OWNER, "Olga", "Owner")
    stranger = api.user(STRANGER, "Eve")
    assistant = RecordingAssistant(tg_deps)
    async with running(tg_deps, assistant):
        before = _counts(tg_deps)
        mark = api.mark()
        api.send(stranger, "what should I reorder this week?")
        api.send(stranger, "/stock")
        api.send(stranger, "/start WRONG-CODE-0000")
        replies = await api.next_call(mark, "sendMessage", chat_id=STRANGER, n=3)
        assert [c.params["text"] for c in replies[:2]] == [
            "Sorry, this is a shop's private assistant. If you work there, ask the owner for "
            "an invite code and send /start followed by the code.",
        ] * 2
        assert replies[2].params["text"].startswith("That code does not work")
        assert {c.method for c in api.since(mark)} == {"sendMessage"}  # no typing, no data
        assert assistant.questions == []
        assert _counts(tg_deps)[:2] == before[:2]

        mark = api.mark()
        api.send(owner, f"/start {code}")
        (welcome,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert welcome.result["text"].startswith("Welcome, Olga Owner! You are in as owner.")
        assert "/invite manager" in welcome.result["text"]

        mark = api.mark()
        api.send(stranger, f"/start {code}")  # the code worked once
        (again,) = await api.next_call(mark, "sendMessage", chat_id=STRANGER)
        assert again.params["text"].startswith("That code does not work")
    joined = members.member(tg_deps, str(OWNER))
    assert joined is not None and joined.role == "owner"
    assert members.member(tg_deps, str(STRANGER)) is None
    assert [c["command"] for c in api.commands] == [
        "stock", "forecast", "reorder", "pending", "import", "settings", "help",
    ]  # fmt: skip


async def test_a_question_is_answered_in_html_while_typing_shows(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    class AfterTyping(RecordingAssistant):
        """The real answer, given only once "typing…" shows in the chat: the bot starts typing
        in a task of its own, so without this a quick answer could reach Telegram first."""

        def respond(self, question: str) -> Answer | None:
            deadline = time.monotonic() + 10
            while not api.since(mark, "sendChatAction", chat_id=STAFF):
                assert time.monotonic() < deadline, "no typing while the question was answered"
                time.sleep(0.01)
            return None

    async with running(tg_deps, AfterTyping(tg_deps)):
        mark = api.mark()
        api.send(team["staff"], "how were sales last month?")
        (answer,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
        calls = api.since(mark)
        assert calls[0].method == "sendChatAction" and calls[0].params["action"] == "typing"
        assert answer.params["parse_mode"] == "HTML"
        assert answer.result["text"].startswith(
            "Sales of the whole shop, October 2026: 4,694.94 EUR from 1,735 units"
        )
        # "Why:" is shown in italics; the text round-trips through Telegram's HTML parser.
        assert {"type": "italic", "offset": answer.result["text"].index("Why:"), "length": 4} in (
            answer.result["entities"]
        )


async def test_a_forecast_answer_comes_with_a_chart(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps):
        mark = api.mark()
        api.send(team["owner"], "/forecast oat milk")
        (photo,) = await api.next_call(mark, "sendPhoto", chat_id=OWNER)
        text = api.since(mark, "sendMessage", chat_id=OWNER)[0].result["text"]
    assert text.startswith("Oat Milk Barista 1L, the next 14 days")
    _, png = photo.files["photo"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert photo.result["caption"] == (
        "Oat Milk Barista 1L: about 165 units Fri 27 Nov to Thu 10 Dec (80 % likely "
        "146.8–183.2). Stock on hand runs out ~Sat 28 Nov at the expected pace."
    )


async def test_help_settings_and_unknown_commands(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps):
        texts = []
        for command in ("/help", "/settings", "/frobnicate"):
            mark = api.mark()
            api.send(team["staff"], command)
            (reply,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
            texts.append(reply.result["text"])
    help_, settings, unknown = texts
    assert "what should I reorder this week?" in help_ and "/invite" not in help_
    assert help_.endswith("Orders are approved by the owner or a manager.")
    assert "Time zone: Europe/Berlin" in settings
    assert "Daily stock-out scan: 08:00 shop time" in settings
    assert (
        "Service level: 95% of products not running out, shared out at the least stock "
        "(no product below 80%)" in settings
    )
    assert unknown == "I don't know /frobnicate. /help lists what I can do."


async def test_in_a_group_the_bot_answers_only_when_mentioned_or_replied_to(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    group = api.group(-500, "Shop team")
    assistant = RecordingAssistant(tg_deps)
    async with running(tg_deps, assistant):
        api.send(team["owner"], "lunch at 1?", chat=group)
        mark = api.mark()
        api.send(team["owner"], "@shop_test_bot what's running low?", chat=group)
        (answer,) = await api.next_call(mark, "sendMessage", chat_id=-500)
        assert assistant.questions == ["what's running low?"]
        assert answer.result["text"].startswith("Stock of the whole shop: 6 product(s), 3 at risk")
        assert answer.result["reply_to_message"]["text"].startswith("@shop_test_bot")

        mark = api.mark()
        api.send(team["stranger"], "@shop_test_bot show me the sales", chat=group)
        (refusal,) = await api.next_call(mark, "sendMessage", chat_id=-500)
        assert refusal.params["text"].startswith("Sorry, this is a shop's private assistant.")

        mark = api.mark()
        api.send(
            team["owner"], "and how much oat milk do we have?", chat=group, reply_to=answer.result
        )
        (follow,) = await api.next_call(mark, "sendMessage", chat_id=-500)
        assert follow.result["text"].startswith("Stock of Oat Milk Barista 1L")
    assert assistant.questions == ["what's running low?", "and how much oat milk do we have?"]


async def test_a_long_answer_is_split_on_line_boundaries(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    class Wordy(RecordingAssistant):
        def respond(self, question: str) -> Answer:
            lines = [f"line {i}: <oat & milk> " + "x" * 80 for i in range(120)]
            return Answer(question, "\n".join(lines), "test")

    async with running(tg_deps, Wordy(tg_deps)):
        mark = api.mark()
        api.send(team["owner"], "tell me everything")
        await api.wait(
            lambda: any("line 119:" in c.result["text"] for c in api.since(mark, "sendMessage"))
        )
        parts = api.since(mark, "sendMessage", chat_id=OWNER)
    texts = [p.result["text"] for p in parts]
    assert len(texts) == 4 and all(len(t) <= 4096 for t in texts)
    joined = "\n".join(texts).split("\n")
    assert joined == [f"line {i}: <oat & milk> " + "x" * 80 for i in range(120)]


async def test_the_owner_invites_a_manager_who_joins_with_the_code(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    newcomer = api.user(2001, "Nina")
    async with running(tg_deps):
        mark = api.mark()
        api.send(team["manager"], "/invite staff")
        (refused,) = await api.next_call(mark, "sendMessage", chat_id=MANAGER)
        assert refused.result["text"] == "Only the owner can invite people."

        mark = api.mark()
        api.send(team["owner"], "/invite manager")
        (invite,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        text = invite.result["text"]
        assert text.startswith("Invite for a new manager: ")
        code = text.split(": ", 1)[1].split("\n")[0]
        assert f"https://t.me/shop_test_bot?start={code}" in text
        assert text.endswith("It works once and expires on Fri 04 Dec.")

        mark = api.mark()
        api.send(newcomer, f"/start {code}")
        (welcome,) = await api.next_call(mark, "sendMessage", chat_id=2001)
        assert welcome.result["text"].startswith("Welcome, Nina! You are in as manager.")
    joined = members.member(tg_deps, "2001")
    assert joined is not None and joined.role == "manager"


async def test_an_error_gets_an_apology_with_an_id_and_the_log_gets_the_traceback(
    tg_deps: Deps, api: FakeTelegram, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(RecordingAssistant):
        def respond(self, question: str) -> Answer:
            raise RuntimeError("the database went away")

    async with running(tg_deps, Broken(tg_deps)):
        mark = api.mark()
        api.send(team["owner"], "how were sales last month?")
        (sorry,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
    text = sorry.result["text"]
    error_id = text.split("(error ")[1].split(")")[0]
    assert text == (
        f"Sorry, something went wrong on my side (error {error_id}). Please try again; if it "
        "keeps happening, tell whoever runs the bot this error id."
    )
    assert "database" not in text and "Traceback" not in text
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "the database went away" in str(logged[0].exc_info[1])


async def test_the_owner_removes_someone_who_then_is_a_stranger(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps):
        mark = api.mark()
        api.send(team["owner"], "/members")
        (listing,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert listing.result["text"].startswith(
            "3 member(s):\n• Olga Owner: owner, joined 27 Nov 2026\n"
            "• Max Manager: manager, joined 27 Nov 2026\n• Sam Staff: staff, joined 27 Nov 2026"
        )
        mark = api.mark()
        api.send(team["owner"], "/remove sam")
        (removed,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert removed.result["text"] == "Sam Staff (staff) no longer has access."
        mark = api.mark()
        api.send(team["staff"], "what's running low?")
        (refused,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
        assert refused.result["text"].startswith("Sorry, this is a shop's private assistant.")


async def test_the_askers_role_reaches_the_tools_and_reset_forgets_the_chat(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    assistant = RecordingAssistant(tg_deps)
    async with running(tg_deps, assistant):
        mark = api.mark()
        api.send(team["staff"], "how were sales last month?")
        await api.next_call(mark, "sendMessage", chat_id=STAFF)
        mark = api.mark()
        api.send(team["staff"], "/reset")
        (done,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
    assert assistant.roles == ["staff"]
    assert assistant.resets == [f"tg:{STAFF}"]
    assert done.result["text"] == "Done: I have forgotten our conversation in this chat."

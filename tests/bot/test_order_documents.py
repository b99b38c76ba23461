"""End to end through the fake Bot API: an approval and its order document are one outcome.
The document is made from the stored decision, so a crash between the two, or an orders
folder that cannot be written, loses nothing."""

from __future__ import annotations

import pytest

from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from tests.bot.conftest import MANAGER, OWNER, Team, button, running, settled, warn_now
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio
ALREADY = "Proposal #1 was already approved by Olga Owner at 2026-11-27 12:00."


async def test_a_crash_between_the_approval_and_its_document_loses_nothing(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        # The approval committed; the bot was killed before it sent the document.
        with session_scope(tg_deps.sessions) as s:
            proposals.decide(s, 1, "approve", actor="Olga Owner", role="owner", now=tg_deps.now())
        mark = api.mark()
        api.press(team["owner"], cards[(OWNER, "Alpine Dairy")], "approve:1")  # pressed again
        (doc,) = await api.next_call(mark, "sendDocument", chat_id=OWNER)
        (answer,) = api.since(mark, "answerCallbackQuery")
        assert answer.params["text"] == ALREADY
        name, content = doc.files["document"]
        assert name == "SK-00001.csv" and b"OAT-1L,Oat Milk Barista 1L,252,1.10,277.20" in content
        edits = api.since(mark, "editMessageText")
        assert sorted(e.params["chat_id"] for e in edits) == [OWNER, MANAGER]
        manager_card = next(e.result for e in edits if e.params["chat_id"] == MANAGER)

        # The decided card offers the document again, to anyone who needs it.
        mark = api.mark()
        api.press(team["manager"], manager_card, button(manager_card, "Send the order again"))
        (again,) = await api.next_call(mark, "sendDocument", chat_id=MANAGER)
        assert again.files["document"] == doc.files["document"]

        # Once delivered, a replayed Approve press only says who approved it.
        mark = api.mark()
        api.press(team["owner"], cards[(OWNER, "Alpine Dairy")], "approve:1")
        (answer,) = await api.next_call(mark, "answerCallbackQuery")
        await settled(app, api)
        assert answer.params["text"] == ALREADY
        assert not api.since(mark, "sendDocument")


async def test_an_orders_folder_that_cannot_be_written_still_gets_the_document_sent(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    (tg_deps.settings.data_dir / "orders").write_text("a file where the folder should be")
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        mark = api.mark()
        api.press(team["owner"], cards[(OWNER, "Alpine Dairy")], "approve:1")
        (doc,) = await api.next_call(mark, "sendDocument", chat_id=OWNER)
        (answer,) = api.since(mark, "answerCallbackQuery")
        assert answer.params["text"].startswith("✅ Approved by Olga Owner, Fri 27 Nov 12:00.")
        assert doc.files["document"][0] == "SK-00001.csv"
        await settled(app, api)
    with tg_deps.sessions() as s:
        view = proposals.get(s, 1)
    assert view is not None and view.status == "approved"


async def test_a_document_that_cannot_be_sent_leaves_the_approval_and_a_way_to_get_it(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        api.down.add("sendDocument")
        mark = api.mark()
        api.press(team["owner"], cards[(OWNER, "Alpine Dairy")], "approve:1")
        said = await api.wait(lambda: [c for c in api.since(mark, "sendMessage", chat_id=OWNER)])
        assert said[0].result["text"] == (
            "The approval of order SK-00001 stands (it counts as on order), but its document "
            "could not be sent here. Press 📄 Send the order again under the order, or run "
            "shopkeeper proposals --show 1."
        )
        await settled(app, api)
        api.down.clear()
        edited = api.messages[(OWNER, cards[(OWNER, "Alpine Dairy")]["message_id"])]
        mark = api.mark()
        api.press(team["owner"], edited, button(edited, "Send the order again"))
        (doc,) = await api.next_call(mark, "sendDocument", chat_id=OWNER)
        assert doc.files["document"][0] == "SK-00001.csv"

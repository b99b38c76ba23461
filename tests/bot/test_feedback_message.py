"""A manager passes on what a customer said with "feedback:"; staff cannot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.crm_models import Feedback
from shopkeeper.core.store.models import Customer, CustomerPII
from tests.bot.conftest import MANAGER, STAFF, Team, running
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio


async def test_a_managers_feedback_message_is_stored_pseudonymised(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    with tg_deps.sessions() as s:
        s.add(Customer(id="C-0000abcd", marketing_consent=False))
        s.add(CustomerPII(customer_id="C-0000abcd", name="Anna Schmidt", email="anna@example.com"))
        s.commit()
    async with running(tg_deps):
        mark = api.mark()
        api.send(
            team["manager"],
            "feedback: Anna Schmidt says the croissants were stale and dry, really disappointing",
        )
        (reply,) = await api.next_call(mark, "sendMessage", chat_id=MANAGER)
        assert reply.params["text"].startswith("Stored as negative feedback from C-0000abcd")
        mark = api.mark()
        api.send(team["staff"], "feedback: lovely shop")
        (refused,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
        assert refused.params["text"] == "Only the owner or a manager can record customer feedback."
    with tg_deps.sessions() as s:
        stored = s.scalars(select(Feedback)).all()
    assert len(stored) == 1
    said = "C-0000abcd says the croissants were stale and dry, really disappointing"
    assert stored[0].text == said
    assert stored[0].customer_id == "C-0000abcd" and stored[0].source == "telegram"

"""Approvals in Telegram cannot be misread: a bare yes is echoed first, price changes need a
second yes, typed decisions carry their number and their quantity changes."""

from __future__ import annotations

import pytest

from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Product, Proposal
from tests.bot.conftest import OWNER, Team, button, running, settled, warn_now
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio
ALPINE = "Approve #1: purchase order to Alpine Dairy, 1 line, 277.20 EUR? yes/no"


def _status(deps: Deps, pid: int) -> str:
    with deps.sessions() as s:
        return s.get_one(Proposal, pid).status


def _price_proposal(deps: Deps) -> int:
    with session_scope(deps.sessions) as s:
        view = proposals.create(
            s,
            kind="price_change",
            subject="price:CHOC-70",
            payload={"sku": "CHOC-70", "name": "Dark Chocolate 70% 100g", "old_price": 2.29,
                     "new_price": 2.49, "test": False},
            reason="test",
            created_by="test",
            now=deps.now(),
        )  # fmt: skip
    return view.id


async def test_a_bare_yes_to_a_card_is_echoed_and_the_second_yes_decides(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        mark = api.mark()
        api.send(team["owner"], "yes", reply_to=cards[(OWNER, "Alpine Dairy")])
        (asked,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert asked.result["text"] == ALPINE
        assert button(asked.result, "Yes, approve") == "sure:1"
        await settled(app, api)
        assert _status(tg_deps, 1) == "pending"

        mark = api.mark()
        api.send(team["owner"], "no", reply_to=asked.result)  # no to the question: still waits
        (kept,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert kept.result["text"] == "Not approved; #1 is still waiting for a decision."
        assert _status(tg_deps, 1) == "pending"

        mark = api.mark()
        api.send(team["owner"], "yes", reply_to=asked.result)
        await api.next_call(mark, "sendDocument", chat_id=OWNER)
        assert _status(tg_deps, 1) == "approved"


async def test_the_approve_button_of_a_price_change_asks_first(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    pid = _price_proposal(tg_deps)
    async with running(tg_deps) as app:
        mark = api.mark()
        api.send(team["owner"], "/pending")
        card = (await api.next_call(mark, "sendMessage", chat_id=OWNER, n=2))[1].result
        mark = api.mark()
        api.press(team["owner"], card, button(card, "Approve"))
        (asked,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        question = f"Approve #{pid}: price of Dark Chocolate 70% 100g 2.29 -> 2.49 EUR? yes/no"
        assert asked.result["text"] == question
        await settled(app, api)
        with tg_deps.sessions() as s:
            assert s.get_one(Product, "CHOC-70").price == 2.29
        mark = api.mark()
        api.press(team["owner"], asked.result, f"sure:{pid}")
        (said,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert said.result["text"].startswith("✅ Approved by Olga Owner")
    with tg_deps.sessions() as s:
        assert s.get_one(Product, "CHOC-70").price == 2.49


async def test_typed_decisions_carry_their_number_and_quantities(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        await warn_now(app, api)
        mark = api.mark()
        api.send(team["owner"], "yes")  # replying to nothing: which proposal?
        (which,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert which.result["text"].startswith("Which proposal? Reply “yes” to the message")

        mark = api.mark()
        api.send(team["owner"], "change oat milk to 120 in #1")
        (changed,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert changed.result["text"] == (
            "#1 changed: Oat Milk Barista 1L: 252 -> 120. New total 132.00 EUR "
            "(was 277.20 EUR).\nIt is still waiting for a decision: “approve 1” orders it."
        )
        mark = api.mark()
        api.send(team["owner"], "reject 3 too expensive")
        (said,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert said.result["text"].startswith("❌ Rejected by Olga Owner")
        assert said.result["text"].endswith("Reason: too expensive")
        mark = api.mark()
        api.send(team["owner"], "approve 1")
        await api.next_call(mark, "sendDocument", chat_id=OWNER)
    with tg_deps.sessions() as s:
        alpine = s.get_one(Proposal, 1)
        assert alpine.status == "approved" and alpine.payload["lines"][0]["quantity"] == 120
        assert s.get_one(Proposal, 3).decision_note == "too expensive"


async def test_a_rejected_order_is_not_offered_again_and_an_old_number_leads_on(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        mark = api.mark()
        api.send(team["owner"], "no, too much", reply_to=cards[(OWNER, "Alpine Dairy")])
        await api.next_call(mark, "sendMessage", chat_id=OWNER)
        mark = api.mark()
        api.send(team["owner"], "what should I order from Alpine Dairy?")
        (said,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert (
            "Not proposed again: the same order (#1) was rejected by Olga Owner on 27 Nov 12:00 "
            "(“too much”)." in said.result["text"]
        )
        await settled(app, api)
        assert not [c for c in api.since(mark, "sendMessage") if c.result.get("reply_markup")]

        # Sunrise Bakery's #2 is replaced by a newer plan; "approve 2" leads to it.
        newer = _newer_bakery_order(tg_deps)
        mark = api.mark()
        api.send(team["owner"], "approve 2")
        (asked,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert asked.result["text"] == (
            f"#2 was replaced by #{newer}.\n"
            f"Approve #{newer}: purchase order to Sunrise Bakery, 1 line, 35.00 EUR? yes/no"
        )
        mark = api.mark()
        api.press(team["owner"], asked.result, f"sure:{newer}")
        await api.next_call(mark, "sendDocument", chat_id=OWNER)
    assert _status(tg_deps, 2) == "superseded" and _status(tg_deps, newer) == "approved"


def _newer_bakery_order(deps: Deps) -> int:
    line = {"sku": "CRO", "name": "Croissant", "quantity": 100.0, "unit_cost": 0.35,
            "order_value": 35.0}  # fmt: skip
    with session_scope(deps.sessions) as s:
        view = proposals.create(
            s,
            kind="purchase_order",
            subject="supplier:3",
            payload={"supplier_id": 3, "supplier_name": "Sunrise Bakery", "lead_time_days": 1.0,
                     "order_value": 35.0, "lines": [line]},
            reason="test",
            created_by="test",
            now=deps.now(),
        )  # fmt: skip
    return view.id

"""End to end through the fake Bot API: deciding by button and by reply, presses that must
change nothing, and a restart between a proposal and its approval."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import AuditEntry, Proposal, PurchaseOrder, PurchaseOrderLine
from tests.bot.conftest import MANAGER, OWNER, STAFF, Team, button, running, settled, warn_now
from tests.bot.fake_api import FakeTelegram

pytestmark = pytest.mark.asyncio
APPROVED_BY_OLGA = "✅ Approved by Olga Owner, Fri 27 Nov 12:00."


def _state(deps: Deps) -> tuple[list[tuple[int, str]], int, int]:
    with deps.sessions() as s:
        props = [(p.id, p.status) for p in s.scalars(select(Proposal).order_by(Proposal.id))]
        orders = s.scalar(select(func.count()).select_from(PurchaseOrder)) or 0
        audit = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return props, orders, audit


async def test_approve_by_button_edits_every_copy_and_sends_the_order(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        card = cards[(OWNER, "Alpine Dairy")]
        mark = api.mark()
        api.press(team["owner"], card, button(card, "Approve"))
        (doc,) = await api.next_call(mark, "sendDocument", chat_id=OWNER)
        (answer,) = api.since(mark, "answerCallbackQuery")
        assert answer.params["text"].startswith(APPROVED_BY_OLGA)
        edits = {c.params["chat_id"]: c.result for c in api.since(mark, "editMessageText")}
        assert set(edits) == {OWNER, MANAGER}  # both copies of the warning
        for edited in edits.values():
            assert edited["text"].endswith(
                f"{APPROVED_BY_OLGA} Order reference SK-00001; it counts as on order now."
            )
            assert "reply_markup" not in edited
        name, content = doc.files["document"]
        rows = list(csv.reader(io.StringIO(content.decode())))
        assert name == "SK-00001.csv"
        assert ["OAT-1L", "Oat Milk Barista 1L", "252", "1.10", "277.20"] in rows

        # The manager's old copy pressed again (a replay): nothing changes.
        before = _state(tg_deps)
        mark = api.mark()
        api.press(team["manager"], cards[(MANAGER, "Alpine Dairy")], "approve:1")
        (again,) = await api.next_call(mark, "answerCallbackQuery")
        assert again.params == {
            "callback_query_id": again.params["callback_query_id"],
            "text": "Proposal #1 was already approved by Olga Owner at 2026-11-27 12:00.",
            "show_alert": True,
        }
        # The answer comes before the rest of the handling: without waiting for the press to be
        # handled to its end, "no order document" would prove nothing.
        await settled(app, api)
        assert _state(tg_deps) == before
        assert not api.since(mark, "sendDocument")
        # Both copies are shown as decided once more; they already are, so Telegram answers
        # "not modified" and the cards keep their approved text.
        edits = api.since(mark, "editMessageText")
        assert sorted(e.params["chat_id"] for e in edits) == [OWNER, MANAGER]
        assert all(e.error and "not modified" in e.error.description for e in edits)
        for e in edits:
            shown = api.messages[(e.params["chat_id"], e.params["message_id"])]
            assert APPROVED_BY_OLGA in shown["text"] and "reply_markup" not in shown

        # "0" for the only product of an order is a no, not an empty order.
        mark = api.mark()
        api.send(team["owner"], "0", reply_to=cards[(OWNER, "Sunrise Bakery")])
        (said,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert said.result["text"] == (
            "❌ Rejected by Olga Owner, Fri 27 Nov 12:00. Reason: every quantity set to 0"
        )


async def test_reject_by_reply_and_change_quantity_by_reply(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        mark = api.mark()
        api.send(
            team["manager"],
            "No, we bake our own this week",
            reply_to=cards[(MANAGER, "Sunrise Bakery")],
        )
        (said,) = await api.next_call(mark, "sendMessage", chat_id=MANAGER)
        assert said.result["text"] == (
            "❌ Rejected by Max Manager, Fri 27 Nov 12:00. Reason: we bake our own this week"
        )
        # After the reply both copies of the card are edited (else they land in the next step).
        edits = await api.next_call(mark, "editMessageText", n=2)
        assert sorted(e.params["chat_id"] for e in edits) == [OWNER, MANAGER]
        assert all(e.result["text"].endswith(said.result["text"]) for e in edits)
        mark = api.mark()
        api.send(team["owner"], "make it 30 of oat milk", reply_to=cards[(OWNER, "Alpine Dairy")])
        (doc,) = await api.next_call(mark, "sendDocument", chat_id=OWNER)
        edits = api.since(mark, "editMessageText")  # sent before the document
        assert sorted(e.params["chat_id"] for e in edits) == [OWNER, MANAGER]
        changed = "• Oat Milk Barista 1L: 30 (was 252) × 1.10 EUR = 33.00 EUR"
        assert all(changed in e.result["text"] for e in edits)
        assert ["OAT-1L", "Oat Milk Barista 1L", "30", "1.10", "33.00"] in list(
            csv.reader(io.StringIO(doc.files["document"][1].decode()))
        )
    with tg_deps.sessions() as s:
        sunrise, alpine = s.get_one(Proposal, 2), s.get_one(Proposal, 1)
        assert (sunrise.status, sunrise.decided_by) == ("rejected", "Max Manager")
        assert alpine.status == "approved" and alpine.payload["lines"][0]["quantity"] == 30
        line = s.scalars(select(PurchaseOrderLine).where(PurchaseOrderLine.sku == "OAT-1L")).one()
        assert line.quantity == 30


def _two_line_proposal(deps: Deps) -> int:
    lines = [
        {"sku": "OAT-1L", "name": "Oat Milk Barista 1L", "quantity": 48.0, "unit_cost": 1.1,
         "order_value": 52.8},
        {"sku": "MILK-1L", "name": "Whole Milk 1L", "quantity": 24.0, "unit_cost": 0.8,
         "order_value": 19.2},
    ]  # fmt: skip
    with session_scope(deps.sessions) as s:
        view = proposals.create(
            s,
            kind="purchase_order",
            subject="supplier:1",
            payload={
                "supplier_id": 1,
                "supplier_name": "Alpine Dairy",
                "lead_time_days": 3.0,
                "order_value": 72.0,
                "lines": lines,
            },
            reason="test",
            created_by="test",
            now=deps.now(),
        )
    return view.id


async def test_change_quantity_button_asks_which_product_and_how_many(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    pid = _two_line_proposal(tg_deps)
    async with running(tg_deps):
        mark = api.mark()
        api.send(team["owner"], "/pending")
        sent = await api.next_call(mark, "sendMessage", chat_id=OWNER, n=2)
        card = sent[1].result
        assert card["text"].startswith(f"🛒 Order #{pid} for Alpine Dairy: 2 lines, 72.00 EUR")

        mark = api.mark()
        api.send(team["owner"], "make it 30", reply_to=card)  # which line?
        (which,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert which.result["text"].startswith("Which product? This order has 2 lines")

        mark = api.mark()
        api.press(team["owner"], card, button(card, "Change quantity"))
        (picker,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert [b[0]["text"] for b in picker.result["reply_markup"]["inline_keyboard"]] == [
            "Oat Milk Barista 1L (48)", "Whole Milk 1L (24)",
        ]  # fmt: skip
        mark = api.mark()
        api.press(team["owner"], picker.result, f"line:{pid}:1")
        (prompt,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert prompt.result["text"] == (
            f"How many Whole Milk 1L [MILK-1L] in order #{pid}? It proposes 24.\n"
            "Reply with a number: the order is approved with it (0 leaves the product out)."
        )
        assert prompt.params["reply_markup"]["force_reply"] is True

        mark = api.mark()
        api.send(team["owner"], "36", reply_to=prompt.result)
        (said,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert said.result["text"].startswith(APPROVED_BY_OLGA)
        (edit,) = await api.next_call(mark, "editMessageText")
        assert "• Whole Milk 1L: 36 (was 24) × 0.80 EUR = 28.80 EUR" in edit.result["text"]
        assert "• Oat Milk Barista 1L: 48 × 1.10 EUR = 52.80 EUR" in edit.result["text"]


async def test_presses_that_must_change_nothing(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
        card = cards[(OWNER, "Alpine Dairy")]
        before = _state(tg_deps)
        presses = [
            (team["staff"], "approve:1"),
            (team["stranger"], "approve:1"),
            (team["owner"], "approve:999999"),
            (team["owner"], "approve:1; DROP TABLE proposals"),
            (team["owner"], "approve:1:0"),
            (team["owner"], "x" * 64),
        ]
        answers = []
        for who, data in presses:
            mark = api.mark()
            api.press(who, card, data)
            (answer,) = await api.next_call(mark, "answerCallbackQuery")
            answers.append(answer.params["text"])
        assert answers == [
            "Only owner or manager may decide proposals; you are staff.",
            "Sorry, this is a shop's private assistant. If you work there, ask the owner for an "
            "invite code and send /start followed by the code.",
            "There is no proposal #999999.",
            *["That button is not valid (it may come from an old or changed message)."] * 3,
        ]
        # Staff see waiting orders without buttons; replying "yes" to one decides nothing.
        mark = api.mark()
        api.send(team["staff"], "/pending")
        listed = await api.next_call(mark, "sendMessage", chat_id=STAFF, n=4)
        staff_card = next(c.result for c in listed if "Alpine Dairy" in c.result["text"])
        assert "reply_markup" not in staff_card
        assert staff_card["text"].endswith("The owner or a manager can approve this.")
        mark = api.mark()
        api.send(team["staff"], "yes", reply_to=staff_card)
        (refused,) = await api.next_call(mark, "sendMessage", chat_id=STAFF)
        assert (
            refused.result["text"] == "Only owner or manager may decide proposals; you are staff."
        )
        await settled(app, api)  # the refusal comes before any edit would: let "yes" finish
        assert _state(tg_deps) == before
        assert not api.since(0, "editMessageText")

        # An order nobody decided in time has expired.
        with session_scope(tg_deps.sessions) as s:
            s.get_one(Proposal, 2).expires_at = tg_deps.now().replace(day=26)
        mark = api.mark()
        api.press(team["owner"], cards[(OWNER, "Sunrise Bakery")], "approve:2")
        (answer,) = await api.next_call(mark, "answerCallbackQuery")
        assert answer.params["text"] == "Proposal #2 expired on 2026-11-26; run a new plan."
        # Every copy: the owner's and manager's warnings and the staff's /pending card.
        edits = await api.next_call(mark, "editMessageText", n=3)
        assert {e.params["chat_id"] for e in edits} == {OWNER, MANAGER, STAFF}
        assert all(
            e.result["text"].endswith("⌛ Expired on Thu 26 Nov without a decision.") for e in edits
        )

        # A newer plan for the same supplier replaces the card's proposal.
        newer = _two_line_proposal(tg_deps)
        mark = api.mark()
        api.press(team["owner"], card, "approve:1")
        (answer,) = await api.next_call(mark, "answerCallbackQuery")
        assert answer.params["text"] == (
            f"Proposal #1 was replaced by a newer one (#{newer}); decide that one."
        )
        edits = await api.next_call(mark, "editMessageText", n=3)
        assert {e.params["chat_id"] for e in edits} == {OWNER, MANAGER, STAFF}
        assert all(
            e.result["text"].endswith("↪️ Replaced by a newer proposal; see /pending.")
            for e in edits
        )
    with tg_deps.sessions() as s:
        assert s.get_one(Proposal, 1).status == "superseded"
        assert s.scalar(select(func.count()).select_from(PurchaseOrder)) == 1  # the shop's own


async def test_decisions_survive_a_restart_of_the_bot(
    tg_deps: Deps, api: FakeTelegram, team: Team
) -> None:
    async with running(tg_deps) as app:
        cards = await warn_now(app, api)
    # A new process: new engine, new application, nothing carried over in memory.
    tg_deps.engine.dispose()
    fresh = Deps.build(tg_deps.settings)
    async with running(fresh):
        mark = api.mark()
        qid = api.press(team["manager"], cards[(MANAGER, "Bean Roasters")], "approve:3")
        api.too_old.add(qid)  # the press waited too long to be answered: still handled
        await api.next_call(mark, "sendDocument", chat_id=MANAGER)
        mark = api.mark()
        api.send(team["owner"], "order 20 instead", reply_to=cards[(OWNER, "Sunrise Bakery")])
        (said,) = await api.next_call(mark, "sendMessage", chat_id=OWNER)
        assert said.result["text"].startswith(APPROVED_BY_OLGA)
    with fresh.sessions() as s:
        assert s.get_one(Proposal, 3).decided_by == "Max Manager"
        assert s.get_one(Proposal, 2).payload["lines"][0]["quantity"] == 20
        placed = s.scalars(
            select(PurchaseOrder.reference).where(PurchaseOrder.proposal_id.is_not(None))
        )
        assert sorted(placed) == ["SK-00002", "SK-00003"]

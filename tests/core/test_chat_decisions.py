"""Deciding in the terminal chat: a "yes" means only what the last answer showed, and only
after saying what will happen; quantity changes apply and show the new total."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shopkeeper.assistant.factory import make_assistant
from shopkeeper.chat import Conversation
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Product, Proposal, PurchaseOrder

pytestmark = pytest.mark.postgres  # also run on PostgreSQL by .ci/run

BEANS = [
    {"sku": "HOU-1KG", "name": "Coffee Beans House Blend 1kg", "quantity": 24.0,
     "unit_cost": 9.0, "order_value": 216.0},
    {"sku": "ESP-1KG", "name": "Coffee Beans Espresso 1kg", "quantity": 12.0,
     "unit_cost": 11.0, "order_value": 132.0},
]  # fmt: skip


def _beans_order(deps: Deps, lines: list[dict] | None = None) -> int:  # type: ignore[type-arg]
    lines = lines or BEANS
    with session_scope(deps.sessions) as s:
        view = proposals.create(
            s,
            kind="purchase_order",
            subject="supplier:2",
            payload={
                "supplier_id": 2,
                "supplier_name": "Bean Roasters",
                "lead_time_days": 7.0,
                "order_value": round(sum(ln["order_value"] for ln in lines), 2),
                "lines": lines,
            },
            reason="test",
            created_by="test",
            now=deps.now(),
        )
    return view.id


def _status(deps: Deps, pid: int) -> str:
    with deps.sessions() as s:
        return s.get_one(Proposal, pid).status


def _talk(shop: Deps) -> Conversation:
    return Conversation(shop, make_assistant(shop), user="Ana")


def test_a_yes_two_answers_later_decides_nothing(shop: Deps) -> None:
    talk = _talk(shop)
    talk.say("should I raise the price of Dark Chocolate 70% 100g?")
    (pid,) = talk.shown
    talk.say("what goes with croissants?")
    assert talk.say("yes") == [
        "Which proposal? My last answer showed none; say e.g. “approve 3” "
        "(“what is waiting for approval?” lists them)."
    ]
    with shop.sessions() as s:
        assert s.get_one(Product, "CHOC-70").price == 2.29
    assert _status(shop, pid) == "pending"


def test_a_yes_right_after_a_price_proposal_first_says_what_will_happen(shop: Deps) -> None:
    talk = _talk(shop)
    talk.say("should I raise the price of Dark Chocolate 70% 100g?")
    (pid,) = talk.shown
    question = f"Approve #{pid}: price of Dark Chocolate 70% 100g 2.29 -> 2.49 EUR? yes/no"
    assert talk.say("yes") == [question]
    assert _status(shop, pid) == "pending"
    assert talk.say("no") == [f"Not approved; #{pid} is still waiting for a decision."]
    # Even with its number, a price change is echoed first; the second yes decides it.
    assert talk.say(f"approve {pid}") == [question]
    (said,) = talk.say("yes")
    assert said.startswith(f"#{pid} price change for Dark Chocolate 70% 100g: 2.29 EUR -> 2.49")
    with shop.sessions() as s:
        assert s.get_one(Product, "CHOC-70").price == 2.49


def test_approve_with_a_new_quantity_orders_it_and_shows_the_new_total(shop: Deps) -> None:
    pid = _beans_order(shop)
    (said,) = _talk(shop).say(f"approve {pid} with 10 of House Blend")
    assert said.splitlines()[:2] == [
        f"#{pid} changed: Coffee Beans House Blend 1kg: 24 -> 10. "
        "New total 222.00 EUR (was 348.00 EUR).",
        f"#{pid} purchase order to Bean Roasters: 2 line(s), 222.00 EUR "
        "[approved by Ana at 2026-11-27 12:00]",
    ]
    with shop.sessions() as s:
        order = s.scalars(select(PurchaseOrder).where(PurchaseOrder.proposal_id == pid)).one()
        assert {ln.sku: ln.quantity for ln in order.lines} == {"HOU-1KG": 10.0, "ESP-1KG": 12.0}


def test_change_a_quantity_without_deciding(shop: Deps) -> None:
    pid = _beans_order(shop)
    talk = _talk(shop)
    assert talk.say(f"change House Blend to 10 in #{pid}") == [
        f"#{pid} changed: Coffee Beans House Blend 1kg: 24 -> 10. "
        "New total 222.00 EUR (was 348.00 EUR).\n"
        f"It is still waiting for a decision: “approve {pid}” orders it."
    ]
    with shop.sessions() as s:
        p = s.get_one(Proposal, pid)
        assert p.status == "pending" and p.payload["lines"][0]["quantity"] == 10.0
    # "order 20 instead" without a number means the order just shown, echoed first.
    assert talk.say("order 30 of espresso instead") == [
        f"#{pid} changed: Coffee Beans Espresso 1kg: 12 -> 30. "
        "New total 420.00 EUR (was 222.00 EUR).\n"
        f"Approve #{pid}: purchase order to Bean Roasters, 2 lines, 420.00 EUR? yes/no"
    ]
    assert talk.say("yes")[0].startswith(f"#{pid} purchase order to Bean Roasters: 2 line(s)")


def test_a_change_that_cannot_be_read_is_refused_and_nothing_is_decided(shop: Deps) -> None:
    pid = _beans_order(shop)
    (said,) = _talk(shop).say(f"approve {pid} but fewer of the beans")
    assert said.startswith("I could not read the change in “but fewer of the beans”")
    (said,) = _talk(shop).say(f"approve {pid} with 10 of croissants")
    assert said.startswith("“croissants” is not in this order.")
    assert _status(shop, pid) == "pending"


def test_an_order_above_the_amount_needs_a_second_yes(shop: Deps) -> None:
    big = [{**BEANS[0], "quantity": 60.0, "order_value": 540.0}]
    pid = _beans_order(shop, big)
    talk = _talk(shop)
    assert talk.say(f"approve {pid}") == [
        f"Approve #{pid}: purchase order to Bean Roasters, 1 line, 540.00 EUR? yes/no"
    ]
    assert _status(shop, pid) == "pending"
    talk.say("yes")
    assert _status(shop, pid) == "approved"


def test_an_old_number_leads_to_the_live_proposal_and_says_so(shop: Deps) -> None:
    first = _beans_order(shop)
    second = _beans_order(shop, [{**BEANS[0], "quantity": 18.0, "order_value": 162.0}])
    third = _beans_order(shop, [{**BEANS[0], "quantity": 12.0, "order_value": 108.0}])
    talk = _talk(shop)
    assert talk.say(f"approve {first}") == [
        f"#{first} was replaced by #{second}, which was replaced by #{third}.\n"
        f"Approve #{third}: purchase order to Bean Roasters, 1 line, 108.00 EUR? yes/no"
    ]
    talk.say("yes")
    assert [_status(shop, n) for n in (first, second, third)] == [
        "superseded",
        "superseded",
        "approved",
    ]


def test_staff_cannot_decide_in_the_chat(shop: Deps) -> None:
    pid = _beans_order(shop)
    talk = Conversation(shop, make_assistant(shop), user="Sam", role="staff")
    assert talk.say(f"approve {pid}") == [
        "Only owner or manager may decide proposals; you are staff."
    ]
    assert _status(shop, pid) == "pending"


def test_a_rejected_order_is_not_proposed_again_at_the_next_question(shop: Deps) -> None:
    talk = _talk(shop)
    talk.say("what should I order from Alpine Dairy?")
    (pid,) = talk.shown
    (said,) = talk.say(f"reject {pid} we have enough")
    assert said.startswith(f"#{pid} purchase order to Alpine Dairy") and "[rejected by Ana" in said
    (answer, *_notes) = talk.say("what should I order from Alpine Dairy?")
    assert talk.shown == []
    assert (
        f"  Not proposed again: the same order (#{pid}) was rejected by Ana on 27 Nov 12:00 "
        "(“we have enough”)." in answer
    )


def test_a_category_question_adds_to_the_pending_order_instead_of_replacing_it(
    shop: Deps,
) -> None:
    pending = _beans_order(shop)  # House Blend and Espresso, 348.00 EUR
    talk = _talk(shop)
    (answer, *_notes) = talk.say("what should I order from snacks & sweets?")
    (pid,) = talk.shown
    assert (
        f"  Added to the supplier's pending order: proposal #{pid} now has 3 lines, 391.20 EUR "
        f"(#{pending} is replaced by it)." in answer
    )
    assert "Below the minimum order value" not in answer  # the joined order meets it
    with shop.sessions() as s:
        assert len(s.get_one(Proposal, pid).payload["lines"]) == 3

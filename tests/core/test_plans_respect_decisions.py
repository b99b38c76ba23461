"""Order plans respect decisions: a rejected plan is not proposed again unchanged, and a plan
for one category joins the supplier's pending order instead of replacing it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shopkeeper.app.workflows import decide
from shopkeeper.core.deps import Deps
from shopkeeper.core.order_proposals import similar
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Proposal
from tests.core.test_chat_decisions import BEANS, _beans_order
from tools.context import ToolContext
from tools.reorder import reorder_plan
from tools.results import ReorderPlan, SupplierOrder

pytestmark = pytest.mark.postgres  # also run on PostgreSQL by .ci/run


def _plan(deps: Deps, category: str | None = None) -> ReorderPlan:
    with session_scope(deps.sessions) as s:
        return reorder_plan(ToolContext.of(deps, s, actor="assistant"), category=category)


def _order(plan: ReorderPlan, supplier: str) -> SupplierOrder:
    return next(o for o in plan.orders if o.supplier == supplier)


def test_a_rejected_plan_is_not_proposed_again_unchanged(shop: Deps) -> None:
    first = _order(_plan(shop), "Alpine Dairy")
    assert first.proposal_id is not None
    ok = decide(shop, first.proposal_id, "reject", "Ana", "owner", note="too expensive").ok
    assert ok
    again = _order(_plan(shop), "Alpine Dairy")
    assert again.proposal_id is None
    assert again.proposal_note == (
        f"Not proposed again: the same order (#{first.proposal_id}) was rejected by Ana on "
        "27 Nov 12:00 (“too expensive”). It comes back when stock or demand change its "
        "quantities by more than 25 %, or after 11 Dec."
    )
    with shop.sessions() as s:
        alpine = s.scalars(select(Proposal).where(Proposal.subject == "supplier:1")).all()
    assert [p.status for p in alpine] == ["rejected"]
    # The other suppliers' orders are proposed as before.
    assert _order(_plan(shop), "Sunrise Bakery").proposal_id is not None


def test_a_rejection_holds_only_for_the_configured_days(shop: Deps) -> None:
    first = _order(_plan(shop), "Alpine Dairy")
    assert first.proposal_id is not None
    decide(shop, first.proposal_id, "reject", "Ana", "owner")
    settings = shop.settings.model_copy(update={"rejected_quiet_days": 0})
    again = _order(_plan(Deps(settings, shop.engine, shop.sessions)), "Alpine Dairy")
    assert again.proposal_id is not None and again.proposal_id != first.proposal_id


def test_a_plan_differs_enough_when_a_line_or_the_quantities_change() -> None:
    plan = {"order_value": 100.0, "lines": [{"sku": "A", "quantity": 100.0}]}
    assert similar(plan, {"order_value": 110.0, "lines": [{"sku": "A", "quantity": 110.0}]}, 25)
    assert not similar(plan, {"order_value": 140.0, "lines": [{"sku": "A", "quantity": 140}]}, 25)
    assert not similar(
        plan,
        {
            "order_value": 100.0,
            "lines": [{"sku": "A", "quantity": 100}, {"sku": "B", "quantity": 1}],
        },
        25,
    )


def test_a_category_plan_joins_the_pending_order_instead_of_replacing_it(shop: Deps) -> None:
    pending = _beans_order(shop)  # House Blend and Espresso, 348.00 EUR
    snacks = _order(_plan(shop, category="Snacks & Sweets"), "Bean Roasters")
    assert [ln.sku for ln in snacks.lines] == ["CHOC-70"]
    assert snacks.proposal_note == (
        f"Added to the supplier's pending order: proposal #{snacks.proposal_id} now has 3 lines, "
        f"391.20 EUR (#{pending} is replaced by it)."
    )
    with shop.sessions() as s:
        live = s.get_one(Proposal, snacks.proposal_id)
        assert [ln["sku"] for ln in live.payload["lines"]] == ["HOU-1KG", "ESP-1KG", "CHOC-70"]
        assert live.payload["order_value"] == 391.2
        assert s.get_one(Proposal, pending).status == "superseded"
    # Asking again changes nothing: the same lines are already in the pending order.
    again = _order(_plan(shop, category="Snacks & Sweets"), "Bean Roasters")
    assert again.proposal_id == snacks.proposal_id
    assert BEANS[0]["sku"] == "HOU-1KG"

"""The approval step: one decision per proposal, by someone allowed to decide, audited."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from shopkeeper.app.workflows import decide
from shopkeeper.chat import decision_text
from shopkeeper.core import proposals
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import AuditEntry, PurchaseOrder

NOW = datetime(2026, 11, 27, 9, 0)
PAYLOAD = {
    "supplier_id": 1,
    "supplier_name": "Alpine Dairy",
    "lead_time_days": 3,
    "order_value": 26.4,
    "lines": [
        {
            "sku": "OAT-1L",
            "name": "Oat Milk Barista 1L",
            "quantity": 24,
            "unit_cost": 1.1,
            "order_value": 26.4,
        }
    ],
}


def decide_text(shop, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Decide as the terminal does: (decided?, what it prints)."""
    done = decide(shop, *args, **kwargs)
    return done.ok, decision_text(done, shop.settings.currency)


def _create(s, payload=PAYLOAD, now=NOW):  # type: ignore[no-untyped-def]
    return proposals.create(
        s,
        kind="purchase_order",
        subject="supplier:1",
        payload=payload,
        reason="test",
        created_by="tester",
        now=now,
    )


def test_same_plan_twice_creates_one_proposal(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        a = _create(s)
        b = _create(s)
    assert a.id == b.id


def test_newer_plan_supersedes_older_pending_one(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        old = _create(s)
        new = _create(s, PAYLOAD | {"order_value": 52.8})
        assert proposals.get(s, old.id).status == "superseded"
        assert [p.id for p in proposals.list_proposals(s, NOW)] == [new.id]
    ok, text = decide_text(shop, old.id, "approve", "Ana", "owner")
    assert not ok
    assert text == f"Proposal #{old.id} was replaced by a newer one (#{new.id}); decide that one."


def test_second_press_says_who_decided_and_changes_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        p = _create(s)
    ok, _ = decide_text(shop, p.id, "approve", "Ana", "owner")
    assert ok
    ok, text = decide_text(shop, p.id, "reject", "Ben", "manager")
    assert not ok
    assert text == f"Proposal #{p.id} was already approved by Ana at 2026-11-27 12:00."
    with shop.sessions() as s:
        assert (
            len(s.scalars(select(PurchaseOrder).where(PurchaseOrder.proposal_id == p.id)).all())
            == 1
        )
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions.count("approve") == 1 and "reject" not in actions


def test_staff_and_unknown_ids_are_refused(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        p = _create(s)
    ok, text = decide_text(shop, p.id, "approve", "Sam", "staff")
    assert not ok and text == "Only owner or manager may decide proposals; you are staff."
    ok, text = decide_text(shop, 9999, "approve", "Ana", "owner")
    assert not ok and text == "There is no proposal #9999."
    with shop.sessions() as s:
        assert proposals.get(s, p.id).status == "pending"


def test_expired_proposal_cannot_be_approved(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        p = _create(s, now=NOW - timedelta(days=30))
    ok, text = decide_text(shop, p.id, "approve", "Ana", "owner")
    assert not ok and text.startswith(f"Proposal #{p.id} expired on")


def test_approved_order_counts_as_on_order_and_writes_document(shop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        p = _create(s)
        before = frames.on_order(s)
    ok, _ = decide_text(shop, p.id, "approve", "Ana", "owner", amend={"OAT-1L": 36})
    assert ok
    with shop.sessions() as s:
        after = frames.on_order(s)
        view = proposals.get(s, p.id)
    assert "OAT-1L" not in set(before["sku"])
    assert after.loc[after["sku"] == "OAT-1L", "quantity"].tolist() == [36.0]
    assert view.payload["order_value"] == pytest.approx(39.6)
    doc = (tmp_path / "orders" / f"SK-{p.id:05d}.csv").read_text()
    assert "OAT-1L,Oat Milk Barista 1L,36,1.10,39.60" in doc


def test_amending_a_product_not_in_the_order_is_refused(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        p = _create(s)
    ok, text = decide_text(shop, p.id, "approve", "Ana", "owner", amend={"CRO": 5})
    assert not ok and text == f"CRO is not in proposal #{p.id}."


def test_two_deciders_at_once_only_one_wins(shop) -> None:  # type: ignore[no-untyped-def]
    with shop.sessions.begin() as s:
        pid = _create(s).id
    slow = shop.sessions()
    assert proposals.get(slow, pid).status == "pending"  # read before the other press lands
    with shop.sessions.begin() as fast:
        proposals.decide(fast, pid, "approve", actor="Ana", role="owner", now=NOW)
    with pytest.raises(proposals.ProposalError, match="already approved by Ana"):
        proposals.decide(slow, pid, "reject", actor="Ben", role="manager", now=NOW)
    slow.rollback()
    slow.close()
    with shop.sessions() as s:
        assert (
            len(s.scalars(select(PurchaseOrder).where(PurchaseOrder.proposal_id == pid)).all()) == 1
        )


def test_an_approved_price_change_becomes_the_shelf_price(shop) -> None:  # type: ignore[no-untyped-def]
    from shopkeeper.core.store.models import Product

    with shop.sessions.begin() as s:
        p = proposals.create(
            s,
            kind="price_change",
            subject="price:OAT-1L",
            payload={"sku": "OAT-1L", "old_price": 2.49, "new_price": 2.69},
            reason="test",
            created_by="tester",
            now=NOW,
        )
    ok, _ = decide_text(shop, p.id, "approve", "Ana", "owner")
    assert ok
    with shop.sessions() as s:
        assert s.get(Product, "OAT-1L").price == 2.69
        changed = s.scalars(select(AuditEntry).where(AuditEntry.action == "price_changed")).one()
    assert changed.details == {"old": 2.49, "new": 2.69}

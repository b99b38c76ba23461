"""What approving a proposal changes in the shop beyond a purchase order (that one opens an
order: core.orders), and the audit log every decision and effect writes to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from shopkeeper.core.campaign_approval import approve_campaign
from shopkeeper.core.erasure import erase_customer
from shopkeeper.core.store.models import AuditEntry, Product, Proposal


class EffectError(Exception):
    """An approved proposal could not be carried out (the decision is rolled back)."""


def audit(
    session: Session, now: datetime, actor: str, action: str, target: str, **details: Any
) -> None:
    """Append one audit-log row (in the caller's transaction)."""
    session.add(AuditEntry(at=now, actor=actor, action=action, subject=target, details=details))


def _apply_price(session: Session, p: Proposal, now: datetime) -> None:
    """An approved price change (or price test) becomes the product's shelf price."""
    product = session.get(Product, p.payload["sku"])
    if product is None:
        raise EffectError("The product of this proposal no longer exists.")
    old, product.price = product.price, float(p.payload["new_price"])
    audit(
        session,
        now,
        "system",
        "price_changed",
        f"product:{product.sku}",
        old=old,
        new=product.price,
    )


def _switch_supplier(session: Session, p: Proposal, now: datetime) -> None:
    """An approved switch: the product is bought from the new supplier on its offered terms."""
    product = session.get(Product, p.payload["sku"])
    if product is None:
        raise EffectError("The product of this proposal no longer exists.")
    old = {"supplier_id": product.supplier_id, "unit_cost": product.unit_cost}
    product.supplier_id = int(p.payload["to_supplier_id"])
    product.unit_cost = float(p.payload["unit_cost"])
    product.pack_size = int(p.payload.get("pack_size") or product.pack_size)
    product.moq = int(p.payload.get("moq") or product.moq)
    audit(session, now, "system", "supplier_switched", f"product:{product.sku}", old=old,
          new={"supplier_id": product.supplier_id, "unit_cost": product.unit_cost})  # fmt: skip


def _forget_customer(session: Session, p: Proposal, now: datetime) -> None:
    """An approved "forget customer": the person's data is erased (sales stay pseudonymous)."""
    erase_customer(session, str(p.payload["customer_id"]), now, p.decided_by or "owner")


# What approving a proposal of each kind (beyond a purchase order) changes in the shop.
EFFECTS: dict[str, Callable[[Session, Proposal, datetime], None]] = {
    "price_change": _apply_price,
    "supplier_switch": _switch_supplier,
    "forget_customer": _forget_customer,
    "campaign": approve_campaign,
}

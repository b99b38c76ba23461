"""Purchase orders: an approved purchase-order proposal becomes an open order (counted as on
order), with a reference and a document for the supplier."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from shopkeeper.core.store.models import (
    AuditEntry,
    Proposal,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
)

if TYPE_CHECKING:
    from shopkeeper.core.proposals import ProposalView


class OrderError(Exception):
    """An order that cannot be placed; the message is meant for the person deciding."""


def order_reference(proposal_id: int) -> str:
    """The reference of the purchase order an approved proposal becomes ("SK-00042")."""
    return f"SK-{proposal_id:05d}"


def place_order(session: Session, p: Proposal, now: datetime) -> None:
    """An approved purchase order becomes an open order, so its stock counts as on order."""
    payload = p.payload
    supplier = session.get(Supplier, payload["supplier_id"])
    if supplier is None:
        raise OrderError("The supplier of this proposal no longer exists.")
    today = now.date()
    order = PurchaseOrder(
        reference=order_reference(p.id),
        supplier_id=supplier.id,
        ordered_at=today,
        expected_at=today + timedelta(days=round(float(payload.get("lead_time_days", 0)))),
        status="open",
        proposal_id=p.id,
    )
    session.add(order)
    session.flush()
    for line in payload["lines"]:
        session.add(
            PurchaseOrderLine(
                order_id=order.id,
                sku=line["sku"],
                quantity=float(line["quantity"]),
                unit_cost=float(line.get("unit_cost", 0.0)),
            )
        )
    session.add(
        AuditEntry(
            at=now,
            actor="system",
            action="order_opened",
            subject=f"purchase_order:{order.reference}",
            details={},
        )
    )


def order_document(view: ProposalView, shop_name: str, ordered_on: date) -> str:
    """The purchase order as CSV text for the supplier (sent by a person, not by the bot)."""
    payload = view.payload
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["shop", shop_name])
    w.writerow(["supplier", payload.get("supplier_name", "")])
    w.writerow(["order reference", order_reference(view.id)])
    w.writerow(["order date", ordered_on.isoformat()])
    w.writerow([])
    w.writerow(["sku", "product", "quantity", "unit cost", "line value"])
    for line in payload["lines"]:
        w.writerow(
            [
                line["sku"],
                line.get("name", ""),
                f"{line['quantity']:g}",
                f"{line.get('unit_cost', 0):.2f}",
                f"{line.get('order_value', 0):.2f}",
            ]
        )
    w.writerow(["", "", "", "total", f"{payload.get('order_value', 0):.2f}"])
    return buf.getvalue()

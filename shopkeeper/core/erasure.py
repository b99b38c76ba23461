"""A customer's rights: forget them (erase their personal data, keep pseudonymous sales),
export everything stored about them, change their marketing consent.

Forgetting is a proposal the owner approves (core.proposals); approving it runs
`erase_customer` in the same transaction. Files outside the database (chat memory, the
search index, the log) are cleaned by shopkeeper.app.privacy right after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from shopkeeper.core.privacy import build_redactor
from shopkeeper.core.store.chat_models import Note
from shopkeeper.core.store.models import AuditEntry, Customer, CustomerPII, SaleLine


class CustomerUnknown(LookupError):
    """No customer with this pseudonym."""


def personal_values(session: Session, customer_id: str) -> list[str]:
    """The customer's name, e-mail, phone and the shop's own number for them (non-empty)."""
    pii = session.get(CustomerPII, customer_id)
    if pii is None:
        return []
    return [v for v in (pii.name, pii.email, pii.phone, pii.external_ref) if v]


def erase_customer(session: Session, customer_id: str, now: datetime, actor: str) -> int:
    """Erase the customer's personal data and every mention of it in the shop's free text.

    The customers row stays as a pseudonym without contact data or consent, so sales
    statistics keep their history; the customer_pii row is deleted, notes that name the
    customer get the pseudonym instead. Audited with the pseudonym only.

    Returns:
        How many notes were rewritten.

    Raises:
        CustomerUnknown: no customer has this pseudonym.
    """
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise CustomerUnknown(f"There is no customer {customer_id}.")
    pii = session.get(CustomerPII, customer_id)
    rewritten = 0
    if pii is not None:
        redactor = build_redactor([(customer_id, pii.name, pii.email, pii.phone, pii.external_ref)])
        for note in session.scalars(select(Note)):
            clean = redactor.redact(note.text)
            if clean != note.text:
                note.text = clean
                rewritten += 1
        session.execute(delete(CustomerPII).where(CustomerPII.customer_id == customer_id))
    session.execute(
        update(Customer)
        .where(Customer.id == customer_id)
        .values(marketing_consent=False, consent_updated_at=now, area=None, age_band=None,
                gender=None)
    )  # fmt: skip
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action="forget_customer",
            subject=f"customer:{customer_id}",
            details={
                "notes_rewritten": rewritten,
                "sales_kept": _sales_count(session, customer_id),
            },
        )
    )
    session.flush()
    return rewritten


def _sales_count(session: Session, customer_id: str) -> int:
    rows = session.scalars(select(SaleLine.id).where(SaleLine.customer_id == customer_id))
    return len(rows.all())


def set_consent(
    session: Session, customer_id: str, consent: bool, now: datetime, actor: str
) -> bool:
    """Record a consent change (audited); False when it was already so."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise CustomerUnknown(f"There is no customer {customer_id}.")
    if customer.marketing_consent == consent:
        return False
    customer.marketing_consent = consent
    customer.consent_updated_at = now
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action="consent",
            subject=f"customer:{customer_id}",
            details={"marketing_consent": consent},
        )
    )
    session.flush()
    return True


def customer_record(session: Session, customer_id: str) -> dict[str, Any]:
    """Everything stored about one customer, for the customer's own request (owner only):
    personal data, attributes, consent, every purchase line, and audit entries."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise CustomerUnknown(f"There is no customer {customer_id}.")
    pii = session.get(CustomerPII, customer_id)
    sales = session.execute(
        select(SaleLine.ts, SaleLine.order_id, SaleLine.sku, SaleLine.quantity,
               SaleLine.unit_price, SaleLine.channel)
        .where(SaleLine.customer_id == customer_id)
        .order_by(SaleLine.ts)
    ).all()  # fmt: skip
    audits = session.scalars(
        select(AuditEntry).where(AuditEntry.subject == f"customer:{customer_id}")
    ).all()
    return {
        "customer": customer_id,
        "personal data": {
            "name": pii.name if pii else None,
            "email": pii.email if pii else None,
            "phone": pii.phone if pii else None,
            "customer number": pii.external_ref if pii else None,
        },
        "first seen": customer.first_seen.isoformat() if customer.first_seen else None,
        "marketing consent": customer.marketing_consent,
        "consent changed": customer.consent_updated_at.isoformat()
        if customer.consent_updated_at
        else None,
        "area": customer.area,
        "age band": customer.age_band,
        "gender": customer.gender,
        "purchases": [
            {
                "time": ts.isoformat(),
                "receipt": order,
                "sku": sku,
                "quantity": q,
                "unit price": price,
                "channel": channel,
            }
            for ts, order, sku, q, price, channel in sales
        ],
        "history": [
            {"time": a.at.isoformat(), "by": a.actor, "what": a.action, "details": a.details}
            for a in audits
        ],
    }

"""Approving a `campaign` proposal: consent is checked again, the campaign and its list
(contacted and holdout) are recorded so its result can be measured, and the contact list
with the message is written for the owner to send (nothing is sent by shopkeeper)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from shopkeeper.core.formula_guard import safe_row
from shopkeeper.core.store.crm_models import Campaign, CampaignTarget
from shopkeeper.core.store.models import Customer, CustomerPII, Proposal


def consented(session: Session, ids: list[str]) -> set[str]:
    """The customers among `ids` who agree to marketing now."""
    rows = session.execute(
        select(Customer.id).where(Customer.id.in_(ids), Customer.marketing_consent.is_(True))
    )
    return {cid for (cid,) in rows}


def approve_campaign(session: Session, p: Proposal, now: datetime) -> None:
    """Record an approved campaign; customers who withdrew consent since the proposal was made
    are removed from its payload (and counted in `consent_withdrawn`)."""
    payload = dict(p.payload)
    send = list(payload.get("customers", []))
    ok = consented(session, send)
    payload["customers"] = [c for c in send if c in ok]
    payload["consent_withdrawn"] = len(send) - len(payload["customers"])
    camp = Campaign(
        name=f"{payload['segment']} offer #{p.id} ({now:%Y-%m-%d})",
        channel=payload["channel"],
        start=date.fromisoformat(payload["start"]),
        end=date.fromisoformat(payload["end"]),
        cost=float(payload.get("cost", 0.0)),
        offer=payload.get("offer"),
        discount_code=payload.get("discount_code"),
        proposal_id=p.id,
    )
    session.add(camp)
    session.flush()
    rows = [
        {"campaign_id": camp.id, "customer_id": c, "holdout": False} for c in payload["customers"]
    ]
    rows += [
        {"campaign_id": camp.id, "customer_id": c, "holdout": True} for c in payload["holdout"]
    ]
    if rows:
        session.execute(insert(CampaignTarget), rows)
    p.payload = payload


def contact_list(session: Session, payload: dict[str, Any]) -> str:
    """CSV text: one line per contacted customer with contact details and the message."""
    ids = list(payload.get("customers", []))
    ok = consented(session, ids)
    pii = {
        r.customer_id: r
        for r in session.scalars(select(CustomerPII).where(CustomerPII.customer_id.in_(ids)))
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["customer", "name", "email", "phone", "message"])
    for cid in ids:
        if cid not in ok:  # consent withdrawn after approval: never exported
            continue
        person = pii.get(cid)
        name = (person.name if person and person.name else "") or ""
        first = name.split()[0] if name else "there"
        message = str(payload["message"]).replace("{first_name}", first)
        row = [cid, name, person.email if person else "", person.phone if person else "", message]
        writer.writerow(safe_row(row))  # a name like "=HYPERLINK(...)" stays text
    return out.getvalue()

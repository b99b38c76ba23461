"""Writing customers: personal data only into customer_pii, everything else under a random
pseudonym ("C-" + 8 hex characters) found again through the shop's own customer ref."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, insert, select, update

from shopkeeper.core.importing.writing import T, Written, cell, chunked, day

_PII_FIELDS = ("name", "email", "phone")
_ATTRIBUTES = ("area", "age_band", "gender")


def new_pseudonyms(conn: Connection, count: int) -> list[str]:
    """`count` fresh customer ids, random (not derived from anything personal) and unused."""
    taken = set(conn.execute(select(T["customers"].c.id)).scalars())
    out: list[str] = []
    while len(out) < count:
        pid = "C-" + secrets.token_hex(4)
        if pid not in taken:
            taken.add(pid)
            out.append(pid)
    return out


def known_refs(conn: Connection) -> dict[str, str]:
    """The shop's customer ref -> pseudonym, for every customer with a ref."""
    pii = T["customer_pii"]
    rows = conn.execute(
        select(pii.c.external_ref, pii.c.customer_id).where(pii.c.external_ref.is_not(None))
    )
    return {ref: cid for ref, cid in rows}


def ensure_customers(conn: Connection, first_seen: dict[str, date]) -> tuple[dict[str, str], int]:
    """Pseudonyms for the refs in `first_seen`, creating customers for unknown refs.

    Args:
        first_seen: customer ref -> date of their first sale in the file.

    Returns:
        (ref -> pseudonym, number of customers created)
    """
    ids = known_refs(conn)
    new = [ref for ref in first_seen if ref not in ids]
    for ref, pid in zip(new, new_pseudonyms(conn, len(new)), strict=True):
        ids[ref] = pid
    customers, pii = T["customers"], T["customer_pii"]
    for part in chunked(new, 20_000):
        conn.execute(
            insert(customers),
            [{"id": ids[r], "first_seen": first_seen[r], "marketing_consent": False} for r in part],
        )
        conn.execute(insert(pii), [{"customer_id": ids[r], "external_ref": r} for r in part])
    fresh = set(new)
    _move_first_seen_back(conn, {ids[r]: d for r, d in first_seen.items() if r not in fresh})
    return {r: ids[r] for r in first_seen}, len(new)


def _move_first_seen_back(conn: Connection, seen: dict[str, date]) -> None:
    customers = T["customers"]
    earlier: list[dict[str, Any]] = []
    for part in chunked(list(seen), 500):
        rows = conn.execute(
            select(customers.c.id, customers.c.first_seen).where(customers.c.id.in_(part))
        )
        earlier += [
            {"cid": cid, "first_seen": seen[cid]}
            for cid, old in rows
            if old is None or seen[cid] < old
        ]
    if earlier:
        # executemany UPDATE: SET takes the parameters named like columns (first_seen).
        conn.execute(update(customers).where(customers.c.id == bindparam("cid")), earlier)


def write_customers(conn: Connection, good: pd.DataFrame, now: datetime) -> Written:
    """Add or update customers; counts rows added / updated / unchanged."""
    customers, pii = T["customers"], T["customer_pii"]
    ids = known_refs(conn)
    old_pii = {r.customer_id: r._asdict() for r in conn.execute(select(pii))}
    old_cust = {r.id: r._asdict() for r in conn.execute(select(customers))}
    new_rows = good[~good["customer_ref"].isin(ids.keys())]
    for ref, pid in zip(new_rows["customer_ref"], new_pseudonyms(conn, len(new_rows)), strict=True):
        ids[ref] = pid
    out = Written()
    for row in good.itertuples(index=False):
        pid = ids[row.customer_ref]
        consent, seen = cell(row.marketing_consent), day(row.first_seen)
        person = {f: cell(getattr(row, f)) for f in _PII_FIELDS}
        attrs = {f: cell(getattr(row, f)) for f in _ATTRIBUTES}
        if pid not in old_cust:
            conn.execute(
                insert(customers).values(
                    id=pid,
                    first_seen=seen,
                    marketing_consent=bool(consent),
                    consent_updated_at=now if consent is not None else None,
                    **attrs,
                )
            )
            conn.execute(
                insert(pii).values(customer_id=pid, external_ref=row.customer_ref, **person)
            )
            out.added += 1
            continue
        person_changes = {
            f: v for f, v in person.items() if v is not None and v != old_pii.get(pid, {}).get(f)
        }
        cust_changes: dict[str, Any] = {}
        if consent is not None and bool(consent) != old_cust[pid]["marketing_consent"]:
            cust_changes |= {"marketing_consent": bool(consent), "consent_updated_at": now}
        if seen is not None and seen != old_cust[pid]["first_seen"]:
            cust_changes["first_seen"] = seen
        cust_changes |= {
            f: v for f, v in attrs.items() if v is not None and v != old_cust[pid].get(f)
        }
        if person_changes and pid not in old_pii:
            conn.execute(
                insert(pii).values(customer_id=pid, external_ref=row.customer_ref, **person)
            )
        elif person_changes:
            conn.execute(update(pii).where(pii.c.customer_id == pid).values(**person_changes))
        if cust_changes:
            conn.execute(update(customers).where(customers.c.id == pid).values(**cust_changes))
        if person_changes or cust_changes:
            out.updated += 1
        else:
            out.unchanged += 1
    return out

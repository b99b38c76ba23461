"""Writing supplier offers: one offer per (supplier, product); a later file updates it.

A supplier named only in an offers file is created with default terms, like one first named
in a deliveries file.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from shopkeeper.core.importing.writing import T, Written, cell, resolve_suppliers

FIELDS = ("unit_cost", "pack_size", "moq", "lead_time_days")
DEFAULTS: dict[str, Any] = {"pack_size": 1, "moq": 1, "lead_time_days": None}


def write_supplier_offers(conn: Connection, good: pd.DataFrame) -> Written:
    """Add new offers, update changed ones, count the rest."""
    table = T["supplier_offers"]
    ids, created = resolve_suppliers(conn, good["supplier"].astype(str).unique().tolist())
    existing = {(r.supplier_id, r.sku): r._asdict() for r in conn.execute(select(table))}
    out = Written()
    for r in good.to_dict("records"):
        key = (ids[str(r["supplier"]).strip().casefold()], str(r["sku"]))
        values = {f: _value(f, r.get(f)) for f in FIELDS}
        old = existing.get(key)
        if old is None:
            conn.execute(insert(table).values(supplier_id=key[0], sku=key[1], **values))
            out.added += 1
            continue
        diff = {f: v for f, v in values.items() if v is not None and v != old[f]}
        if diff:
            conn.execute(update(table).where(table.c.id == old["id"]).values(**diff))
            out.updated += 1
        else:
            out.unchanged += 1
    out.created = {"suppliers": created}
    return out


def _value(name: str, raw: Any) -> Any:
    value = cell(raw)
    if value is None:
        return DEFAULTS.get(name)
    return int(float(value)) if name in {"pack_size", "moq"} else float(value)

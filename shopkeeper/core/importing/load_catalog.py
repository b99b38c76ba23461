"""Writing products, suppliers and stock counts: add what is new, update what changed,
leave the rest (a blank cell never erases what the database knows)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, bindparam, insert, select, update

from shopkeeper.core.importing.writing import IN_CHUNK, T, Written, cell, chunked, resolve_suppliers

PRODUCT_DEFAULTS: dict[str, Any] = {
    "category": "uncategorised",
    "unit_cost": 0.0,
    "price": 0.0,
    "pack_size": 1,
    "moq": 1,
    "shelf_life_days": None,
    "supplier_id": None,
    "active": True,
}
SUPPLIER_DEFAULTS: dict[str, Any] = {
    "lead_time_days": 7.0,
    "min_order_value": 0.0,
    "review_period_days": None,
    "contact": None,
}


def _given(values: dict[str, Any]) -> dict[str, Any]:
    return {k: cell(v) for k, v in values.items() if cell(v) is not None}


def _upsert(
    conn: Connection,
    table: Table,
    key: str,
    rows: list[tuple[Any, dict[str, Any]]],
    existing: dict[Any, dict[str, Any]],
    defaults: dict[str, Any],
) -> Written:
    """Insert rows whose key is new, update rows whose given values differ, count the rest."""
    out = Written()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    fields = list(defaults)
    for k, given in rows:
        old = existing.get(k)
        if old is None:
            inserts.append({**defaults, **given})
            out.added += 1
            continue
        merged = {f: given.get(f, old[f]) for f in fields}
        if any(merged[f] != old[f] for f in fields):
            updates.append({"_key": old[key], **merged})
            out.updated += 1
        else:
            out.unchanged += 1
    if inserts:
        conn.execute(insert(table), inserts)
    if updates:
        # executemany UPDATE: SET takes the parameters named like columns.
        conn.execute(update(table).where(table.c[key] == bindparam("_key")), updates)
    return out


def write_products(conn: Connection, good: pd.DataFrame, present: set[str]) -> Written:
    """Upsert products by SKU; unknown supplier names become suppliers with default terms."""
    table = T["products"]
    supplier_ids: dict[str, int] = {}
    created = 0
    if "supplier" in present:
        supplier_ids, created = resolve_suppliers(conn, good["supplier"].dropna().unique().tolist())
    existing = {r.sku: r._asdict() for r in conn.execute(select(table))}
    rows = []
    for r in good.itertuples(index=False):
        given = _given(
            {
                "name": r.name,
                "category": r.category,
                "unit_cost": r.unit_cost,
                "price": r.price,
                "pack_size": None if pd.isna(r.pack_size) else int(r.pack_size),
                "moq": None if pd.isna(r.moq) else int(r.moq),
                "shelf_life_days": None if pd.isna(r.shelf_life_days) else int(r.shelf_life_days),
                "supplier_id": supplier_ids.get(r.supplier.strip().casefold())
                if isinstance(r.supplier, str)
                else None,
                "active": r.active,
            }
        )
        rows.append((r.sku, {"sku": r.sku, **given}))
    defaults = {"sku": None, "name": None, **PRODUCT_DEFAULTS}
    out = _upsert(conn, table, "sku", rows, existing, defaults)
    out.created["suppliers"] = created
    return out


def write_suppliers(conn: Connection, good: pd.DataFrame) -> Written:
    """Upsert suppliers by name (ignoring case)."""
    table = T["suppliers"]
    existing = {r.name.casefold(): r._asdict() for r in conn.execute(select(table))}
    rows = []
    for r in good.itertuples(index=False):
        given = _given(
            {
                "lead_time_days": r.lead_time_days,
                "min_order_value": r.min_order_value,
                "review_period_days": None
                if pd.isna(r.review_period_days)
                else int(r.review_period_days),
                "contact": r.contact,
            }
        )
        old = existing.get(r.name.casefold())
        rows.append((r.name.casefold(), {"name": old["name"] if old else r.name, **given}))
    # Updates go by id, and a known supplier keeps the spelling of its name.
    defaults = {"name": None, **SUPPLIER_DEFAULTS}
    return _upsert(conn, table, "id", rows, existing, defaults)


def write_stock(conn: Connection, good: pd.DataFrame, now: datetime) -> Written:
    """Upsert stock counts by (SKU, count time); a count without a date is counted now."""
    table = T["stock_levels"]
    counted = [now if pd.isna(t) else t.to_pydatetime() for t in good["counted_at"].tolist()]
    existing: dict[Any, dict[str, Any]] = {}
    for part in chunked(sorted(set(counted)), IN_CHUNK):
        for r in conn.execute(select(table).where(table.c.counted_at.in_(part))):
            existing[(r.sku, r.counted_at)] = r._asdict()
    rows = [
        ((sku, at), {"sku": sku, "counted_at": at, "on_hand": float(q)})
        for sku, at, q in zip(good["sku"], counted, good["on_hand"], strict=True)
    ]
    defaults = {"sku": None, "counted_at": None, "on_hand": None}
    return _upsert(conn, table, "id", rows, existing, defaults)

"""Writing purchase orders, their lines and deliveries from a deliveries file.

A purchase order is found by its reference, a line by (order, SKU), a delivery by
(line, received date); each row of the file counts as added when it created a record,
updated when it changed one, unchanged otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from shopkeeper.core.importing.writing import (
    IN_CHUNK,
    T,
    Written,
    cell,
    chunked,
    day,
    new_id,
    resolve_suppliers,
)


def write_deliveries(conn: Connection, good: pd.DataFrame) -> Written:
    """Create or update purchase orders, order lines and deliveries; refresh order status."""
    added = np.zeros(len(good), dtype=bool)
    changed = np.zeros(len(good), dtype=bool)
    suppliers, suppliers_created = resolve_suppliers(conn, good["supplier"].unique().tolist())
    orders, orders_created = _write_orders(conn, good, suppliers, added, changed)
    order_ids = [o["id"] for o in orders.values()]
    known_lines = _write_lines(conn, good, orders, order_ids, added, changed)
    _write_receipts(conn, good, orders, known_lines, added, changed)
    _refresh_status(conn, order_ids)
    out = Written(
        added=int(added.sum()),
        updated=int((changed & ~added).sum()),
        unchanged=int((~changed & ~added).sum()),
    )
    out.created = {"suppliers": suppliers_created, "purchase orders": orders_created}
    return out


def _write_orders(
    conn: Connection,
    good: pd.DataFrame,
    suppliers: dict[str, int],
    added: np.ndarray,
    changed: np.ndarray,
) -> tuple[dict[str, dict[str, Any]], int]:
    """Create or update one purchase order per reference, marking its rows added or changed.

    Returns:
        Every order of the file by reference (at least its id and status), and how many
        were created.
    """
    po = T["purchase_orders"]
    orders: dict[str, dict[str, Any]] = {}
    for part in chunked(good["reference"].unique().tolist(), IN_CHUNK):
        orders |= {
            r.reference: r._asdict()
            for r in conn.execute(select(po).where(po.c.reference.in_(part)))
        }
    by_ref = good.groupby("reference", sort=False).indices
    orders_created = 0
    for r in good.drop_duplicates("reference").itertuples(index=False):
        values = {
            "supplier_id": suppliers[r.supplier.strip().casefold()],
            "ordered_at": day(r.ordered_at),
            "expected_at": day(r.expected_at),
        }
        old = orders.get(r.reference)
        if old is None:
            result = conn.execute(insert(po).values(reference=r.reference, status="open", **values))
            orders[r.reference] = {"id": new_id(result), "status": "open"}
            orders_created += 1
            added[by_ref[r.reference]] = True
            continue
        diff = {k: v for k, v in values.items() if v is not None and v != old[k]}
        if diff:
            conn.execute(update(po).where(po.c.id == old["id"]).values(**diff))
            changed[by_ref[r.reference]] = True
    return orders, orders_created


def _write_lines(
    conn: Connection,
    good: pd.DataFrame,
    orders: dict[str, dict[str, Any]],
    order_ids: list[int],
    added: np.ndarray,
    changed: np.ndarray,
) -> dict[tuple[int, str], dict[str, Any]]:
    """Create or update one order line per (reference, SKU), marking its rows added or changed.

    Returns:
        The lines of those orders by (order id, SKU), each with at least its id.
    """
    lines = T["purchase_order_lines"]
    known_lines: dict[tuple[int, str], dict[str, Any]] = {}
    for part in chunked(order_ids, IN_CHUNK):
        for row in conn.execute(select(lines).where(lines.c.order_id.in_(part))):
            known_lines[(row.order_id, row.sku)] = row._asdict()
    by_line = good.groupby(["reference", "sku"], sort=False).indices
    for r in good.drop_duplicates(["reference", "sku"]).itertuples(index=False):
        key = (orders[r.reference]["id"], r.sku)
        rows = by_line[(r.reference, r.sku)]
        quantity, cost = float(r.quantity_ordered), cell(r.unit_cost)
        old = known_lines.get(key)
        if old is None:
            result = conn.execute(
                insert(lines).values(order_id=key[0], sku=r.sku, quantity=quantity, unit_cost=cost)
            )
            known_lines[key] = {"id": new_id(result)}
            added[rows] = True
            continue
        line_diff: dict[str, Any] = {"quantity": quantity} if quantity != old["quantity"] else {}
        if cost is not None and cost != old["unit_cost"]:
            line_diff["unit_cost"] = cost
        if line_diff:
            conn.execute(update(lines).where(lines.c.id == old["id"]).values(**line_diff))
            changed[rows] = True
    return known_lines


def _write_receipts(
    conn: Connection,
    good: pd.DataFrame,
    orders: dict[str, dict[str, Any]],
    known_lines: dict[tuple[int, str], dict[str, Any]],
    added: np.ndarray,
    changed: np.ndarray,
) -> None:
    deliveries = T["deliveries"]
    received = np.flatnonzero(good["received_at"].notna().to_numpy())
    line_ids = {
        known_lines[(orders[ref]["id"], sku)]["id"]
        for ref, sku in zip(good["reference"], good["sku"], strict=True)
    }
    known: dict[tuple[int, Any], dict[str, Any]] = {}
    for part in chunked(sorted(line_ids), IN_CHUNK):
        for row in conn.execute(select(deliveries).where(deliveries.c.line_id.in_(part))):
            known[(row.line_id, row.received_at)] = row._asdict()
    for i in received:
        r = good.iloc[i]
        line_id = known_lines[(orders[r["reference"]]["id"], r["sku"])]["id"]
        # A received date without a quantity means the order line arrived in full.
        got = cell(r["quantity_received"])
        values = {
            "quantity_received": float(r["quantity_ordered"] if got is None else got),
            "quantity_rejected": float(cell(r["quantity_rejected"]) or 0.0),
        }
        key = (line_id, day(r["received_at"]))
        old = known.get(key)
        if old is None:
            conn.execute(insert(deliveries).values(line_id=line_id, received_at=key[1], **values))
            added[i] = True
        elif any(values[k] != old[k] for k in values):
            conn.execute(update(deliveries).where(deliveries.c.id == old["id"]).values(**values))
            changed[i] = True


def _refresh_status(conn: Connection, order_ids: list[int]) -> None:
    """An order whose every line has arrived in full is 'received'; otherwise 'open'."""
    po, lines, deliveries = T["purchase_orders"], T["purchase_order_lines"], T["deliveries"]
    got = (
        select(deliveries.c.line_id, func.sum(deliveries.c.quantity_received).label("got"))
        .group_by(deliveries.c.line_id)
        .subquery()
    )
    for part in chunked(order_ids, IN_CHUNK):
        stmt = (
            select(po.c.id, po.c.status, lines.c.quantity, func.coalesce(got.c.got, 0.0))
            .join(lines, lines.c.order_id == po.c.id)
            .outerjoin(got, got.c.line_id == lines.c.id)
            .where(po.c.id.in_(part))
        )
        state: dict[int, tuple[str, bool]] = {}
        for oid, status, quantity, arrived in conn.execute(stmt):
            full = state.get(oid, (status, True))[1] and arrived >= quantity
            state[oid] = (status, full)
        for oid, (status, full) in state.items():
            new = "received" if full else "open"
            if status != "cancelled" and status != new:
                conn.execute(update(po).where(po.c.id == oid).values(status=new))

"""Read the store into the DataFrames the analytics expect (long format, documented columns).

This is the one place where rows become frames, so every tool sees the same data.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopkeeper.core.store.models import (
    Delivery,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SaleLine,
    StockLevel,
    Supplier,
    SupplierOffer,
)


def sales_fingerprint(session: Session) -> str:
    """A cheap digest that changes whenever sales lines are added (max id) or removed (count)."""
    count, last = session.execute(select(func.count(SaleLine.id), func.max(SaleLine.id))).one()
    return fingerprint_of(int(count), last)


def fingerprint_of(count: int, last_id: int | None) -> str:
    """The digest `sales_fingerprint` gives for `count` lines whose highest id is `last_id`."""
    return hashlib.sha1(repr((count, last_id)).encode()).hexdigest()


def daily_sales(
    session: Session,
    skus: list[str] | None = None,
    before: date | None = None,
) -> pd.DataFrame:
    """Units sold per SKU and day: columns unique_id, ds (datetime64), y. Sparse (no zero rows)."""
    day = func.date(SaleLine.ts)
    stmt = select(SaleLine.sku, day.label("ds"), func.sum(SaleLine.quantity).label("y")).group_by(
        SaleLine.sku, day
    )
    if skus is not None:
        stmt = stmt.where(SaleLine.sku.in_(skus))
    if before is not None:
        stmt = stmt.where(SaleLine.ts < datetime.combine(before, time.min))
    rows = session.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["unique_id", "ds", "y"])
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame["ds"] = pd.to_datetime(frame["ds"])
    frame["y"] = frame["y"].astype(float)
    return frame.sort_values(["unique_id", "ds"], ignore_index=True)


def products(session: Session, active_only: bool = False) -> pd.DataFrame:
    """The catalogue with supplier names: sku, name, category, supplier_id, supplier_name,
    unit_cost, price, pack_size, moq, shelf_life_days, active."""
    stmt = select(
        Product.sku,
        Product.name,
        Product.category,
        Product.supplier_id,
        Supplier.name.label("supplier_name"),
        Product.unit_cost,
        Product.price,
        Product.pack_size,
        Product.moq,
        Product.shelf_life_days,
        Product.active,
    ).outerjoin(Supplier, Product.supplier_id == Supplier.id)
    if active_only:
        stmt = stmt.where(Product.active.is_(True))
    return pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))


def suppliers(session: Session) -> pd.DataFrame:
    """supplier_id, name, lead_time_days (stated), min_order_value, review_period_days."""
    stmt = select(
        Supplier.id.label("supplier_id"),
        Supplier.name,
        Supplier.lead_time_days,
        Supplier.min_order_value,
        Supplier.review_period_days,
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))


def deliveries(session: Session) -> pd.DataFrame:
    """One row per delivery with its order: supplier_id, order_ref, sku, ordered_at,
    expected_at, received_at, quantity_ordered, quantity_received, quantity_rejected,
    unit_cost (of the order line; may be missing)."""
    stmt = (
        select(
            PurchaseOrder.supplier_id,
            PurchaseOrder.reference.label("order_ref"),
            PurchaseOrderLine.sku,
            PurchaseOrder.ordered_at,
            PurchaseOrder.expected_at,
            Delivery.received_at,
            PurchaseOrderLine.quantity.label("quantity_ordered"),
            Delivery.quantity_received,
            Delivery.quantity_rejected,
            PurchaseOrderLine.unit_cost,
        )
        .join(PurchaseOrderLine, Delivery.line_id == PurchaseOrderLine.id)
        .join(PurchaseOrder, PurchaseOrderLine.order_id == PurchaseOrder.id)
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))
    for col in ("ordered_at", "expected_at", "received_at"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def stock(session: Session) -> pd.DataFrame:
    """Latest count per SKU: sku, on_hand, counted_at."""
    latest = (
        select(StockLevel.sku, func.max(StockLevel.counted_at).label("at"))
        .group_by(StockLevel.sku)
        .subquery()
    )
    stmt = select(StockLevel.sku, StockLevel.on_hand, StockLevel.counted_at).join(
        latest, (StockLevel.sku == latest.c.sku) & (StockLevel.counted_at == latest.c.at)
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=["sku", "on_hand", "counted_at"])


def on_order(session: Session) -> pd.DataFrame:
    """Open purchase-order quantities not yet received: sku, quantity, expected_at, order_ref,
    supplier_id, ordered_at, received (units of the line already received)."""
    received = (
        select(Delivery.line_id, func.sum(Delivery.quantity_received).label("got"))
        .group_by(Delivery.line_id)
        .subquery()
    )
    stmt = (
        select(
            PurchaseOrderLine.sku,
            (PurchaseOrderLine.quantity - func.coalesce(received.c.got, 0.0)).label("quantity"),
            PurchaseOrder.expected_at,
            PurchaseOrder.reference.label("order_ref"),
            PurchaseOrder.supplier_id,
            PurchaseOrder.ordered_at,
            func.coalesce(received.c.got, 0.0).label("received"),
        )
        .join(PurchaseOrder, PurchaseOrderLine.order_id == PurchaseOrder.id)
        .outerjoin(received, received.c.line_id == PurchaseOrderLine.id)
        .where(PurchaseOrder.status == "open")
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))
    frame = frame[frame["quantity"] > 0].reset_index(drop=True)
    frame["expected_at"] = pd.to_datetime(frame["expected_at"])
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"])
    return frame


def zero_counts(session: Session, skus: list[str] | None = None) -> pd.DataFrame:
    """Days a stock count found nothing on the shelf: unique_id, ds (known stock-out days)."""
    stmt = select(StockLevel.sku, StockLevel.counted_at).where(StockLevel.on_hand <= 0)
    if skus is not None:
        stmt = stmt.where(StockLevel.sku.in_(skus))
    frame = pd.DataFrame(session.execute(stmt).all(), columns=["unique_id", "ds"])
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame["ds"] = pd.to_datetime(frame["ds"]).dt.normalize()
    return frame


def supplier_offers(session: Session) -> pd.DataFrame:
    """Other suppliers' terms: sku, supplier_id, supplier_name, unit_cost, pack_size, moq,
    lead_time_days (stated; may be missing)."""
    stmt = select(
        SupplierOffer.sku,
        SupplierOffer.supplier_id,
        Supplier.name.label("supplier_name"),
        SupplierOffer.unit_cost,
        SupplierOffer.pack_size,
        SupplierOffer.moq,
        SupplierOffer.lead_time_days,
    ).join(Supplier, SupplierOffer.supplier_id == Supplier.id)
    return pd.DataFrame(session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))

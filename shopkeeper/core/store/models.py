"""SQLAlchemy 2 models: the shop's data, proposals and the audit log.

Customer PII lives only in `customer_pii`; everything else refers to customers
by their pseudonym (`customers.id`, e.g. ``C-3f9a1c2b``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of all shopkeeper tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    lead_time_days: Mapped[float] = mapped_column(Float, default=7.0)
    min_order_value: Mapped[float] = mapped_column(Float, default=0.0)
    # Days between orders to this supplier (bakery twice a week: 3); empty = the shop's default.
    review_period_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contact: Mapped[str | None] = mapped_column(String(300), nullable=True)

    products: Mapped[list[Product]] = relationship(back_populates="supplier")


class Product(Base):
    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(120), default="uncategorised")
    unit_cost: Mapped[float] = mapped_column(Float, default=0.0)
    price: Mapped[float] = mapped_column(Float, default=0.0)
    pack_size: Mapped[int] = mapped_column(Integer, default=1)
    moq: Mapped[int] = mapped_column(Integer, default=1)
    # Days a unit stays sellable (fresh goods); orders never exceed what sells in that time.
    shelf_life_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    supplier: Mapped[Supplier | None] = relationship(back_populates="products")


class SaleLine(Base):
    __tablename__ = "sales"
    __table_args__ = (Index("ix_sales_sku_ts", "sku", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Idempotency: a stable hash of the line's content (+ its repeat number in the file).
    line_key: Mapped[str] = mapped_column(String(40), unique=True)
    ts: Mapped[datetime] = mapped_column(DateTime, index=True)
    order_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    quantity: Mapped[float] = mapped_column(Float)
    unit_price: Mapped[float] = mapped_column(Float)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(40), default="store")
    promo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The voucher/discount code given at the till, when the export has one (campaigns).
    discount_code: Mapped[str | None] = mapped_column(String(40), nullable=True)


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # pseudonym
    first_seen: Mapped[date | None] = mapped_column(Date, nullable=True)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Coarse attributes for the fairness audit only (never used to target anyone): the first
    # three characters of the postcode, an age band, gender as the shop recorded it.
    area: Mapped[str | None] = mapped_column(String(20), nullable=True)
    age_band: Mapped[str | None] = mapped_column(String(10), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(20), nullable=True)

    pii: Mapped[CustomerPII | None] = relationship(back_populates="customer")


class CustomerPII(Base):
    """Personal data. Never sent to a model, a log or an index."""

    __tablename__ = "customer_pii"

    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    external_ref: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(60), nullable=True)

    customer: Mapped[Customer] = relationship(back_populates="pii")


class StockLevel(Base):
    """A stock count: on hand of one SKU at one moment. The latest count is current."""

    __tablename__ = "stock_levels"
    __table_args__ = (UniqueConstraint("sku", "counted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"), index=True)
    on_hand: Mapped[float] = mapped_column(Float)
    counted_at: Mapped[datetime] = mapped_column(DateTime)


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    ordered_at: Mapped[date] = mapped_column(Date)
    expected_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | received | cancelled
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), nullable=True)

    lines: Mapped[list[PurchaseOrderLine]] = relationship(back_populates="order")


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"
    __table_args__ = (UniqueConstraint("order_id", "sku"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"))
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    quantity: Mapped[float] = mapped_column(Float)
    unit_cost: Mapped[float | None] = mapped_column(Float, nullable=True)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")
    deliveries: Mapped[list[Delivery]] = relationship(back_populates="line")


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("line_id", "received_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"))
    received_at: Mapped[date] = mapped_column(Date)
    quantity_received: Mapped[float] = mapped_column(Float)
    quantity_rejected: Mapped[float] = mapped_column(Float, default=0.0)

    line: Mapped[PurchaseOrderLine] = relationship(back_populates="deliveries")


class Proposal(Base):
    """A suggested action with an effect; it waits for a person's decision."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_subject_status", "subject", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # purchase_order | price_change | campaign
    subject: Mapped[str] = mapped_column(String(120))  # e.g. "supplier:3" — one pending per subject
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    superseded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(120))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ImportBatch(Base):
    """One import run of one file (kept for the report and for 'what changed')."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_added: Mapped[int] = mapped_column(Integer)
    rows_skipped: Mapped[int] = mapped_column(Integer)


class ForecastRun(Base):
    """A stored forecast of the whole catalogue; reused until the sales change."""

    __tablename__ = "forecast_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    as_of: Mapped[date] = mapped_column(Date)
    sales_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    horizon: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class ForecastValue(Base):
    """One forecast day of one SKU in a run (units; intervals at 80 % and 95 %)."""

    __tablename__ = "forecast_values"

    run_id: Mapped[int] = mapped_column(ForeignKey("forecast_runs.id"), primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    ds: Mapped[date] = mapped_column(Date, primary_key=True)
    mean: Mapped[float] = mapped_column(Float)
    lo_80: Mapped[float] = mapped_column(Float)
    hi_80: Mapped[float] = mapped_column(Float)
    lo_95: Mapped[float] = mapped_column(Float)
    hi_95: Mapped[float] = mapped_column(Float)


class ForecastFact(Base):
    """Why a SKU's forecast is what it is: demand class, model chosen, backtest errors."""

    __tablename__ = "forecast_facts"

    run_id: Mapped[int] = mapped_column(ForeignKey("forecast_runs.id"), primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)


class CompetitorPrice(Base):
    """A competitor's shelf price for one of our products on a date."""

    __tablename__ = "competitor_prices"
    __table_args__ = (UniqueConstraint("sku", "competitor", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"), index=True)
    competitor: Mapped[str] = mapped_column(String(120))
    price: Mapped[float] = mapped_column(Float)


class SupplierOffer(Base):
    """Another supplier a product can be bought from, on its stated terms."""

    __tablename__ = "supplier_offers"
    __table_args__ = (UniqueConstraint("supplier_id", "sku"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"), index=True)
    unit_cost: Mapped[float] = mapped_column(Float)
    pack_size: Mapped[int] = mapped_column(Integer, default=1)
    moq: Mapped[int] = mapped_column(Integer, default=1)
    lead_time_days: Mapped[float | None] = mapped_column(Float, nullable=True)  # stated

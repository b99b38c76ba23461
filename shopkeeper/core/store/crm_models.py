"""Customer-relationship tables: feedback, campaigns and whom they targeted.

Registered on the same `Base` as the other models (imported by the store package), so the
import, the demo and the migrations see them like every other table.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shopkeeper.core.store.models import Base


class Feedback(Base):
    """One customer message: text with names and contacts pseudonymised before storage,
    its sentiment, e5 vector (themes) and the products it mentions."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)  # re-imports add nothing
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(40), default="other")
    rating: Mapped[float | None] = mapped_column(Float, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    sentiment: Mapped[str] = mapped_column(String(10))  # negative | neutral | positive
    score: Mapped[float] = mapped_column(Float)  # -1..1
    skus: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"skus": [...]}
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # float32
    source: Mapped[str] = mapped_column(String(20), default="import")  # import | telegram


class Campaign(Base):
    """A marketing campaign the shop ran (imported) or approved (from a proposal)."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(20))  # email | sms | telegram | social | in-store
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    offer: Mapped[str | None] = mapped_column(String(200), nullable=True)
    discount_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), nullable=True)


class CampaignTarget(Base):
    """A customer a campaign was aimed at; `holdout` ones were deliberately not contacted."""

    __tablename__ = "campaign_targets"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    holdout: Mapped[bool] = mapped_column(Boolean, default=False)

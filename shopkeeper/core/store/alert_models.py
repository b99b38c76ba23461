"""The alerts sent to the owner and managers, and their answers (registered on the same `Base`
as the other models, imported by the store package)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopkeeper.core.store.models import Base


class AlertSent(Base):
    """An alert sent to the owner and managers, and what they answered about it.

    The last alert per (kind, subject) is the memory that keeps an unchanged alert from being
    sent again; "not useful" answers lower that kind's rank; a snooze silences the subject.
    """

    __tablename__ = "alerts_sent"
    __table_args__ = (Index("ix_alerts_sent_kind_subject", "kind", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(64))  # digest of what makes the alert "the same"
    headline: Mapped[str] = mapped_column(Text)
    money: Mapped[float] = mapped_column(Float)
    sent_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    feedback: Mapped[str | None] = mapped_column(String(20), nullable=True)  # snoozed | not_useful
    feedback_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)

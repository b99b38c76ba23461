"""SQLAlchemy 2 models of the people and conversations around the shop's data: members and
invites, proposal cards sent, warnings sent and snoozed, token use, notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shopkeeper.core.store.models import Base


class Member(Base):
    """A person allowed to use the shop's assistant in a chat channel, with a role."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), default="telegram")
    external_id: Mapped[str] = mapped_column(String(64))  # e.g. the Telegram user id
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # owner | manager | staff
    joined_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Invite(Base):
    """A one-time setup/invite code (stored hashed) that makes its user a member."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ProposalMessage(Base):
    """Where a proposal was shown in a chat, so a reply to that message can decide it."""

    __tablename__ = "proposal_messages"

    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    message_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)


class WarningSent(Base):
    """The last stock-out warning sent per subject, so an unchanged warning is not repeated."""

    __tablename__ = "warnings_sent"

    subject: Mapped[str] = mapped_column(String(120), primary_key=True)  # e.g. "supplier:3"
    fingerprint: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(DateTime)


class Snooze(Base):
    """A product whose stock-out warnings are silenced until a date."""

    __tablename__ = "snoozes"

    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"), primary_key=True)
    until: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))


class TokenUsage(Base):
    """Language-model tokens used per turn (for the daily budget and the report)."""

    __tablename__ = "token_usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    thread: Mapped[str] = mapped_column(String(120))
    model: Mapped[str] = mapped_column(String(120))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)


class Note(Base):
    """Something the owner asked the assistant to remember (also indexed for search)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)

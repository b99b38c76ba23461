"""Language-model token use: one token_usage row per turn, and the shop's daily budget."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from shopkeeper.core.store.chat_models import TokenUsage
from shopkeeper.core.store.db import session_scope


def record_usage(
    sessions: sessionmaker[Session],
    at: datetime,
    thread: str,
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
) -> None:
    """Store the tokens one turn used (nothing when the model was never reached)."""
    if not prompt_tokens and not completion_tokens:
        return
    with session_scope(sessions) as s:
        s.add(
            TokenUsage(
                at=at,
                thread=thread[:120],
                model=model[:120],
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
        )


def used_today(sessions: sessionmaker[Session], now: datetime) -> int:
    """Tokens (prompt + completion) used since midnight, shop time."""
    start = datetime.combine(now.date(), time.min)
    with sessions() as s:
        total = s.scalar(
            select(
                func.coalesce(func.sum(TokenUsage.prompt_tokens + TokenUsage.completion_tokens), 0)
            ).where(TokenUsage.at >= start)
        )
    return int(total or 0)


def budget_left(sessions: sessionmaker[Session], now: datetime, budget: int) -> int:
    """Tokens the shop may still use today (0 when the budget is spent or set to 0)."""
    return max(0, budget - used_today(sessions, now)) if budget > 0 else 0

"""Updates from one chat are handled in the order they were sent; chats run in parallel.

Without this, "/start CODE" followed at once by a question could be handled the other way
round (the question refused), and two quick replies could decide in the wrong order. Button
presses queue apart from messages, so a tap is not held up behind a long answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatOrder(BaseUpdateProcessor):
    """At most `max_concurrent_updates` at once; one at a time per chat and kind."""

    __slots__ = ("_locks",)

    def __init__(self, max_concurrent_updates: int = 32) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            await coroutine
            return
        async with self._locks.setdefault(key, asyncio.Lock()):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        self._locks.clear()


def _key(update: object) -> tuple[int, str] | None:
    if not isinstance(update, Update) or update.effective_chat is None:
        return None
    kind = "button" if update.callback_query is not None else "message"
    return update.effective_chat.id, kind

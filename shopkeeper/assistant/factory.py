"""Which brain answers: the LLM agent when a model is configured, else the offline router.

Every channel (terminal, Telegram) gets its assistant here and uses only `Assistant`.
"""

from __future__ import annotations

from typing import Protocol

from shopkeeper.assistant.offline import Answer, OfflineAssistant
from shopkeeper.assistant.router import ChatState
from shopkeeper.deps import Deps


class Assistant(Protocol):
    """The interface every channel uses."""

    def ask(
        self,
        question: str,
        user: str = "owner",
        state: ChatState | None = None,
        thread: str | None = None,
    ) -> Answer: ...

    def reset(self, thread: str) -> None: ...


def make_assistant(deps: Deps) -> Assistant:
    """The assistant for this deployment (offline until a model is configured)."""
    return OfflineAssistant(deps)

"""Asking back: the two or three likely readings of a question, as numbered choices.

A choice carries the call it stands for, so answering "2" (terminal) or pressing the button
(Telegram) runs it without re-reading the question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shopkeeper.assistant.understanding.examples import Intent

if TYPE_CHECKING:
    from shopkeeper.assistant.router import Route


@dataclass(frozen=True)
class Choice:
    """One reading offered to the person: a label, and the call or question it stands for."""

    label: str
    route: Route | None = None
    question: str | None = None


def numbered(intro: str, choices: list[Choice], outro: str = "Reply with the number.") -> str:
    """The intro line, then "1. ...", "2. ...", then the outro."""
    lines = [intro] + [f"{i}. {c.label}" for i, c in enumerate(choices, 1)]
    return "\n".join([*lines, outro])


def reading_label(intent: Intent, about: str | None) -> str:
    """ "sales, revenue and margin for a period (Croissant)"."""
    offer = intent.offer[0].upper() + intent.offer[1:]
    return f"{offer} ({about})" if about else offer


def picked(text: str, choices: tuple[Choice, ...]) -> Choice | None:
    """The choice a reply names: its number, or its label (a pressed button sends it)."""
    t = text.strip().rstrip(".").lower()
    if t.isdigit() and 1 <= int(t) <= len(choices):
        return choices[int(t) - 1]
    return next((c for c in choices if c.label.lower() == t), None)

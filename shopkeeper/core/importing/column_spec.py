"""What a canonical import column is: its name, its label, and the headers that mean it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One canonical column.

    `names` are matched in order (the canonical name first); `weak` names are too generic to
    tell a file's kind by (e.g. "quantity" in a stock file) but are used once the kind is known.
    """

    name: str
    label: str
    names: tuple[str, ...]
    weak: tuple[str, ...] = ()
    required: bool = False


def column(name: str, label: str, names: str, weak: str = "", required: bool = False) -> Column:
    """A column from comma-separated header names (strong, then weak)."""
    return Column(name, label, _split(names), _split(weak), required)


def _split(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())

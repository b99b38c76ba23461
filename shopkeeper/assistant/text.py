"""Small text pieces every renderer of tool results shares (numbers, dates, lists, the tail)."""

from __future__ import annotations

from datetime import date

from tools.results import ToolResult


def qty(x: float) -> str:
    """Units without a pointless '.0' (12, 2.5)."""
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 else f"{x:,.1f}"


def money(x: float, currency: str) -> str:
    return f"{x:,.2f} {currency}"


def day(d: date | None) -> str:
    return f"{d:%a %d %b}" if d else "-"


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def tail(result: ToolResult) -> list[str]:
    """The result's reasons and notes, as the last lines of an answer."""
    lines = ["Why: " + " ".join(result.why)] if result.why else []
    return lines + [f"Note: {n}" for n in result.notes]

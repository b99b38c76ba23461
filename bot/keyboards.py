"""Inline buttons and their callback data.

Callback data is only ``verb:id`` (``line:id:index`` to pick a product of an order); what
the id refers to lives in the database, so a button pressed after a restart still works.
Telegram allows 64 bytes of callback data; these stay far below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

VERBS = ("approve", "reject", "qty", "line", "doc", "sure", "keep")
MAX_DATA_BYTES = 64
DATA_RX = re.compile(r"(approve|reject|qty|line|doc|sure|keep):([0-9]{1,12})(?::([0-9]{1,4}))?")


@dataclass(frozen=True)
class Press:
    """A parsed button press: verb, proposal id and (for `line`) the line's index."""

    verb: str
    proposal_id: int
    index: int | None = None


def data(verb: str, proposal_id: int, index: int | None = None) -> str:
    """Callback data for a button; raises ValueError if it would not be valid."""
    text = f"{verb}:{proposal_id}" + (f":{index}" if index is not None else "")
    if verb not in VERBS or len(text.encode()) > MAX_DATA_BYTES or not DATA_RX.fullmatch(text):
        raise ValueError(f"invalid callback data {text!r}")
    return text


def parse(raw: str | None) -> Press | None:
    """The press a callback's data stands for, or None for anything malformed or forged."""
    if not raw or len(raw.encode()) > MAX_DATA_BYTES:
        return None
    m = DATA_RX.fullmatch(raw)
    if m is None:
        return None
    verb, pid, index = m.group(1), int(m.group(2)), m.group(3)
    if (verb == "line") != (index is not None):
        return None
    return Press(verb, pid, int(index) if index is not None else None)


def decision_rows(proposal_id: int, amendable: bool = True) -> list[list[tuple[str, str]]]:
    """Button rows (label, data) under a pending proposal."""
    rows = [
        [("✅ Approve", data("approve", proposal_id)), ("❌ Reject", data("reject", proposal_id))]
    ]
    if amendable:
        rows.append([("✏️ Change quantity", data("qty", proposal_id))])
    return rows


def decided_rows(kind: str, status: str, proposal_id: int) -> list[list[tuple[str, str]]]:
    """Button rows under a decided proposal: an approved order can send its document again."""
    if kind == "purchase_order" and status == "approved":
        return [[("📄 Send the order again", data("doc", proposal_id))]]
    return []


def confirm_rows(proposal_id: int) -> list[list[tuple[str, str]]]:
    """The buttons under "Approve #N: ...? yes/no": yes approves, the other keeps it waiting."""
    return [[("✅ Yes, approve", data("sure", proposal_id)), ("✖️ No", data("keep", proposal_id))]]


def line_rows(proposal_id: int, lines: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    """One button per order line (at most 30, Telegram's practical keyboard size)."""
    return [
        [
            (
                f"{str(ln.get('name', ln['sku']))[:40]} ({ln['quantity']:g})",
                data("line", proposal_id, i),
            )
        ]
        for i, ln in enumerate(lines[:30])
    ]


def markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Button rows as Telegram's inline keyboard."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=d) for label, d in row] for row in rows]
    )

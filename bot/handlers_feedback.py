"""Passing on what a customer said: a message starting "feedback:" (or /feedback as a reply
to a forwarded message) from the owner or a manager is stored as customer feedback, with
names and contact details replaced by customer codes before it is stored."""

from __future__ import annotations

import asyncio
import re

from telegram import Update

from bot.auth import Context, deps_of, member_of
from shopkeeper.core.importing.load_feedback import record_message

PREFIX = re.compile(r"^\s*feedback\s*:\s*", re.IGNORECASE)
MAY_RECORD = ("owner", "manager")


def feedback_text(text: str | None, replied: str | None) -> str | None:
    """The customer's words: after "feedback:", or the message /feedback replies to."""
    if text and PREFIX.match(text):
        rest = PREFIX.sub("", text, count=1).strip()
        return rest or (replied.strip() if replied else None)
    if text and text.strip().lower().startswith("/feedback"):
        rest = text.strip()[len("/feedback") :].strip()
        return rest or (replied.strip() if replied else None)
    return None


async def on_feedback(update: Update, context: Context) -> None:
    """Store the feedback and say how it was read."""
    msg = update.effective_message
    assert msg is not None
    if member_of(context).role not in MAY_RECORD:
        await msg.reply_text("Only the owner or a manager can record customer feedback.")
        return
    replied = msg.reply_to_message.text if msg.reply_to_message else None
    words = feedback_text(msg.text, replied)
    if not words:
        await msg.reply_text('Write the customer\'s words after "feedback:".')
        return
    deps = deps_of(context)
    row = await asyncio.to_thread(record_message, deps.engine, words, deps.now(), "telegram")
    who = f" from {row['customer_id']}" if row["customer_id"] else ""
    products = row["skus"]["skus"]
    about = f", about {', '.join(products)}" if products else ""
    await msg.reply_text(
        f"Stored as {row['sentiment']} feedback{who}{about}. Names and contact details are "
        "kept as customer codes only."
    )

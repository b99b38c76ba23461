"""Order documents in Telegram: sent after an approval, again on "📄 Send the order again",
and to whoever presses an approved order's button when no chat has it yet (the bot may have
been stopped between the approval and the document).

The document comes from the stored decision (`shopkeeper.app.order_documents`), so every
copy is the same file; it is also kept in the data folder's `orders/`. That it reached a chat
is recorded in the audit log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot, InputFile
from telegram.error import TelegramError

from bot import state
from bot.render import esc
from shopkeeper.app import order_documents
from shopkeeper.app.order_documents import OrderDocument
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView

log = logging.getLogger("bot")


async def send_order_document(bot: Bot, deps: Deps, chat_id: int, view: ProposalView) -> None:
    """The approved purchase order as a CSV file, to forward to the supplier (nothing for
    any other proposal). If it cannot be sent, the chat is told the approval stands and how
    to get the document."""
    doc = order_documents.document_of(deps, view)
    if doc is None:
        return
    saved = await asyncio.to_thread(order_documents.save, deps, doc)
    if saved.problem is not None:  # Telegram still gets it; the log says why the disk did not
        log.warning("order %s not saved in %s: %s", doc.reference, saved.path, saved.problem)
    try:
        await _send(bot, chat_id, doc)
    except TelegramError as err:
        log.warning("order %s not sent to %s: %s", doc.reference, chat_id, err.message)
        with contextlib.suppress(TelegramError):  # unreachable chat: the card keeps its button
            await bot.send_message(
                chat_id,
                f"The approval of order {doc.reference} stands (it counts as on order), but "
                "its document could not be sent here. Press 📄 Send the order again under the "
                f"order, or run <code>shopkeeper proposals --show {doc.proposal_id}</code>.",
            )
        return
    await asyncio.to_thread(state.order_sent, deps, doc.proposal_id, chat_id)


async def send_if_undelivered(bot: Bot, deps: Deps, chat_id: int, view: ProposalView) -> None:
    """Send an approved order's document to this chat if no chat has received it yet."""
    if order_documents.document_of(deps, view) is None:
        return
    if not await asyncio.to_thread(state.order_was_sent, deps, view.id):
        await send_order_document(bot, deps, chat_id, view)


async def _send(bot: Bot, chat_id: int, doc: OrderDocument) -> None:
    await bot.send_document(
        chat_id,
        InputFile(doc.text.encode("utf-8"), filename=doc.filename),
        caption=f"Order {doc.reference} for {esc(doc.supplier)}: send this file to them. "
        "Nothing has been sent by the bot.",
    )

"""Sending what the handlers rendered: answers in parts, charts, proposal cards with buttons
(remembered in the database), decided cards edited everywhere, order documents."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, ForceReply, InputFile, Message
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import keyboards, state
from bot.cards import decided_card, proposal_card
from bot.charts import forecast_caption, forecast_png
from bot.render import answer_parts, esc
from shopkeeper.assistant.answer import Answer
from shopkeeper.assistant.render import beside_cards, order_details
from shopkeeper.core import orders
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView

log = logging.getLogger("bot")
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5 s per action
MAX_CARDS = 10
MAX_CHARTS = 3


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat for as long as the block runs."""

    async def keep_typing() -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def send_parts(bot: Bot, chat_id: int, parts: list[str], reply_to: int | None = None) -> None:
    """Send HTML parts in order; the first one answers `reply_to` (in groups)."""
    for i, part in enumerate(parts):
        await bot.send_message(chat_id, part, reply_to_message_id=reply_to if i == 0 else None)


async def send_answer(
    bot: Bot, deps: Deps, chat_id: int, answer: Answer, *, can_decide: bool, reply_to: int | None
) -> None:
    """An assistant answer: its text, a chart per forecast, a card per proposal it made."""
    pending = answer.pending
    currency = deps.settings.currency
    text = beside_cards(answer, currency, {p.id for p in pending[:MAX_CARDS]})
    if answer.notes:
        text += "\n\n" + "\n".join(f"Note: {n}" for n in answer.notes)
    await send_parts(bot, chat_id, answer_parts(text, has_cards=bool(pending)), reply_to)
    forecasts = [c for c in answer.tool_calls if c.name == "forecast_demand"]
    for call in forecasts[:MAX_CHARTS]:
        png = await asyncio.to_thread(forecast_png, call.result)
        if png is not None:
            photo = InputFile(png, filename="forecast.png")
            await bot.send_photo(chat_id, photo, caption=forecast_caption(call.result))
    details = order_details(answer)
    for view in pending[:MAX_CARDS]:
        explanations, note = details.get(view.id, ({}, None))
        html = proposal_card(
            view, currency, explanations=explanations, note=note, can_decide=can_decide
        )
        await send_card(bot, deps, chat_id, view, html, buttons=can_decide)
    if len(pending) > MAX_CARDS:
        await bot.send_message(chat_id, f"{len(pending) - MAX_CARDS} more: see /pending.")


async def send_card(
    bot: Bot, deps: Deps, chat_id: int, view: ProposalView, html: str, *, buttons: bool
) -> Message:
    """Send a proposal card (with decision buttons while it is pending) and remember it."""
    markup = None
    if buttons and view.status == "pending":
        markup = keyboards.markup(
            keyboards.decision_rows(view.id, amendable=view.kind == "purchase_order")
        )
    msg = await bot.send_message(chat_id, html, reply_markup=markup)
    await asyncio.to_thread(state.remember_card, deps, chat_id, msg.message_id, view.id)
    return msg


async def show_decided(
    bot: Bot,
    deps: Deps,
    view: ProposalView,
    before: dict[str, Any] | None = None,
) -> None:
    """Edit every card of a proposal, in every chat, to its final state (no buttons)."""
    html = decided_card(view, deps.settings.currency, before)
    targets = await asyncio.to_thread(state.cards_of, deps, view.id)
    for chat_id, message_id in targets:
        try:
            await bot.edit_message_text(html, chat_id=chat_id, message_id=message_id)
        except BadRequest as err:  # already shows it, deleted, or too old to edit
            log.info("card %s/%s not edited: %s", chat_id, message_id, err.message)
        except Forbidden as err:  # the person blocked the bot
            log.info("card %s/%s not edited: %s", chat_id, message_id, err.message)


async def send_order_document(bot: Bot, deps: Deps, chat_id: int, view: ProposalView) -> None:
    """The approved purchase order as a CSV file, to forward to the supplier."""
    if view.kind != "purchase_order" or view.status != "approved":
        return
    text = orders.order_document(view, deps.settings.shop_name, deps.today())
    name = f"{orders.order_reference(view.id)}.csv"
    supplier = view.payload.get("supplier_name", "the supplier")
    await bot.send_document(
        chat_id,
        InputFile(text.encode("utf-8"), filename=name),
        caption=f"Order {name[:-4]} for {esc(supplier)}: send this file to them. "
        "Nothing has been sent by the bot.",
    )


async def ask_quantity(bot: Bot, chat_id: int, html: str) -> None:
    """The Change-quantity question; Telegram opens a reply to it on the person's phone."""
    await bot.send_message(
        chat_id, html, reply_markup=ForceReply(selective=True, input_field_placeholder="e.g. 24")
    )

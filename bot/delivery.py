"""Sending what the handlers rendered: answers in parts, charts, proposal cards with buttons
(remembered in the database), decided cards edited everywhere, order documents."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram import Bot, ForceReply, InputFile, Message
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import keyboards, state
from bot.cards import decided_card, proposal_card
from bot.charts import forecast_caption, forecast_png
from bot.render import answer_parts
from bot.supplier_chart import lead_time_caption, lead_time_png
from shopkeeper.assistant.answer import Answer
from shopkeeper.assistant.render import beside_cards, order_details
from shopkeeper.core import orders
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView

log = logging.getLogger("bot")
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5 s per action
# A quick answer needs no "typing…": skipping it halves the requests per answer, and the
# Bot API allows about 30 a second for the whole bot.
TYPING_AFTER = 0.3
STILL_WORKING_AFTER = 5.0  # seconds before a slow answer gets a "still working" message
STILL_WORKING = "⏳ Still working on your question…"
MAX_CARDS = 10
MAX_CHARTS = 3
# Tool -> (chart drawer, caption, file name): the charts sent after an answer's text.
Draw = Callable[[dict[str, Any]], bytes | None]
CHARTS: dict[str, tuple[Draw, Callable[[dict[str, Any]], str], str]] = {
    "forecast_demand": (forecast_png, forecast_caption, "forecast.png"),
    "supplier_scorecard": (lead_time_png, lead_time_caption, "lead-times.png"),
}


@contextlib.asynccontextmanager
async def _meanwhile(work: Coroutine[Any, Any, None]) -> AsyncIterator[None]:
    """Run `work` while the block runs; cancel it when the block ends."""
    task = asyncio.create_task(work)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat for as long as the block runs."""

    async def keep_typing() -> None:
        await asyncio.sleep(TYPING_AFTER)
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)

    async with _meanwhile(keep_typing()):
        yield


@contextlib.asynccontextmanager
async def still_working(bot: Bot, chat_id: int, reply_to: int | None) -> AsyncIterator[None]:
    """Past STILL_WORKING_AFTER seconds, say so in the chat; the note goes once the block ends
    (the answer itself follows)."""
    sent: list[Message] = []

    async def after_a_while() -> None:
        await asyncio.sleep(STILL_WORKING_AFTER)
        with contextlib.suppress(TelegramError):
            sent.append(
                await bot.send_message(chat_id, STILL_WORKING, reply_to_message_id=reply_to)
            )

    try:
        async with _meanwhile(after_a_while()):
            yield
    finally:
        for msg in sent:
            with contextlib.suppress(TelegramError):
                await bot.delete_message(chat_id, msg.message_id)


async def send_parts(bot: Bot, chat_id: int, parts: list[str], reply_to: int | None = None) -> None:
    """Send HTML parts in order; the first one answers `reply_to` (in groups)."""
    for i, part in enumerate(parts):
        await bot.send_message(chat_id, part, reply_to_message_id=reply_to if i == 0 else None)


async def send_answer(
    bot: Bot, deps: Deps, chat_id: int, answer: Answer, *, can_decide: bool, reply_to: int | None
) -> None:
    """An assistant answer: its text, a chart per forecast and per one-supplier scorecard, a
    card per proposal it made."""
    pending = answer.pending
    currency = deps.settings.currency
    text = beside_cards(answer, currency, {p.id for p in pending[:MAX_CARDS]})
    if answer.notes:
        text += "\n\n" + "\n".join(f"Note: {n}" for n in answer.notes)
    await send_parts(bot, chat_id, answer_parts(text, has_cards=bool(pending)), reply_to)
    for name, (draw, caption, filename) in CHARTS.items():
        calls = [c for c in answer.tool_calls if c.name == name]
        for call in calls[:MAX_CHARTS]:
            png = await asyncio.to_thread(draw, call.result)
            if png is not None:
                photo = InputFile(png, filename=filename)
                await bot.send_photo(chat_id, photo, caption=caption(call.result))
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
    """Edit every card of a proposal, in every chat, to its final state (no decision buttons;
    an approved order keeps one to send its document again)."""
    html = decided_card(view, deps.settings.currency, before)
    rows = keyboards.decided_rows(view.kind, view.status, view.id)
    buttons = keyboards.markup(rows) if rows else None
    targets = await asyncio.to_thread(state.cards_of, deps, view.id)
    for chat_id, message_id in targets:
        try:
            await bot.edit_message_text(
                html, chat_id=chat_id, message_id=message_id, reply_markup=buttons
            )
        except BadRequest as err:  # already shows it, deleted, or too old to edit
            log.info("card %s/%s not edited: %s", chat_id, message_id, err.message)
        except Forbidden as err:  # the person blocked the bot
            log.info("card %s/%s not edited: %s", chat_id, message_id, err.message)


async def send_contact_list(
    bot: Bot, deps: Deps, chat_id: int, view: ProposalView, owner: bool
) -> None:
    """An approved campaign's contact list with the messages, to the owner only (it holds
    customers' contact details); others are told where it was saved."""
    if view.kind != "campaign" or view.status != "approved":
        return
    path = deps.settings.data_dir / "campaigns" / f"{orders.order_reference(view.id)}.csv"
    if not owner or not path.exists():
        await bot.send_message(
            chat_id, "The campaign's contact list was saved for the owner. Nothing was sent."
        )
        return
    await bot.send_document(
        chat_id,
        InputFile(path.read_bytes(), filename=path.name),
        caption="Contact list and message for the approved campaign: send it yourself. "
        "Nothing has been sent by the bot.",
    )


async def ask_quantity(bot: Bot, chat_id: int, html: str) -> None:
    """The Change-quantity question; Telegram opens a reply to it on the person's phone."""
    await bot.send_message(
        chat_id, html, reply_markup=ForceReply(selective=True, input_field_placeholder="e.g. 24")
    )

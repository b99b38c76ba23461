"""Talking to the assistant: /start, /help, free text and the shortcut commands
(/stock, /forecast, /reorder, /pending, /settings). Handlers parse, call, render.

The assistant is synchronous (tools, database, maybe a language model): it runs in a worker
thread while the chat shows "typing…" (bot.ordering keeps a chat's messages in order).
"""

from __future__ import annotations

import asyncio
import re

from telegram import Update
from telegram.constants import ChatType

from bot.auth import Context, deps_of, display_name, may_decide, member_of, without_mention
from bot.cards import proposal_card
from bot.delivery import send_answer, send_card, typing
from bot.handlers_decide import handle_reply
from bot.render import esc, help_html, settings_html
from shopkeeper.assistant.answer import Assistant
from shopkeeper.core import members, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView


def _assistant(context: Context) -> Assistant:
    found: Assistant = context.bot_data["assistant"]
    return found


async def ask(update: Update, context: Context, question: str) -> None:
    """Put a question to the assistant and send its answer, charts and proposal cards."""
    msg, chat = update.effective_message, update.effective_chat
    assert msg is not None and chat is not None
    who = member_of(context)
    reply_to = msg.message_id if chat.type != ChatType.PRIVATE else None
    async with typing(context.bot, chat.id):
        answer = await asyncio.to_thread(
            _assistant(context).ask,
            question,
            user=who.display_name,
            thread=f"tg:{chat.id}",
            role=who.role,
        )
        await send_answer(
            context.bot,
            deps_of(context),
            chat.id,
            answer,
            can_decide=may_decide(context),
            reply_to=reply_to,
        )


async def on_start(update: Update, context: Context) -> None:
    """`/start CODE` joins the shop; `/start` alone greets a member."""
    msg, user = update.effective_message, update.effective_user
    assert msg is not None and user is not None
    deps = deps_of(context)
    if context.args:
        result = await asyncio.to_thread(
            members.redeem, deps, context.args[0], str(user.id), display_name(update)
        )
        if result.member is None:
            await msg.reply_text(esc(result.message))
            return
        text = f"{esc(result.message)}\n\n{help_html(deps.settings.shop_name, result.member.role)}"
        if result.new and result.member.role == "owner":
            text += (
                "\n\nYou will get stock-out warnings here every day at "
                f"{esc(deps.settings.daily_scan_time)}. Invite your team with /invite manager "
                "or /invite staff."
            )
        await msg.reply_text(text)
        return
    await on_help(update, context)


async def on_help(update: Update, context: Context) -> None:
    msg = update.effective_message
    assert msg is not None
    who = member_of(context)
    await msg.reply_text(help_html(deps_of(context).settings.shop_name, who.role))


async def on_reset(update: Update, context: Context) -> None:
    """`/reset`: forget this chat's conversation, so follow-ups start afresh."""
    msg, chat = update.effective_message, update.effective_chat
    assert msg is not None and chat is not None
    await asyncio.to_thread(_assistant(context).reset, f"tg:{chat.id}")
    await msg.reply_text("Done: I have forgotten our conversation in this chat.")


async def on_settings(update: Update, context: Context) -> None:
    msg = update.effective_message
    assert msg is not None
    await msg.reply_text(settings_html(deps_of(context).settings))


async def on_stock(update: Update, context: Context) -> None:
    what = " ".join(context.args or [])
    await ask(update, context, f"how much {what} do we have?" if what else "what's running low?")


PERIOD_WORDS = re.compile(
    r"\b(next|this|coming|week|weeks|month|months|days|tomorrow|christmas|xmas|easter|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{1,2}\s*(d|w|days?|weeks?)\b",
    re.IGNORECASE,
)


async def on_forecast(update: Update, context: Context) -> None:
    """`/forecast [product] [period]`: two weeks unless a period is named."""
    what = " ".join(context.args or []) or "the whole shop"
    when = "" if PERIOD_WORDS.search(what) else " for the next 2 weeks"
    await ask(update, context, f"forecast for {what}{when}")


async def on_reorder(update: Update, context: Context) -> None:
    await ask(update, context, "what should I reorder?")


def _pending(deps: Deps) -> list[ProposalView]:
    with deps.sessions.begin() as s:
        return proposals.list_proposals(s, deps.now(), "pending")


async def on_pending(update: Update, context: Context) -> None:
    """Every proposal waiting for a decision, each as a card with its buttons."""
    msg, chat = update.effective_message, update.effective_chat
    assert msg is not None and chat is not None
    deps = deps_of(context)
    waiting = await asyncio.to_thread(_pending, deps)
    if not waiting:
        await msg.reply_text("Nothing is waiting for approval.")
        return
    can = may_decide(context)
    await msg.reply_text(f"{len(waiting)} proposal(s) waiting for a decision:")
    for view in waiting[:20]:
        html = proposal_card(view, deps.settings.currency, can_decide=can)
        await send_card(context.bot, deps, chat.id, view, html, buttons=can)
    if len(waiting) > 20:
        await msg.reply_text(f"… and {len(waiting) - 20} more (the 20 newest are shown).")


async def on_text(update: Update, context: Context) -> None:
    """Free text: a reply deciding a proposal, or a question for the assistant."""
    msg = update.effective_message
    assert msg is not None and msg.text is not None
    if await handle_reply(update, context):
        return
    question = without_mention(msg.text, context.bot)
    if not question:
        await on_help(update, context)
        return
    await ask(update, context, question)


async def on_unknown_command(update: Update, context: Context) -> None:
    msg = update.effective_message
    assert msg is not None
    word = (msg.text or "").split()[0].split("@")[0] if msg.text else "that"
    await msg.reply_text(f"I don't know {esc(word)}. /help lists what I can do.")


async def on_other(update: Update, context: Context) -> None:
    msg = update.effective_message
    assert msg is not None
    await msg.reply_text(
        "I read text messages and CSV or XLSX files. Ask me something, or try /help."
    )

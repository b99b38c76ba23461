"""Who may talk to the bot: one gate in front of every handler.

Members (joined with an invite code) pass, with their role attached to the update's
context. Anyone else gets one polite sentence and nothing else: no data, no tool runs.
In group chats the bot only reacts to messages meant for it (a command, a mention, or a
reply to one of its messages); everything else in the group is ignored silently.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.render import STRANGER
from shopkeeper.core import members
from shopkeeper.core.deps import Deps
from shopkeeper.core.members import MemberView

Context = ContextTypes.DEFAULT_TYPE


def deps_of(context: Context) -> Deps:
    deps: Deps = context.bot_data["deps"]
    return deps


def member_of(context: Context) -> MemberView:
    """The member the gate let through for this update."""
    found: MemberView = context.__dict__["sk_member"]
    return found


def may_decide(context: Context) -> bool:
    return members.can_decide(deps_of(context), member_of(context).role)


def addressed(msg: Message, bot: Bot) -> bool:
    """Whether a message is meant for the bot (always, in a private chat)."""
    if msg.chat.type == ChatType.PRIVATE:
        return True
    reply = msg.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
        return True
    text = msg.text or msg.caption or ""
    entities = msg.entities or msg.caption_entities or ()
    name = f"@{bot.username}".lower() if bot.username else None
    for e in entities:
        chunk = text_of(text, e).lower()
        if e.type == MessageEntity.BOT_COMMAND and e.offset == 0:
            return "@" not in chunk or chunk.endswith(name or "\0")
        if e.type == MessageEntity.MENTION and name and chunk == name:
            return True
    return False


def text_of(text: str, e: MessageEntity) -> str:
    """The part of `text` an entity covers (offsets are in UTF-16 code units)."""
    raw = text.encode("utf-16-le")
    return raw[2 * e.offset : 2 * (e.offset + e.length)].decode("utf-16-le")


def without_mention(text: str, bot: Bot) -> str:
    """The text of a group message with the bot's @name taken out."""
    if not bot.username:
        return text.strip()
    return " ".join(w for w in text.split() if w.lower() != f"@{bot.username}".lower()).strip()


def _joining(msg: Message | None) -> bool:
    """`/start CODE`: the one message a stranger may send (it is how people join)."""
    if msg is None or not msg.text:
        return False
    words = msg.text.split()
    return len(words) >= 2 and words[0].split("@")[0].lower() == "/start"


async def gate(update: Update, context: Context) -> None:
    """Let members through (role attached); answer strangers once; ignore the rest."""
    user = update.effective_user
    if user is None or user.is_bot:
        raise ApplicationHandlerStop
    msg = update.message
    if msg is not None and not addressed(msg, context.bot):
        raise ApplicationHandlerStop
    if _joining(msg):
        return
    found = await asyncio.to_thread(members.member, deps_of(context), str(user.id))
    if found is None:
        await refuse(update)
        raise ApplicationHandlerStop
    context.__dict__["sk_member"] = found


async def refuse(update: Update) -> None:
    """The one polite sentence for someone who is not a member."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(STRANGER, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(STRANGER)
    except TelegramError:  # e.g. an old button press: nothing more to say
        pass


def display_name(update: Update) -> str:
    user = update.effective_user
    return (user.full_name if user else "") or "someone"


def log_extra(update: Any) -> dict[str, Any]:
    """Ids for a log line (never names or message text)."""
    chat = getattr(update, "effective_chat", None)
    user = getattr(update, "effective_user", None)
    return {"chat": getattr(chat, "id", None), "user": getattr(user, "id", None)}

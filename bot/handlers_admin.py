"""The owner's and managers' housekeeping: /invite, /members, /remove, /snooze."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType

from bot import state
from bot.auth import Context, deps_of, display_name, may_decide, member_of
from bot.render import bold, esc
from shopkeeper.app.workflows import product_named
from shopkeeper.assistant.text import day
from shopkeeper.core import members

INVITABLE = ("manager", "staff")


async def on_invite(update: Update, context: Context) -> None:
    """`/invite manager|staff [days]` (owner, private chat): a one-time code and link."""
    msg, chat = update.effective_message, update.effective_chat
    assert msg is not None and chat is not None
    if member_of(context).role != "owner":
        await msg.reply_text("Only the owner can invite people.")
        return
    if chat.type != ChatType.PRIVATE:
        await msg.reply_text("Send /invite to me in a private chat, so the code is not shown here.")
        return
    args = [a.lower() for a in context.args or []]
    role = args[0] if args else ""
    if role not in INVITABLE:
        await msg.reply_text(
            "Who is it for? /invite manager (may approve orders) or /invite staff "
            "(may ask and read). Add a number of days to change how long the code works "
            "(default 7)."
        )
        return
    days = int(args[1]) if len(args) > 1 and args[1].isdigit() else 7
    if not 1 <= days <= 90:
        await msg.reply_text("An invite can work for 1 to 90 days.")
        return
    deps = deps_of(context)
    code = await asyncio.to_thread(
        members.create_invite, deps, role, f"{display_name(update)} (telegram)", days
    )
    link = f"https://t.me/{context.bot.username}?start={code}" if context.bot.username else ""
    until = deps.today() + timedelta(days=days)
    text = (
        f"Invite for a new {role}: <code>{esc(code)}</code>\n"
        f"Forward them this link{' ' + esc(link) if link else ''}, or have them send me "
        f"<code>/start {esc(code)}</code>.\n"
        f"It works once and expires on {esc(day(until))}."
    )
    await msg.reply_text(text)


async def on_members(update: Update, context: Context) -> None:
    """Who has access, with roles."""
    msg = update.effective_message
    assert msg is not None
    people = await asyncio.to_thread(members.members, deps_of(context))
    lines = [bold(f"{len(people)} member(s):")]
    lines += [f"• {esc(p.display_name)}: {p.role}, joined {p.joined_at:%d %b %Y}" for p in people]
    if member_of(context).role == "owner":
        lines.append("\n/remove name takes someone's access away.")
    await msg.reply_text("\n".join(lines))


async def on_remove(update: Update, context: Context) -> None:
    """`/remove name` (owner): take a member's access away (kept in the audit log)."""
    msg = update.effective_message
    assert msg is not None
    if member_of(context).role != "owner":
        await msg.reply_text("Only the owner can remove people.")
        return
    name = " ".join(context.args or []).strip().lower()
    deps = deps_of(context)
    people = await asyncio.to_thread(members.members, deps)
    found = [p for p in people if p.display_name.lower() == name] or [
        p for p in people if name and p.display_name.lower().startswith(name)
    ]
    if len(found) != 1:
        names = ", ".join(p.display_name for p in people)
        await msg.reply_text(esc(f"Whom? Say /remove and the name as listed: {names}."))
        return
    try:
        gone = await asyncio.to_thread(members.deactivate, deps, found[0].id, display_name(update))
    except ValueError as err:
        await msg.reply_text(esc(str(err)))
        return
    if gone is not None:
        await msg.reply_text(esc(f"{gone.display_name} ({gone.role}) no longer has access."))


async def on_snooze(update: Update, context: Context) -> None:
    """`/snooze product days`: no stock-out warnings about a product for a while."""
    msg = update.effective_message
    assert msg is not None
    deps = deps_of(context)
    if not may_decide(context):
        await msg.reply_text("Only the owner or a manager can snooze warnings.")
        return
    args = context.args or []
    if not args:
        quiet = await asyncio.to_thread(state.snoozed, deps)
        if not quiet:
            await msg.reply_text("Nothing is snoozed. Say e.g. /snooze oat milk 7.")
            return
        lines = [
            f"• {esc(sku)} until {esc(day(until))} (by {esc(by)})"
            for sku, (until, by) in quiet.items()
        ]
        await msg.reply_text("Snoozed:\n" + "\n".join(lines) + "\n/snooze product 0 ends one.")
        return
    if len(args) < 2 or not args[-1].isdigit() or int(args[-1]) > 90:
        await msg.reply_text(
            "Say which product and for how many days (up to 90), e.g. /snooze oat milk 7."
        )
        return
    found = await asyncio.to_thread(product_named, deps, " ".join(args[:-1]))
    if isinstance(found, str):
        await msg.reply_text(esc(found))
        return
    sku, label = found
    until = await asyncio.to_thread(state.snooze, deps, sku, int(args[-1]), display_name(update))
    if until is None:
        await msg.reply_text(esc(f"Stock-out warnings about {label} are back on."))
        return
    await msg.reply_text(
        esc(f"No stock-out warnings about {label} until {day(until)} (inclusive). ")
        + esc(f"/snooze {' '.join(args[:-1])} 0 turns them back on.")
    )

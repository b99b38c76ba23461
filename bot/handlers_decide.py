"""Deciding proposals: the Approve / Reject / Change quantity buttons, and replies to a card
("yes", "no", "order 20 instead", "make it 30 of oat milk") or to a quantity question.

Every decision goes through `shopkeeper.app.workflows.decide` (role guard, once only,
audited). Nothing here is kept in memory: the button data and the replied-to message lead
to the proposal in the database, so decisions work the same after a restart.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import CallbackQuery, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot import keyboards, state
from bot.auth import Context, deps_of, may_decide, member_of
from bot.cards import line_picker, parse_prompt, quantity_prompt, status_line
from bot.delivery import ask_quantity, send_order_document, show_decided
from bot.render import esc, visible
from bot.replies import parse_reply
from shopkeeper.app import workflows
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.db import session_scope

log = logging.getLogger("bot")
NOT_A_BUTTON = "That button is not valid (it may come from an old or changed message)."


def _get(deps: Deps, proposal_id: int) -> ProposalView | None:
    """The proposal as it stands now (one past its expiry is marked expired first)."""
    with session_scope(deps.sessions) as s:
        return proposals.current(s, proposal_id, deps.now())


async def decide(
    context: Context,
    proposal_id: int,
    verb: str,
    amend: dict[str, float] | None = None,
    note: str | None = None,
) -> tuple[bool, str, ProposalView | None]:
    """Decide once, as the member behind this update; returns (ok, message, view after)."""
    deps, who = deps_of(context), member_of(context)
    # One decision at a time in this process: two approvers pressing together get one
    # approval and one "already approved".
    async with context.bot_data["decide_lock"]:
        done = await asyncio.to_thread(
            workflows.decide, deps, proposal_id, verb, who.display_name, who.role, note, amend
        )
    return done.ok, done.refused or "", done.view


async def _answer(query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
    try:
        await query.answer(text[:200] if text else None, show_alert=alert)
    except BadRequest as err:  # "query is too old": the press is still handled
        log.info("callback not answered: %s", err.message)


async def on_callback(update: Update, context: Context) -> None:
    """A button under a proposal card (or under the product list of Change quantity)."""
    query = update.callback_query
    assert query is not None
    press = keyboards.parse(query.data)
    if press is None:
        await _answer(query, NOT_A_BUTTON, alert=True)
        return
    deps = deps_of(context)
    msg = query.message
    if press.verb in ("approve", "reject"):
        ok, text, view = await decide(context, press.proposal_id, press.verb)
        await _answer(query, visible(status_line(view)) if ok and view else text, alert=not ok)
        if view is not None and view.status != "pending":
            await show_decided(context.bot, deps, view)
        if ok and view is not None and msg is not None:
            await send_order_document(context.bot, deps, msg.chat.id, view)
        return
    view = await asyncio.to_thread(_get, deps, press.proposal_id)
    problem = _cannot_change(context, view, press.proposal_id)
    if problem or view is None or msg is None:
        await _answer(query, problem or NOT_A_BUTTON, alert=True)
        return
    lines = list(view.payload.get("lines", []))
    if press.verb == "qty" and len(lines) != 1:
        await _answer(query)
        rows = keyboards.line_rows(view.id, lines)
        await context.bot.send_message(
            msg.chat.id, esc(line_picker(view)), reply_markup=keyboards.markup(rows)
        )
        return
    index = press.index or 0
    if index >= len(lines):
        await _answer(query, NOT_A_BUTTON, alert=True)
        return
    await _answer(query)
    mention = ""
    if msg.chat.type != ChatType.PRIVATE and update.effective_user is not None:
        user = update.effective_user
        mention = f'<a href="tg://user?id={user.id}">{esc(user.first_name)}</a>, '
    await ask_quantity(context.bot, msg.chat.id, quantity_prompt(view, lines[index], mention))


def _cannot_change(context: Context, view: ProposalView | None, proposal_id: int) -> str | None:
    if view is None:
        return f"There is no proposal #{proposal_id}."
    if not may_decide(context):
        return proposals.refusal(member_of(context).role, deps_of(context).settings.approver_roles)
    if view.status != "pending":
        return visible(status_line(view)) or f"Proposal #{view.id} is {view.status}."
    if view.kind != "purchase_order":
        return "Only purchase orders have quantities to change."
    return None


async def handle_reply(update: Update, context: Context) -> bool:
    """A reply to a proposal card or quantity question; False if it is not a decision."""
    msg = update.message
    if msg is None or msg.text is None or msg.reply_to_message is None:
        return False
    replied = msg.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id:
        return False
    deps = deps_of(context)
    prompt = parse_prompt(replied.text or "")
    focus: str | None = None
    if prompt is not None:
        proposal_id, focus = prompt
    else:
        found = await asyncio.to_thread(state.card_proposal, deps, msg.chat.id, replied.message_id)
        if found is None:
            return False
        proposal_id = found
    view = await asyncio.to_thread(_get, deps, proposal_id)
    if view is None:
        return False
    before: dict[str, Any] = view.payload
    parsed = parse_reply(msg.text, list(before.get("lines", [])), focus)
    if parsed is None:
        if prompt is None:
            return False  # e.g. "why so many?": a question for the assistant
        await msg.reply_text("Reply with a number, e.g. 24 (0 leaves the product out).")
        return True
    if parsed.problem:
        await msg.reply_text(esc(parsed.problem))
        return True
    verb, amend, note = parsed.verb, parsed.amend or None, parsed.note
    lines = before.get("lines", [])
    if amend and lines and all(amend.get(ln["sku"], ln["quantity"]) <= 0 for ln in lines):
        # Nothing left to order: that is a "no", not an empty purchase order.
        verb, amend, note = "reject", None, "every quantity set to 0"
    ok, text, after = await decide(context, proposal_id, verb, amend=amend, note=note)
    if not ok or after is None:
        await msg.reply_text(esc(text))
        if after is not None and after.status != "pending":
            await show_decided(context.bot, deps, after)
        return True
    await msg.reply_text(status_line(after))
    await show_decided(context.bot, deps, after, before=before)
    await send_order_document(context.bot, deps, msg.chat.id, after)
    return True

"""Deciding proposals: the Approve / Reject / Change quantity buttons, replies to a card
("yes", "no", "order 20 instead", "make it 30 of oat milk") or to a quantity question, and
decisions typed with their number ("approve 3"). Replies and typed decisions are read by the
shared decision grammar and carried out by `shopkeeper.app.approvals`: a bare yes, a price
change or a large order is echoed as "Approve #N: ...? yes/no" first.

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
from bot.auth import Context, deps_of, may_decide, member_of, without_mention
from bot.cards import line_picker, parse_prompt, quantity_prompt, status_line
from bot.delivery import ask_quantity, send_contact_list, show_decided
from bot.order_delivery import send_if_undelivered, send_order_document
from bot.render import esc, visible
from shopkeeper.app import approvals, order_documents, workflows
from shopkeeper.app.decision_grammar import Said, read
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.db import session_scope

log = logging.getLogger("bot")
NOT_A_BUTTON = "That button is not valid (it may come from an old or changed message)."
CANCELLED = "Not approved; #{id} is still waiting for a decision."


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
    return done.ok, done.refused or done.erased or "", done.view


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
    if press.proposal_id > proposals.MAX_ID:  # forged: no database holds such an id
        await _answer(query, f"There is no proposal #{press.proposal_id}.", alert=True)
        return
    deps = deps_of(context)
    msg = query.message
    if press.verb in ("sure", "keep") or (press.verb == "approve" and await _careful(deps, press)):
        await _answer(query)
        if msg is not None:
            await _confirm_press(context, press, msg)
        return
    if press.verb in ("approve", "reject"):
        ok, text, view = await decide(context, press.proposal_id, press.verb)
        await _answer(query, visible(status_line(view)) if ok and view else text, alert=not ok)
        if view is not None and view.status != "pending":
            await show_decided(context.bot, deps, view)
        if view is not None and msg is not None:
            # A press on an order approved earlier (perhaps just before the bot stopped)
            # gets the document if no chat has it yet.
            send = send_order_document if ok else send_if_undelivered
            await send(context.bot, deps, msg.chat.id, view)
            if ok:
                owner = member_of(context).role == "owner"
                await send_contact_list(context.bot, deps, msg.chat.id, view, owner)
        return
    if press.verb == "doc":
        await _send_again(update, context, press.proposal_id)
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


async def _send_again(update: Update, context: Context, proposal_id: int) -> None:
    """📄 Send the order again: the approved order's document, made anew from the database."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None
    deps = deps_of(context)
    view = await asyncio.to_thread(_get, deps, proposal_id)
    if view is None or chat is None or order_documents.document_of(deps, view) is None:
        await _answer(query, f"Proposal #{proposal_id} has no order document.", alert=True)
        return
    await _answer(query)
    await send_order_document(context.bot, deps, chat.id, view)


async def _careful(deps: Deps, press: keyboards.Press) -> bool:
    """Whether the Approve button of this proposal asks "...? yes/no" before deciding."""
    view = await asyncio.to_thread(_get, deps, press.proposal_id)
    return (
        view is not None and view.status == "pending" and approvals.needs_confirmation(view, deps)
    )


async def _confirm_press(context: Context, press: keyboards.Press, msg: Any) -> None:
    """Approve on a price change or large order asks first; "Yes, approve" / "No" answer."""
    chat_id = msg.chat.id
    if press.verb == "keep":
        await context.bot.send_message(chat_id, esc(CANCELLED.format(id=press.proposal_id)))
        return
    if press.verb == "approve":
        out = await _act(context, Said("approve", press.proposal_id), press.proposal_id, echo=True)
    else:
        asked = approvals.CONFIRM_RX.search(msg.text or "")
        if asked is None or int(asked.group(1)) != press.proposal_id:
            await context.bot.send_message(chat_id, NOT_A_BUTTON)
            return
        out = await _confirm(context, press.proposal_id, asked.group(0))
    await tell(context, chat_id, out, msg.message_id)


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


async def _act(
    context: Context, said: Said, proposal_id: int, echo: bool, focus: str | None = None
) -> approvals.Outcome:
    deps, who = deps_of(context), member_of(context)
    async with context.bot_data["decide_lock"]:
        return await asyncio.to_thread(
            approvals.act,
            deps,
            said,
            proposal_id,
            actor=who.display_name,
            role=who.role,
            focus_sku=focus,
            echo=echo,
        )


async def _confirm(context: Context, proposal_id: int, question: str) -> approvals.Outcome:
    deps, who = deps_of(context), member_of(context)
    async with context.bot_data["decide_lock"]:
        return await asyncio.to_thread(
            approvals.confirm, deps, proposal_id, question, actor=who.display_name, role=who.role
        )


async def tell(context: Context, chat_id: int, out: approvals.Outcome, reply_to: int) -> None:
    """Say an outcome: a yes/no question with its buttons, or the decision and its effects."""
    deps = deps_of(context)
    view = out.view
    if out.confirm and view is not None:
        sent = await context.bot.send_message(
            chat_id,
            esc(out.text),
            reply_to_message_id=reply_to,
            reply_markup=keyboards.markup(keyboards.confirm_rows(view.id)),
        )
        await asyncio.to_thread(state.remember_card, deps, chat_id, sent.message_id, view.id)
        return
    if view is None or not out.ok or view.status == "pending":
        await context.bot.send_message(chat_id, esc(out.text), reply_to_message_id=reply_to)
        if view is not None and view.status != "pending":
            await show_decided(context.bot, deps, view)
            # Decided earlier (perhaps just before the bot stopped): the document if no
            # chat has it yet.
            await send_if_undelivered(context.bot, deps, chat_id, view)
        return
    await context.bot.send_message(chat_id, status_line(view), reply_to_message_id=reply_to)
    await show_decided(context.bot, deps, view, before=out.before)
    await send_order_document(context.bot, deps, chat_id, view)


async def handle_reply(update: Update, context: Context) -> bool:
    """A reply to a proposal card, a quantity question or a yes/no question; False if it is
    not a decision (it is a question for the assistant then)."""
    msg = update.message
    if msg is None or msg.text is None or msg.reply_to_message is None:
        return False
    replied = msg.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id:
        return False
    said = read(msg.text, in_reply=True)
    shown = replied.text or ""
    if (asked := approvals.CONFIRM_RX.search(shown)) and said is not None and said.bare:
        pid = int(asked.group(1))
        if said.verb == "reject":
            await msg.reply_text(esc(CANCELLED.format(id=pid)))
            return True
        if said.verb == "approve" and not said.quantities:
            out = await _confirm(context, pid, asked.group(0))
            await tell(context, msg.chat.id, out, msg.message_id)
            return True
    prompt = parse_prompt(shown)
    focus: str | None = None
    if prompt is not None:
        proposal_id, focus = prompt
    else:
        deps = deps_of(context)
        found = await asyncio.to_thread(state.card_proposal, deps, msg.chat.id, replied.message_id)
        if found is None:
            return False
        proposal_id = found
    if said is None:
        if prompt is None:
            return False  # e.g. "why so many?": a question for the assistant
        await msg.reply_text("Reply with a number, e.g. 24 (0 leaves the product out).")
        return True
    if said.proposal_id not in (None, proposal_id):
        await msg.reply_text(
            f"This message is about #{proposal_id}, not #{said.proposal_id}. Reply to the "
            f"message of #{said.proposal_id}, or write “approve {said.proposal_id}” on its own."
        )
        return True
    # The replied-to message names the proposal; only a bare yes/no is echoed first.
    out = await _act(context, said, proposal_id, echo=not said.quantities, focus=focus)
    await tell(context, msg.chat.id, out, msg.message_id)
    return True


async def handle_typed(update: Update, context: Context) -> bool:
    """A decision typed without replying ("approve 3", "reject 2 too expensive"); a bare
    "yes" then asks which proposal. False if the text is not a decision."""
    msg = update.message
    if msg is None or msg.text is None:
        return False
    said = read(without_mention(msg.text, context.bot))
    if said is None:
        return False
    if said.proposal_id is None:
        await msg.reply_text(
            "Which proposal? Reply “yes” to the message that shows it, or write “approve N” "
            "(/pending lists them)."
        )
        return True
    out = await _act(context, said, said.proposal_id, echo=False)
    await tell(context, msg.chat.id, out, msg.message_id)
    return True

"""Alert cards and their buttons: "Snooze 7 days" and "Not useful". Both answers are stored
(`alerts_sent`); "not useful" halves the rank of that kind of alert for this shop.

Callback data is ``alert:snooze:ID`` / ``alert:useless:ID``; the id leads to the stored alert,
so a press after a restart still works.
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import Bot, Update
from telegram.error import BadRequest, TelegramError

from analytics.alerts import Alert
from bot import keyboards
from bot.auth import Context, deps_of, member_of
from bot.cards import proposal_card
from bot.delivery import send_card
from bot.render import esc
from shopkeeper.app import alerts
from shopkeeper.core import members, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView

log = logging.getLogger("bot")
PATTERN = r"^alert:(snooze|useless):([0-9]{1,12})$"
VERDICTS = {"snooze": "snoozed", "useless": "not_useful"}
RECIPIENTS = ("owner", "manager")


def alert_html(alert: Alert, currency: str) -> str:
    """The card: what changed, why I think so, what to do, the money at stake."""
    return (
        f"🔔 <b>{esc(alert.headline)}</b>\n"
        f"Why I think so: {esc(alert.why)}\n"
        f"Suggested: {esc(alert.action)}\n"
        f"At stake: about {alert.money:,.2f} {esc(currency)} a week."
    )


def alert_buttons(alert_id: int) -> list[list[tuple[str, str]]]:
    return [
        [
            ("😴 Snooze 7 days", f"alert:snooze:{alert_id}"),
            ("👎 Not useful", f"alert:useless:{alert_id}"),
        ]
    ]


async def send_alerts(bot: Bot, deps: Deps) -> int:
    """Check now and send the alerts that are due to every owner and manager; how many."""
    due = await asyncio.to_thread(alerts.due_alerts, deps)
    if not due:
        return 0
    people = await asyncio.to_thread(members.members, deps, "telegram", RECIPIENTS)
    if not people:  # nobody to tell yet: the alerts wait for the next check
        return 0
    currency = deps.settings.currency
    for alert in due:
        sent = await asyncio.to_thread(alerts.record_sent, deps, alert)
        view = await asyncio.to_thread(_proposal, deps, alert)
        markup = keyboards.markup(alert_buttons(sent.id))
        for person in people:
            chat_id = int(person.external_id)
            try:
                await bot.send_message(chat_id, alert_html(alert, currency), reply_markup=markup)
                if view is not None:  # the suggested action, ready to approve
                    html = proposal_card(view, currency)
                    await send_card(bot, deps, chat_id, view, html, buttons=True)
            except TelegramError as err:
                log.warning("alert for member %s not delivered: %s", person.id, err)
    return len(due)


def _proposal(deps: Deps, alert: Alert) -> ProposalView | None:
    pid = alerts.propose_for(deps, alert)
    if pid is None:
        return None
    with deps.sessions() as s:
        return proposals.get(s, pid)


async def on_alert_button(update: Update, context: Context) -> None:
    """Snooze / Not useful under an alert card."""
    query = update.callback_query
    assert query is not None
    m = re.fullmatch(PATTERN, query.data or "")
    if m is None:
        return
    who = member_of(context)
    text = await asyncio.to_thread(
        alerts.answer, deps_of(context), int(m.group(2)), VERDICTS[m.group(1)], who.display_name
    )
    try:
        await query.answer(text[:200])
    except BadRequest as err:  # "query is too old": the answer is stored anyway
        log.info("callback not answered: %s", err.message)

"""The weekly brief (every WEEKLY_BRIEF_DAY at WEEKLY_BRIEF_TIME, shop time zone) and the daily
alert check (at DAILY_SCAN_TIME), both to owners and managers only. A week's brief is sent
once: a second run for the same week (a restart, a repeated job) sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo

from telegram import Bot, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import state
from bot.auth import Context, deps_of
from bot.cards import proposal_card
from bot.charts_brief import brief_png
from bot.delivery import send_card, typing
from bot.handlers_alerts import RECIPIENTS, send_alerts
from bot.render import esc
from shopkeeper.app.brief import week_brief
from shopkeeper.assistant.render_brief import brief_lines
from shopkeeper.core import members, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView

log = logging.getLogger("bot")
BRIEF_JOB = "weekly brief"
ALERT_JOB = "daily alert check"
# python-telegram-bot counts the days of the week from Sunday (0) to Saturday (6).
PTB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
MAX_CARDS = 3  # pending proposals shown as cards under the brief (the rest: /pending)


@dataclass(frozen=True)
class ReadyBrief:
    subject: str  # "brief:<first day>": sent once per week
    html: str
    png: bytes | None
    pending: list[ProposalView]  # shown after the brief as cards with their buttons


def prepare_brief(deps: Deps, once: bool = True) -> ReadyBrief | None:
    """The brief of the last full week; with `once`, None when it was sent already."""
    result = week_brief(deps)
    subject = f"brief:{result.period.start.isoformat()}"
    if once and not state.warning_is_new(deps, subject, "sent"):
        return None
    html = "\n".join(esc(line) for line in brief_lines(result, deps.settings.currency))
    with deps.sessions() as s:
        pending = [v for p in result.pending[:MAX_CARDS] if (v := proposals.get(s, p.id))]
    return ReadyBrief(subject, html, brief_png(result.to_dict()), pending)


async def _deliver(bot: Bot, deps: Deps, chat_id: int, ready: ReadyBrief) -> None:
    await bot.send_message(chat_id, ready.html)
    if ready.png is not None:
        photo = InputFile(ready.png, filename="week.png")
        await bot.send_photo(chat_id, photo, caption="Last 8 weeks: sold vs forecast")
    for view in ready.pending:  # the decisions waiting, one tap away
        html = proposal_card(view, deps.settings.currency)
        await send_card(bot, deps, chat_id, view, html, buttons=True)


async def on_brief(update: Update, context: Context) -> None:
    """/brief: the last full week, now, in this chat (the Monday message on request)."""
    chat = update.effective_chat
    assert chat is not None
    async with typing(context.bot, chat.id):
        ready = await asyncio.to_thread(prepare_brief, deps_of(context), False)
    assert ready is not None
    await _deliver(context.bot, deps_of(context), chat.id, ready)


async def send_brief(bot: Bot, deps: Deps) -> int:
    """Send the brief to every owner and manager; the number of people it reached."""
    people = await asyncio.to_thread(members.members, deps, "telegram", RECIPIENTS)
    if not people:
        return 0
    ready = await asyncio.to_thread(prepare_brief, deps)
    if ready is None:
        return 0
    reached = 0
    for person in people:
        chat_id = int(person.external_id)
        try:
            await _deliver(bot, deps, chat_id, ready)
            reached += 1
        except TelegramError as err:
            log.warning("brief for member %s not delivered: %s", person.id, err)
    if reached:
        await asyncio.to_thread(state.warning_sent, deps, ready.subject, "sent")
    return reached


async def weekly_brief_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    deps: Deps = context.bot_data["deps"]
    reached = await send_brief(context.bot, deps)
    log.info("weekly brief sent to %d member(s)", reached)


async def alert_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    deps: Deps = context.bot_data["deps"]
    n = await send_alerts(context.bot, deps)
    log.info("alert check: %d alert(s) sent", n)


def _at(hhmm: str, tz: str) -> time:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return time(hour, minute, tzinfo=ZoneInfo(tz))


def schedule(app: Application, deps: Deps) -> None:  # type: ignore[type-arg]
    """The brief on its day and time, the alert check daily (each only when enabled)."""
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    s = deps.settings
    if s.weekly_brief_enabled:
        app.job_queue.run_daily(
            weekly_brief_job,
            time=_at(s.weekly_brief_time, s.timezone),
            days=(PTB_DAYS.index(s.weekly_brief_day),),
            name=BRIEF_JOB,
        )
    if s.alerts_enabled:
        app.job_queue.run_daily(alert_job, time=_at(s.daily_scan_time, s.timezone), name=ALERT_JOB)

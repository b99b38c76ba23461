"""Proactive stock-out warnings: every day at the shop's scan time (shop time zone) and after
every sales import. The owner and managers get one message per supplier: the products at
risk and the purchase-order proposal with its arithmetic and buttons. A warning identical to
the last one sent about that supplier is not sent again; snoozed products are left out.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import state
from bot.cards import no_supplier_card, proposal_card
from bot.delivery import send_card
from shopkeeper.app.scan import ScanResult, StockLine, SupplierOrder, run_scan
from shopkeeper.core import members, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView

log = logging.getLogger("bot")
JOB_NAME = "daily stock-out scan"


@dataclass(frozen=True)
class StockWarning:
    subject: str
    fingerprint: str
    html: str
    view: ProposalView | None
    first_out: date | None


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan found and what it sent (for the person who triggered it, and tests)."""

    at_risk: int = 0
    suppliers: int = 0
    new_warnings: int = 0
    unchanged: int = 0
    snoozed: int = 0
    messages: int = 0

    def summary(self) -> str:
        if not self.at_risk:
            return "Stock-out scan: nothing is at risk before the next delivery."
        text = (
            f"Stock-out scan: {self.at_risk} product(s) at risk from {self.suppliers} supplier(s)"
        )
        if self.snoozed:
            text += f" ({self.snoozed} snoozed)"
        parts = []
        if self.new_warnings and self.messages:
            parts.append(f"{self.new_warnings} new warning(s) sent to the owner and managers")
        elif self.new_warnings:
            parts.append("no owner or manager has joined yet to be warned")
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged since the last warning (see /pending)")
        return text + (": " + "; ".join(parts) if parts else "") + "."


def fingerprint(at_risk: list[StockLine], order: SupplierOrder | None) -> str:
    """Same products at risk, same stock-out dates, same order quantities: same warning."""
    content = {
        "risk": sorted((s.sku, str(s.stockout_date)) for s in at_risk),
        "order": sorted((ln.sku, ln.quantity) for ln in order.lines) if order else [],
    }
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def prepare(deps: Deps, result: ScanResult) -> tuple[list[StockWarning], ScanOutcome]:
    """Render the warnings of a scan that are new (synchronous; run it in a thread)."""
    quiet = state.snoozed(deps)
    orders = {o.supplier: o for o in result.plan.orders}
    currency = deps.settings.currency
    warnings: list[StockWarning] = []
    unchanged = n_snoozed = n_risk = 0
    for supplier, lines in result.at_risk.items():
        shown = [s for s in lines if s.sku not in quiet]
        n_snoozed += len(lines) - len(shown)
        n_risk += len(lines)
        if not shown:
            continue
        order = orders.get(supplier)
        sid = order.supplier_id if order else None
        subject = f"supplier:{sid}" if sid is not None else f"supplier:{supplier}"
        fp = fingerprint(shown, order)
        if not state.warning_is_new(deps, subject, fp):
            unchanged += 1
            continue
        view = None
        if order is not None and order.proposal_id:
            with deps.sessions() as s:
                view = proposals.get(s, order.proposal_id)
        if view is not None and order is not None:
            html = proposal_card(
                view,
                currency,
                # The arithmetic of the products at risk; the rest of the order is listed.
                explanations={
                    ln.sku: ln.explanation for ln in order.lines if ln.sku in {x.sku for x in shown}
                },
                note=order.note or None,
                at_risk=shown,
            )
        else:
            html = no_supplier_card(shown)
        dates = [s.stockout_date for s in shown if s.stockout_date is not None]
        warnings.append(StockWarning(subject, fp, html, view, min(dates) if dates else None))
    warnings.sort(key=lambda w: w.first_out or date.max)
    outcome = ScanOutcome(
        at_risk=n_risk,
        suppliers=len(result.at_risk),
        new_warnings=len(warnings),
        unchanged=unchanged,
        snoozed=n_snoozed,
    )
    return warnings, outcome


async def scan_and_warn(bot: Bot, deps: Deps, scan: ScanResult | None = None) -> ScanOutcome:
    """Send the new warnings of `scan` (default: scan now) to everyone who may approve."""
    if scan is None:
        scan = await asyncio.to_thread(run_scan, deps)
    warnings, outcome = await asyncio.to_thread(prepare, deps, scan)
    if not warnings:
        return outcome
    roles = deps.settings.approver_roles
    recipients = await asyncio.to_thread(members.members, deps, "telegram", roles)
    sent = 0
    for w in warnings:
        delivered = 0
        for person in recipients:
            chat_id = int(person.external_id)  # a user's private chat has the user's id
            try:
                if w.view is not None:
                    await send_card(bot, deps, chat_id, w.view, w.html, buttons=True)
                else:
                    await bot.send_message(chat_id, w.html)
                delivered += 1
            except TelegramError as err:  # blocked the bot, never opened a chat, ...
                log.warning("warning for member %s not delivered: %s", person.id, err)
        if delivered:  # with nobody to tell yet, the warning waits for the next scan
            await asyncio.to_thread(state.warning_sent, deps, w.subject, w.fingerprint)
        sent += delivered
    return ScanOutcome(**{**outcome.__dict__, "messages": sent})


async def daily_scan(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue callback."""
    deps: Deps = context.bot_data["deps"]
    outcome = await scan_and_warn(context.bot, deps)
    log.info("daily scan: %s", outcome.summary())


def schedule(app: Application, deps: Deps) -> None:  # type: ignore[type-arg]
    """Run the scan every day at DAILY_SCAN_TIME in the shop's time zone."""
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    hour, minute = (int(x) for x in deps.settings.daily_scan_time.split(":"))
    at = time(hour, minute, tzinfo=ZoneInfo(deps.settings.timezone))
    app.job_queue.run_daily(daily_scan, time=at, name=JOB_NAME)

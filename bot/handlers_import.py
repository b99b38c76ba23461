"""Importing a CSV/XLSX export sent as a document, through the same validated, atomic import
as the command line. New sales re-forecast and run the stock-out scan (warnings go to the
owner and managers)."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from telegram import Update

from bot.auth import Context, deps_of, display_name, may_decide
from bot.delivery import send_parts, typing
from bot.jobs import scan_and_warn
from bot.render import answer_parts, esc
from shopkeeper.app.workflows import after_import
from shopkeeper.core.importing import KINDS, import_file

SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")
BOT_API_DOWNLOAD_MB = 20.0  # the Bot API serves files up to 20 MB to bots
SKIP_RX = re.compile(r"\bskip(\s+bad)?(\s+rows?)?\b", re.IGNORECASE)
ONLY_MANAGERS = "Only the owner or a manager can import files; ask one of them to send it."


def _limit_mb(context: Context) -> float:
    return min(deps_of(context).settings.max_upload_mb, BOT_API_DOWNLOAD_MB)


async def on_import_command(update: Update, context: Context) -> None:
    """`/import`: how to send a file."""
    msg = update.effective_message
    assert msg is not None
    if not may_decide(context):
        await msg.reply_text(ONLY_MANAGERS)
        return
    await msg.reply_text(
        "Send me the file as a document (CSV or XLSX, up to "
        f"{_limit_mb(context):g} MB): sales, products, suppliers, stock counts, customers or "
        "deliveries, as your till or web shop exports them. I tell what it holds from its "
        "header; to say it yourself, add a caption such as <code>sales</code>.\n"
        "A file with errors changes nothing and I list what to fix; with the caption "
        "<code>skip bad rows</code> I import the good rows and list the others."
    )


def _kind(caption: str) -> str | None:
    words = re.findall(r"[a-z]+", caption.lower())
    found = [w for w in words if w in KINDS]
    return found[0] if found else None


async def on_document(update: Update, context: Context) -> None:
    """A document: check who and how big, download to a temporary file, import, report."""
    msg, chat = update.effective_message, update.effective_chat
    assert msg is not None and chat is not None and msg.document is not None
    if not may_decide(context):
        await msg.reply_text(ONLY_MANAGERS)
        return
    doc = msg.document
    name = Path(doc.file_name or "upload").name
    if Path(name).suffix.lower() not in SUFFIXES:
        await msg.reply_text(
            f"I can import CSV or XLSX files; {esc(name)} is neither. "
            "Export the data from your till or spreadsheet as CSV or XLSX and send it again."
        )
        return
    limit = _limit_mb(context)
    size_mb = (doc.file_size or 0) / (1024 * 1024)
    if size_mb > limit:
        await msg.reply_text(
            f"{esc(name)} is {size_mb:.1f} MB; I take files up to {limit:g} MB. "
            "Split it (for example by month) and send the parts one by one."
        )
        return
    deps = deps_of(context)
    caption = msg.caption or ""
    async with typing(context.bot, chat.id):
        with tempfile.TemporaryDirectory(prefix="shopkeeper-upload-") as tmp:
            path = Path(tmp) / name
            tg_file = await doc.get_file()
            await tg_file.download_to_drive(path)
            report = await asyncio.to_thread(
                import_file,
                deps.engine,
                path,
                _kind(caption),
                skip_bad_rows=bool(SKIP_RX.search(caption)),
                now=deps.now(),
                actor=f"telegram: {display_name(update)}",
            )
    text = report.summary()
    if not report.committed and any(p.row is not None for p in report.problems):
        text += (
            "\nTo import only the good rows, send the file again with the caption “skip bad rows”."
        )
    await send_parts(context.bot, chat.id, answer_parts(text), reply_to=msg.message_id)
    if report.committed and report.kind == "sales" and report.rows_added:
        async with typing(context.bot, chat.id):
            done = await asyncio.to_thread(after_import, deps)
            outcome = await scan_and_warn(context.bot, deps, done.scan)
        await context.bot.send_message(chat.id, esc(f"{done.headline()}\n{outcome.summary()}"))

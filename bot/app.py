"""The Telegram application: `build_application(settings, deps)` wires handlers, the daily
job, rate limiting and the one error handler; `run(deps)` runs it (long polling, or a
webhook when TELEGRAM_MODE=webhook). `shopkeeper bot` calls `run`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import uuid
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from sqlalchemy import select
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import handlers_admin as admin
from bot import handlers_chat as chat
from bot import jobs
from bot.auth import Context, gate, log_extra
from bot.handlers_decide import on_callback
from bot.handlers_import import on_document, on_import_command
from bot.ordering import PerChatOrder
from bot.render import error_html
from shopkeeper.assistant.answer import Assistant
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.chat_models import Member

log = logging.getLogger("bot")
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
COMMANDS = [
    BotCommand("stock", "Stock, days of cover, what may run out"),
    BotCommand("forecast", "Expected sales of a product (with a chart)"),
    BotCommand("reorder", "What to order now, per supplier"),
    BotCommand("pending", "Orders waiting for approval"),
    BotCommand("import", "Import a CSV/XLSX export"),
    BotCommand("settings", "The shop's settings"),
    BotCommand("help", "What you can ask"),
]


def file_url(base_url: str) -> str:
    """The file-download URL that goes with a Bot API URL (…/bot -> …/file/bot)."""
    base = base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("bot")] + "file/bot"
    return base + "/file/bot"


COMMAND_HANDLERS = {
    "start": chat.on_start,
    "help": chat.on_help,
    "reset": chat.on_reset,
    "settings": chat.on_settings,
    "stock": chat.on_stock,
    "forecast": chat.on_forecast,
    "reorder": chat.on_reorder,
    "pending": chat.on_pending,
    "import": on_import_command,
    "invite": admin.on_invite,
    "members": admin.on_members,
    "remove": admin.on_remove,
    "snooze": admin.on_snooze,
}


def build_application(
    settings: Settings,
    deps: Deps,
    *,
    assistant: Assistant | None = None,
    request: BaseRequest | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot, ready to run: handlers, daily stock-out scan, rate limiter, error handler.

    Args:
        settings: Telegram token, API URL (TELEGRAM_BASE_URL), scan time, upload limit.
        deps: The shop (database, clock, caches).
        assistant: Who answers questions (default: `make_assistant(deps)`).
        request: A custom transport for the Bot API (tests); default HTTPX.
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(file_url(settings.telegram_base_url))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                tzinfo=ZoneInfo(settings.timezone),
            )
        )
        .rate_limiter(AIORateLimiter())
        .concurrent_updates(PerChatOrder(32))
        .post_init(_post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data.update(
        deps=deps,
        assistant=assistant or make_assistant(deps),
        decide_lock=asyncio.Lock(),
    )
    app.add_handler(TypeHandler(Update, gate), group=-1)
    for name, callback in COMMAND_HANDLERS.items():
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, chat.on_text))
    app.add_handler(MessageHandler(filters.COMMAND, chat.on_unknown_command))
    app.add_handler(MessageHandler(filters.ALL, chat.on_other))
    app.add_error_handler(on_error)
    jobs.schedule(app, deps)
    return app


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    await app.bot.set_my_commands(COMMANDS)


async def on_error(update: object, context: Context) -> None:
    """The one error handler: a short apology with an error id; the traceback goes to the log."""
    error_id = uuid.uuid4().hex[:8]
    log.error("error %s %s", error_id, log_extra(update), exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(
                f"Sorry, something went wrong (error {error_id}).", show_alert=True
            )
        elif update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, error_html(error_id))
    except TelegramError:
        log.warning("could not tell the user about error %s", error_id)


def _has_owner(deps: Deps) -> bool:
    with deps.sessions() as s:
        return (
            s.scalars(
                select(Member.id).where(Member.role == "owner", Member.active.is_(True))
            ).first()
            is not None
        )


def _logging(deps: Deps) -> None:
    log_file = deps.settings.data_dir / "shopkeeper.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [logging.FileHandler(log_file), logging.StreamHandler()]
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll otherwise


def run(deps: Deps) -> int:
    """Run the bot until Ctrl+C. Returns a process exit code."""
    settings = deps.settings
    if settings.telegram_bot_token is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram, put its "
            "token in .env (TELEGRAM_BOT_TOKEN=...) and run this again. See docs/telegram.md.",
            file=sys.stderr,
        )
        return 2
    if settings.telegram_mode == "webhook" and not settings.webhook_url:
        print(
            "TELEGRAM_MODE=webhook needs WEBHOOK_URL (the public https address).", file=sys.stderr
        )
        return 2
    _logging(deps)
    app = build_application(settings, deps)
    print(f"shopkeeper bot for {settings.shop_name}: starting ({settings.telegram_mode}).")
    if not _has_owner(deps):
        print(
            "Nobody has joined yet: run `shopkeeper invite --role owner` and send the bot "
            "/start followed by the code it prints."
        )
    print("Stop it with Ctrl+C.")
    try:
        if settings.telegram_mode == "webhook":
            _run_webhook(app, settings)
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        print("Telegram refused the token: check TELEGRAM_BOT_TOKEN in .env.", file=sys.stderr)
        return 2
    except NetworkError as err:
        print(f"Cannot reach the Telegram Bot API ({err.message}).", file=sys.stderr)
        return 1
    finally:
        app.bot_data["assistant"].close()
    return 0


def _run_webhook(app: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    url = str(settings.webhook_url)
    kwargs: dict[str, Any] = {}
    if settings.webhook_secret is not None:
        kwargs["secret_token"] = settings.webhook_secret.get_secret_value()
    app.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlparse(url).path.lstrip("/"),
        webhook_url=url,
        allowed_updates=ALLOWED_UPDATES,
        **kwargs,
    )


def main() -> int:
    """Run the bot with settings from the environment / .env (same as `shopkeeper bot`)."""
    return run(Deps.build(Settings()))


if __name__ == "__main__":
    raise SystemExit(main())

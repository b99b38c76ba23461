"""Secrets never reach a log: every record is written with the bot token, API keys, webhook
secret and database password replaced by "[secret]" — its message, its arguments and its
traceback (an HTTP error can carry the URL with the bot token in it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy.engine import make_url

from shopkeeper.core.settings import Settings

MASK = "[secret]"
SHORTEST = 6  # shorter values would mask ordinary words


def secrets_of(settings: Settings) -> list[str]:
    """The secret values in `settings` (and the token's secret half, which URLs show)."""
    found = []
    for value in (settings.telegram_bot_token, settings.openai_api_key, settings.webhook_secret):
        if value is not None:
            found.append(value.get_secret_value())
    if settings.telegram_bot_token is not None:
        found.append(settings.telegram_bot_token.get_secret_value().partition(":")[2])
    if settings.database_url:
        try:
            password = make_url(settings.database_url).password
        except Exception:  # an unreadable URL fails elsewhere, with its own message
            password = None
        if password:
            found.append(str(password))
    return sorted({s for s in found if len(s) >= SHORTEST}, key=len, reverse=True)


class RedactSecrets(logging.Filter):
    """A handler filter that masks `secrets` in everything the record will print."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= SHORTEST]

    def _mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg, record.args = self._mask(record.getMessage()), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self._mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self._mask(record.stack_info)
        return True


def redact_handlers(settings: Settings, handlers: Iterable[logging.Handler]) -> None:
    """Mask this deployment's secrets in everything these handlers write."""
    secrets = secrets_of(settings)
    for handler in handlers:
        handler.addFilter(RedactSecrets(secrets))

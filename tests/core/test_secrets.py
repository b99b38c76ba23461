"""Secrets never reach a log: canary values for the bot token, the API key, the webhook
secret and the database password are masked in messages, arguments and tracebacks."""

from __future__ import annotations

import io
import logging

from pydantic import SecretStr

from shopkeeper.core.log_redaction import MASK, redact_handlers, secrets_of
from shopkeeper.core.settings import Settings

TOKEN = "987654:CANARY-bot-token-7f3a"
KEY = "sk-CANARY-key-91b2"
HOOK = "CANARY-webhook-5e"
PASSWORD = "CANARY-pw-55"


def _settings() -> Settings:
    return Settings(
        telegram_bot_token=SecretStr(TOKEN),
        openai_api_key=SecretStr(KEY),
        webhook_secret=SecretStr(HOOK),
        database_url=f"postgresql+psycopg://shop:{PASSWORD}@127.0.0.1:5432/shop",
        _env_file=None,  # type: ignore[call-arg]
    )


def test_every_secret_of_the_settings_is_known() -> None:
    assert set(secrets_of(_settings())) == {
        TOKEN, "CANARY-bot-token-7f3a", KEY, HOOK, PASSWORD
    }  # fmt: skip


def test_canaries_are_masked_in_messages_arguments_and_tracebacks() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    redact_handlers(_settings(), [handler])
    log = logging.getLogger("canary-test")
    log.addHandler(handler)
    log.propagate = False
    log.setLevel(logging.INFO)
    try:
        log.warning("POST https://api.telegram.org/bot%s/getUpdates failed", TOKEN)
        log.info("calling the model with key %r", KEY)
        try:
            raise RuntimeError(f"refused: Incorrect API key provided: {KEY}; hook {HOOK}")
        except RuntimeError:
            log.exception("model turn failed")
        log.error("cannot connect to postgresql://shop:%s@127.0.0.1/shop", PASSWORD)
    finally:
        log.removeHandler(handler)
    written = out.getvalue()
    for canary in (TOKEN, "CANARY-bot-token-7f3a", KEY, HOOK, PASSWORD, "CANARY"):
        assert canary not in written
    assert written.count(MASK) == 5
    assert "RuntimeError: refused: Incorrect API key provided: [secret]; hook [secret]" in written

"""What a command tells the person when a step failed: a storage failure in one sentence
(full disk, read-only or busy database, PostgreSQL out of reach, a missing driver), anything
else an apology with an error id, the details in the log (or why the log has none)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from shopkeeper.app.logfile import open_log
from shopkeeper.core.log_redaction import redact_handlers
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.storage_errors import storage_problem


def failure_message(exc: BaseException, settings: Callable[[], Settings], what: str) -> str:
    """The message for `exc`, raised by step `what`.

    Args:
        exc: What was raised.
        settings: Reads the shop's settings (defaults are used if that is what failed).
        what: The step, for the log line ("approve").
    """
    try:
        shop = settings()
    except Exception:  # reading the settings is what failed: the log goes to ./data
        shop = Settings.model_construct()
    problem = storage_problem(exc, shop.db_url)
    if problem is not None:  # the sentence is the whole story; the database is unchanged
        return problem
    error_id = uuid.uuid4().hex[:8]
    log = open_log(Path(shop.data_dir))
    redact_handlers(shop, [log])  # the token, keys and database password never reach it
    try:
        logging.getLogger("shopkeeper").error(
            "error %s in %s", error_id, what, exc_info=(type(exc), exc, exc.__traceback__)
        )
    finally:
        logging.getLogger().removeHandler(log)  # one command per process: done with it
        log.close()
    where = (
        f"Details are in {log.baseFilename}."
        if log.problem is None
        else f"The details could not be written to {log.baseFilename} ({log.problem})."
    )
    return (
        f"Sorry, something went wrong (error {error_id}). Nothing was changed by the failed "
        f"step. {where}"
    )

"""The demo shop on a real PostgreSQL server: load, forecast, questions, a decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shopkeeper.app.scan import run_scan
from shopkeeper.app.workflows import refresh_forecasts, scan_text
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.chat import Conversation
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.models import PurchaseOrder
from shopkeeper.demo import generate, load
from tests.postgres import fresh_database, needs_postgres

pytestmark = pytest.mark.postgres
END = date(2026, 11, 27)


@needs_postgres
def test_the_demo_shop_works_on_postgresql(tmp_path: Path) -> None:
    with fresh_database() as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path,
            today=END,
            openai_api_key=None,
            openai_base_url=None,
            _env_file=None,  # type: ignore[call-arg]
        )
        deps = Deps.build(settings)
        try:
            load(deps.engine, generate(END, scale=0.1))
            refresh_forecasts(deps)
            assert scan_text(run_scan(deps), settings.currency).startswith("Stock-out scan:")
            talk = Conversation(deps, make_assistant(deps), user="Ana")
            (sales, *_) = talk.say("how were sales last month?")
            assert sales.startswith("Sales of the whole shop, October 2026:")
            (best, *_) = talk.say("who are my best customers?")
            assert "C-" in best  # pseudonyms, never names
            talk.say("what should I reorder this week?")
            assert talk.shown, "the demo shop always has something to reorder"
            (approved,) = talk.say(f"approve {talk.shown[0]}")
            if approved.startswith("Approve #"):  # a large order asks first
                (approved,) = talk.say("yes")
            assert "[approved by Ana at 2026-11-27 12:00]" in approved
            with deps.sessions() as s:
                opened = s.scalar(
                    select(func.count())
                    .select_from(PurchaseOrder)
                    .where(PurchaseOrder.proposal_id.is_not(None))
                )
            assert opened == 1
        finally:
            deps.engine.dispose()

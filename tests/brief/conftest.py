"""The demo shop (scale 0.1) with the alert situations planted, a forecast stored before the
reviewed week and the stock-out scan's proposals: what the weekly brief and alerts read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from shopkeeper.app.scan import run_scan
from shopkeeper.core import forecasts
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.db import session_scope
from shopkeeper.demo import DemoShop, generate, load, with_alert_plants

END = date(2026, 11, 27)  # a Friday: the last full week is Mon 16 - Sun 22 November
WEEK_START = date(2026, 11, 16)


@pytest.fixture(scope="package")
def planted_shop() -> DemoShop:
    return with_alert_plants(generate(END, scale=0.1))


@pytest.fixture(scope="package")
def brief_demo(tmp_path_factory: pytest.TempPathFactory, planted_shop: DemoShop) -> Iterator[Deps]:
    path = tmp_path_factory.mktemp("brief")
    settings = Settings(
        database_url=f"sqlite:///{path / 'demo.sqlite'}",
        data_dir=path,
        today=END,
        _env_file=None,  # type: ignore[call-arg]
    )
    deps = Deps.build(settings)
    load(deps.engine, planted_shop)
    with session_scope(deps.sessions) as s:
        # The forecast the shop made on the Monday the week began, then today's.
        for day in (WEEK_START, END):
            forecasts.refresh(s, day, 91, "DE", datetime.combine(day, datetime.min.time()))
    run_scan(deps)
    yield deps
    deps.engine.dispose()

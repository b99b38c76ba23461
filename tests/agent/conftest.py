"""Fixtures for the agent tests: the scripted model server and an agent pointed at it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.core import forecasts
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.db import session_scope
from tests.agent.fake_llm import FakeLLM
from tests.conftest import TODAY, fill_shop


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "live: asks a real model endpoint (needs OPENAI_API_KEY); skipped otherwise"
    )


@pytest.fixture(scope="session")
def shop_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test shop, filled and forecast once per session (a file to copy)."""
    folder = tmp_path_factory.mktemp("template")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'shop.sqlite'}",
        data_dir=folder,
        today=TODAY,
        _env_file=None,  # type: ignore[call-arg]
    )
    deps = Deps.build(settings)
    fill_shop(deps)
    with session_scope(deps.sessions) as s:
        forecasts.refresh(
            s, deps.today(), settings.forecast_horizon_days, settings.country, deps.now()
        )
    deps.engine.dispose()
    return folder / "shop.sqlite"


@pytest.fixture
def shop(settings: Settings, shop_file: Path) -> Deps:
    """The shared test shop (tests/conftest.py), copied from the session's forecast file."""
    shutil.copy(shop_file, settings.db_url.removeprefix("sqlite:///"))
    return Deps.build(settings, migrate=False)


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture
def llm_deps(shop: Deps, fake: FakeLLM) -> Deps:
    """The test shop with a model configured: the fake server, a short timeout."""
    settings = shop.settings.model_copy(
        update={
            "openai_base_url": fake.base_url,
            "openai_api_key": SecretStr("sk-test"),
            "llm_timeout_seconds": 1.0,
        }
    )
    return Deps(settings, shop.engine, shop.sessions, shop.state)


@pytest.fixture
def agent(llm_deps: Deps) -> LLMAssistant:
    return LLMAssistant(llm_deps)

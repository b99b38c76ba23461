"""A small generated demo shop (scale 0.1) shared by the customer and pricing tool tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.demo import DemoShop, generate, load

END = date(2026, 11, 27)


@pytest.fixture(scope="package")
def demo_shop() -> DemoShop:
    return generate(END, scale=0.1)


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_shop: DemoShop) -> Iterator[Deps]:
    path = tmp_path_factory.mktemp("demo")
    settings = Settings(
        database_url=f"sqlite:///{path / 'demo.sqlite'}",
        data_dir=path,
        today=END,
        _env_file=None,  # type: ignore[call-arg]
    )
    deps = Deps.build(settings)
    load(deps.engine, demo_shop)
    yield deps
    deps.engine.dispose()

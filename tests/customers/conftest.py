"""A small generated demo shop (scale 0.1) shared by the customer and pricing tool tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from shopkeeper.core.deps import Deps
from shopkeeper.demo import DemoShop, generate
from tests.demo import loaded_demo

END = date(2026, 11, 27)


@pytest.fixture(scope="package")
def demo_shop() -> DemoShop:
    return generate(END, scale=0.1)


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_shop: DemoShop) -> Iterator[Deps]:
    deps = loaded_demo(tmp_path_factory.mktemp("demo"), demo_shop, END)
    yield deps
    deps.engine.dispose()

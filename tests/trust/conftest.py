"""A small generated demo shop (scale 0.1) for the trust tools, and a tool context on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.demo import DemoShop, generate, load
from tools.context import ToolContext

END = date(2026, 11, 27)


@pytest.fixture(scope="package")
def small_shop() -> DemoShop:
    return generate(END, scale=0.1)


def empty_shop(path: Path) -> Deps:
    """An empty, migrated shop in `path` on the fixed clock."""
    settings = Settings(
        database_url=f"sqlite:///{path / 'demo.sqlite'}",
        data_dir=path,
        today=END,
        _env_file=None,  # type: ignore[call-arg]
    )
    return Deps.build(settings)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, small_shop: DemoShop) -> Iterator[Deps]:
    """A fresh copy per test module: some modules change the data."""
    deps = empty_shop(tmp_path_factory.mktemp("demo"))
    load(deps.engine, small_shop)
    yield deps
    deps.engine.dispose()


def tool_context(deps: Deps, session: Session, role: str = "owner") -> ToolContext:
    """A turn of `deps`' shop at the fixed clock (its shop state shared across turns)."""
    return ToolContext.of(deps, session, role=role)

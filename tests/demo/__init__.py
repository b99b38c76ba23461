"""Tests of the demo shop, and the helper other tests use to talk to a loaded one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.demo import DemoShop, load


def loaded_demo(folder: Path, shop: DemoShop, today: date) -> Deps:
    """`shop` loaded into a fresh SQLite file in `folder`, with the shop's clock at `today`."""
    settings = Settings(
        database_url=f"sqlite:///{folder / 'demo.sqlite'}",
        data_dir=folder,
        today=today,
        _env_file=None,  # type: ignore[call-arg]
    )
    deps = Deps.build(settings)
    load(deps.engine, shop)
    return deps

"""The conftest's small shop with a few more products, built once for the understanding
tests (they only read it, except the assistant tests, which only add proposals)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import Product
from tests.conftest import small_shop_at
from tools.context import ToolContext

EXTRA = [  # names that trap a router which builds products from leftover words
    ("PEP-MILL", "Black Pepper Mill 50g", "Pantry"),
    ("BUT-250", "Butter 250g", "Dairy & Alternatives"),
]


@pytest.fixture(scope="package")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Deps:
    deps = small_shop_at(tmp_path_factory.mktemp("understanding"))
    with deps.sessions.begin() as s:
        for sku, name, category in EXTRA:
            s.add(Product(sku=sku, name=name, category=category, unit_cost=1.0, price=2.0))
    return deps


@pytest.fixture
def ctx(shop: Deps) -> Iterator[ToolContext]:
    with shop.sessions() as s:
        yield ToolContext.of(shop, s)

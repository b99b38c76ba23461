"""Shared fixtures: a small hand-made shop with known demand, on a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import insert, text

from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings
from shopkeeper.core.store.models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SaleLine,
    StockLevel,
    Supplier,
)
from tests.postgres import ADMIN_URL, fresh_database

TODAY = date(2026, 11, 27)  # a Friday

SUPPLIERS = [
    (1, "Alpine Dairy", 3.0, 50.0),
    (2, "Bean Roasters", 7.0, 100.0),
    (3, "Sunrise Bakery", 1.0, 0.0),
]
# sku, name, category, unit_cost, price, pack, moq, supplier, daily rate, on hand
PRODUCTS = [
    ("OAT-1L", "Oat Milk Barista 1L", "Dairy & Alternatives", 1.10, 2.49, 12, 12, 1, 12.0, 20),
    ("MILK-1L", "Whole Milk 1L", "Dairy & Alternatives", 0.80, 1.49, 12, 12, 1, 8.0, 400),
    ("CRO", "Croissant", "Bakery", 0.35, 1.20, 1, 10, 3, 30.0, 60),
    ("ESP-1KG", "Coffee Beans Espresso 1kg", "Coffee & Tea", 11.0, 21.90, 6, 6, 2, 2.0, 30),
    ("HOU-1KG", "Coffee Beans House Blend 1kg", "Coffee & Tea", 9.0, 18.90, 6, 6, 2, 1.5, 40),
    ("CHOC-70", "Dark Chocolate 70% 100g", "Snacks & Sweets", 0.90, 2.29, 24, 24, 2, 0.3, 5),
]
SHELF_LIFE = {"CRO": 1, "MILK-1L": 10, "OAT-1L": 90}
WEEKDAY = np.array([0.8, 0.8, 0.9, 1.0, 1.2, 1.6, 0.7])  # Mon..Sun


def fill_shop(deps: Deps, days: int = 420, seed: int = 1) -> None:
    """Suppliers, products, `days` of daily sales, stock counted this morning, one open order."""
    rng = np.random.default_rng(seed)
    with deps.sessions.begin() as s:
        for sid, name, lead, mov in SUPPLIERS:
            s.add(Supplier(id=sid, name=name, lead_time_days=lead, min_order_value=mov))
        s.flush()
        if deps.engine.dialect.name == "postgresql":  # explicit ids do not move the sequence
            s.execute(text("SELECT setval(pg_get_serial_sequence('suppliers', 'id'), 3)"))
        for sku, name, cat, cost, price, pack, moq, sid, _, _ in PRODUCTS:
            s.add(
                Product(
                    sku=sku,
                    name=name,
                    category=cat,
                    unit_cost=cost,
                    price=price,
                    pack_size=pack,
                    moq=moq,
                    supplier_id=sid,
                    active=True,
                    shelf_life_days=SHELF_LIFE.get(sku),
                )
            )
        s.flush()
        rows = []
        start = TODAY - timedelta(days=days)
        for k, (sku, _, _, _, price, *_rest) in enumerate(PRODUCTS):
            rate = PRODUCTS[k][8]
            for i in range(days):
                d = start + timedelta(days=i)
                q = int(rng.poisson(rate * WEEKDAY[d.weekday()]))
                if q:
                    rows.append(
                        {
                            "line_key": f"{sku}-{i}",
                            "ts": datetime(d.year, d.month, d.day, 10),
                            "order_id": f"O{i}-{k}",
                            "sku": sku,
                            "quantity": float(q),
                            "unit_price": price,
                            "channel": "store",
                            "promo": False,
                        }
                    )
        s.execute(insert(SaleLine), rows)
        for sku, *_rest, on_hand in PRODUCTS:
            s.add(
                StockLevel(
                    sku=sku,
                    on_hand=float(on_hand),
                    counted_at=datetime(TODAY.year, TODAY.month, TODAY.day, 7),
                )
            )
        po = PurchaseOrder(
            reference="PO-1",
            supplier_id=2,
            ordered_at=TODAY - timedelta(days=2),
            expected_at=TODAY + timedelta(days=5),
            status="open",
        )
        s.add(po)
        s.flush()
        s.add(PurchaseOrderLine(order_id=po.id, sku="ESP-1KG", quantity=12.0, unit_cost=11.0))


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """SQLite in the test's folder; a fresh PostgreSQL database for tests marked `postgres`
    when TEST_DATABASE_URL names a server."""
    if ADMIN_URL and request.node.get_closest_marker("postgres"):
        with fresh_database() as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'shop.sqlite'}"


@pytest.fixture
def settings(tmp_path, database_url: str) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        today=TODAY,
        openai_api_key=None,  # a key in the environment must not reach tests (live tests opt in)
        openai_base_url=None,
        _env_file=None,  # type: ignore[call-arg]
    )


def small_shop_at(path: Path) -> Deps:
    """The small shop in its own database under `path` (for module- or package-wide
    fixtures that build it once)."""
    deps = Deps.build(
        Settings(
            database_url=f"sqlite:///{path / 'shop.sqlite'}",
            data_dir=path,
            today=TODAY,
            _env_file=None,  # type: ignore[call-arg]
        )
    )
    fill_shop(deps)
    return deps


@pytest.fixture
def deps(settings: Settings) -> Deps:
    return Deps.build(settings)


@pytest.fixture
def shop(deps: Deps) -> Deps:
    fill_shop(deps)
    return deps

"""Importing competitor prices, and price advice that respects them."""

from pathlib import Path

import pytest
from sqlalchemy import Engine

from shopkeeper.core.deps import Deps
from shopkeeper.core.importing import KINDS, import_file
from shopkeeper.core.importing.headers import detect_kind
from tests.importing import NOW, PRODUCTS_CSV, make_db, rows, write
from tools.context import ToolContext
from tools.pricing import price_advice


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine, _ = make_db(tmp_path)
    import_file(engine, write(tmp_path, "products.csv", PRODUCTS_CSV), now=NOW)
    return engine


def test_the_kind_is_told_from_the_header() -> None:
    assert "competitor_prices" in KINDS
    assert detect_kind(["Date", "SKU", "Competitor", "Price"]) == ("competitor_prices", [])
    assert detect_kind(["Datum", "Artikelnummer", "Mitbewerber", "Preis"]) == (
        "competitor_prices",
        [],
    )
    # A sales file is still a sales file.
    assert detect_kind(["Date", "SKU", "Quantity", "Price"]) == ("sales", [])


def test_prices_are_added_updated_and_left(engine: Engine, tmp_path: Path) -> None:
    first = import_file(
        engine,
        write(
            tmp_path,
            "c1.csv",
            "date,sku,competitor,price\n"
            "2025-03-01,A1,BioMarkt,2.29\n"
            "2025-03-01,A1,Discount Max,1.99\n"
            "2025-03-01,B2,BioMarkt,9.49\n",
        ),
        now=NOW,
    )
    assert (first.kind, first.committed, first.rows_added) == ("competitor_prices", True, 3)
    again = import_file(
        engine,
        write(
            tmp_path,
            "c2.csv",
            "date;sku;competitor;price\n"
            "01.03.2025;A1;biomarkt;2,39\n"  # same day, other capitals: an update
            "01.03.2025;A1;Discount Max;1,99\n"
            "08.03.2025;A1;Discount Max;2,09\n",
        ),
        now=NOW,
    )
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (1, 1, 1)
    assert rows(
        engine, "SELECT sku, competitor, date, price FROM competitor_prices ORDER BY id"
    ) == [
        ("A1", "BioMarkt", "2025-03-01", 2.39),
        ("A1", "Discount Max", "2025-03-01", 1.99),
        ("B2", "BioMarkt", "2025-03-01", 9.49),
        ("A1", "Discount Max", "2025-03-08", 2.09),
    ]


def test_bad_rows_change_nothing(engine: Engine, tmp_path: Path) -> None:
    report = import_file(
        engine,
        write(
            tmp_path,
            "bad.csv",
            "date,sku,competitor,price\n"
            "2025-03-01,ZZ9,BioMarkt,2.29\n"
            "2025-03-01,A1,,2.29\n"
            "2025-03-01,A1,BioMarkt,free\n"
            "2025-03-02,C3,BioMarkt,1.10\n"
            "2025-03-02,C3,biomarkt,1.15\n",
        ),
        now=NOW,
    )
    assert not report.committed
    messages = [str(p) for p in report.problems]
    assert any("row 2" in m and "unknown product 'ZZ9'" in m for m in messages)
    assert any("row 3" in m and "competitor is empty" in m for m in messages)
    assert any("row 4" in m and "'free' is not a number" in m for m in messages)
    assert any("row 5" in m and "appears more than once" in m for m in messages)
    assert rows(engine, "SELECT count(*) FROM competitor_prices") == [(0,)]


def test_price_advice_stays_near_the_cheapest_competitor(shop: Deps, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "comp.csv",
        "date,sku,competitor,price\n"
        "2026-11-20,ESP-1KG,Roastery Next Door,21.50\n"
        "2026-11-20,ESP-1KG,Big Chain,22.90\n"
        "2026-05-01,ESP-1KG,Old Survey,15.00\n",  # older than 90 days: not current
    )
    assert import_file(shop.engine, path, now=NOW).committed
    with shop.sessions() as s:
        advice = price_advice(ToolContext.of(shop, s), "Coffee Beans Espresso 1kg")
    assert [q.competitor for q in advice.competitors] == ["Roastery Next Door", "Big Chain"]
    assert advice.allowed_range[1] == pytest.approx(21.50 * 1.05, abs=0.01)
    assert advice.suggested_price <= 21.50 * 1.05
    assert "competitor" in advice.binding

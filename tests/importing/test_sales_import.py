"""A sales file is all-or-nothing, reports every bad row, and never counts a sale twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.core.importing import import_file
from tests.importing import NOW, PRODUCTS_CSV, digest, make_db, rows, write

pytestmark = pytest.mark.postgres  # also run on PostgreSQL by .ci/run

BAD_SALES = (
    "Date,SKU,Qty,Price,Order\n"
    "2025-03-01,A1,2,2.49,R1\n"  # row 2: fine
    "2025-03-01,A1,abc,2.49,R2\n"  # row 3: quantity
    "31.02.2025,B2,1,8.99,R3\n"  # row 4: date
    "2025-03-02,X123,1,1.00,R4\n"  # row 5: unknown product
    "2025-03-02,B2,-1,8.99,R5\n"  # row 6: a return, fine
    "2025-03-02,,1,8.99,R6\n"  # row 7: sku empty
    "2025-03-03,C3,1,-1.20,R7\n"  # row 8: negative price
)


@pytest.fixture
def shop(tmp_path: Path, database_url):
    engine, db = make_db(tmp_path, database_url)
    import_file(engine, write(tmp_path, "products.csv", PRODUCTS_CSV), now=NOW)
    return engine, db


def test_bad_file_leaves_the_database_file_byte_for_byte_unchanged(shop, tmp_path):
    engine, db = shop
    engine.dispose()
    before = digest(db) if db else rows(engine, "SELECT count(*) FROM sales")
    report = import_file(engine, write(tmp_path, "sales.csv", BAD_SALES), now=NOW)
    engine.dispose()

    # SQLite: the file itself is unchanged; PostgreSQL: no row was written.
    assert (digest(db) if db else rows(engine, "SELECT count(*) FROM sales")) == before
    assert not report.committed and report.rows_added == 0
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (3, "Qty", "quantity 'abc' is not a number"),
        (4, "Date", "date '31.02.2025' is not a valid date"),
        (
            5,
            "SKU",
            "unknown product 'X123' (not in products; import products first or add a name column)",
        ),
        (7, "SKU", "sku is empty"),
        (8, "Price", "price '-1.20' must be 0 or more"),
    ]
    assert "Nothing was imported; the database is unchanged." in report.summary()


def test_skip_bad_rows_imports_the_good_rows_and_lists_the_skipped(shop, tmp_path):
    engine, _ = shop
    report = import_file(
        engine, write(tmp_path, "sales.csv", BAD_SALES), skip_bad_rows=True, now=NOW
    )

    assert report.committed
    assert (report.rows_read, report.rows_added, report.rows_skipped) == (7, 2, 5)
    assert sorted({p.row for p in report.problems}) == [3, 4, 5, 7, 8]
    assert rows(engine, "SELECT order_id FROM sales ORDER BY order_id") == [("R1",), ("R5",)]
    assert "Skipped 5 rows with problems (below)." in report.summary()


def test_importing_the_same_file_again_adds_nothing(shop, tmp_path):
    engine, _ = shop
    path = write(
        tmp_path,
        "sales.csv",
        "Date,SKU,Qty,Price,Order\n"
        "2025-03-01 10:00,A1,1,2.49,R1\n"
        "2025-03-01 10:00,A1,1,2.49,R1\n"  # the same line twice: two sales
        "2025-03-01 11:00,B2,1,8.99,R2\n",
    )
    first = import_file(engine, path, now=NOW)
    second = import_file(engine, path, now=NOW)

    assert (first.rows_added, first.rows_unchanged) == (3, 0)
    assert (second.rows_added, second.rows_unchanged, second.committed) == (0, 3, True)
    assert rows(engine, "SELECT count(*) FROM sales") == [(3,)]
    # Only the import that changed data is in the audit log and the batch list.
    assert rows(engine, "SELECT count(*) FROM audit_log WHERE subject = 'sales:sales.csv'") == [
        (1,)
    ]
    assert rows(engine, "SELECT kind, rows_read, rows_added FROM import_batches") == [
        ("products", 3, 3),
        ("sales", 3, 3),
    ]


def test_a_file_overlapping_an_earlier_import_adds_only_the_new_lines(shop, tmp_path):
    engine, _ = shop
    head = "Date,SKU,Qty,Price,Order\n"
    march = "2025-03-01,A1,1,2.49,R1\n2025-03-02,B2,1,8.99,R2\n"
    import_file(engine, write(tmp_path, "a.csv", head + march), now=NOW)
    report = import_file(
        engine, write(tmp_path, "b.csv", head + march + "2025-03-03,C3,2,1.2,R3\n"), now=NOW
    )

    assert (report.rows_added, report.rows_unchanged) == (1, 2)


def test_a_catalogue_price_change_does_not_make_old_lines_look_new(shop, tmp_path):
    engine, _ = shop
    path = write(tmp_path, "s.csv", "Date,SKU,Qty\n2025-03-01,A1,1\n")  # no price column
    import_file(engine, path, now=NOW)
    import_file(engine, write(tmp_path, "p.csv", "SKU,Name,Price\nA1,Oat milk 1l,2.79\n"), now=NOW)
    again = import_file(engine, path, now=NOW)

    assert (again.rows_added, again.rows_unchanged) == (0, 1)
    assert rows(engine, "SELECT unit_price FROM sales") == [(2.49,)]


def test_returns_are_kept_and_counted(shop, tmp_path):
    engine, _ = shop
    path = write(
        tmp_path,
        "s.csv",
        "Date,SKU,Qty,Price\n2025-03-01,A1,3,2.49\n2025-03-02,A1,-1,2.49\n2025-03-02,B2,-2,8.99\n",
    )
    report = import_file(engine, path, now=NOW)

    assert report.returns == 2 and report.rows_added == 3
    assert "2 returns (negative quantities) included." in report.summary()
    assert rows(engine, "SELECT sum(quantity) FROM sales") == [(0.0,)]


def test_unknown_sku_with_a_name_column_creates_the_product(shop, tmp_path):
    engine, _ = shop
    path = write(
        tmp_path,
        "s.csv",
        "Date,SKU,Item name,Qty,Price\n2025-03-01,N9,Lemon tart,1,3.50\n2025-03-02,N9,,2,3.50\n",
    )
    report = import_file(engine, path, now=NOW)

    assert report.committed and report.created == {"products": 1}
    assert rows(engine, "SELECT name, category, price FROM products WHERE sku = 'N9'") == [
        ("Lemon tart", "uncategorised", 3.5)
    ]


def test_unknown_sku_hint_for_a_case_mismatch(shop, tmp_path):
    engine, _ = shop
    report = import_file(
        engine, write(tmp_path, "s.csv", "Date,SKU,Qty,Price\n2025-03-01,a1,1,2\n"), now=NOW
    )

    assert report.problems[0].message == (
        "unknown product 'a1' (not in products; import products first or add a name column; "
        "did you mean 'A1'?)"
    )


def test_missing_price_falls_back_to_line_total_then_catalogue(shop, tmp_path):
    engine, _ = shop
    path = write(
        tmp_path,
        "s.csv",
        "Date,SKU,Qty,Price,Total\n2025-03-01,A1,2,,5.00\n2025-03-01,B2,1,,\n",
    )
    report = import_file(engine, path, now=NOW)

    assert report.committed
    assert rows(engine, "SELECT sku, unit_price FROM sales ORDER BY id") == [
        ("A1", 2.5),
        ("B2", 8.99),
    ]
    assert "1 lines had no price; used the catalogue price." in report.notes


REFUSE_BOOM = {  # a database that refuses one line of the file
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE INSERT ON sales WHEN NEW.order_id = 'BOOM' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.order_id = 'BOOM' THEN "
        "RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_a_database_error_mid_write_rolls_back_everything(shop, tmp_path, monkeypatch):
    engine, _ = shop
    with engine.begin() as conn:
        for sql in REFUSE_BOOM[engine.dialect.name]:
            conn.execute(text(sql))
    monkeypatch.setattr("shopkeeper.core.importing.load_sales.CHUNK_ROWS", 2)
    body = "".join(f"2025-03-01,N{i},Thing {i},1,1.00,R{i}\n" for i in range(5))
    path = write(
        tmp_path, "s.csv", "Date,SKU,Name,Qty,Price,Order\n" + body + "2025-03-02,A1,,1,1,BOOM\n"
    )
    report = import_file(engine, path, now=NOW)

    assert not report.committed
    assert report.problems[-1].message == (
        "the database refused the import (refused by test); nothing was changed"
    )
    assert rows(engine, "SELECT count(*) FROM sales") == [(0,)]
    assert rows(engine, "SELECT count(*) FROM products") == [(3,)]
    assert rows(engine, "SELECT count(*) FROM import_batches WHERE kind = 'sales'") == [(0,)]


def test_summary_shows_twenty_problems_then_how_many_more(shop, tmp_path):
    engine, _ = shop
    body = "".join(f"2025-03-01,A1,x{i},1\n" for i in range(25))
    report = import_file(engine, write(tmp_path, "s.csv", "Date,SKU,Qty,Price\n" + body), now=NOW)
    summary = report.summary()

    assert len(report.problems) == 25
    assert "  row 21, column \"Qty\": quantity 'x19' is not a number" in summary
    assert "x20" not in summary
    assert summary.splitlines()[-1] == "  ... and 5 more"


def test_line_keys_are_sha1_hex(shop, tmp_path):
    engine, _ = shop
    import_file(
        engine, write(tmp_path, "s.csv", "Date,SKU,Qty,Price\n2025-03-01,A1,1,2.49\n"), now=NOW
    )

    [(key,)] = rows(engine, "SELECT line_key FROM sales")
    assert re.fullmatch(r"[0-9a-f]{40}", key)


def test_report_to_dict_is_plain_data(shop, tmp_path):
    engine, _ = shop
    report = import_file(engine, write(tmp_path, "sales.csv", BAD_SALES), now=NOW)
    data = report.to_dict()

    assert data["kind"] == "sales" and data["committed"] is False
    assert data["problems"][0] == {
        "row": 3,
        "column": "Qty",
        "message": "quantity 'abc' is not a number",
    }
    assert data["date_from"] == "2025-03-01"


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_sales_insert_ignores_known_line_keys_on_both_databases(dialect):
    from types import SimpleNamespace

    from sqlalchemy.dialects import postgresql, sqlite

    from shopkeeper.core.importing.writing import T, insert_ignoring

    conn = SimpleNamespace(dialect=SimpleNamespace(name=dialect))
    stmt = insert_ignoring(conn, T["sales"], ["line_key"])  # type: ignore[arg-type]
    compiled = stmt.compile(dialect={"sqlite": sqlite, "postgresql": postgresql}[dialect].dialect())

    assert "ON CONFLICT (line_key) DO NOTHING" in str(compiled)


def test_a_second_import_of_the_same_lines_relies_on_the_unique_key_too(
    shop, tmp_path, monkeypatch
):
    engine, _ = shop
    path = write(tmp_path, "s.csv", "Date,SKU,Qty,Price\n2025-03-01,A1,1,2.49\n")
    import_file(engine, path, now=NOW)
    # Even if the up-front check missed the stored line, the database drops the repeat.
    monkeypatch.setattr("shopkeeper.core.importing.load_sales.select", _select_nothing)
    report = import_file(engine, path, now=NOW)

    assert (report.committed, report.rows_added) == (True, 0)


def _select_nothing(*columns):
    from sqlalchemy import false, select

    return select(*columns).where(false())

"""Real exports import whatever their delimiter, encoding, number and date style."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from shopkeeper.core.importing import import_file
from tests.importing import NOW, PRODUCTS_CSV, make_db, rows, write


@pytest.fixture
def shop(tmp_path: Path):
    engine, _ = make_db(tmp_path)
    report = import_file(engine, write(tmp_path, "products.csv", PRODUCTS_CSV), now=NOW)
    assert report.committed and report.rows_added == 3
    return engine


def test_german_export_with_semicolons_decimal_comma_and_dotted_dates(shop, tmp_path):
    path = write(
        tmp_path,
        "kasse.csv",
        "Datum;Artikelnummer;Menge;Einzelpreis;Bon;Notiz\n"
        "01.03.2025 09:15;A1;2;2,49;R-1;\n"
        "01.03.2025;B2;3,5;1.234,50;R-2;gift\n"
        "02.03.2025 18:00:05;C3;1;€ 1,20;R-3;\n",
    )
    report = import_file(shop, path, now=NOW)

    assert report.kind == "sales"
    assert report.committed and report.rows_added == 3 and report.problems == []
    assert report.ignored_columns == ["Notiz"]
    assert (report.date_from, report.date_to) == (date(2025, 3, 1), date(2025, 3, 2))
    assert rows(shop, "SELECT ts, sku, quantity, unit_price, order_id FROM sales ORDER BY id") == [
        ("2025-03-01 09:15:00.000000", "A1", 2.0, 2.49, "R-1"),
        ("2025-03-01 00:00:00.000000", "B2", 3.5, 1234.5, "R-2"),
        ("2025-03-02 18:00:05.000000", "C3", 1.0, 1.2, "R-3"),
    ]


def test_bom_and_tab_delimited_file_with_header_synonyms(shop, tmp_path):
    path = write(
        tmp_path,
        "pos.txt",
        "\ufeffOrder Date\tItem Code\tQTY\tUnit Price ($)\tReceipt #\tClient\n"
        "2025-03-01T10:00:00\tA1\t1\t$2.49\t1001\tK-7\n"
        "2025-03-01T10:05:00\tB2\t2\t$8.99\t1002\t\n",
    )
    report = import_file(shop, path, now=NOW)

    assert report.committed and report.rows_added == 2
    assert report.ignored_columns == []
    assert rows(shop, "SELECT sku, quantity, unit_price, order_id FROM sales ORDER BY id") == [
        ("A1", 1.0, 2.49, "1001"),
        ("B2", 2.0, 8.99, "1002"),
    ]


def test_windows_1252_file_with_umlauts(shop, tmp_path):
    path = write(
        tmp_path,
        "artikel.csv",
        "Artikelnummer;Bezeichnung;Warengruppe;Verkaufspreis\nD4;Brötchen groß;Bäckerei;0,45\n",
        encoding="cp1252",
    )
    report = import_file(shop, path, now=NOW)

    assert report.kind == "products" and report.rows_added == 1
    assert rows(shop, "SELECT name, category, price FROM products WHERE sku = 'D4'") == [
        ("Brötchen groß", "Bäckerei", 0.45)
    ]


def test_us_dates_are_read_month_first_when_the_file_shows_it(shop, tmp_path):
    path = write(
        tmp_path,
        "us.csv",
        "date,sku,quantity,price\n03/04/2025,A1,1,2.49\n12/25/2025,A1,1,2.49\n",
    )
    report = import_file(shop, path, now=NOW)

    assert report.committed
    assert (report.date_from, report.date_to) == (date(2025, 3, 4), date(2025, 12, 25))


def test_slashed_dates_default_to_day_first_and_say_so(shop, tmp_path):
    path = write(tmp_path, "eu.csv", "date,sku,quantity,price\n03/04/2025,A1,1,2.49\n")
    report = import_file(shop, path, now=NOW)

    assert report.date_from == date(2025, 4, 3)
    assert "Dates like 03/04/2025 were read as day/month/year." in report.notes


def test_xlsx_workbook_with_real_dates_and_numbers(shop, tmp_path):
    path = tmp_path / "sales.xlsx"
    pd.DataFrame(
        {
            "Timestamp": [datetime(2025, 3, 1, 9, 30), datetime(2025, 3, 2, 11, 0)],
            "Barcode": ["A1", "B2"],
            "Units": [2, 1],
            "Sale Price": [2.49, 8.99],
            "Transaction ID": [5001, 5002],
        }
    ).to_excel(path, index=False)
    report = import_file(shop, path, now=NOW)

    assert report.kind == "sales" and report.rows_added == 2
    assert rows(shop, "SELECT ts, sku, quantity, unit_price, order_id FROM sales ORDER BY id") == [
        ("2025-03-01 09:30:00.000000", "A1", 2.0, 2.49, "5001"),
        ("2025-03-02 11:00:00.000000", "B2", 1.0, 8.99, "5002"),
    ]


def test_xlsx_problem_rows_are_numbered_as_excel_shows_them(shop, tmp_path):
    path = tmp_path / "sales.xlsx"
    pd.DataFrame(
        {
            "Date": ["2025-03-01", "2025-03-01", "2025-03-01"],
            "SKU": ["A1", "B2", "A1"],
            "Qty": [1, "two", 3],
            "Price": [2.49, 8.99, 2.49],
        }
    ).to_excel(path, index=False)
    report = import_file(shop, path, now=NOW)

    assert not report.committed
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (3, "Qty", "quantity 'two' is not a number")
    ]


def test_title_lines_above_the_header_are_skipped_and_rows_keep_their_numbers(shop, tmp_path):
    path = write(
        tmp_path,
        "export.csv",
        "Sales export Shop Nord\n\nDate,SKU,Qty,Price\n"
        "2025-03-01,A1,1,2.49\n2025-03-01,A1,x,2.49\n",
    )
    report = import_file(shop, path, now=NOW)

    assert [(p.row, p.column) for p in report.problems] == [(5, "Qty")]


def test_blank_lines_are_not_rows_but_keep_the_numbering(shop, tmp_path):
    path = write(
        tmp_path, "s.csv", "date,sku,qty,price\n2025-03-01,A1,1,2.49\n\n2025-03-01,A1,?,1\n"
    )
    report = import_file(shop, path, now=NOW)

    assert report.rows_read == 2
    assert [p.row for p in report.problems] == [4]


def test_row_with_more_cells_than_the_header_is_a_problem(shop, tmp_path):
    path = write(
        tmp_path, "s.csv", "date,sku,qty,price\n2025-03-01,A1,1,2.49\n2025-03-01,A1,1,2.49,9\n"
    )
    report = import_file(shop, path, now=NOW)

    assert [(p.row, p.message) for p in report.problems] == [
        (3, "row has 5 cells but the header has 4")
    ]


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Date,SKU,Product,Qty,Price,Order", "sales"),
        ("SKU,Name,Category,Cost,Price,Supplier,Pack size", "products"),
        ("Supplier,Lead time (days),Min order value,Email", "suppliers"),
        ("Customer ID,First name,Last name,Email,Accepts marketing", "customers"),
        ("Article,Stock,Date", "stock"),
        ("SKU,Quantity", "stock"),
        ("Date,SKU,Quantity", "sales"),
        ("PO number,Supplier,Order date,SKU,Qty ordered,Received date,Qty received", "deliveries"),
    ],
)
def test_kind_is_told_from_the_header(tmp_path, header, kind):
    engine, _ = make_db(tmp_path)
    report = import_file(engine, write(tmp_path, "f.csv", header + "\n"), now=NOW)

    assert report.kind == kind
    assert report.problems == []


def test_unknown_file_says_what_each_kind_needs(tmp_path):
    engine, _ = make_db(tmp_path)
    report = import_file(engine, write(tmp_path, "f.csv", "Foo,Bar\n1,2\n"), now=NOW)

    assert report.kind == "unknown" and not report.committed
    message = report.problems[0].message
    assert message.startswith("Could not tell what this file holds: its columns don't match")
    assert "Columns found: Foo, Bar." in message
    assert "  sales: date, sku, quantity" in message
    assert "  deliveries: purchase order, supplier, sku, order date, quantity ordered" in message


def test_a_header_two_kinds_fit_equally_asks_which(tmp_path):
    engine, _ = make_db(tmp_path)
    report = import_file(engine, write(tmp_path, "f.csv", "Customer,Supplier\nK-1,Acme\n"), now=NOW)

    assert report.kind == "unknown"
    assert report.problems[0].message.startswith(
        "Could not tell what this file holds: it could be suppliers or customers; say which."
    )


def test_missing_required_column_for_a_given_kind(tmp_path):
    engine, _ = make_db(tmp_path)
    report = import_file(engine, write(tmp_path, "f.csv", "SKU,Qty\nA1,1\n"), "sales", now=NOW)

    assert not report.committed
    assert report.problems[0].row is None
    assert report.problems[0].message.startswith("A sales file needs the column(s): date.")


def test_old_xls_file_is_refused_with_advice(tmp_path):
    engine, _ = make_db(tmp_path)
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    report = import_file(engine, path, now=NOW)

    assert report.problems[0].message == (
        "this is an old Excel .xls file; save it as .xlsx or CSV first"
    )

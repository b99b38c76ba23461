"""Products, suppliers, stock counts, customers and deliveries: added, updated, unchanged."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from shopkeeper.core.importing import import_file
from tests.importing import NOW, PRODUCTS_CSV, make_db, rows, write

pytestmark = pytest.mark.postgres  # also run on PostgreSQL by .ci/run


@pytest.fixture
def shop(tmp_path: Path, database_url):
    engine, _ = make_db(tmp_path, database_url)
    import_file(engine, write(tmp_path, "products.csv", PRODUCTS_CSV), now=NOW)
    return engine


def test_products_upsert_counts_added_updated_unchanged(shop, tmp_path):
    path = write(
        tmp_path,
        "p2.csv",
        "SKU,Name,Price,Pack size,Active\n"
        "A1,Oat milk 1l,2.49,,\n"  # unchanged (blank cells keep what is stored)
        "B2,Coffee beans,9.49,,\n"  # new price
        "D4,Rye bread,3.10,6,no\n",  # new product
    )
    report = import_file(shop, path, now=NOW)

    assert (report.rows_added, report.rows_updated, report.rows_unchanged) == (1, 1, 1)
    assert rows(
        shop, "SELECT sku, price, unit_cost, pack_size, active FROM products ORDER BY sku"
    ) == [
        ("A1", 2.49, 1.1, 1, 1),
        ("B2", 9.49, 4.0, 1, 1),
        ("C3", 1.2, 0.4, 1, 1),
        ("D4", 3.1, 0.0, 6, 0),
    ]


def test_products_with_an_unknown_supplier_create_it_with_default_terms(shop):
    assert rows(
        shop, "SELECT name, lead_time_days, min_order_value FROM suppliers ORDER BY id"
    ) == [
        ("Acme", 7.0, 0.0),
        ("Beans Ltd", 7.0, 0.0),
    ]
    assert rows(
        shop,
        "SELECT p.sku, s.name FROM products p JOIN suppliers s ON s.id = p.supplier_id "
        "ORDER BY p.sku",
    ) == [
        ("A1", "Acme"),
        ("B2", "Beans Ltd"),
        ("C3", "Acme"),
    ]


def test_duplicate_skus_in_a_products_file_are_problems(tmp_path, database_url):
    engine, _ = make_db(tmp_path, database_url)
    path = write(tmp_path, "p.csv", "SKU,Name,Price\nA1,Milk,1\nB2,Tea,2\nA1,Milk 2,1.5\n")
    report = import_file(engine, path, now=NOW)

    assert not report.committed
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "SKU", "sku 'A1' appears more than once (rows 2, 4); keep one row"),
        (4, "SKU", "sku 'A1' appears more than once (rows 2, 4); keep one row"),
    ]


def test_product_number_problems(tmp_path, database_url):
    engine, _ = make_db(tmp_path, database_url)
    path = write(tmp_path, "p.csv", "SKU,Name,Price,Pack size,MOQ\nA1,Milk,cheap,2.5,0\n")
    report = import_file(engine, path, now=NOW)

    assert [p.message for p in report.problems] == [
        "price 'cheap' is not a number",
        "pack size '2.5' must be a whole number",
        "minimum order quantity '0' must be more than 0",
    ]


def test_suppliers_update_terms_matched_ignoring_case(shop, tmp_path):
    path = write(
        tmp_path,
        "sup.csv",
        "Supplier;Lead time (days);Min order value;Email\n"
        "ACME;4;150,00;orders@acme.test\nFresh Co;2;;\n",
    )
    report = import_file(shop, path, now=NOW)

    assert (report.kind, report.rows_added, report.rows_updated) == ("suppliers", 1, 1)
    assert rows(
        shop, "SELECT name, lead_time_days, min_order_value, contact FROM suppliers ORDER BY id"
    ) == [
        ("Acme", 4.0, 150.0, "orders@acme.test"),
        ("Beans Ltd", 7.0, 0.0, None),
        ("Fresh Co", 2.0, 0.0, None),
    ]


def test_stock_counts_upsert_by_sku_and_count_time(shop, tmp_path):
    first = write(
        tmp_path,
        "s1.csv",
        "SKU,On hand,Counted at\nA1,12,2025-03-01 08:00\nB2,3,2025-03-01 08:00\n",
    )
    again = write(
        tmp_path,
        "s2.csv",
        "SKU,On hand,Counted at\n"
        "A1,12,2025-03-01 08:00\nB2,4,2025-03-01 08:00\nA1,10,2025-03-02 08:00\n",
    )
    import_file(shop, first, now=NOW)
    report = import_file(shop, again, now=NOW)

    assert (report.rows_added, report.rows_updated, report.rows_unchanged) == (1, 1, 1)
    assert rows(
        shop, "SELECT sku, on_hand, counted_at FROM stock_levels ORDER BY counted_at, sku"
    ) == [
        ("A1", 12.0, "2025-03-01 08:00:00.000000"),
        ("B2", 4.0, "2025-03-01 08:00:00.000000"),
        ("A1", 10.0, "2025-03-02 08:00:00.000000"),
    ]


def test_stock_without_a_count_date_is_counted_at_import_time(shop, tmp_path):
    report = import_file(shop, write(tmp_path, "s.csv", "SKU,Qty\nA1,5\nZZ,1\n"), "stock", now=NOW)

    assert [(p.row, p.message) for p in report.problems] == [
        (3, "unknown product 'ZZ' (not in products; import products first)")
    ]
    report = import_file(shop, write(tmp_path, "s.csv", "SKU,Qty\nA1,5\n"), "stock", now=NOW)
    assert rows(shop, "SELECT sku, on_hand, counted_at FROM stock_levels") == [
        ("A1", 5.0, "2025-03-10 12:00:00.000000")
    ]


CUSTOMERS = (
    "Customer ID,First Name,Last Name,Email,Phone,Accepts Marketing\n"
    "K-1,Anna,Schmidt,anna@example.com,+49 30 1234,yes\n"
    "K-2,Ben,Okafor,ben@example.com,,nein\n"
    "K-3,Chloé,Martin,,,1\n"
    "K-4,Dan,Lee,,,\n"
)


def test_customer_pii_goes_only_to_customer_pii_under_a_random_pseudonym(tmp_path, database_url):
    engine, _ = make_db(tmp_path, database_url)
    report = import_file(engine, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)

    assert (report.kind, report.rows_added) == ("customers", 4)
    customers = rows(engine, "SELECT * FROM customers")
    assert all(re.fullmatch(r"C-[0-9a-f]{8}", c[0]) for c in customers)
    flat = " ".join(str(v) for c in customers for v in c)
    for pii in ("K-1", "Anna", "Schmidt", "anna@example.com", "+49 30 1234"):
        assert pii not in flat
    assert rows(
        engine,
        "SELECT external_ref, name, email, phone FROM customer_pii ORDER BY external_ref",
    ) == [
        ("K-1", "Anna Schmidt", "anna@example.com", "+49 30 1234"),
        ("K-2", "Ben Okafor", "ben@example.com", None),
        ("K-3", "Chloé Martin", None, None),
        ("K-4", "Dan Lee", None, None),
    ]


def test_marketing_consent_words_and_when_it_changed(tmp_path, database_url):
    engine, _ = make_db(tmp_path, database_url)
    import_file(engine, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    later = datetime(2025, 4, 1, 9, 0)
    report = import_file(
        engine,
        write(tmp_path, "c2.csv", "Customer ID,Newsletter\nK-1,N\nK-2,Ja\nK-3,true\nK-4,\n"),
        now=later,
    )
    consent = (
        "SELECT p.external_ref, c.marketing_consent, c.consent_updated_at FROM customers c "
        "JOIN customer_pii p ON p.customer_id = c.id ORDER BY p.external_ref"
    )

    assert (report.rows_updated, report.rows_unchanged) == (2, 2)
    assert rows(engine, consent) == [
        ("K-1", 0, "2025-04-01 09:00:00.000000"),
        ("K-2", 1, "2025-04-01 09:00:00.000000"),
        ("K-3", 1, "2025-03-10 12:00:00.000000"),
        ("K-4", 0, None),
    ]


def test_unreadable_consent_is_a_problem(tmp_path, database_url):
    engine, _ = make_db(tmp_path, database_url)
    report = import_file(
        engine, write(tmp_path, "c.csv", "Customer ID,Consent\nK-1,maybe\n"), now=NOW
    )

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "Consent", "marketing consent 'maybe' is not yes or no")
    ]


def test_sales_customer_refs_resolve_to_the_same_pseudonym(shop, tmp_path):
    import_file(shop, write(tmp_path, "c.csv", CUSTOMERS), now=NOW)
    sales = write(
        tmp_path,
        "s.csv",
        "Date,SKU,Qty,Price,Customer\n2025-03-01,A1,1,2.49,K-1\n2025-03-01,B2,1,8.99,K-9\n",
    )
    report = import_file(shop, sales, now=NOW)

    assert report.created == {"customers": 1}
    assert rows(
        shop,
        "SELECT p.external_ref, s.customer_id = p.customer_id, c.first_seen FROM sales s "
        "JOIN customer_pii p ON p.customer_id = s.customer_id "
        "JOIN customers c ON c.id = s.customer_id ORDER BY p.external_ref",
    ) == [("K-1", 1, "2025-03-01"), ("K-9", 1, "2025-03-01")]
    assert rows(shop, "SELECT count(*) FROM customers") == [(5,)]


DELIVERIES = (
    "PO Number,Supplier,Order date,Expected,SKU,Qty ordered,Received date,Qty received,Rejected\n"
    "PO-1,Acme,2025-02-20,2025-02-27,A1,24,2025-02-26,24,1\n"
    "PO-1,,,,C3,50,2025-02-26,30,\n"  # supplier and dates only on the order's first line
    "PO-1,Acme,2025-02-20,2025-02-27,C3,50,2025-03-01,20,\n"
    "PO-2,Beans Ltd,2025-03-05,,B2,10,,,\n"  # ordered, not received yet
)


def test_deliveries_create_orders_lines_and_receipts(shop, tmp_path):
    path = write(tmp_path, "d.csv", DELIVERIES)
    report = import_file(shop, path, now=NOW)

    assert (report.kind, report.rows_added) == ("deliveries", 4)
    assert report.created == {"purchase orders": 2}
    assert rows(
        shop,
        "SELECT reference, s.name, ordered_at, expected_at, status FROM purchase_orders o "
        "JOIN suppliers s ON s.id = o.supplier_id ORDER BY reference",
    ) == [
        ("PO-1", "Acme", "2025-02-20", "2025-02-27", "received"),
        ("PO-2", "Beans Ltd", "2025-03-05", None, "open"),
    ]
    assert rows(shop, "SELECT sku, quantity FROM purchase_order_lines ORDER BY id") == [
        ("A1", 24.0),
        ("C3", 50.0),
        ("B2", 10.0),
    ]
    assert rows(
        shop,
        "SELECT l.sku, d.received_at, d.quantity_received, d.quantity_rejected FROM deliveries d "
        "JOIN purchase_order_lines l ON l.id = d.line_id ORDER BY d.id",
    ) == [
        ("A1", "2025-02-26", 24.0, 1.0),
        ("C3", "2025-02-26", 30.0, 0.0),
        ("C3", "2025-03-01", 20.0, 0.0),
    ]
    again = import_file(shop, path, now=NOW)
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 0, 4)


def test_deliveries_later_receipt_updates_the_open_order(shop, tmp_path):
    path = write(tmp_path, "d.csv", DELIVERIES)
    import_file(shop, path, now=NOW)
    update = write(
        tmp_path,
        "d2.csv",
        "PO Number,Supplier,Order date,SKU,Qty ordered,Received date,Qty received\n"
        "PO-2,Beans Ltd,2025-03-05,B2,10,2025-03-09,\n",  # no quantity: arrived in full
    )
    report = import_file(shop, update, now=NOW)

    assert report.rows_added == 1
    assert rows(shop, "SELECT status FROM purchase_orders WHERE reference = 'PO-2'") == [
        ("received",)
    ]


def test_delivery_problems(shop, tmp_path):
    path = write(
        tmp_path,
        "d.csv",
        "PO Number,Supplier,Order date,SKU,Qty ordered,Received date,Qty received\n"
        "PO-1,Acme,2025-02-20,A1,24,2025-02-10,24\n"
        "PO-1,Beans Ltd,2025-02-20,ZZ,0,,5\n",
    )
    report = import_file(shop, path, now=NOW)

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "Supplier", "this purchase order names more than one supplier"),
        (2, "Received date", "received date is before the order date"),
        (3, "Supplier", "this purchase order names more than one supplier"),
        (3, "SKU", "unknown product 'ZZ' (not in products; import products first)"),
        (3, "Qty ordered", "quantity ordered '0' must be more than 0"),
        (3, "Qty received", "quantity received is given but the received date is empty"),
    ]

"""Files holding what no till produces are refused whole, with the rows to fix, and the
database file stays byte-for-byte the same."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from shopkeeper.core.formula_guard import looks_like_formula, safe_cell, safe_row
from shopkeeper.core.importing import Limits, import_file
from shopkeeper.core.orders import order_document
from shopkeeper.core.proposals import ProposalView
from tests.importing import NOW, PRODUCTS_CSV, digest, make_db, write

CALC = "=cmd|' /C calc'!A0"

# kind -> (file with a formula in an identifier on row 2 and a huge number on row 3,
#          the problems expected as (row, column, message))
CASES = {
    "sales": (
        "Date,SKU,Qty,Price,Order\n"
        f"2025-03-01,A1,2,2.49,\"{CALC}\"\n"
        "2025-03-01,A1,1e300,2.49,R2\n"
        "2025-03-01,B2,1,NaN,R3\n"
        "2025-03-01,B2,inf,8.99,R4\n",
        [
            (2, "Order", f"order '{CALC}' is a spreadsheet formula, which no till or shop "
             "system writes; remove the leading sign or export the file again"),
            (3, "Qty", "quantity '1e300' is outside the range a till produces (at most 1,000,000)"),
            (4, "Price", "price 'NaN' is not a number"),
            (5, "Qty", "quantity 'inf' is not a number"),
        ],
    ),
    "products": (
        "SKU,Name,Price\n@SUM(A1:A9),Lemon tart,3.50\nD4,Scone,9e99\n",
        [
            (2, "SKU", "sku '@SUM(A1:A9)' is a spreadsheet formula, which no till or shop "
             "system writes; remove the leading sign or export the file again"),
            (3, "Price", "price '9e99' is outside the range a till produces (at most 1,000,000)"),
        ],
    ),
    "suppliers": (
        "Supplier,Lead time days\n+cmd|' /C calc'!A0,3\nFresh Ltd,1e300\n",
        [
            (2, "Supplier", "supplier name '+cmd|' /C calc'!A0' is a spreadsheet formula, which "
             "no till or shop system writes; remove the leading sign or export the file again"),
            (3, "Lead time days", "lead time '1e300' is outside the range a till produces "
             "(at most 1,000,000)"),
        ],
    ),
    "stock": (
        "SKU,On hand,Count date\n-2+3+cmd|' /C calc'!A0,4,2025-03-01\nA1,1e300,2025-03-01\n",
        [
            (2, "SKU", "sku '-2+3+cmd|' /C calc'!A0' is a spreadsheet formula, which no till or "
             "shop system writes; remove the leading sign or export the file again"),
            (3, "On hand", "on hand '1e300' is outside the range a till produces "
             "(at most 1,000,000)"),
        ],
    ),
    "customers": (
        "Customer ID,Name,Phone\n=HYPERLINK(\"http://x\"),Ann,+49 30 555 1234\nK2,Bob,+49 1\n",
        [
            (2, "Customer ID", "customer '=HYPERLINK(\"http://x\")' is a spreadsheet formula, "
             "which no till or shop system writes; remove the leading sign or export the file "
             "again"),
        ],
    ),
    "deliveries": (
        "PO number,Supplier,SKU,Order date,Qty ordered\n"
        f"\"{CALC}\",Acme,A1,2025-03-01,12\n"
        "PO-2,Acme,A1,2025-03-01,1e300\n",
        [
            (2, "PO number", f"purchase order '{CALC}' is a spreadsheet formula, which no till "
             "or shop system writes; remove the leading sign or export the file again"),
            (3, "Qty ordered", "quantity ordered '1e300' is outside the range a till produces "
             "(at most 1,000,000)"),
        ],
    ),
    "competitor_prices": (
        "Date,SKU,Competitor,Competitor price\n"
        f"2025-03-01,A1,\"{CALC}\",2.40\n"
        "2025-03-01,B2,Rival,1e300\n",
        [
            (2, "Competitor", f"competitor '{CALC}' is a spreadsheet formula, which no till or "
             "shop system writes; remove the leading sign or export the file again"),
            (3, "Competitor price", "price '1e300' is outside the range a till produces "
             "(at most 1,000,000)"),
        ],
    ),
}  # fmt: skip


@pytest.fixture
def shop(tmp_path: Path):
    engine, db = make_db(tmp_path)
    import_file(engine, write(tmp_path, "products.csv", PRODUCTS_CSV), now=NOW)
    return engine, db


@pytest.mark.parametrize("kind", sorted(CASES))
def test_formulas_and_impossible_numbers_are_refused_in_every_kind(shop, tmp_path, kind):
    engine, db = shop
    content, expected = CASES[kind]
    engine.dispose()
    before = digest(db)
    report = import_file(engine, write(tmp_path, f"{kind}.csv", content), kind, now=NOW)
    engine.dispose()

    assert digest(db) == before
    assert not report.committed
    assert [(p.row, p.column, p.message) for p in report.problems] == expected
    assert "Nothing was imported; the database is unchanged." in report.summary()


def test_the_limits_are_the_shops_setting(shop, tmp_path):
    engine, _ = shop
    path = write(tmp_path, "s.csv", "Date,SKU,Qty,Price\n2025-03-01,A1,600,2.49\n")
    report = import_file(engine, path, now=NOW, limits=Limits(max_quantity=500))

    assert [p.message for p in report.problems] == [
        "quantity '600' is outside the range a till produces (at most 500)"
    ]
    assert import_file(engine, path, now=NOW).committed


def test_phone_numbers_returns_and_dashes_are_not_formulas():
    assert [looks_like_formula(t) for t in ("+49 30 555 1234", "-2", "- two boxes", "R-1")] == [
        False
    ] * 4
    assert [looks_like_formula(t) for t in (CALC, "@SUM(A1)", "+A1", "-1+cmd|x", "\t=1")] == [
        True
    ] * 5


def test_written_cells_that_look_like_formulas_become_text():
    assert safe_cell(CALC) == "'" + CALC
    assert safe_row(["+49 30 555 1234", 3, "-2", "=1+1"]) == ["+49 30 555 1234", 3, "-2", "'=1+1"]


def test_the_order_document_neutralises_a_formula_in_a_product_name():
    view = ProposalView(
        id=7,
        kind="purchase_order",
        subject="supplier:1",
        payload={
            "supplier_name": "@SUM(1+1)",
            "order_value": 12.0,
            "lines": [{"sku": "A1", "name": CALC, "quantity": 4, "unit_cost": 3.0,
                       "order_value": 12.0}],
        },
        reason="",
        status="pending",
        created_by="assistant",
        created_at=NOW,
        expires_at=NOW,
        decided_by=None,
        decided_at=None,
        decision_note=None,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(order_document(view, "Shop", date(2025, 3, 1)))))

    assert rows[1] == ["supplier", "'@SUM(1+1)"]
    assert rows[6][:2] == ["A1", "'" + CALC]

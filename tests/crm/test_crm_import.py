"""Feedback and campaign files: atomic, row report, pseudonymised text, re-import adds nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from shopkeeper.core import text_vectors
from shopkeeper.core.importing import import_file
from tests.importing import NOW, PRODUCTS_CSV, make_db, rows, write

CUSTOMERS_CSV = (
    "Customer ID,Name,Email,Phone,Marketing consent\n"
    "K-1001,Anna Schmidt,anna@example.com,+49 170 5550123,yes\n"
    "K-1002,Ben Ortiz,ben@example.com,,no\n"
)


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    # No e5 in these tests: sentiment then comes from the star rating (the documented fallback).
    monkeypatch.setattr(text_vectors, "passage_vectors", lambda texts: None)
    engine, _ = make_db(tmp_path)
    import_file(engine, write(tmp_path, "products.csv", PRODUCTS_CSV), now=NOW)
    import_file(engine, write(tmp_path, "customers.csv", CUSTOMERS_CSV), now=NOW)
    return engine


FEEDBACK_CSV = (
    "Date,Customer,Channel,Rating,Comment\n"
    "2025-03-01,K-1001,email,1,Anna Schmidt here: the croissants were stale. Call 0170 5550123\n"
    "2025-03-02,,google,5,Lovely oat milk and friendly staff! write to me at x@y.org\n"
    "2025-03-03,K-9999,in-store,,ok\n"
)


def test_feedback_is_stored_pseudonymised_with_products_and_rating_sentiment(
    shop: Engine, tmp_path: Path
) -> None:
    report = import_file(shop, write(tmp_path, "fb.csv", FEEDBACK_CSV), now=NOW)
    assert report.kind == "feedback" and report.committed
    assert report.rows_added == 3
    stored = rows(shop, "SELECT text, sentiment, skus, customer_id FROM feedback ORDER BY id")
    texts = [r[0] for r in stored]
    anna = rows(shop, "SELECT customer_id FROM customer_pii WHERE external_ref='K-1001'")[0][0]
    assert texts[0] == f"{anna} here: the croissants were stale. Call {anna}"
    assert "x@y.org" not in texts[1] and "[e-mail removed]" in texts[1]
    assert [r[1] for r in stored] == ["negative", "positive", "neutral"]
    assert '"C3"' in stored[0][2] and '"A1"' in stored[1][2]
    assert stored[0][3] == anna and stored[2][3] is None  # unknown ref: no customer

    again = import_file(shop, write(tmp_path, "fb.csv", FEEDBACK_CSV), now=NOW)
    assert (again.rows_added, again.rows_unchanged) == (0, 3)


def test_a_bad_feedback_row_changes_nothing_and_is_reported(shop: Engine, tmp_path: Path) -> None:
    bad = FEEDBACK_CSV + "2025-02-30,,email,7,\n"
    report = import_file(shop, write(tmp_path, "fb.csv", bad), now=NOW)
    assert not report.committed
    messages = sorted(str(p) for p in report.problems)
    assert any("not a valid date" in m for m in messages)
    assert any("text is empty" in m for m in messages)
    assert rows(shop, "SELECT count(*) FROM feedback") == [(0,)]


CAMPAIGNS_CSV = (
    "Campaign,Channel,Start,End,Cost,Offer,Discount code,Customer,Holdout\n"
    "Spring win-back,E-mail,2025-03-01,2025-03-14,40,10% off,SPRING10,K-1001,no\n"
    "Spring win-back,,,,,,,K-1002,yes\n"
    "Spring win-back,,,,,,,K-2000,no\n"
    "Instagram bakery,social,2025-03-05,2025-03-20,25,free coffee,,,\n"
)


def test_campaigns_with_their_customer_lists_and_holdout(shop: Engine, tmp_path: Path) -> None:
    report = import_file(shop, write(tmp_path, "c.csv", CAMPAIGNS_CSV), now=NOW)
    assert report.kind == "campaigns" and report.committed, report.problems
    assert report.rows_added == 2 and report.created == {"customers": 1}
    assert rows(shop, "SELECT name, channel, cost, discount_code FROM campaigns ORDER BY id") == [
        ("Spring win-back", "email", 40.0, "SPRING10"),
        ("Instagram bakery", "social", 25.0, None),
    ]
    held = rows(shop, "SELECT holdout, count(*) FROM campaign_targets GROUP BY holdout")
    assert held == [(0, 2), (1, 1)]
    again = import_file(shop, write(tmp_path, "c.csv", CAMPAIGNS_CSV), now=NOW)
    assert (again.rows_added, again.rows_updated, again.rows_unchanged) == (0, 0, 2)


def test_a_campaign_on_an_unknown_channel_is_refused(shop: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "Campaign,Channel,Start,End\nX,pigeon,2025-03-01,2025-02-01\n")
    report = import_file(shop, path, kind="campaigns", now=NOW)
    assert not report.committed
    text = " ".join(str(p) for p in report.problems)
    assert "channel 'pigeon' is not one of email, sms, telegram, social, in-store" in text
    assert "the end date is before the start date" in text


def test_sales_keep_their_discount_code(shop: Engine, tmp_path: Path) -> None:
    sales = "Date,SKU,Qty,Price,Customer,Coupon\n2025-03-02,C3,2,1.20,K-1001,SPRING10\n"
    report = import_file(shop, write(tmp_path, "s.csv", sales), now=NOW)
    assert report.committed, report.problems
    assert rows(shop, "SELECT discount_code FROM sales") == [("SPRING10",)]
    assert np.isclose(rows(shop, "SELECT unit_price FROM sales")[0][0], 1.2)

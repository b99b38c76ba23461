"""The data check finds the demo shop's 13 planted problems and invents none at high
severity; the tool, the import report and the forecast facts carry its findings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from analytics.data_quality import QualityReport, check_data_quality
from shopkeeper.demo import DemoShop, generate
from shopkeeper.demo.quality_score import PLANTED_CHECK, check_demo, score
from tests.trust.conftest import tool_context

END = date(2026, 11, 27)


@pytest.fixture(scope="module")
def demo_shop() -> DemoShop:
    return generate(END)  # full size: the shop the owner sees in `make demo`


def test_all_13_planted_problems_are_found_and_nothing_else_is_high(demo_shop):
    report = check_demo(demo_shop)
    precision, recall, invented = score(demo_shop, report)

    assert len(demo_shop.truth.problems) == 13
    assert invented == []
    assert (precision, recall) == (1.0, 1.0)
    assert {f.check for f in report.at("high")} == set(PLANTED_CHECK.values())


def test_every_finding_says_rows_what_it_spoils_and_the_fix(demo_shop):
    report = check_demo(demo_shop)
    gap = next(f for f in report.findings if f.check == "sales_gap")

    assert gap.rows == 2 and len(gap.cases) == 1
    assert gap.cases[0].detail.startswith("no sales on Tue 2025-11-11 to Wed 2025-11-12")
    assert "forecast" in gap.matters and "import" in gap.fix
    assert all(f.rows > 0 and f.matters and f.fix for f in report.findings)


def test_the_same_shop_on_another_seed_is_scored_the_same():
    shop = generate(END, seed=11, scale=0.3)
    precision, recall, invented = score(shop, check_demo(shop))

    assert (precision, recall, invented) == (1.0, 1.0, [])


def _lines(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["ts", "order_id", "sku", "quantity", "unit_price"])
    return frame.assign(
        ts=pd.to_datetime(frame["ts"]),
        line_key=[f"k{i}" for i in range(len(frame))],
        customer_id=None,
    )


def _catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sku": ["A"],
            "name": ["Oat Milk 1L"],
            "category": ["Dairy"],
            "unit_cost": [1.1],
            "price": [2.49],
            "supplier_id": [1],
            "active": [True],
        }
    )


def _check(sales: pd.DataFrame, today: date) -> QualityReport:
    counts = pd.DataFrame({"sku": ["A"], "on_hand": [5.0], "counted_at": [pd.Timestamp(today)]})
    deliveries = pd.DataFrame(
        {"supplier_id": [1], "sku": ["A"], "received_at": [pd.Timestamp(today)]}
    )
    suppliers = pd.DataFrame({"supplier_id": [1], "name": ["Alpine"]})
    return check_data_quality(sales, _catalogue(), counts, deliveries, suppliers, today)


def test_sales_dated_after_today_point_at_swapped_day_and_month():
    day = datetime(2025, 3, 4, 10)
    rows = [((day + timedelta(days=i)).isoformat(), f"R{i}", "A", 1.0, 2.49) for i in range(30)]
    rows.append(("2025-04-12T10:00:00", "R99", "A", 1.0, 2.49))  # 04/12 read as 12 April
    report = _check(_lines(rows), date(2025, 4, 3))

    assert [(f.check, f.severity, f.rows) for f in report.findings] == [("future_sales", "high", 1)]
    assert "day and month were probably swapped" in report.findings[0].matters


def test_old_sales_data_is_reported_with_its_age():
    day = datetime(2025, 3, 1, 10)
    rows = [((day + timedelta(days=i)).isoformat(), f"R{i}", "A", 1.0, 2.49) for i in range(30)]
    report = _check(_lines(rows), date(2025, 4, 20))

    assert [(f.check, f.severity, f.rows) for f in report.findings] == [("stale_sales", "high", 21)]
    assert report.findings[0].fix.startswith("Import the latest sales export")


def test_the_tool_lists_problems_worst_first_with_fixes(demo, small_shop):
    from shopkeeper.assistant.render_trust import render_data_quality
    from tools.data_quality import data_quality

    sku = small_shop.truth.problems.set_index("kind").loc["negative_stock", "sku"]
    name = small_shop.products.set_index("sku").loc[sku, "name"]
    with demo.sessions() as s:
        result = data_quality(tool_context(demo, s))
        one = data_quality(tool_context(demo, s), product=name)

    assert result.n_high == 8 and [f.severity for f in result.findings][:8] == ["high"] * 8
    negative = next(f for f in one.findings if f.check == "negative_stock")
    assert len(negative.examples) == 1 and negative.examples[0].startswith(f"{name}: -")
    assert {f.check for f in one.findings} == {"negative_stock", "sales_gap"}
    text = render_data_quality(result, "EUR")
    assert text.startswith("Data check of the whole shop: 8 problem(s) to fix")
    assert "Fix: Count the product and import the count" in text


def test_the_import_report_ends_with_the_data_check(demo, small_shop, tmp_path):
    from shopkeeper.core.importing import import_file
    from shopkeeper.core.quality import DataCheck

    sku = small_shop.truth.problems.set_index("kind").loc["negative_stock", "sku"]
    path = tmp_path / "count.csv"
    path.write_text(f"SKU,On hand,Count date\n{sku},34,2026-11-27 12:00\n")
    report = import_file(
        demo.engine, path, now=datetime(2026, 11, 27, 12), data_check=DataCheck(END, "DE")
    )

    assert report.committed
    assert report.quality[0] == (
        "Data check: 7 problem(s) to fix, 0 to look at (ask 'is my data OK?' for details)."
    )
    assert report.quality[0] in report.summary()


def test_forecast_facts_carry_the_products_data_problems(demo, small_shop):
    from shopkeeper.core import forecasts

    with demo.sessions.begin() as s:
        forecasts.refresh(s, END, 28, "DE", datetime(2026, 11, 27, 8), n_jobs=1)
        facts = forecasts.latest(s, END).result.facts.set_index("unique_id")
    typo = small_shop.truth.problems.set_index("kind").loc["quantity_typo", "sku"]

    flagged = facts["data_quality"].map(len) > 0
    assert any("typing errors" in f for f in facts.loc[typo, "data_quality"])
    assert 0 < flagged.sum() <= 12  # the products with a planted problem, and no others

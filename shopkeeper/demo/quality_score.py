"""Scoring the data check against the demo shop's planted problems (its ground truth):
which high-severity occurrences are planted ones (precision), which planted ones were
found (recall). Used by the tests and bench/bench_trust.py."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.data_quality import QualityReport, check_data_quality
from shopkeeper.core.calendar import holiday_frame
from shopkeeper.demo.shop import DemoShop

# The planted kind (truth.problems) -> the check that must report it.
PLANTED_CHECK = {
    "pos_outage": "sales_gap",
    "duplicate_line": "duplicate_line",
    "duplicate_resent": "resent_receipt",
    "zero_price": "price_outlier",
    "quantity_typo": "quantity_outlier",
    "negative_stock": "negative_stock",
    "stale_stock_count": "stale_count",
    "missing_supplier": "missing_supplier",
}


def check_demo(shop: DemoShop) -> QualityReport:
    """The data check run on the generated frames (as the store would hand them over)."""
    lines = shop.purchase_order_lines.merge(
        shop.purchase_orders, left_on="order_id", right_on="id", suffixes=("_line", "")
    )
    deliveries = shop.deliveries.merge(lines, left_on="line_id", right_on="id_line")
    holidays = pd.to_datetime(holiday_frame("DE", shop.truth.start, shop.truth.end)["ds"])
    return check_data_quality(
        shop.sales,
        shop.products,
        shop.stock_levels,
        deliveries[["supplier_id", "sku", "received_at"]],
        shop.suppliers.rename(columns={"id": "supplier_id"}),
        shop.truth.end,
        set(holidays.dt.date),
    )


def matches(problem: pd.Series, case_check: str, case: Any) -> bool:
    """Whether one reported occurrence is this planted problem."""
    if PLANTED_CHECK[problem["kind"]] != case_check:
        return False
    if isinstance(problem["line_keys"], tuple) and problem["kind"] != "duplicate_resent":
        return set(case.line_keys) == set(problem["line_keys"])
    if problem["kind"] == "duplicate_resent":
        return set(problem["line_keys"]) <= set(case.line_keys)
    if problem["kind"] == "pos_outage":
        return (case.start, case.end) == (problem["start"].date(), problem["end"].date())
    return bool(case.sku == problem["sku"])


def score(shop: DemoShop, report: QualityReport) -> tuple[float, float, list[str]]:
    """Precision and recall of the high-severity occurrences against the ground truth."""
    cases = [(f.check, c) for f in report.at("high") for c in f.cases]
    problems = shop.truth.problems
    found = [any(matches(p, chk, c) for chk, c in cases) for _, p in problems.iterrows()]
    true_cases = [any(matches(p, chk, c) for _, p in problems.iterrows()) for chk, c in cases]
    invented = [c.detail for (_, c), ok in zip(cases, true_cases, strict=True) if not ok]
    return sum(true_cases) / max(len(cases), 1), sum(found) / len(problems), invented

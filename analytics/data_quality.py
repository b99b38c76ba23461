"""Is the shop's data good enough to plan on? Each check finds one kind of problem, counts
the rows, says which recommendation it spoils and how to fix it.

Pure: frames and plain values in, a frozen `QualityReport` out. The sales checks run on
every line at once (a shop's two years are a few hundred thousand lines).

Inputs (columns):
    sales: line_key, ts, order_id, sku, quantity, unit_price, customer_id
    products: sku, name, category, unit_cost, price, supplier_id, active
    counts: every stock count: sku, on_hand, counted_at
    deliveries: supplier_id, sku, received_at
    suppliers: supplier_id, name
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analytics.data_quality_sales import sales_findings
from analytics.data_quality_stock import master_findings, stock_findings
from analytics.data_quality_types import SEVERITIES, Case, Finding

__all__ = ["SEVERITIES", "Case", "Finding", "QualityReport", "check_data_quality"]


@dataclass(frozen=True)
class QualityReport:
    """All findings, worst first, and what was looked at.

    Attributes:
        today: The day the data was judged on.
        findings: One per kind of problem found, high severity first.
        looked_at: Rows checked per table, e.g. {"sales lines": 407120}.
    """

    today: date
    findings: tuple[Finding, ...]
    looked_at: dict[str, int] = field(default_factory=dict)

    def at(self, severity: str) -> tuple[Finding, ...]:
        """The findings of one severity."""
        return tuple(f for f in self.findings if f.severity == severity)

    def flags_by_sku(self) -> dict[str, list[str]]:
        """Per product, one short line per problem in its own history (for forecast facts)."""
        out: dict[str, list[str]] = {}
        for f in self.findings:
            if f.severity == "low":
                continue
            for case in f.cases:
                if case.sku is not None:
                    out.setdefault(case.sku, []).append(f"{f.title}: {case.detail}")
        return out


def check_data_quality(
    sales: pd.DataFrame,
    products: pd.DataFrame,
    counts: pd.DataFrame,
    deliveries: pd.DataFrame,
    suppliers: pd.DataFrame,
    today: date,
    holidays: Iterable[date] = (),
) -> QualityReport:
    """Run every check on the shop's data.

    Args:
        sales: Sales lines (columns in the module docstring).
        products: The catalogue.
        counts: Every stock count (not only the latest).
        deliveries: Received deliveries with their order's supplier.
        suppliers: The suppliers.
        today: The day to judge staleness from; sales dated after it are problems.
        holidays: Public holidays (a day without sales on one is no gap).

    Returns:
        The findings, high severity first, then by rows affected.
    """
    names = dict(zip(products["sku"], products["name"], strict=True))
    found = [
        *sales_findings(sales, names, today, set(holidays)),
        *stock_findings(counts, sales, deliveries, products, today),
        *master_findings(products, sales, deliveries, suppliers, today),
    ]
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    found.sort(key=lambda f: (rank[f.severity], -f.rows, f.check))
    looked_at = {
        "sales lines": len(sales),
        "products": len(products),
        "stock counts": len(counts),
        "deliveries": len(deliveries),
        "suppliers": len(suppliers),
    }
    return QualityReport(today=today, findings=tuple(found), looked_at=looked_at)

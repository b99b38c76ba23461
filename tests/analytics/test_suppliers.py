"""Supplier lead times and reliability as the owner sees them in the supplier scorecard."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from analytics.suppliers import LEAD_TIME_COLUMNS, lead_time_stats

SUPPLIERS = pd.DataFrame(
    {
        "supplier_id": [1, 2, 3],
        "name": ["Dairy Co", "Bakery Ltd", "Never Ordered"],
        "lead_time_days": [5.0, 10.0, 4.0],
        "min_order_value": [100.0, 0.0, 0.0],
    }
)


def _delivery(
    supplier: int,
    ref: str,
    sku: str,
    ordered: str,
    expected: str | None,
    received: str,
    qty: float,
    got: float,
    rejected: float = 0.0,
) -> dict[str, object]:
    return {
        "supplier_id": supplier,
        "order_ref": ref,
        "sku": sku,
        "ordered_at": date.fromisoformat(ordered),
        "expected_at": date.fromisoformat(expected) if expected else None,
        "received_at": date.fromisoformat(received),
        "quantity_ordered": qty,
        "quantity_received": got,
        "quantity_rejected": rejected,
    }


DELIVERIES = pd.DataFrame(
    [
        # PO-A: two lines arriving together, 4 days, on time; one line had 1 unit rejected.
        _delivery(1, "PO-A", "milk", "2024-06-01", "2024-06-06", "2024-06-05", 10, 10),
        _delivery(1, "PO-A", "yoghurt", "2024-06-01", "2024-06-06", "2024-06-05", 5, 5, 1),
        # PO-B: 6 days, one day late.
        _delivery(1, "PO-B", "milk", "2024-06-10", "2024-06-15", "2024-06-16", 8, 8),
        # PO-C: no expected date (stated 5 days -> 06-25); delivered in two parts, in full.
        _delivery(1, "PO-C", "milk", "2024-06-20", None, "2024-06-25", 10, 6),
        _delivery(1, "PO-C", "milk", "2024-06-20", None, "2024-06-28", 10, 4),
        # Supplier 2: a single delivery is not enough to trust.
        _delivery(2, "PO-D", "bread", "2024-06-01", "2024-06-08", "2024-06-04", 20, 20),
    ]
)


@pytest.fixture(scope="module")
def stats() -> pd.DataFrame:
    return lead_time_stats(DELIVERIES, SUPPLIERS).set_index("supplier_id")


def test_columns_and_one_row_per_supplier(stats: pd.DataFrame) -> None:
    assert [c for c in LEAD_TIME_COLUMNS if c != "supplier_id"] == list(stats.columns)
    assert stats.index.tolist() == [1, 2, 3]


def test_observed_lead_time_counts_each_shipment_once(stats: pd.DataFrame) -> None:
    s = stats.loc[1]
    # Shipments: PO-A 4 d (two lines, one shipment), PO-B 6 d, PO-C 5 d and 8 d.
    assert s["n_deliveries"] == 4
    assert s["basis"] == "observed"
    assert s["lead_time_mean"] == pytest.approx(5.75)
    assert s["lead_time_sd"] == pytest.approx(math.sqrt(8.75 / 3))
    assert s["lead_time_p90"] == pytest.approx(7.4)


def test_on_time_and_in_full_rates(stats: pd.DataFrame) -> None:
    s = stats.loc[1]
    # On time: PO-A (06-05 <= 06-06) and the first PO-C part (06-25 <= stated 06-25).
    assert s["on_time_rate"] == pytest.approx(0.5)
    # In full: PO-A milk, PO-B milk, PO-C milk (6 + 4 = 10); PO-A yoghurt 5 - 1 rejected < 5.
    assert s["in_full_rate"] == pytest.approx(0.75)
    assert s["n_order_lines"] == 4
    assert s["reject_rate"] == pytest.approx(1 / 33)


def test_few_deliveries_fall_back_to_stated_lead_time(stats: pd.DataFrame) -> None:
    s = stats.loc[2]
    assert s["n_deliveries"] == 1
    assert s["basis"] == "stated"
    assert s["lead_time_mean"] == 10.0
    assert s["lead_time_sd"] == pytest.approx(2.5)
    assert s["lead_time_p90"] == pytest.approx(10.0 + 1.2815516 * 2.5)
    # The one delivery still shows in the reliability rates.
    assert s["on_time_rate"] == 1.0
    assert s["in_full_rate"] == 1.0


def test_supplier_without_deliveries_uses_stated_and_has_no_rates(stats: pd.DataFrame) -> None:
    s = stats.loc[3]
    assert s["n_deliveries"] == 0
    assert s["basis"] == "stated"
    assert s["lead_time_mean"] == 4.0
    assert s["lead_time_sd"] == pytest.approx(1.0)
    assert math.isnan(s["on_time_rate"]) and math.isnan(s["in_full_rate"])


def test_no_deliveries_at_all() -> None:
    empty = DELIVERIES.iloc[0:0]
    out = lead_time_stats(empty, SUPPLIERS)
    assert out["basis"].tolist() == ["stated", "stated", "stated"]
    assert out["lead_time_mean"].tolist() == [5.0, 10.0, 4.0]
    assert out["n_deliveries"].tolist() == [0, 0, 0]

"""Hand-made delivery histories: shipments with a known lead time, one order line each."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from analytics.suppliers import delivery_rows, shipment_frame

TODAY = date(2026, 6, 1)


def deliveries(supplier: int, leads: list[int], stated: int, every: int = 7) -> pd.DataFrame:
    """One delivery row per lead time, the orders `every` days apart, the last one received
    just before TODAY."""
    n = len(leads)
    ordered = [TODAY - timedelta(days=every * (n - i) + max(leads)) for i in range(n)]
    return pd.DataFrame(
        {
            "supplier_id": supplier,
            "order_ref": [f"PO-{supplier}-{i}" for i in range(n)],
            "sku": f"SKU-{supplier}",
            "ordered_at": pd.to_datetime(ordered),
            "expected_at": pd.to_datetime([o + timedelta(days=stated) for o in ordered]),
            "received_at": pd.to_datetime(
                [o + timedelta(days=int(x)) for o, x in zip(ordered, leads, strict=True)]
            ),
            "quantity_ordered": 10.0,
            "quantity_received": 10.0,
            "quantity_rejected": 0.0,
            "unit_cost": 2.0,
        }
    )


def shipments(rows: pd.DataFrame, suppliers: pd.DataFrame) -> pd.DataFrame:
    stated = suppliers.rename(columns={"lead_time_days": "stated_lead_time"})
    return shipment_frame(delivery_rows(rows, stated[["supplier_id", "stated_lead_time"]]))


def steady(rng: np.random.Generator, n: int, mean: float, sd: float) -> list[int]:
    return [max(1, int(np.rint(x))) for x in rng.normal(mean, sd, n)]

"""Price elasticity recovered where the demo shop's prices really changed (its ground truth)."""

from datetime import date

import pandas as pd
import pytest

from analytics.elasticity import USABLE_WIDTH, daily_panel, estimate_elasticity
from shopkeeper.demo import generate


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, list[str]]:
    shop = generate(date(2026, 11, 27))  # full volume: the price changes need it
    sales = shop.sales.rename(columns={"ts": "ds"})
    day = pd.to_datetime(sales["ds"]).dt.normalize()
    traffic = sales.assign(day=day).groupby("day")["order_id"].nunique().astype(float)
    changed = sorted(shop.truth.price_changes["sku"].unique())
    lines = sales[sales["sku"].isin(changed)][["sku", "ds", "quantity", "unit_price", "promo"]]
    panel = daily_panel(lines, pd.DatetimeIndex(traffic.index))
    return panel, traffic, shop.truth.products.set_index("sku"), changed


def test_true_elasticities_lie_within_each_products_own_interval(data) -> None:  # type: ignore[no-untyped-def]
    panel, traffic, truth, changed = data
    rows = []
    for sku in changed:
        est = estimate_elasticity(panel, sku, [sku], traffic)
        rows.append(
            (est.method, est.lo, truth.loc[sku, "price_elasticity"], est.hi, est.elasticity)
        )
    found = pd.DataFrame(rows, columns=["method", "lo", "true", "hi", "est"])
    assert len(found) == 16 and (found["method"] == "own").all()
    inside = (found["lo"] <= found["true"]) & (found["true"] <= found["hi"])
    assert inside.sum() >= 13  # 95 % intervals: 15 of 16 in this shop
    assert (found["est"] < 0).sum() >= 12


@pytest.mark.parametrize("category", ["Snacks & Sweets"])
def test_pooling_a_category_pins_its_typical_elasticity_down(data, category: str) -> None:  # type: ignore[no-untyped-def]
    panel, traffic, truth, changed = data
    peers = [s for s in changed if truth.loc[s, "category"] == category]
    est = estimate_elasticity(panel, peers[-1], peers, traffic)
    assert est.method == "category" and set(est.products) == set(peers)
    assert est.hi - est.lo <= USABLE_WIDTH  # narrow enough to steer a price
    assert est.lo <= truth.loc[peers, "price_elasticity"].mean() <= est.hi

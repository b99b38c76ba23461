"""Association rules exact on a tiny basket set; recommendations and upsell on tiny shops."""

import pandas as pd
import pytest

from analytics.baskets import lift_lower_bound, mine_rules
from analytics.recommend import popular, recommend, upsell_options

BASKETS = [
    ["croissant", "jam"],
    ["croissant", "jam", "coffee"],
    ["croissant", "coffee"],
    ["croissant"],
    ["jam"],
    ["milk"],
    ["milk", "coffee"],
    ["milk"],
    ["coffee"],
    ["croissant", "jam"],
]


def _lines(baskets: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(b, item) for b, items in enumerate(baskets) for item in items],
        columns=["basket_id", "item"],
    )


def test_support_confidence_and_lift_are_exact() -> None:
    rules = mine_rules(_lines(BASKETS), min_count=1, min_lift=0.0)
    assert rules.n_baskets == 10
    r = rules.rules.set_index(["antecedent", "consequent"])
    # croissant in 5 baskets, jam in 4, both in 3.
    cj = r.loc[("croissant", "jam")]
    assert (cj["support"], cj["confidence"], cj["n_together"]) == (0.3, 0.6, 3)
    assert cj["lift"] == pytest.approx(0.6 / 0.4)
    jc = r.loc[("jam", "croissant")]
    assert jc["confidence"] == pytest.approx(0.75) and jc["lift"] == pytest.approx(1.5)
    # milk and croissant never meet: no rule at all.
    assert ("milk", "croissant") not in r.index


def test_rare_pairs_and_weak_rules_are_left_out() -> None:
    rules = mine_rules(_lines(BASKETS), min_count=2, min_lift=1.0)
    pairs = set(zip(rules.rules["antecedent"], rules.rules["consequent"], strict=True))
    assert ("croissant", "jam") in pairs
    assert ("milk", "coffee") not in pairs  # one shared basket only
    assert (rules.rules["lift"] >= 1.0).all() and (rules.rules["n_together"] >= 2).all()


def test_more_evidence_outranks_a_higher_lift_from_a_few_baskets() -> None:
    low = lift_lower_bound(
        pd.Series([8, 80]), pd.Series([100, 1000]), pd.Series([350, 350]), 10_000
    )
    # 8 together where 3.5 were expected: lift 2.3 but little evidence; 80 vs 35: lift 2.3.
    assert low[0] < 1.2 < 1.8 < low[1] < 2.3


def _history() -> pd.DataFrame:
    rows = {
        "ann": ["croissant", "jam", "butter"],
        "ben": ["croissant", "jam", "butter", "honey"],
        "cat": ["croissant", "jam", "honey"],
        "dan": ["beer", "crisps"],
        "eve": ["beer", "crisps", "olives"],
    }
    return pd.DataFrame(
        [(c, i) for c, items in rows.items() for i in items], columns=["customer_id", "item"]
    )


def test_similar_customers_suggest_what_this_customer_lacks() -> None:
    recs = recommend(_history(), ["ann", "dan", "zoe"], k=2, top_n=2).items
    ann = recs[recs["customer_id"] == "ann"]
    assert ann["item"].iloc[0] == "honey"  # both breakfast neighbours bought it
    assert ann["neighbours_bought"].iloc[0] == 2 and ann["method"].iloc[0] == "similar customers"
    assert not set(ann["item"]) & {"croissant", "jam", "butter"}  # never what ann has
    assert recs[recs["customer_id"] == "dan"]["item"].iloc[0] == "olives"
    zoe = recs[recs["customer_id"] == "zoe"]  # unknown: the popular products
    assert list(zoe["method"]) == ["popular", "popular"]


def test_only_allowed_products_are_suggested() -> None:
    recs = recommend(_history(), ["ann"], k=2, top_n=3, allowed={"butter", "beer"}).items
    assert set(recs["item"]) <= {"beer"}


def test_popular_baseline_skips_what_the_customer_has() -> None:
    base = popular(_history(), ["ann"], top_n=2)
    assert list(base["item"]) == ["honey", "beer"]


def test_upsell_is_a_higher_margin_seller_of_the_same_category() -> None:
    products = pd.DataFrame(
        [
            ("CRO", "Croissant", "Bakery", 1.60, 0.70, True),
            ("ALM", "Almond Croissant", "Bakery", 2.40, 0.90, True),
            ("CAKE", "Birthday Cake", "Bakery", 34.0, 12.0, True),  # far dearer: no
            ("OLD", "Chocolate Croissant", "Bakery", 2.20, 0.80, False),  # not sold any more
            ("BUN", "Cardamom Bun", "Bakery", 2.80, 1.00, True),
            ("JAM", "Jam", "Pantry", 3.49, 1.00, True),  # other category
        ],
        columns=["sku", "name", "category", "price", "unit_cost", "active"],
    )
    units = pd.Series({"CRO": 100, "ALM": 20, "CAKE": 2, "OLD": 5, "BUN": 30, "JAM": 10})
    options = upsell_options(products, units, "CRO")
    assert list(options["sku"]) == ["ALM"]  # the bun costs 1.75x: over the 1.6x limit
    assert options["margin_gain"].iloc[0] == pytest.approx(0.60)

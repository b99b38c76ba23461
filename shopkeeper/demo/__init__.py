"""The demo shop: a realistic, generated Corner Pantry (deli, grocery and coffee) with known
ground truth, for `make demo`, tests and benchmarks. No network needed.

    shop = generate(date(2026, 11, 27))   # deterministic for seed + end
    load(engine, shop)                     # into an empty, migrated database
    shop.truth.products                    # what is really true (docs/demo-shop.md)
"""

from shopkeeper.demo.alert_plants import with_alert_plants
from shopkeeper.demo.load import load
from shopkeeper.demo.shop import DemoShop, generate
from shopkeeper.demo.truth import DemoTruth

__all__ = ["DemoShop", "DemoTruth", "generate", "load", "with_alert_plants"]

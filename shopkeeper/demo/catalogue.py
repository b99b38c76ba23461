"""Corner Pantry's suppliers and products, parsed from `catalogue_spec.SPEC`.

The catalogue frame holds the `products` table columns plus the generator's hints (typical
rate, season, lifecycle, ...) that `demand.py` turns into ground truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from shopkeeper.demo.catalogue_spec import SPEC
from shopkeeper.demo.pricing import charm_price

SHOP_NAME = "Corner Pantry"
CURRENCY = "EUR"
VARIANT_DECAY = 0.8  # each further variant of a family sells 20 % less: a realistic long tail
# Share of the price that is cost, per category (a deli earns more on bakery and coffee).
COST_SHARE = {
    "Dairy & Alternatives": 0.70,
    "Bakery": 0.45,
    "Coffee & Tea": 0.55,
    "Pantry": 0.60,
    "Snacks & Sweets": 0.60,
    "Drinks": 0.55,
    "Seasonal & Gifts": 0.58,
    "Household": 0.65,
}


@dataclass(frozen=True)
class SupplierSpec:
    """One supplier: what it states and how it truly behaves (ground truth)."""

    key: str
    name: str
    lead_time_days: int  # stated
    min_order_value: float
    contact: str
    true_lead_mean: float
    true_lead_sd: float
    short_rate: float  # share of order lines delivered short
    reject_rate: float  # share of order lines with some units rejected at the door
    review_weekdays: tuple[int, ...]  # days the shop orders from this supplier (Mon=0)


SUPPLIERS: tuple[SupplierSpec, ...] = (
    SupplierSpec(
        "bakery", "Kornblume Bakery", 2, 50.0,
        "Anna Weber, kornblume@example.com, +49 30 5550 1001", 1.8, 0.5, 0.03, 0.01, (0, 3),
    ),
    SupplierSpec(
        "dairy", "Alpenmilch Dairy", 3, 120.0,
        "Jonas Berger, alpenmilch@example.com, +49 30 5550 1002", 2.9, 0.6, 0.05, 0.02, (1, 4),
    ),
    SupplierSpec(
        "roastery", "Nordlicht Coffee Roasters", 5, 150.0,
        "Mia Hansen, nordlicht@example.com, +49 30 5550 1003", 4.6, 0.9, 0.02, 0.005, (2,),
    ),
    SupplierSpec(
        "mercato", "Mercato Fine Foods Import", 10, 300.0,
        "Luca Bianchi, mercato@example.com, +49 30 5550 1004", 12.5, 3.5, 0.08, 0.03, (0,),
    ),
    SupplierSpec(
        "wholesale", "Central Wholesale GmbH", 7, 200.0,
        "Order desk, central-wholesale@example.com, +49 30 5550 1005", 6.5, 1.5, 0.06, 0.01, (3,),
    ),
)  # fmt: skip

_SECTION = re.compile(r"^\[(.+)\]$")
_VARIANTS = re.compile(r"\{([^}]*)\}")


def _expand(name: str) -> list[str]:
    match = _VARIANTS.search(name)
    if match is None:
        return [name]
    variants = [v.strip() for v in match.group(1).split(",")]
    return [" ".join((name[: match.start()] + v + name[match.end() :]).split()) for v in variants]


def _tag(tags: dict[str, str], key: str, default: float) -> float:
    return float(tags[key]) if tags.get(key) else default


SEASON_TAGS = ("summer", "winter", "christmas", "easter", "carnival", "plum", "gift", "nye")


def _spec_lines(spec: str) -> list[str]:
    """Non-empty lines with continuations (a line ending in a comma) joined."""
    lines: list[str] = []
    pending = ""
    for raw in spec.strip().splitlines():
        line = pending + raw.strip()
        if line.endswith(","):
            pending = line + " "
        elif line:
            lines.append(line)
            pending = ""
    return lines


def parse_spec(spec: str = SPEC) -> pd.DataFrame:
    """One row per product of the spec with its hints, in spec order (no randomness)."""
    rows: list[dict[str, object]] = []
    section: list[str] = []
    counters: dict[str, int] = {}
    for line in _spec_lines(spec):
        head = _SECTION.match(line)
        if head:
            section = [part.strip() for part in head.group(1).split("|")]
            continue
        category, prefix, supplier, weekly = section
        fields = [part.strip() for part in line.split("|")]
        name, price, rate = fields[0], float(fields[1]), float(fields[2])
        words = (fields[3] if len(fields) > 3 else "").split()
        tags = {w.partition(":")[0]: w.partition(":")[2] for w in words}
        season = next((s for s in SEASON_TAGS if s in tags), "none")
        for i, variant in enumerate(_expand(name)):
            counters[prefix] = counters.get(prefix, 0) + 1
            rows.append(
                {
                    "sku": f"{prefix}-{counters[prefix]:03d}",
                    "name": variant,
                    "category": category,
                    "supplier_key": tags.get("sup") or supplier,
                    "weekly_kind": tags.get("wk") or weekly,
                    "list_price": price,
                    "variant_rank": i,
                    "rate_hint": rate * VARIANT_DECAY**i,
                    "season": season,
                    "season_amp": _tag(tags, season, 0.0)
                    if season in ("summer", "winter")
                    else 0.0,
                    "lumpy_size": _tag(tags, "lumpy", 0.0) if "lumpy" in tags else 0.0,
                    "multi": "multi" in tags,
                    "trend_hint": _tag(tags, "trend", 0.0),
                    "affinity": tags.get("aff", ""),
                    "lifecycle": next((k for k in ("new", "late", "disc") if k in tags), ""),
                }
            )
    frame = pd.DataFrame(rows)
    if frame["name"].duplicated().any():
        raise ValueError("catalogue spec has duplicate product names")
    return frame


SHELF_LIFE_DAYS = {"Bakery": 2, "Dairy & Alternatives": 14}


def build_catalogue(rng: np.random.Generator, scale: float = 1.0) -> pd.DataFrame:
    """The catalogue with shelf prices, costs, pack sizes and MOQs (current values).

    Returns the `parse_spec` columns plus supplier_id, price, unit_cost, pack_size, moq,
    shelf_life_days (empty for goods that keep).
    `scale` is the shop's sales volume relative to the default (pack sizes follow it).
    """
    frame = parse_spec()
    n = len(frame)
    keys = [s.key for s in SUPPLIERS]
    frame["supplier_id"] = [keys.index(k) + 1 for k in frame["supplier_key"]]
    # Variants of one family differ a little in price; the first keeps the spec price.
    jitter = np.where(frame["variant_rank"].to_numpy() > 0, rng.uniform(0.92, 1.12, n), 1.0)
    bakery = (frame["category"] == "Bakery").to_numpy()
    frame["price"] = np.round(charm_price(frame["list_price"].to_numpy() * jitter, bakery), 2)
    share = frame["category"].map(COST_SHARE).to_numpy() * rng.uniform(0.92, 1.08, n)
    frame["unit_cost"] = np.round(frame["price"].to_numpy() * share, 2)
    # A pack holds at most about a week of sales, so slow movers come in singles.
    week = frame["rate_hint"].to_numpy() * 7 * scale
    pack = np.select([week >= 60, week >= 24, week >= 8], [24, 12, 6], default=1)
    pack = np.where(bakery, np.minimum(pack, 12), pack)
    pack = np.where(frame["price"].to_numpy() >= 20, 1, pack)
    frame["pack_size"] = pack.astype(int)
    double = (frame["supplier_key"] == "wholesale").to_numpy() & (rng.random(n) < 0.3)
    frame["moq"] = (pack * np.where(double, 2, 1)).astype(int)
    # Fresh goods: bread and pastries keep about 2 days, chilled dairy about 2 weeks.
    frame["shelf_life_days"] = frame["category"].map(SHELF_LIFE_DAYS).astype("Int64")
    return frame


def suppliers_frame() -> pd.DataFrame:
    """The `suppliers` table: id, name, lead_time_days, min_order_value, review_period_days,
    contact. Suppliers ordered from on several weekdays have a shorter review period."""
    return pd.DataFrame(
        {
            "id": np.arange(1, len(SUPPLIERS) + 1),
            "name": [s.name for s in SUPPLIERS],
            "lead_time_days": [float(s.lead_time_days) for s in SUPPLIERS],
            "min_order_value": [s.min_order_value for s in SUPPLIERS],
            "review_period_days": [7 // max(1, len(s.review_weekdays)) for s in SUPPLIERS],
            "contact": [s.contact for s in SUPPLIERS],
        }
    )

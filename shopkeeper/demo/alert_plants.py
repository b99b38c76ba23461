"""Planted situations the alerts must find: a product whose sales drop for a week with stock on
the shelf, a cost rise the shelf price did not follow, and a competitor undercutting a price.

They are added as new rows only (three new products with their own sales, orders and counts;
competitor prices), drawn from their own random stream, so everything `generate` makes stays
exactly as it was. `shopkeeper demo` plants them; tests call `with_alert_plants`.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from shopkeeper.demo.shop import DemoShop

HISTORY_DAYS = 300
DROP_DAYS = 7
DROP_TO = 0.15  # the dropping product sells 15 % of its usual in its last week
STREAM = 1_000  # the random stream of these plants (generate uses 0..8)
WEEKLY = np.array([0.9, 0.9, 1.0, 1.0, 1.1, 1.4, 0.7])  # Mon..Sun
UNDERCUT_SKU = "DAI-901"  # Organic Oat Drink 1L
UNDERCUT_SHARE = 0.84  # the competitor charges 16 % less
QUIET_QUOTES = ("DAI-001", "BAK-001", "BAK-006", "SNK-001", "COF-001", "BAK-011")
# sku, name, category, unit cost (new), price, supplier, daily rate, on hand this morning
NEW = [
    ("DRK-901", "Ginger Kombucha 330ml", "Drinks", 1.05, 2.79, 5, 9.0, 70.0),
    ("PAN-901", "Sicilian Pistachio Cream 200g", "Pantry", 4.80, 7.99, 4, 4.0, 40.0),
    ("DAI-901", "Organic Oat Drink 1L", "Dairy & Alternatives", 1.20, 2.69, 2, 10.0, 80.0),
]
OLD_COST = 4.00  # what the pistachio cream cost before its last order


def with_alert_plants(shop: DemoShop, seed: int = 7) -> DemoShop:
    """The shop with the alert situations added; `truth.stock_plants` is left as it was, the
    plants are listed in `alert_plants` (sku, kind, start, detail)."""
    rng = np.random.default_rng([seed, STREAM])
    end = shop.truth.end
    products = _append(shop.products, _products())
    sales = _append(shop.sales, _sales(shop, rng, end))
    stock = _counts(shop, end)
    orders, lines, deliveries = _orders(shop, end)
    quotes = _quotes(products, rng, end)
    plants = pd.DataFrame(
        [
            ("DRK-901", "below_forecast", end - timedelta(days=DROP_DAYS), "sales drop, in stock"),
            ("PAN-901", "margin_erosion", end - timedelta(days=6), f"cost {OLD_COST} -> 4.80"),
            (
                UNDERCUT_SKU,
                "competitor_undercut",
                end - timedelta(days=3),
                "a competitor 16 % cheaper",
            ),
        ],
        columns=["sku", "kind", "start", "detail"],
    )
    return replace(
        shop,
        products=products,
        sales=sales,
        stock_levels=stock,
        purchase_orders=orders,
        purchase_order_lines=lines,
        deliveries=deliveries,
        competitor_prices=quotes,
        alert_plants=plants,
    )


def _append(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """`new` rows after `old`, in `old`'s column types."""
    return pd.concat([old, new[old.columns].astype(old.dtypes.to_dict())], ignore_index=True)


def _products() -> pd.DataFrame:
    rows = [
        {
            "sku": sku,
            "name": name,
            "category": cat,
            "unit_cost": cost,
            "price": price,
            "pack_size": 6,
            "moq": 6,
            "shelf_life_days": np.nan,
            "supplier_id": sup,
            "active": True,
        }
        for sku, name, cat, cost, price, sup, _, _ in NEW
    ]
    return pd.DataFrame(rows)


def _sales(shop: DemoShop, rng: np.random.Generator, end: date) -> pd.DataFrame:
    days = pd.date_range(end - timedelta(days=HISTORY_DAYS), end - timedelta(days=1))
    closed = set(pd.to_datetime(shop.truth.calendar.loc[shop.truth.calendar["closed"], "ds"]))
    rows = []
    for sku, _, _, _, price, _, rate, _ in NEW:
        for d in days:
            if d in closed:
                continue
            lam = rate * WEEKLY[d.weekday()]
            if sku == "DRK-901" and d >= pd.Timestamp(end - timedelta(days=DROP_DAYS)):
                lam *= DROP_TO
            for k in range(int(rng.poisson(lam))):
                ts = datetime.combine(d.date(), time(9)) + timedelta(
                    minutes=int(rng.integers(0, 600))
                )
                rows.append((ts, f"P-{sku}-{d:%Y%m%d}-{k}", sku, 1.0, price))
    frame = pd.DataFrame(rows, columns=["ts", "order_id", "sku", "quantity", "unit_price"])
    frame = frame.sort_values(["ts", "order_id"], ignore_index=True)
    taken = [shop.sales["id"]] + ([shop.crm.campaign_sales["id"]] if shop.crm is not None else [])
    first = int(max(ids.max() for ids in taken)) + 1  # after the campaigns' sales too
    frame.insert(0, "id", np.arange(first, first + len(frame)))
    frame.insert(
        1,
        "line_key",
        [hashlib.sha1(f"demo-plant:{end}:{i}".encode()).hexdigest() for i in range(len(frame))],
    )
    return frame.assign(customer_id=None, channel="store", promo=False)


def _counts(shop: DemoShop, end: date) -> pd.DataFrame:
    """A weekly count of the new products over the last ten weeks (the shelf is kept well
    stocked: the drop is not a stock-out) and this morning's."""
    first = int(shop.stock_levels["id"].max()) + 1
    rows: list[dict[str, object]] = []
    for back in range(70, -1, -7):
        at = datetime.combine(end - timedelta(days=back), time(7, 30))
        for n in NEW:
            rows.append({"id": first + len(rows), "sku": n[0], "on_hand": n[7], "counted_at": at})
    return _append(shop.stock_levels, pd.DataFrame(rows))


def _orders(shop: DemoShop, end: date) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Fortnightly orders of the pistachio cream at the old cost, the last one at the new."""
    po_id = int(shop.purchase_orders["id"].max()) + 1
    line_id = int(shop.purchase_order_lines["id"].max()) + 1
    delivery_id = int(shop.deliveries["id"].max()) + 1
    sku, sup = NEW[1][0], NEW[1][5]
    orders, lines, deliveries = [], [], []
    for k, back in enumerate(range(6 + 14 * 8, 5, -14)):
        ordered = end - timedelta(days=back)
        cost = NEW[1][3] if back == 6 else OLD_COST
        orders.append(
            {
                "id": po_id + k,
                "reference": f"PO-PLANT-{ordered:%Y%m%d}",
                "supplier_id": sup,
                "ordered_at": ordered,
                "expected_at": ordered + timedelta(days=3),
                "status": "received",
                "proposal_id": np.nan,
            }
        )
        lines.append(
            {
                "id": line_id + k,
                "order_id": po_id + k,
                "sku": sku,
                "quantity": 60.0,
                "unit_cost": cost,
            }
        )
        deliveries.append(
            {
                "id": delivery_id + k,
                "line_id": line_id + k,
                "received_at": ordered + timedelta(days=3),
                "quantity_received": 60.0,
                "quantity_rejected": 0.0,
            }
        )
    return (
        _append(shop.purchase_orders, pd.DataFrame(orders)),
        _append(shop.purchase_order_lines, pd.DataFrame(lines)),
        _append(shop.deliveries, pd.DataFrame(deliveries)),
    )


def _quotes(products: pd.DataFrame, rng: np.random.Generator, end: date) -> pd.DataFrame:
    """A competitor's weekly shelf prices: close to ours, and one far below on oat milk."""
    price = products.set_index("sku")["price"]
    rows = []
    for week in range(4):
        day = end - timedelta(days=3 + 7 * week)
        for sku in (*QUIET_QUOTES, UNDERCUT_SKU):
            ours = float(price[sku])
            share = UNDERCUT_SHARE if sku == UNDERCUT_SKU and week == 0 else rng.uniform(0.97, 1.06)
            rows.append(
                {
                    "date": day,
                    "sku": sku,
                    "competitor": "Eckladen Bio",
                    "price": round(ours * share, 2),
                }
            )
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame

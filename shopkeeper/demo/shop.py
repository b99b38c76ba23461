"""`generate`: the whole demo shop, deterministic for a seed and an end date."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from shopkeeper.demo import customers as members_mod
from shopkeeper.demo import quality, transactions
from shopkeeper.demo.catalogue import CURRENCY, SHOP_NAME, build_catalogue, suppliers_frame
from shopkeeper.demo.crm import CrmDemo, generate_crm
from shopkeeper.demo.demand import Demand, build_demand
from shopkeeper.demo.demographics import add_demographics
from shopkeeper.demo.plants import Plants, plant_stock_situations
from shopkeeper.demo.shopdays import holidays_frame, shop_calendar
from shopkeeper.demo.stock import end_status, stock_counts, stockout_runs
from shopkeeper.demo.supply import StockModel, StockPath, order_frames
from shopkeeper.demo.truth import (
    DemoTruth,
    customer_truth,
    expected_long,
    stockout_day_frame,
    supplier_truth,
)

HISTORY_DAYS = 760
HORIZON_DAYS = 91


@dataclass(frozen=True, eq=False)
class DemoShop:
    """The demo shop: one DataFrame per table (columns as in shopkeeper.core.store.models, with the
    integer ids the foreign keys use) plus the ground truth."""

    suppliers: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    customer_pii: pd.DataFrame
    sales: pd.DataFrame
    stock_levels: pd.DataFrame
    purchase_orders: pd.DataFrame
    purchase_order_lines: pd.DataFrame
    deliveries: pd.DataFrame
    truth: DemoTruth
    shop_name: str = SHOP_NAME
    currency: str = CURRENCY
    crm: CrmDemo | None = None  # feedback and past campaigns (their own random stream)
    competitor_prices: pd.DataFrame | None = None  # see alert_plants
    alert_plants: pd.DataFrame | None = None  # the situations alerts must find


def generate(end: date, seed: int = 7, *, scale: float = 1.0) -> DemoShop:
    """Generate Corner Pantry: sales from `end` − 760 days to `end` − 1, stock counted on the
    morning of `end`, orders and deliveries, loyalty members, and planted problems.

    Args:
        end: the demo's "today".
        seed: the same seed and end give identical frames.
        scale: multiplies sales volume and the number of members (1.0 = about 200 orders a
            day and 2,000 members); smaller values make quick test shops.
    """
    rng = [np.random.default_rng([seed, k]) for k in range(9)]
    n = HISTORY_DAYS
    start = end - timedelta(days=n)
    calendar = shop_calendar(start, end + timedelta(days=HORIZON_DAYS))
    days = pd.DatetimeIndex(calendar["ds"])
    cat = build_catalogue(rng[0], scale)
    dem = build_demand(cat, calendar, n, rng[1], scale)
    sku = cat["sku"].to_numpy()

    # Products that carry a master-data problem stay out of the stock plants.
    steady = np.flatnonzero((dem.launch == 0) & (dem.stop > n) & (dem.params["season"] == "none"))
    negative, stale, orphan = rng[2].choice(steady, 3, replace=False)
    model = StockModel(cat, dem.params, dem.expected, dem.demand, calendar, n, rng[3])
    avoid = {int(negative), int(stale), int(orphan)}
    plants = plant_stock_situations(dem.params, model, days, avoid, rng[2])
    run = model.run(np.arange(len(cat)), plants.freeze, plants.extra)
    cost = dem.prices.price * (cat["unit_cost"] / cat["price"]).to_numpy()[:, None]
    orders = order_frames(run, cat, cost, days, n)

    sales, outage, member_table, visits = _sales(cat, dem, run.sold, calendar, n, seed, rng, scale)
    sales, problems = quality.corrupt_sales(sales, rng[7])
    sales = _number_lines(sales, problems, seed, end)
    ids, customers, pii = _customers(member_table, sales, start, end, seed, rng[8])

    status = end_status(cat, dem.expected, run.counted[:, n], run.on_order, dem.stop, n)
    bad = (sku[negative], sku[stale], sku[orphan])
    stock, products, more_problems = _stock_and_products(
        cat, dem, run, status, days, end, bad, rng[7]
    )
    problems = [outage, *problems, *more_problems]
    customer_table = customer_truth(member_table, ids, visits, sales, pd.Timestamp(start), n)
    truth = _truth(
        seed, end, cat, dem, calendar, run, plants, orders, status, customer_table, problems
    )
    shop = DemoShop(
        suppliers=suppliers_frame(),
        products=products,
        customers=customers,
        customer_pii=pii,
        sales=sales,
        stock_levels=stock,
        **orders,
        truth=truth,
    )
    # Drawn after everything else, from its own stream: the tables above stay as they were.
    return replace(shop, crm=generate_crm(shop, seed, n_feedback=max(120, round(300 * scale))))


def _number_lines(
    sales: pd.DataFrame, problems: list[dict[str, object]], seed: int, end: date
) -> pd.DataFrame:
    """Sales lines in till order with ids and line keys; fills in each problem's lines and span."""
    sales = sales.sort_values(["ts", "order_id", "sku"], kind="stable", ignore_index=True)
    sales.insert(0, "id", np.arange(1, len(sales) + 1))
    sales.insert(
        1,
        "line_key",
        [hashlib.sha1(f"demo:{seed}:{end}:{i}".encode()).hexdigest() for i in range(len(sales))],
    )
    for problem in problems:
        lines = sales.loc[sales["_dq"] == problem.pop("tag")]
        problem.update(
            line_keys=tuple(lines["line_key"]), start=lines["ts"].min(), end=lines["ts"].max()
        )
    return sales.drop(columns="_dq")


def _customers(
    member_table: pd.DataFrame,
    sales: pd.DataFrame,
    start: date,
    end: date,
    seed: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Members' pseudonymous ids, the customers table (with demographics) and their PII."""
    ids = np.array([members_mod.pseudonym(seed, i) for i in range(len(member_table))])
    first_order = sales.dropna(subset=["customer_id"]).groupby("customer_id")["ts"].min()
    position = {c: i for i, c in enumerate(ids)}
    first_order.index = pd.Index([position[c] for c in first_order.index])
    customers, pii = members_mod.member_frames(
        member_table,
        first_order.dt.normalize(),
        pd.Timestamp(start),
        pd.Timestamp(end),
        seed,
        rng,
    )
    # Its own stream, so the other frames stay exactly as they were before it existed.
    customers = add_demographics(
        customers, member_table["segment"], np.random.default_rng([seed, 30])
    )
    return ids, customers, pii


def _stock_and_products(
    cat: pd.DataFrame,
    dem: Demand,
    run: StockPath,
    status: pd.DataFrame,
    days: pd.DatetimeIndex,
    end: date,
    bad: tuple[str, str, str],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict[str, object]]]:
    """Stock counts and products with their planted problems; `bad` is negative, stale, orphan."""
    n = HISTORY_DAYS
    sku = cat["sku"].to_numpy()
    negative, stale, orphan = bad
    true_stock = dict(zip(sku, status["true_on_hand"], strict=True))
    stock = stock_counts(sku, run.counted, dem.launch, dem.stop, days, n)
    stock, stock_problems = quality.corrupt_stock(
        stock, negative, stale, pd.Timestamp(end), true_stock, rng
    )
    products = cat[
        [
            "sku",
            "name",
            "category",
            "unit_cost",
            "price",
            "pack_size",
            "moq",
            "shelf_life_days",
            "supplier_id",
        ]
    ].assign(active=dem.stop > n)
    products, orphan_problem = quality.drop_supplier(products, orphan)
    return stock, products, [*stock_problems, orphan_problem]


def _truth(
    seed: int,
    end: date,
    cat: pd.DataFrame,
    dem: Demand,
    calendar: pd.DataFrame,
    run: StockPath,
    plants: Plants,
    orders: dict[str, pd.DataFrame],
    status: pd.DataFrame,
    customers: pd.DataFrame,
    problems: list[dict[str, object]],
) -> DemoTruth:
    """The ground truth the demo's answers are checked against."""
    sku = cat["sku"].to_numpy()
    days = pd.DatetimeIndex(calendar["ds"])
    return DemoTruth(
        shop_name=SHOP_NAME,
        currency=CURRENCY,
        seed=seed,
        start=end - timedelta(days=HISTORY_DAYS),
        end=end,
        products=_truth_products(cat, dem, status, run),
        suppliers=supplier_truth(**orders),
        customers=customers,
        promotions=dem.prices.promotions,
        price_changes=dem.prices.changes,
        stockouts=stockout_runs(sku, run.stockout, dem.demand, days, plants.table),
        stockout_days=stockout_day_frame(sku, run.stockout, days),
        stock_plants=plants.table,
        expected_demand=expected_long(sku, dem.expected, dem.launch, dem.stop, days),
        calendar=calendar,
        holidays=holidays_frame(calendar),
        problems=pd.DataFrame(
            problems,
            columns=["kind", "table", "sku", "line_keys", "start", "end", "true_value", "detail"],
        ),
    )


def _truth_products(
    cat: pd.DataFrame, dem: Demand, status: pd.DataFrame, run: StockPath
) -> pd.DataFrame:
    """The product truth: demand parameters, today's stock status, prices and day counts."""
    return pd.concat([dem.params, status], axis=1).assign(
        supplier_id=cat["supplier_id"].to_numpy(),
        price=cat["price"].to_numpy(),
        unit_cost=cat["unit_cost"].to_numpy(),
        n_promo_days=dem.prices.promo.sum(axis=1),
        n_stockout_days=run.stockout.sum(axis=1),
    )


def _sales(
    cat: pd.DataFrame,
    dem: Demand,
    sold: np.ndarray,
    calendar: pd.DataFrame,
    n: int,
    seed: int,
    rng: list[np.random.Generator],
    scale: float,
) -> tuple[pd.DataFrame, dict[str, object], pd.DataFrame, np.ndarray]:
    """Sales lines (no ids yet) after the till outage, the outage problem, members, visits."""
    per_line = transactions.units_per_line(cat, dem.params)
    product, day, qty = transactions.make_lines(sold, per_line, rng[4])
    number = transactions.group_orders(product, day, cat["affinity"].to_numpy(), rng[4])
    # Two lines of one product in one basket are one line on the receipt.
    merged = (
        pd.DataFrame({"order": number, "product": product, "day": day, "qty": qty})
        .groupby(["order", "product"], sort=True, as_index=False)
        .agg(day=("day", "first"), qty=("qty", "sum"))
    )
    order_day = merged.groupby("order")["day"].first().to_numpy()
    members = members_mod.plan_members(n, rng[5], scale)
    member, visits = members_mod.assign_members(members, order_day, n, rng[5])
    online = (member >= 0) & (rng[6].random(len(member)) < transactions.ONLINE_SHARE_OF_MEMBERS)
    ts = transactions.order_times(order_day, online, calendar, rng[6])
    receipt = transactions.order_ids(order_day, ts, online, calendar)
    o = merged["order"].to_numpy()
    p = merged["product"].to_numpy()
    price, promo = transactions.line_prices(p, merged["day"].to_numpy(), dem.prices)
    ids = np.array([members_mod.pseudonym(seed, i) for i in range(len(members))], dtype=object)
    customer = np.where(member[o] >= 0, ids[np.maximum(member[o], 0)], None)
    sales = pd.DataFrame(
        {
            "ts": ts[o],
            "order_id": receipt[o],
            "sku": cat["sku"].to_numpy()[p],
            "quantity": merged["qty"].to_numpy().astype(float),
            "unit_price": price,
            "customer_id": pd.Series(customer, dtype=object),
            "channel": np.where(online[o], "online", "store"),
            "promo": promo,
        }
    )
    first = pd.Timestamp(calendar["ds"].iat[quality.choose_outage(calendar, n, rng[7])])
    sales, outage = quality.drop_outage(sales, first)
    return sales, outage, members, visits

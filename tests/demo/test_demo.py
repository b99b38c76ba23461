"""The demo shop a new user talks to: realistic, deterministic, with planted ground truth."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text

from shopkeeper.core.store.db import make_engine, upgrade
from shopkeeper.demo import DemoShop, generate, load
from shopkeeper.demo.load import TABLES

END = date(2026, 11, 27)


@pytest.fixture(scope="module")
def shop() -> DemoShop:
    return generate(END)


@pytest.fixture(scope="module")
def small() -> DemoShop:
    return generate(END, seed=3, scale=0.1)


@pytest.fixture(scope="module")
def daily(shop: DemoShop) -> pd.DataFrame:
    """Units per sku and day, dense over the history (zeros included)."""
    s = shop.sales
    units = s.groupby(["sku", s["ts"].dt.normalize().rename("ds")])["quantity"].sum()
    days = pd.date_range(shop.truth.start, END - timedelta(days=1))
    return units.unstack("ds").reindex(columns=days, fill_value=0).fillna(0)


def test_same_seed_and_end_give_identical_shops(shop: DemoShop) -> None:
    again = generate(END)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(shop, name), getattr(again, name))
    for name in ("products", "suppliers", "stockouts", "problems", "expected_demand"):
        pd.testing.assert_frame_equal(getattr(shop.truth, name), getattr(again.truth, name))


def test_another_seed_gives_another_shop(small: DemoShop) -> None:
    other = generate(END, seed=4, scale=0.1)
    assert list(other.products["sku"]) == list(small.products["sku"])
    assert not other.sales["quantity"].equals(small.sales["quantity"])


def test_the_shop_has_the_size_of_a_busy_corner_deli(shop: DemoShop) -> None:
    s = shop.sales
    n_days = s["ts"].dt.normalize().nunique()
    n_orders = s["order_id"].nunique()
    assert 280 <= len(shop.products) <= 320
    assert shop.products["category"].nunique() == 8
    assert len(shop.suppliers) == 5
    assert 300_000 <= len(s) <= 600_000
    assert 150 <= n_orders / n_days <= 250
    assert 2.0 <= len(s) / n_orders <= 4.0
    assert len(shop.customers) == len(shop.customer_pii) == 2000
    assert set(shop.products["pack_size"]) <= {1, 6, 12, 24}
    assert (shop.products["moq"] % shop.products["pack_size"] == 0).all()


def test_sales_cover_760_days_up_to_the_day_before_end(shop: DemoShop) -> None:
    first, last = shop.sales["ts"].min().date(), shop.sales["ts"].max().date()
    assert shop.truth.start == END - timedelta(days=760)
    assert first == shop.truth.start
    assert last == END - timedelta(days=1)


def test_line_keys_are_unique_40_character_strings(shop: DemoShop) -> None:
    keys = shop.sales["line_key"]
    assert keys.is_unique
    assert keys.str.len().eq(40).all()


def test_saturday_sells_more_than_tuesday_and_sunday_least(daily: pd.DataFrame) -> None:
    shop_total = daily.sum(axis=0)
    by_weekday = shop_total[shop_total > 0].groupby(shop_total[shop_total > 0].index.day_of_week)
    means = by_weekday.mean()
    assert means[5] > 1.3 * means[1]
    assert means[6] == means.min()


def test_christmas_items_sell_only_in_november_and_december_and_peak_in_december(
    shop: DemoShop,
) -> None:
    xmas = shop.truth.products.query("season == 'christmas'")["sku"]
    lines = shop.sales[shop.sales["sku"].isin(xmas)]
    by_month = lines.groupby(lines["ts"].dt.month)["quantity"].sum()
    assert set(by_month.index) == {11, 12}
    assert by_month[12] > by_month[11]


def test_summer_drinks_sell_more_in_july_than_in_january(daily: pd.DataFrame) -> None:
    months = daily.T.groupby(daily.columns.month).mean().T
    assert months.loc["DRK-009", 7] > 2 * months.loc["DRK-009", 1]  # Lemonade Lemon


def test_oat_milk_grows_while_whole_milk_declines(shop: DemoShop, daily: pd.DataFrame) -> None:
    names = shop.products.set_index("name")["sku"]
    first_year = daily.iloc[:, :365].mean(axis=1)
    last_year = daily.iloc[:, -365:].mean(axis=1)
    oat, whole = names["Oat Milk Barista 1L"], names["Whole Milk 1L"]
    assert last_year[oat] > 1.15 * first_year[oat]
    assert last_year[whole] < 0.95 * first_year[whole]
    trends = shop.truth.products.set_index("sku")["trend_per_year"]
    assert trends[oat] > 0.2 and trends[whole] < -0.05


def test_intermittent_items_have_many_zero_days(shop: DemoShop, daily: pd.DataFrame) -> None:
    truth = shop.truth.products.set_index("sku")
    steady = truth.query("launch_date.isna() and discontinue_date.isna() and season == 'none'")
    intermittent = steady.index[steady["demand_pattern"] == "intermittent"]
    smooth = steady.index[steady["demand_pattern"] == "smooth"]
    zero_share = (daily.reindex(steady.index, fill_value=0) == 0).mean(axis=1)
    assert len(intermittent) >= 80
    assert zero_share[intermittent].median() > 0.3
    assert zero_share[smooth].median() < 0.25


def test_true_stockout_runs_have_no_sales_and_some_last_several_days(shop: DemoShop) -> None:
    days = shop.truth.stockout_days
    sold = shop.sales.assign(ds=shop.sales["ts"].dt.normalize())
    hit = days.merge(sold, left_on=["unique_id", "ds"], right_on=["sku", "ds"])
    assert len(days) > 0 and hit.empty
    runs = shop.truth.stockouts
    planted = runs[runs["cause"] != "natural"]
    assert (planted["days"] >= 3).sum() >= 6
    assert runs["days"].sum() == len(days)


def test_discontinued_products_are_inactive_and_stop_selling(shop: DemoShop) -> None:
    truth = shop.truth.products
    gone = truth[truth["discontinue_date"].notna()]
    assert 3 <= len(gone) <= 8
    inactive = set(shop.products.loc[~shop.products["active"], "sku"])
    assert inactive == set(gone["sku"])
    lines = shop.sales.merge(gone[["sku", "discontinue_date"]], on="sku")
    assert len(lines) > 0
    assert (lines["ts"] < lines["discontinue_date"]).all()


def test_new_products_start_selling_at_launch_in_the_last_60_days(shop: DemoShop) -> None:
    new = shop.truth.products.dropna(subset=["launch_date"])
    recent = new[new["launch_date"] >= pd.Timestamp(END - timedelta(days=60))]
    assert len(recent) >= 3
    lines = shop.sales.merge(recent[["sku", "launch_date"]], on="sku")
    assert (lines["ts"] >= lines["launch_date"]).all()
    assert set(lines["sku"]) == set(recent["sku"])


def test_promotion_lines_are_20_percent_off_on_promotion_days(shop: DemoShop) -> None:
    promo = shop.sales[shop.sales["promo"] & (shop.sales["unit_price"] > 0)]
    assert 0.005 < shop.sales["promo"].mean() < 0.1
    windows = shop.truth.promotions
    day = promo["ts"].dt.normalize()
    merged = promo.assign(ds=day).merge(windows, on="sku")
    inside = (merged["ds"] >= merged["start"]) & (merged["ds"] <= merged["end"])
    assert merged[inside].drop_duplicates("line_key").shape[0] == len(promo)
    full = shop.sales[~shop.sales["promo"] & shop.sales["sku"].isin(promo["sku"])]
    shelf = full.groupby("sku")["unit_price"].max()
    ratio = promo["unit_price"] / promo["sku"].map(shelf)
    assert ratio.between(0.75, 0.85).mean() > 0.9


def test_members_consent_and_pseudonyms(shop: DemoShop) -> None:
    customers = shop.customers
    assert 0.55 <= customers["marketing_consent"].mean() <= 0.65
    assert customers["id"].str.fullmatch(r"C-[0-9a-f]{8}").all()
    assert customers["id"].is_unique
    anonymous = shop.sales.groupby("order_id")["customer_id"].first().isna().mean()
    assert 0.40 <= anonymous <= 0.50
    known = set(shop.sales["customer_id"].dropna())
    assert known <= set(customers["id"])
    segments = shop.truth.customers.set_index("segment")["visits_per_week"]
    assert segments["regular"].mean() > 3 * segments["occasional"].mean()


def test_personal_data_is_only_in_customer_pii(shop: DemoShop) -> None:
    pii = shop.customer_pii
    assert pii["email"].dropna().str.endswith("@example.com").all()
    assert pii["phone"].dropna().str.startswith("+49 30 555").all()
    secrets = set(pii["name"]) | set(pii["email"].dropna()) | set(pii["phone"].dropna())
    for name in TABLES:
        if name == "customer_pii":
            continue
        frame = getattr(shop, name)
        for column in frame.columns:
            if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
                assert not secrets & set(frame[column].dropna().astype(str)), (name, column)
    assert not {"name", "email", "phone"} & set(shop.customers.columns)


def test_todays_stock_has_a_realistic_mix_of_risks(shop: DemoShop) -> None:
    status = shop.truth.products["end_status"]
    selling = status.isin(["ok", "at_risk", "out_of_stock", "overstocked"]).sum()
    assert 0.05 <= (status == "at_risk").sum() / selling <= 0.10
    assert 2 <= (status == "out_of_stock").sum() <= 10
    assert 2 <= (status == "overstocked").sum() <= 20
    assert (status == "ok").sum() / selling > 0.8
    latest = shop.stock_levels.sort_values("counted_at").groupby("sku").last()
    out = shop.truth.products.query("end_status == 'out_of_stock'")["sku"]
    assert (latest.loc[out, "on_hand"] == 0).all()


def test_orders_and_deliveries_tell_the_supplier_story(shop: DemoShop) -> None:
    orders, lines, deliveries = shop.purchase_orders, shop.purchase_order_lines, shop.deliveries
    assert 1 <= (orders["status"] == "open").sum() <= 20
    received = orders.loc[orders["status"] == "received", "id"]
    delivered_orders = lines.loc[lines["id"].isin(deliveries["line_id"]), "order_id"]
    assert set(delivered_orders) == set(received)
    per_week = orders.groupby("supplier_id").size() / (760 / 7)
    assert per_week.between(0.9, 2.1).all()
    truth = shop.truth.suppliers.set_index("name")
    assert truth.loc["Mercato Fine Foods Import", "late_rate"] > 0.4
    assert truth.loc["Kornblume Bakery", "late_rate"] < 0.2
    assert (truth["short_rate"] > 0).all() and (deliveries["quantity_rejected"] > 0).any()


def test_injected_data_problems_are_where_the_truth_says(shop: DemoShop) -> None:
    problems = shop.truth.problems.set_index("kind", drop=False)
    sales = shop.sales.set_index("line_key")
    outage = problems.loc["pos_outage"]
    days = shop.sales["ts"].dt.normalize()
    assert not days.between(outage["start"], outage["end"]).any()
    assert (days == outage["start"] - pd.Timedelta(days=1)).sum() > 100
    for row in problems[problems["kind"].str.startswith("duplicate")].itertuples():
        pair = sales.loc[list(row.line_keys)]
        assert len(pair) == 2
        content = ["ts", "sku", "quantity", "unit_price", "customer_id", "channel", "promo"]
        assert pair[content].nunique(dropna=False).max() == 1
        assert pair["order_id"].nunique() == (1 if row.kind == "duplicate_line" else 2)
    zero = problems.loc[problems["kind"] == "zero_price"]
    assert len(zero) == 2
    assert all(sales.loc[k[0], "unit_price"] == 0 for k in zero["line_keys"])
    assert sales.loc[problems.loc["quantity_typo", "line_keys"][0], "quantity"] == 240
    latest = shop.stock_levels.sort_values("counted_at").groupby("sku").last()
    assert latest.loc[problems.loc["negative_stock", "sku"], "on_hand"] < 0
    stale = latest.loc[problems.loc["stale_stock_count", "sku"], "counted_at"]
    assert (pd.Timestamp(END) - stale).days > 90
    orphan = shop.products.set_index("sku").loc[problems.loc["missing_supplier", "sku"]]
    assert pd.isna(orphan["supplier_id"])
    assert shop.products["supplier_id"].isna().sum() == 1


def test_load_writes_every_table_with_intact_foreign_keys(small: DemoShop, tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 't.sqlite'}")
    upgrade(engine)
    load(engine, small)
    with engine.connect() as conn:
        assert small.crm is not None
        extra = {"sales": len(small.crm.campaign_sales)}  # the orders past campaigns caused
        for name in TABLES:
            count = conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
            assert count == len(getattr(small, name)) + extra.get(name, 0), name
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        anonymous = conn.execute(
            text("SELECT COUNT(*) FROM sales WHERE customer_id IS NULL")
        ).scalar_one()
        assert anonymous == small.sales["customer_id"].isna().sum()
        first = conn.execute(text("SELECT ts, order_id FROM sales WHERE id = 1")).one()
        assert re.fullmatch(r"(CP|WEB)-\d{8}-\d{4}", first.order_id)
    with pytest.raises(ValueError, match="already holds products"):
        load(engine, small)
    with engine.connect() as conn:
        sales = conn.execute(text("SELECT COUNT(*) FROM sales")).scalar_one()
    assert sales == len(small.sales) + extra["sales"]


def test_small_shops_keep_the_shape(small: DemoShop) -> None:
    assert len(small.products) == 295
    assert 20_000 <= len(small.sales) <= 80_000
    assert len(small.customers) == 200
    assert np.isfinite(small.truth.products["base_daily_rate"]).all()

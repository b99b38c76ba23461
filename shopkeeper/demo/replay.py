"""Replay the demo shop's last weeks one week at a time, as if it were running live: load it
as it stood `weeks` weeks ago, then each week forecast, suggest orders, and import the
week's sales. Afterwards the track record has real past forecasts to judge.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

import pandas as pd
from sqlalchemy import insert, update
from tqdm import tqdm

from shopkeeper.core import forecasts
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import Product, SaleLine
from shopkeeper.demo.load import load
from shopkeeper.demo.shop import DemoShop

_SALE_COLUMNS = [
    "line_key", "ts", "order_id", "sku", "quantity", "unit_price", "customer_id", "channel",
    "promo",
]  # fmt: skip


def replay(
    deps: Deps,
    shop: DemoShop,
    weeks: int = 4,
    *,
    only: list[str] | None = None,
    n_jobs: int = 1,
    progress: bool = False,
) -> list[datetime]:
    """Load `shop` as of `weeks` weeks before its end and replay the weeks since.

    Args:
        deps: An empty, migrated shop.
        shop: The generated demo shop.
        weeks: Weeks to replay.
        only: Keep only these products active (a quicker replay for tests).
        n_jobs: Forecasting processes.
        progress: A progress bar in the terminal.

    Returns:
        The moments each week's forecast was made.
    """
    end = pd.Timestamp(shop.truth.end)
    cut = end - pd.Timedelta(weeks=weeks)
    sales = shop.sales
    past = replace(
        shop,
        sales=sales[sales["ts"] < cut],
        stock_levels=shop.stock_levels[
            shop.stock_levels["counted_at"] < cut + pd.Timedelta(hours=9)
        ],
    )
    load(deps.engine, past)
    if only is not None:
        with deps.sessions.begin() as s:
            s.execute(update(Product).where(Product.sku.not_in(only)).values(active=False))
    made = []
    for k in tqdm(range(weeks), desc="Replaying weeks", disable=not progress):
        day = (cut + pd.Timedelta(weeks=k)).date()
        now = datetime.combine(day, time(7, 0))
        with deps.sessions.begin() as s:
            forecasts.refresh(s, day, 35, deps.settings.country, now, n_jobs=n_jobs)
            week = sales[
                (sales["ts"] >= pd.Timestamp(day))
                & (sales["ts"] < pd.Timestamp(day + timedelta(days=7)))
            ]
            rows = week[_SALE_COLUMNS].astype(object).where(week[_SALE_COLUMNS].notna(), None)
            s.execute(insert(SaleLine), rows.to_dict("records"))
        made.append(now)
    return made

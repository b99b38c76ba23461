"""Writing competitor prices: one price per product, competitor and day; a later file with
the same day's price for the same competitor updates it."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, insert, select, update

from shopkeeper.core.importing.writing import IN_CHUNK, T, Written, chunked, day


def write_competitor_prices(conn: Connection, good: pd.DataFrame) -> Written:
    """Add new (sku, competitor, date) prices, update changed ones, count the rest.

    Competitor names keep the spelling they were first imported with; later files may
    write them in other capitals.
    """
    table = T["competitor_prices"]
    skus = sorted(set(good["sku"].tolist()))
    existing: dict[tuple[str, str, Any], tuple[int, float, str]] = {}
    for part in chunked(skus, IN_CHUNK):
        rows = conn.execute(
            select(table.c.id, table.c.sku, table.c.competitor, table.c.date, table.c.price).where(
                table.c.sku.in_(part)
            )
        )
        for rid, sku, who, when, price in rows:
            existing[(sku, who.casefold(), when)] = (rid, float(price), who)
    out = Written()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for sku, who, when, price in zip(
        good["sku"], good["competitor"], good["date"], good["price"], strict=True
    ):
        key = (sku, str(who).strip().casefold(), day(when))
        old = existing.get(key)
        if old is None:
            inserts.append(
                {"sku": sku, "competitor": str(who).strip(), "date": key[2], "price": float(price)}
            )
            out.added += 1
        elif abs(old[1] - float(price)) > 1e-9:
            updates.append({"rid": old[0], "price": float(price)})
            out.updated += 1
        else:
            out.unchanged += 1
    if inserts:
        conn.execute(insert(table), inserts)
    if updates:
        conn.execute(update(table).where(table.c.id == bindparam("rid")), updates)
    return out

"""Writing sales lines in bulk, so that importing the same file again adds nothing.

Each line's key is a SHA-1 over its normalised fields plus how many identical lines came
before it in the file; the database's unique index on that key drops repeats
(ON CONFLICT DO NOTHING), on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select
from tqdm import tqdm

from shopkeeper.core.importing.load_customers import ensure_customers
from shopkeeper.core.importing.writing import CHUNK_ROWS, T, Written, count_rows, insert_ignoring


def write_sales(
    conn: Connection, good: pd.DataFrame, new_products: pd.DataFrame, *, progress: bool = False
) -> Written:
    """Insert the validated sales lines `good` (and the products/customers they introduce)."""
    out = Written()
    if len(new_products):
        products = T["products"]
        before = count_rows(conn, products)
        conn.execute(
            insert_ignoring(conn, products, ["sku"]),
            [
                {
                    "sku": r.sku,
                    "name": r.name,
                    "category": r.category,
                    "price": float(r.price),
                    "unit_cost": 0.0,
                    "pack_size": 1,
                    "moq": 1,
                    "active": True,
                }
                for r in new_products.itertuples(index=False)
            ],
        )
        out.created["products"] = count_rows(conn, products) - before

    customer_ids = pd.Series(None, index=good.index, dtype=object)
    with_ref = good["customer_ref"].notna()
    if with_ref.any():
        first = good.loc[with_ref].groupby("customer_ref")["date"].min()
        mapping, created = ensure_customers(conn, {r: d.date() for r, d in first.items()})
        customer_ids = good["customer_ref"].map(mapping)
        out.created["customers"] = created

    sales = T["sales"]
    before = count_rows(conn, sales)
    stmt = insert_ignoring(conn, sales, ["line_key"])
    # Re-imports of overlapping exports are the common case: skip known lines up front
    # (ON CONFLICT still guards against anything this misses).
    span = sales.c.ts.between(
        good["date"].min().to_pydatetime(), good["date"].max().to_pydatetime()
    )
    known = set(conn.execute(select(sales.c.line_key).where(span)).scalars())
    seen: dict[bytes, int] = {}
    with tqdm(total=len(good), unit="line", desc="Importing sales", disable=not progress) as bar:
        for start in range(0, len(good), CHUNK_ROWS):
            part = good.iloc[start : start + CHUNK_ROWS]
            params = _params(part, customer_ids.iloc[start : start + CHUNK_ROWS], seen)
            fresh = [p for p in params if p["line_key"] not in known]
            if fresh:
                conn.execute(stmt, fresh)
            bar.update(len(params))
    out.added = count_rows(conn, sales) - before
    out.unchanged = len(good) - out.added
    return out


def _objects(col: pd.Series) -> list[Any]:
    return list(col.to_numpy(dtype=object, na_value=None))


def _params(
    part: pd.DataFrame, customer_ids: pd.Series, seen: dict[bytes, int]
) -> list[dict[str, Any]]:
    ts = [t.to_pydatetime() for t in part["date"]]
    order = _objects(part["order_id"])
    sku = part["sku"].tolist()
    qty = part["quantity"].tolist()
    price = part["unit_price"].tolist()
    key_price = part["key_price"].tolist()
    ref = _objects(part["customer_ref"])
    cust = _objects(customer_ids)
    channel = part["channel"].tolist()
    promo = part["promo"].astype(bool).tolist()
    code = _objects(part["discount_code"])
    out = []
    for i in range(len(part)):
        source = "\x1f".join(
            (
                ts[i].isoformat(),
                order[i] or "",
                sku[i],
                repr(qty[i]),
                repr(key_price[i]),
                ref[i] or "",
                channel[i],
            )
        ).encode()
        # Identical lines in one file are distinct sales: number them.
        digest = hashlib.sha1(source).digest()
        nth = seen.get(digest, 0)
        seen[digest] = nth + 1
        out.append(
            {
                "line_key": hashlib.sha1(source + b"\x1f%d" % nth).hexdigest(),
                "ts": ts[i],
                "order_id": order[i],
                "sku": sku[i],
                "quantity": qty[i],
                "unit_price": price[i],
                "customer_id": cust[i],
                "channel": channel[i],
                "promo": promo[i],
                # Not part of the key: a code added to a re-export must not duplicate a line.
                "discount_code": code[i],
            }
        )
    return out

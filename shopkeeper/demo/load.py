"""Write a generated demo shop into an empty, migrated database (bulk Core inserts, one
transaction: either the whole shop is there afterwards or nothing changed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    Table,
    func,
    select,
    text,
)

from shopkeeper.core.importing.load_feedback import feedback_rows
from shopkeeper.core.store.models import Base

if TYPE_CHECKING:
    from shopkeeper.demo.crm import CrmDemo
    from shopkeeper.demo.shop import DemoShop

SQLITE_CACHE_KIB = -262144  # negative: KiB (256 MiB, used only while loading)
# Parents before children, so foreign keys hold at every insert.
TABLES = (
    "suppliers",
    "products",
    "customers",
    "customer_pii",
    "sales",
    "stock_levels",
    "purchase_orders",
    "purchase_order_lines",
    "deliveries",
)
OPTIONAL_TABLES = ("competitor_prices",)  # filled only when situations are planted in them


def _column(values: pd.Series, kind: Any) -> list[Any]:
    """Plain Python values for the DB driver (numpy scalars, NaN and NaT become None/int/...)."""
    missing = values.isna().to_numpy()
    if isinstance(kind, DateTime):
        out = [t.to_pydatetime() for t in pd.to_datetime(values)]
    elif isinstance(kind, Date):
        out = list(pd.to_datetime(values).dt.date)
    elif isinstance(kind, Boolean):
        out = [bool(v) for v in values.fillna(False).to_numpy()]
    elif isinstance(kind, Integer):
        out = [int(v) for v in values.fillna(0).to_numpy(dtype=np.int64)]
    elif isinstance(kind, Float):
        out = values.to_numpy(dtype=float, na_value=np.nan).tolist()
    else:
        out = values.astype(object).tolist()
    return [None if m else v for v, m in zip(out, missing, strict=True)] if missing.any() else out


def _rows(frame: pd.DataFrame, table: Table) -> list[dict[str, Any]]:
    names = [c.name for c in table.columns if c.name in frame.columns]
    columns = [_column(frame[name], table.columns[name].type) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _load_crm(conn: Connection, crm: CrmDemo) -> None:
    """Campaigns, their lists and extra orders, and feedback (through the import's own
    pseudonymising, sentiment and product matching)."""
    tables = Base.metadata.tables
    for name in ("campaigns", "campaign_targets", "campaign_sales"):
        table = tables["sales" if name == "campaign_sales" else name]
        rows = _rows(getattr(crm, name), table)
        if rows:
            conn.execute(table.insert(), rows)
    messages = crm.feedback.to_dict("records")
    for m in messages:
        m["received_at"] = pd.Timestamp(m["received_at"]).to_pydatetime()
        m["rating"] = None if pd.isna(m["rating"]) else float(m["rating"])
    rows = feedback_rows(conn, messages, "demo")
    if rows:
        conn.execute(tables["feedback"].insert(), rows)


def load(engine: Engine, shop: DemoShop, *, with_crm: bool = True) -> None:
    """Insert every table of `shop` in one transaction.

    Args:
        with_crm: also the demo's feedback and past campaigns (their extra orders included).

    Raises:
        ValueError: the database already holds products (the demo needs an empty shop).
    """
    tables = Base.metadata.tables
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(tables["products"])).scalar_one():
            raise ValueError(
                "this database already holds products; load the demo into an empty one"
            )
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A large page cache keeps the random-order line_key index in memory (3x faster).
            old_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
            conn.exec_driver_sql(f"PRAGMA cache_size={SQLITE_CACHE_KIB}")
        for name in (*TABLES, *OPTIONAL_TABLES):
            frame = getattr(shop, name)
            rows = _rows(frame, tables[name]) if frame is not None else []
            if rows:
                conn.execute(tables[name].insert(), rows)
        if shop.crm is not None and with_crm:
            _load_crm(conn, shop.crm)
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(old_cache)}")
        if conn.dialect.name == "postgresql":
            # Explicit ids do not move PostgreSQL's sequences; later inserts must not collide.
            for name in (*TABLES, *OPTIONAL_TABLES):
                if "id" in tables[name].columns and isinstance(tables[name].c.id.type, Integer):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
                        )
                    )

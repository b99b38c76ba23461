"""The data-quality check on the store: read what the checks need, run them (the tool keeps
the answer in the shop state until the data changes).

Used by the `data_quality` tool, after every import (its summary is part of the import
report) and by the forecast refresh (a product's facts carry the problems in its history).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from analytics.data_quality import QualityReport, check_data_quality
from shopkeeper.core.calendar import holiday_frame
from shopkeeper.core.state import Slot
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import SaleLine, StockLevel

SUMMARY_LINES = 5


@dataclass(frozen=True)
class DataCheck:
    """Asks an import to run the data-quality check afterwards: the day and the country."""

    today: date
    country: str


def sales_lines(conn: Connection) -> pd.DataFrame:
    """Every sales line: line_key, ts, order_id, sku, quantity, unit_price, customer_id.

    Read through the driver without SQLAlchemy's per-row conversion (ten times faster on
    a few hundred thousand lines); timestamps are parsed once, as a column.
    """
    columns = ["line_key", "ts", "order_id", "sku", "quantity", "unit_price", "customer_id"]
    table = SaleLine.__tablename__
    rows = conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    frame = pd.DataFrame(rows, columns=columns)
    frame["ts"] = pd.to_datetime(frame["ts"], format="ISO8601")
    frame["quantity"] = frame["quantity"].astype(float)
    frame["unit_price"] = frame["unit_price"].astype(float)
    return frame


def _counts(conn: Connection) -> pd.DataFrame:
    stmt = select(StockLevel.sku, StockLevel.on_hand, StockLevel.counted_at)
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=["sku", "on_hand", "counted_at"])
    frame["counted_at"] = pd.to_datetime(frame["counted_at"])
    return frame


# The data check, kept in the shop state until sales, catalogue, stock or deliveries change.
DATA_QUALITY: Slot[QualityReport] = Slot(
    "data quality", ("sales", "catalogue", "stock", "deliveries")
)


def check_store(session: Session, today: date, country: str) -> QualityReport:
    """Run every data-quality check on the store."""
    conn = session.connection()
    sales = sales_lines(conn)
    start = sales["ts"].min().date() if len(sales) else today - timedelta(days=365)
    holidays = pd.to_datetime(holiday_frame(country, start, today)["ds"]).dt.date
    deliveries = frames.deliveries(session)[["supplier_id", "sku", "received_at"]]
    return check_data_quality(
        sales,
        frames.products(session),
        _counts(conn),
        deliveries,
        frames.suppliers(session)[["supplier_id", "name"]],
        today,
        set(holidays),
    )


def summary_lines(report: QualityReport, limit: int = SUMMARY_LINES) -> list[str]:
    """A few lines for the end of an import report: what needs fixing, worst first."""
    serious = [f for f in report.findings if f.severity != "low"]
    if not serious:
        return ["Data check: no problems found."]
    high = len(report.at("high"))
    lines = [
        f"Data check: {high} problem(s) to fix, {len(serious) - high} to look at "
        "(ask 'is my data OK?' for details)."
    ]
    for f in serious[:limit]:
        lines.append(f"  [{f.severity}] {f.title}: {f.rows:,} — {f.fix}")
    if len(serious) > limit:
        lines.append(f"  ... and {len(serious) - limit} more")
    return lines

"""Forecasts are computed once for the whole catalogue and stored until the sales change.

A question reads the stored run (milliseconds). The whole-catalogue run happens after the
demo is loaded, after a sales import, by `shopkeeper refresh`, or — only when no run exists
at all — on first use. A single product whose stored forecast is out of date is re-forecast
alone (well under a second), so a question never waits for the whole catalogue.
"""

from __future__ import annotations

import math
import time as clock
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from analytics.forecasting import ForecastResult, forecast_demand
from shopkeeper.calendar import holiday_frame
from shopkeeper.store import frames
from shopkeeper.store.models import ForecastFact, ForecastRun, ForecastValue

VALUE_COLUMNS = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
KEEP_RUNS = 3


@dataclass(frozen=True)
class StoredForecast:
    """A forecast run read back from the store, and whether newer sales exist."""

    result: ForecastResult
    run_id: int
    created_at: datetime
    stale: bool


def compute(
    session: Session,
    today: date,
    horizon: int,
    country: str,
    skus: list[str] | None = None,
    n_jobs: int = 1,
) -> ForecastResult:
    """Forecast the given SKUs (default: all active products) from the store's sales."""
    if skus is None:
        skus = frames.products(session, active_only=True)["sku"].tolist()
    sales = frames.daily_sales(session, skus=skus, before=today)
    start = sales["ds"].min().date() if len(sales) else today - timedelta(days=365)
    hol = holiday_frame(country, start, today + timedelta(days=horizon))
    return forecast_demand(sales, today, horizon, holidays=hol, n_jobs=n_jobs)


def refresh(
    session: Session, today: date, horizon: int, country: str, now: datetime, n_jobs: int = 2
) -> StoredForecast:
    """Forecast the whole active catalogue and store it as a new run."""
    started = clock.perf_counter()
    fingerprint = frames.sales_fingerprint(session)
    result = compute(session, today, horizon, country, n_jobs=n_jobs)
    run = ForecastRun(
        created_at=now,
        as_of=today,
        sales_fingerprint=fingerprint,
        horizon=horizon,
        seconds=round(clock.perf_counter() - started, 2),
    )
    session.add(run)
    session.flush()
    values = result.forecasts.rename(columns={"unique_id": "sku"})
    values = values.assign(run_id=run.id, ds=values["ds"].dt.date)
    session.execute(
        insert(ForecastValue), values[["run_id", "sku", "ds", *VALUE_COLUMNS]].to_dict("records")
    )
    facts = [
        {"run_id": run.id, "sku": row["unique_id"], "facts": _jsonable(row)}
        for row in result.facts.to_dict("records")
    ]
    if facts:
        session.execute(insert(ForecastFact), facts)
    _prune(session)
    return StoredForecast(result, run.id, now, stale=False)


def latest(session: Session, today: date, skus: list[str] | None = None) -> StoredForecast | None:
    """The newest stored run (optionally only some SKUs), or None when none exists."""
    run = session.scalars(select(ForecastRun).order_by(ForecastRun.id.desc()).limit(1)).first()
    if run is None:
        return None
    vstmt = select(ForecastValue).where(ForecastValue.run_id == run.id)
    fstmt = select(ForecastFact).where(ForecastFact.run_id == run.id)
    if skus is not None:
        vstmt = vstmt.where(ForecastValue.sku.in_(skus))
        fstmt = fstmt.where(ForecastFact.sku.in_(skus))
    rows = session.execute(
        vstmt.with_only_columns(
            ForecastValue.sku, ForecastValue.ds, *[getattr(ForecastValue, c) for c in VALUE_COLUMNS]
        )
    ).all()
    values = pd.DataFrame(rows, columns=["unique_id", "ds", *VALUE_COLUMNS])
    values["ds"] = pd.to_datetime(values["ds"])
    facts = pd.DataFrame([f.facts for f in session.scalars(fstmt)])
    if facts.empty:
        facts = pd.DataFrame(columns=["unique_id"])
    stale = run.as_of != today or run.sales_fingerprint != frames.sales_fingerprint(session)
    result = ForecastResult(forecasts=values, facts=facts, today=run.as_of, horizon=run.horizon)
    return StoredForecast(result, run.id, run.created_at, stale)


def _prune(session: Session) -> None:
    old = [r for r in session.scalars(select(ForecastRun.id).order_by(ForecastRun.id.desc()))][
        KEEP_RUNS:
    ]
    if old:
        session.execute(delete(ForecastValue).where(ForecastValue.run_id.in_(old)))
        session.execute(delete(ForecastFact).where(ForecastFact.run_id.in_(old)))
        session.execute(delete(ForecastRun).where(ForecastRun.id.in_(old)))


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        elif isinstance(value, (pd.Timestamp, date)):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out

"""Forecasts are computed once for the whole catalogue and stored until the sales change.

A question reads the stored run (milliseconds). The whole-catalogue run happens after the
demo is loaded, after a sales import, by `shopkeeper refresh`, or — only when no run exists
at all — on first use. A single product whose stored forecast is out of date is re-forecast
alone (well under a second), so a question never waits for the whole catalogue.

The whole-catalogue run can go to a Dask cluster (`FORECAST_BACKEND=dask`): statsforecast's
own fugue backend runs the models there, on the scheduler at `DASK_SCHEDULER_ADDRESS`, or on
a LocalCluster of two worker processes started for the run when no address is set. Small
re-forecasts always stay in this process.
"""

from __future__ import annotations

import logging
import math
import time as clock
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from analytics.forecasting import ForecastResult, forecast_demand
from shopkeeper.core.calendar import holiday_frame
from shopkeeper.core.settings import Settings
from shopkeeper.core.state import Memo, Slot
from shopkeeper.core.store import frames
from shopkeeper.core.store.models import ForecastFact, ForecastRun, ForecastValue

VALUE_COLUMNS = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
KEEP_RUNS = 3
LOCAL_CLUSTER_WORKERS = 2


@dataclass(frozen=True)
class StoredForecast:
    """A forecast run read back from the store, and whether newer sales exist."""

    result: ForecastResult
    run_id: int
    created_at: datetime
    stale: bool


@contextmanager
def forecast_backend(settings: Settings | None) -> Iterator[str]:
    """The backend name for `forecast_demand`; for "dask", a connected client meanwhile.

    statsforecast finds the client as Dask's default one. A LocalCluster started here is
    closed on exit; an external scheduler is only disconnected from.
    """
    if settings is None or settings.forecast_backend == "local":
        yield "local"
        return
    from distributed import Client, LocalCluster

    cluster = None
    if settings.dask_scheduler_address:
        client = Client(settings.dask_scheduler_address)  # type: ignore[no-untyped-call]
    else:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=LOCAL_CLUSTER_WORKERS,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        yield "dask"
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def compute(
    session: Session,
    today: date,
    horizon: int,
    country: str,
    skus: list[str] | None = None,
    n_jobs: int = 1,
    *,
    backend: str = "local",
) -> ForecastResult:
    """Forecast the given SKUs (default: all active products) from the store's sales.

    `backend` "dask" needs a running client (see `forecast_backend`).
    """
    if skus is None:
        skus = frames.products(session, active_only=True)["sku"].tolist()
    sales = frames.daily_sales(session, skus=skus, before=today)
    start = sales["ds"].min().date() if len(sales) else today - timedelta(days=365)
    hol = holiday_frame(country, start, today + timedelta(days=horizon))
    stockouts = frames.zero_counts(session, skus)
    return forecast_demand(
        sales, today, horizon, stockouts=stockouts, holidays=hol, n_jobs=n_jobs, backend=backend
    )


def refresh(
    session: Session,
    today: date,
    horizon: int,
    country: str,
    now: datetime,
    n_jobs: int = 2,
    *,
    settings: Settings | None = None,
) -> StoredForecast:
    """Forecast the whole active catalogue and store it as a new run.

    With `settings`, its `forecast_backend` and `dask_scheduler_address` choose where the
    models run; without, they run in this process.
    """
    started = clock.perf_counter()
    fingerprint = frames.sales_fingerprint(session)
    with forecast_backend(settings) as backend:
        result = compute(session, today, horizon, country, n_jobs=n_jobs, backend=backend)
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


FORECAST_RUN: Slot[StoredForecast | None] = Slot("forecast run", ("forecasts", "sales"))


def latest(
    session: Session,
    today: date,
    skus: list[str] | None = None,
    memo: Memo | None = None,
) -> StoredForecast | None:
    """The newest stored run (optionally only some SKUs), or None when none exists.

    With a `memo` (the shop state), a whole run is read from the database once per data
    version and reused; asking for some SKUs then filters it in memory.
    """
    if memo is None:
        return _latest(session, today, skus)
    whole = memo.get(FORECAST_RUN, lambda: _latest(session, today, None), key=today)
    if whole is None or skus is None:
        return whole
    values, facts = whole.result.forecasts, whole.result.facts
    values = values[values["unique_id"].isin(skus)]
    facts = facts[facts["unique_id"].isin(skus)] if len(facts) else facts
    return replace(whole, result=replace(whole.result, forecasts=values, facts=facts))


def _latest(session: Session, today: date, skus: list[str] | None) -> StoredForecast | None:
    run = session.scalars(select(ForecastRun).order_by(ForecastRun.id.desc()).limit(1)).first()
    if run is None:
        return None
    stale = run.as_of != today or run.sales_fingerprint != frames.sales_fingerprint(session)
    values, facts = _read(session, run.id, skus)
    result = ForecastResult(forecasts=values, facts=facts, today=run.as_of, horizon=run.horizon)
    return StoredForecast(result, run.id, run.created_at, stale)


def _read(
    session: Session, run_id: int, skus: list[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    vstmt = select(
        ForecastValue.sku, ForecastValue.ds, *[getattr(ForecastValue, c) for c in VALUE_COLUMNS]
    ).where(ForecastValue.run_id == run_id)
    fstmt = select(ForecastFact.facts).where(ForecastFact.run_id == run_id)
    if skus is not None:
        vstmt = vstmt.where(ForecastValue.sku.in_(skus))
        fstmt = fstmt.where(ForecastFact.sku.in_(skus))
    values = pd.DataFrame(session.execute(vstmt).all(), columns=["unique_id", "ds", *VALUE_COLUMNS])
    values["ds"] = pd.to_datetime(values["ds"])
    facts = pd.DataFrame(list(session.scalars(fstmt)))
    if facts.empty:
        facts = pd.DataFrame(columns=["unique_id"])
    return values, facts


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

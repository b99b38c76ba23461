"""Dense daily demand per product: the shape every forecasting step works on.

Sales arrive sparse (a row per product and day that sold something). Forecasting needs
every day of a product's life, with the days it sold nothing as explicit zeros. This module
builds that once, as a wide matrix (one row per product, one column per day) for the
vectorised cleaning steps, and as statsforecast's long format for other callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

# Two years back plus the pre-season window is what the yearly factor reads; older days
# only cost memory.
MAX_HISTORY_DAYS = 800

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class DailyPanel:
    """Daily units per product on consecutive days ending the day before `today`.

    Attributes:
        ids: product ids (``unique_id`` as str), sorted; row i of ``values`` is ``ids[i]``.
        days: day numbers (numpy ``datetime64[D]``) of the columns, consecutive.
        values: units sold, shape (n_products, n_days); NaN before a product's first sale.
        start: column of each product's first sale (0 when it is older than the panel).
        age_days: days from first sale to ``today`` over the full history (not truncated).
    """

    ids: npt.NDArray[np.str_]
    days: npt.NDArray[np.datetime64]
    values: FloatArray
    start: IntArray
    age_days: IntArray

    @property
    def alive(self) -> BoolArray:
        """True on days on or after a product's first sale."""
        return np.asarray(~np.isnan(self.values))


def _day_numbers(column: pd.Series) -> IntArray:
    days = pd.to_datetime(column).to_numpy().astype("datetime64[D]")
    return np.asarray(days.astype(np.int64), dtype=np.int64)


def build_panel(
    sales: pd.DataFrame, today: date, max_days: int | None = MAX_HISTORY_DAYS
) -> DailyPanel:
    """Turns sparse sales rows into a dense daily matrix of the history before ``today``.

    Args:
        sales: ``unique_id, ds, y``; several rows for one product and day are summed, days
            without a row are zero-sales days, negative daily totals (returns) count as 0.
        today: first day that is not history.
        max_days: keep at most this many days before ``today`` (None keeps everything).

    Returns:
        The panel; products whose only rows are on or after ``today`` are left out.

    Raises:
        ValueError: when a required column is missing.
    """
    missing = {"unique_id", "ds", "y"} - set(sales.columns)
    if missing:
        raise ValueError(f"sales is missing column(s): {', '.join(sorted(missing))}")
    today_n = int(np.datetime64(today, "D").astype(np.int64))
    day = _day_numbers(sales["ds"])
    keep = day < today_n
    uid = sales["unique_id"].astype(str).to_numpy()[keep]
    day = day[keep]
    qty = pd.to_numeric(sales["y"], errors="coerce").fillna(0.0).to_numpy(np.float64)[keep]
    ids, row = np.unique(uid, return_inverse=True)
    n = len(ids)
    # A product's life starts at its first sale; a product that never sold starts at its
    # first row so that it still gets an (all-zero) forecast.
    first_any = np.full(n, today_n, dtype=np.int64)
    np.minimum.at(first_any, row, day)
    first_sale = np.full(n, today_n, dtype=np.int64)
    np.minimum.at(first_sale, row[qty > 0], day[qty > 0])
    first = np.where(first_sale < today_n, first_sale, first_any)
    oldest = int(first.min()) if n else today_n - 1
    if max_days is not None:
        oldest = max(oldest, today_n - max_days)
    n_days = today_n - oldest
    col = day - oldest
    inside = col >= 0
    flat = np.bincount(
        row[inside] * n_days + col[inside], weights=qty[inside], minlength=n * n_days
    )
    values = np.maximum(flat.reshape(n, n_days), 0.0)
    start = np.maximum(first - oldest, 0)
    values[np.arange(n_days)[None, :] < start[:, None]] = np.nan
    days = np.arange(oldest, today_n).astype("datetime64[D]")
    return DailyPanel(
        ids=ids.astype(str),
        days=days,
        values=values,
        start=start.astype(np.int64),
        age_days=(today_n - first).astype(np.int64),
    )


def daily_series(sales: pd.DataFrame, today: date) -> pd.DataFrame:
    """Dense daily history per product, from its first sale to the day before ``today``.

    Use it wherever a calculation needs zero-sales days spelled out (averages per day,
    days of cover, charts). The whole history is kept.

    Args:
        sales: ``unique_id, ds, y`` as in :func:`analytics.forecasting.forecast_demand`.
        today: first day that is not history.

    Returns:
        ``unique_id`` (str), ``ds`` (datetime64[ns], one row per day), ``y`` (float units),
        sorted by ``unique_id, ds``.
    """
    panel = build_panel(sales, today, max_days=None)
    rows, cols = np.nonzero(panel.alive)
    return pd.DataFrame(
        {
            "unique_id": panel.ids[rows],
            "ds": panel.days[cols].astype("datetime64[ns]"),
            "y": panel.values[rows, cols],
        }
    )

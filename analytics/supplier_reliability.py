"""Predicted reliability of each supplier's next order: lead-time distribution and on-time chance.

Method (stated in every result, see `METHOD`):
- Recency: each past shipment weighs 0.5 ** (age / half-life) (half-life 180 days), so a supplier
  that changed is judged mostly by its recent deliveries. Weighted counts are rescaled to the
  effective number of deliveries (Kish: (sum w)^2 / sum w^2), so weighting never invents data.
- On time: beta-binomial empirical Bayes. The prior Beta(a, b) is fitted to all suppliers'
  on-time shares by the method of moments (its mean is the shop's on-time share, its strength
  how much suppliers differ); a supplier's posterior is Beta(a + on time, b + late). With few
  deliveries the estimate leans toward the shop's other suppliers; with many, toward its own.
  The 80 % interval of the posterior is its uncertainty.
- Lead time: log(lead / stated) is normal per supplier; its mean is shrunk toward the shop's
  mean (normal-normal empirical Bayes, between-supplier variance by moments) and its variance
  toward the pooled variance (4 pseudo-deliveries). The predictive distribution is lognormal,
  with the uncertainty of the mean added to its spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.stats import beta, norm

from analytics.suppliers import STATED_SD_FRACTION

HALF_LIFE_DAYS = 180.0
RECENT = 8  # "3 of the last 8 deliveries were late"
PRIOR_STRENGTH_RANGE = (2.0, 50.0)  # pseudo-deliveries of the on-time prior
DEFAULT_TAU2 = 0.05  # between-supplier variance of mean log lead ratio with < 2 suppliers to pool
SIGMA_PSEUDO = 4.0  # pseudo-deliveries pulling a supplier's spread toward the shop's
MIN_LOG_VAR = 0.002
Z90 = float(norm.ppf(0.9))

METHOD = (
    "beta-binomial empirical Bayes for the on-time chance and a lognormal lead time shrunk "
    f"toward the shop's other suppliers; deliveries weighted by recency (half-life "
    f"{HALF_LIFE_DAYS:g} days)"
)

RELIABILITY_COLUMNS = [
    "supplier_id", "name", "stated_lead_time", "n_deliveries", "n_effective",
    "lead_time_mean", "lead_time_sd", "lead_time_p50", "lead_time_p90",
    "on_time_probability", "on_time_low", "on_time_high", "prior_weight",
    "recent_n", "recent_late", "basis",
]  # fmt: skip


@dataclass(frozen=True)
class ReliabilityPrediction:
    """Per-supplier prediction (`suppliers`, columns RELIABILITY_COLUMNS) and the shop prior.

    basis is 'predicted' with deliveries to learn from (a supplier without any is predicted
    from the shop's others), 'stated' when no supplier has deliveries (stated lead time, sd 25 %,
    on-time chance unknown). prior_weight is the share of the on-time estimate that comes from
    the shop prior (0 = all its own deliveries). on_time_low/high: 80 % credible interval.
    """

    suppliers: pd.DataFrame
    prior_on_time: float  # the shop's on-time share (prior mean)
    prior_strength: float  # pseudo-deliveries of the prior
    method: str = METHOD

    def lead_times(self) -> pd.DataFrame:
        """The plan's lead-time input: supplier_id, lead_time_mean, lead_time_sd, basis."""
        return self.suppliers[["supplier_id", "lead_time_mean", "lead_time_sd", "basis"]]


def predict_reliability(
    shipments: pd.DataFrame,
    suppliers: pd.DataFrame,
    today: date,
    *,
    half_life_days: float = HALF_LIFE_DAYS,
) -> ReliabilityPrediction:
    """Predict each supplier's next lead time and on-time chance from shipments before today.

    Args:
        shipments: `analytics.suppliers.shipment_frame` output (received_at, lead_days, on_time
            per shipment); shipments received on or after `today` are ignored.
        suppliers: supplier_id, name, lead_time_days (stated).
        today: the day of the prediction (weights count age from it).
        half_life_days: age at which a shipment weighs half as much as today's.
    """
    sup = suppliers[["supplier_id", "name", "lead_time_days"]].copy()
    sup["supplier_id"] = sup["supplier_id"].astype("Int64")
    sup["stated_lead_time"] = pd.to_numeric(sup["lead_time_days"]).astype(float).clip(lower=0.5)
    sup = sup.sort_values("supplier_id", ignore_index=True)
    s = shipments[pd.to_datetime(shipments["received_at"]) < pd.Timestamp(today)]
    s = s[s["supplier_id"].isin(sup["supplier_id"])]
    stats = _weighted_stats(s, sup, pd.Timestamp(today), half_life_days)
    out = sup.merge(stats, on="supplier_id", how="left").infer_objects()
    out["n_deliveries"] = out["n_deliveries"].fillna(0).astype(int)
    out["n_effective"] = out["n_effective"].fillna(0.0)
    out["recent_n"] = out["recent_n"].fillna(0).astype(int)
    out["recent_late"] = out["recent_late"].fillna(0).astype(int)

    a, b = _beta_prior(out)
    k, n = out["k_eff"].fillna(0.0), out["n_effective"]
    post_a, post_b = a + k, b + (n - k)
    has_prior = np.isfinite(a)
    out["on_time_probability"] = np.where(has_prior, post_a / (post_a + post_b), np.nan)
    out["on_time_low"] = np.where(has_prior, beta.ppf(0.1, post_a, post_b), np.nan)
    out["on_time_high"] = np.where(has_prior, beta.ppf(0.9, post_a, post_b), np.nan)
    out["prior_weight"] = np.where(has_prior, (a + b) / (a + b + n), 1.0)
    _lead_distribution(out)
    prior_mean = float(a / (a + b)) if np.isfinite(a) else float("nan")
    strength = float(a + b) if np.isfinite(a) else 0.0
    frame = out[RELIABILITY_COLUMNS].reset_index(drop=True)
    return ReliabilityPrediction(frame, prior_mean, strength)


def _weighted_stats(
    s: pd.DataFrame, sup: pd.DataFrame, today: pd.Timestamp, half_life: float
) -> pd.DataFrame:
    """Per supplier: counts, effective n, weighted on-time count, weighted log-ratio moments."""
    cols = ["supplier_id", "n_deliveries", "n_effective", "k_eff", "mu", "s2", "recent_n"]
    if s.empty:
        return pd.DataFrame(columns=[*cols, "recent_late"]).astype({"supplier_id": "Int64"})
    s = s.merge(sup[["supplier_id", "stated_lead_time"]], on="supplier_id")
    age = (today - pd.to_datetime(s["received_at"])).dt.days.to_numpy(dtype=float)
    w = 0.5 ** (age / half_life)
    x = np.log(np.maximum(s["lead_days"].to_numpy(dtype=float), 0.5) / s["stated_lead_time"])
    f = pd.DataFrame(
        {
            "supplier_id": s["supplier_id"].to_numpy(),
            "w": w,
            "w2": w**2,
            "wx": w * x,
            "wxx": w * x * x,
            "wk": w * s["on_time"].to_numpy(dtype=float),
        }
    )
    g = f.groupby("supplier_id").sum()
    out = pd.DataFrame(index=g.index)
    out["n_deliveries"] = f.groupby("supplier_id").size()
    out["n_effective"] = g["w"] ** 2 / g["w2"]
    out["k_eff"] = g["wk"] / g["w"] * out["n_effective"]
    out["mu"] = g["wx"] / g["w"]
    out["s2"] = (g["wxx"] / g["w"] - out["mu"] ** 2).clip(lower=0.0)
    ordered = s.sort_values("received_at")
    recent = ordered.groupby("supplier_id").tail(RECENT)
    out["recent_n"] = recent.groupby("supplier_id").size()
    out["recent_late"] = (~recent["on_time"].astype(bool)).groupby(recent["supplier_id"]).sum()
    return out.reset_index()


def _beta_prior(out: pd.DataFrame) -> tuple[float, float]:
    """Beta prior by the method of moments over suppliers with deliveries (NaN without any)."""
    seen = out[out["n_effective"] > 0]
    if seen.empty:
        return float("nan"), float("nan")
    n = seen["n_effective"].to_numpy(dtype=float)
    rate = seen["k_eff"].to_numpy(dtype=float) / n
    p0 = float(np.clip((rate * n).sum() / n.sum(), 0.01, 0.99))
    lo, hi = PRIOR_STRENGTH_RANGE
    if len(seen) < 2:
        m = lo
    else:
        # Observed spread of the shares minus what binomial noise alone would give.
        between = float(np.var(rate, ddof=1)) - float(np.mean(p0 * (1 - p0) / n))
        m = hi if between <= 0 else float(np.clip(p0 * (1 - p0) / between - 1, lo, hi))
    return p0 * m, (1 - p0) * m


def _lead_distribution(out: pd.DataFrame) -> None:
    """Fill lead_time_mean/sd/p50/p90 and basis in place (lognormal predictive)."""
    stated = out["stated_lead_time"].to_numpy(dtype=float)
    n = out["n_effective"].to_numpy(dtype=float)
    seen = n > 0
    if not seen.any():
        sd = stated * STATED_SD_FRACTION
        out["lead_time_mean"], out["lead_time_sd"] = stated, sd
        out["lead_time_p50"], out["lead_time_p90"] = stated, stated + Z90 * sd
        out["basis"] = "stated"
        return
    mu = out["mu"].to_numpy(dtype=float)
    s2 = np.maximum(out["s2"].to_numpy(dtype=float), MIN_LOG_VAR)
    mu0 = float(np.average(mu[seen], weights=n[seen]))
    sigma0 = float(np.average(s2[seen], weights=n[seen]))
    if seen.sum() >= 2:
        spread = float(np.var(mu[seen], ddof=1)) - float(np.mean(s2[seen] / n[seen]))
        tau2 = max(spread, MIN_LOG_VAR)
    else:
        tau2 = DEFAULT_TAU2
    # The spread first (a supplier's own, pulled toward the shop's), so that two identical
    # deliveries do not make its mean look certain.
    dof = np.maximum(n - 1.0, 0.0)
    sigma2 = (SIGMA_PSEUDO * sigma0 + dof * np.where(seen, s2, 0.0)) / (SIGMA_PSEUDO + dof)
    precision = n / sigma2 + 1.0 / tau2
    mu_post = (n / sigma2 * np.nan_to_num(mu) + mu0 / tau2) / precision
    var = sigma2 + 1.0 / precision
    centre = np.log(stated) + mu_post
    mean = np.exp(centre + var / 2)
    out["lead_time_mean"] = mean
    out["lead_time_sd"] = mean * np.sqrt(np.expm1(var))
    out["lead_time_p50"] = np.exp(centre)
    out["lead_time_p90"] = np.exp(centre + Z90 * np.sqrt(var))
    out["basis"] = "predicted"

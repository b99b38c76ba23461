"""Repeat purchases per customer: the BG/NBD model and the Gamma-Gamma spend model.

BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive, a
customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
probability p ~ Beta(a, b). From each customer's frequency x (repeat purchases), recency t_x
(time of the last purchase after the first) and age T (time since the first purchase) it
gives the chance the customer is still a customer and the purchases to expect.

Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013): a customer's
spend per purchase varies around their own mean, which varies across customers; with the
purchase count it gives the spend to expect per future purchase.

No maintained Python library implements these (lifetimes is unmaintained, pymc-marketing is
far too heavy here), so they are implemented with scipy and checked against the published
CDNOW estimates and against simulated customers with known parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

FloatArray = np.ndarray


@dataclass(frozen=True)
class BGNBDParams:
    """Fitted BG/NBD parameters (time in the unit the summary used: days or weeks)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int
    converged: bool


@dataclass(frozen=True)
class GammaGammaParams:
    """Fitted Gamma-Gamma spend parameters (p, q, gamma); fitted on repeat buyers only."""

    p: float
    q: float
    gamma: float
    n_customers: int
    converged: bool

    @property
    def mean_spend(self) -> float:
        """Population mean spend per purchase (infinite when q <= 1)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("inf")


def purchase_summary(
    transactions: pd.DataFrame, end: pd.Timestamp | str, unit_days: float = 1.0
) -> pd.DataFrame:
    """Per customer: frequency, recency, T and spend, from their purchases before `end`.

    Purchases on the same day count as one purchase (one visit), as in the published CDNOW
    analyses.

    Args:
        transactions: customer_id, ds (datetime), amount (spend of the line or order).
        end: the end of the observation (exclusive), e.g. today. T runs from the first
            purchase to the last day observed (the day before `end`), as in the published
            CDNOW data (Fader, Hardie & Lee 2005), whose estimates this reproduces.
        unit_days: time unit in days (1 = days, 7 = weeks).

    Returns:
        One row per customer (index customer_id): frequency (repeat purchase days),
        recency (first to last purchase), T (first purchase to `end`), n_purchases,
        monetary (mean spend of the repeat purchases, 0 without any), total_spend,
        first, last (timestamps).
    """
    end = pd.Timestamp(end)
    t = transactions.loc[pd.to_datetime(transactions["ds"]) < end]
    day = pd.to_datetime(t["ds"]).dt.normalize()
    daily = (
        t.assign(ds=day)
        .groupby(["customer_id", "ds"], sort=True, observed=True)["amount"]
        .sum()
        .reset_index()
    )
    g = daily.groupby("customer_id", sort=True, observed=True)
    first = g["ds"].min()
    last = g["ds"].max()
    n = g.size()
    total = g["amount"].sum()
    first_spend = daily.drop_duplicates("customer_id", keep="first").set_index("customer_id")
    repeat_total = total - first_spend["amount"].reindex(total.index)
    freq = n - 1
    out = pd.DataFrame(
        {
            "frequency": freq.astype(float),
            "recency": (last - first).dt.days / unit_days,
            "T": ((end - first).dt.days - 1) / unit_days,
            "n_purchases": n.astype(int),
            "monetary": np.where(freq > 0, repeat_total / freq.where(freq > 0, 1), 0.0),
            "total_spend": total.astype(float),
            "first": first,
            "last": last,
        }
    )
    out.index.name = "customer_id"
    return out


def _bgnbd_ll(log_params: FloatArray, x: FloatArray, t_x: FloatArray, T: FloatArray) -> FloatArray:
    r, alpha, a, b = np.exp(log_params)
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    repeat = x > 0
    b_safe = np.where(repeat, b + x - 1, 1.0)  # b + x - 1 < 0 for x = 0 when b < 1
    a2 = special.betaln(a + 1, b_safe) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x)
    ll: FloatArray = common + np.where(repeat, np.logaddexp(a1, a2), a1)
    return ll


def bgnbd_log_likelihood(
    params: BGNBDParams | tuple[float, float, float, float],
    x: FloatArray,
    t_x: FloatArray,
    T: FloatArray,
) -> FloatArray:
    """Per-customer log-likelihood of (x, t_x, T) under BG/NBD (r, alpha, a, b)."""
    r, alpha, a, b = _tuple(params)
    return _bgnbd_ll(np.log([r, alpha, a, b]), *_arrays(x, t_x, T))


def fit_bgnbd(x: FloatArray, t_x: FloatArray, T: FloatArray, penalty: float = 0.0) -> BGNBDParams:
    """Maximum-likelihood BG/NBD parameters for customers with (x, t_x, T).

    Identical (x, t_x, T) rows are fitted once with a weight, so large logs stay fast.

    Args:
        penalty: optional L2 penalty on the parameters (0 = plain maximum likelihood).
    """
    from scipy import optimize  # lazily: about 0.4 s, and only a refit needs it

    xs, tx, tt = _arrays(x, t_x, T)
    key = pd.DataFrame({"x": xs, "t_x": tx, "T": tt})
    grouped = key.groupby(["x", "t_x", "T"], sort=False).size().reset_index(name="w")
    gx, gtx, gT, w = (grouped[c].to_numpy(dtype=float) for c in ("x", "t_x", "T", "w"))
    n = float(w.sum())

    def objective(lp: FloatArray) -> float:
        ll = _bgnbd_ll(lp, gx, gtx, gT)
        return float(-(w * ll).sum() / n + penalty * (np.exp(lp) ** 2).sum())

    scale = max(float(np.mean(tt)), 1e-9)
    start = np.log([1.0, scale, 1.0, 1.0])
    res = optimize.minimize(objective, start, method="Nelder-Mead", options={"maxiter": 4000})
    res = optimize.minimize(objective, res.x, method="L-BFGS-B")
    r, alpha, a, b = (float(v) for v in np.exp(res.x))
    ll = float((w * _bgnbd_ll(res.x, gx, gtx, gT)).sum())
    return BGNBDParams(r, alpha, a, b, ll, int(n), bool(res.success))


def probability_alive(
    params: BGNBDParams, x: FloatArray, t_x: FloatArray, T: FloatArray
) -> FloatArray:
    """P(still a customer | x, t_x, T); 1 for customers without a repeat purchase."""
    xs, tx, tt = _arrays(x, t_x, T)
    log_odds = _log_dead_odds(params, xs, tx, tt)
    alive: FloatArray = np.where(xs > 0, special.expit(-log_odds), 1.0)
    return alive


def _log_dead_odds(p: BGNBDParams, x: FloatArray, t_x: FloatArray, T: FloatArray) -> FloatArray:
    b_safe = np.where(x > 0, p.b + x - 1, 1.0)
    odds: FloatArray = np.log(p.a / b_safe) + (p.r + x) * (
        np.log(p.alpha + T) - np.log(p.alpha + t_x)
    )
    return odds


def probability_no_purchase(
    params: BGNBDParams, t: float, x: FloatArray, t_x: FloatArray, T: FloatArray
) -> FloatArray:
    """P(no purchase in the next `t` | x, t_x, T): dropped out, or alive and not buying.

    Dropping out happens only at a purchase, so an alive customer buys nothing in t with
    probability E[exp(-λt)] = ((α + T) / (α + T + t))^(r + x) under λ's posterior.
    """
    xs, tx, tt = _arrays(x, t_x, T)
    alive = probability_alive(params, xs, tx, tt)
    quiet = np.exp((params.r + xs) * (np.log(params.alpha + tt) - np.log(params.alpha + tt + t)))
    out: FloatArray = 1 - alive + alive * quiet
    return out


def expected_purchases(
    params: BGNBDParams, t: float, x: FloatArray, t_x: FloatArray, T: FloatArray
) -> FloatArray:
    """Expected purchases in the next `t` time units for customers with (x, t_x, T)."""
    xs, tx, tt = _arrays(x, t_x, T)
    p = params
    z = t / (p.alpha + tt + t)
    hyp = special.hyp2f1(p.r + xs, p.b + xs, p.a + p.b + xs - 1, z)
    head = (p.a + p.b + xs - 1) / (p.a - 1)
    body = 1 - np.exp((p.r + xs) * (np.log(p.alpha + tt) - np.log(p.alpha + tt + t))) * hyp
    denom = 1 + np.where(xs > 0, np.exp(_log_dead_odds(p, xs, tx, tt)), 0.0)
    out: FloatArray = np.maximum(head * body / denom, 0.0)
    return out


def expected_purchases_new(params: BGNBDParams, t: FloatArray | float) -> FloatArray:
    """Expected repeat purchases of a new customer within `t` of their first purchase."""
    p = params
    tt = np.asarray(t, dtype=float)
    hyp = special.hyp2f1(p.r, p.b, p.a + p.b - 1, tt / (p.alpha + tt))
    out: FloatArray = (p.a + p.b - 1) / (p.a - 1) * (1 - (p.alpha / (p.alpha + tt)) ** p.r * hyp)
    return out


def next_purchase_window(
    params: BGNBDParams,
    x: FloatArray,
    T: FloatArray,
    quantiles: tuple[float, float, float] = (0.25, 0.5, 0.75),
) -> FloatArray:
    """Time from `end` until the next purchase, if the customer is still a customer.

    While alive the waiting time is exponential with rate λ, and λ | x, T ~ Gamma(r + x,
    α + T), so P(wait > s) = ((α + T) / (α + T + s))^(r + x).

    Returns:
        Array (customers x quantiles) of waiting times in the summary's time unit.
    """
    xs = np.asarray(x, dtype=float)
    tt = np.asarray(T, dtype=float)
    q = np.asarray(quantiles, dtype=float)
    shape = (params.r + xs)[:, None]
    out: FloatArray = (params.alpha + tt)[:, None] * ((1 - q[None, :]) ** (-1 / shape) - 1)
    return out


def _gg_ll(log_params: FloatArray, x: FloatArray, m: FloatArray) -> FloatArray:
    p, q, g = np.exp(log_params)
    ll: FloatArray = (
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(g)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(g + m * x)
    )
    return ll


def fit_gamma_gamma(x: FloatArray, monetary: FloatArray) -> GammaGammaParams:
    """Gamma-Gamma parameters from repeat buyers' purchase counts and mean spends.

    Customers without a repeat purchase or with a mean spend <= 0 are left out (the model
    describes the spread of positive spends around a customer's mean).
    """
    from scipy import optimize  # lazily: about 0.4 s, and only a refit needs it

    xs = np.asarray(x, dtype=float)
    ms = np.asarray(monetary, dtype=float)
    keep = (xs > 0) & (ms > 0)
    xs, ms = xs[keep], ms[keep]
    if len(xs) < 3:
        raise ValueError("the Gamma-Gamma model needs at least three repeat buyers")

    def objective(lp: FloatArray) -> float:
        return float(-_gg_ll(lp, xs, ms).mean())

    start = np.log([1.0, 2.0, float(np.mean(ms))])
    res = optimize.minimize(objective, start, method="Nelder-Mead", options={"maxiter": 4000})
    res = optimize.minimize(objective, res.x, method="L-BFGS-B")
    p, q, g = (float(v) for v in np.exp(res.x))
    return GammaGammaParams(p, q, g, len(xs), bool(res.success))


def expected_spend(params: GammaGammaParams, x: FloatArray, monetary: FloatArray) -> FloatArray:
    """Expected spend per future purchase: a weighted mean of the customer's own mean spend
    and the population mean (more purchases, more weight on their own)."""
    xs = np.asarray(x, dtype=float)
    ms = np.asarray(monetary, dtype=float)
    p = params
    if p.q <= 1:  # no finite population mean: fall back to the customer's own mean
        return np.where(xs > 0, ms, np.nan)
    own = p.p * xs / (p.p * xs + p.q - 1)
    out: FloatArray = (1 - own) * p.mean_spend + own * np.where(xs > 0, ms, 0.0)
    return out


def _tuple(params: BGNBDParams | tuple[float, float, float, float]) -> tuple[float, ...]:
    if isinstance(params, BGNBDParams):
        return (params.r, params.alpha, params.a, params.b)
    return tuple(float(v) for v in params)


def _arrays(x: FloatArray, t_x: FloatArray, T: FloatArray) -> tuple[FloatArray, ...]:
    return tuple(np.asarray(v, dtype=float) for v in (x, t_x, T))

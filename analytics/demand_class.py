"""Syntetos–Boylan demand classes: how often a product sells and how much the amounts vary.

ADI is the average number of in-stock days between two days with a sale; CV² is the squared
coefficient of variation of the amounts on days with a sale. The cut-offs 1.32 and 0.49 are
the ones Syntetos, Boylan & Croston (2005) derived for choosing between smoothing and
Croston-type methods. Stock-out days are left out: they tell nothing about demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
# Below eight weeks the class and any backtest would rest on a handful of sales days.
NEW_PRODUCT_DAYS = 56

CLASSES = ("smooth", "erratic", "intermittent", "lumpy", "new")
# Weekday means must differ beyond chance (chi-square, 6 degrees of freedom, p < 0.01) and
# by a share of the mean an owner would notice.
WEEKLY_CHI2 = 16.81
WEEKLY_SPREAD = 0.2


@dataclass(frozen=True)
class DemandProfile:
    """Per-product demand pattern, aligned with the rows it was computed from.

    Attributes:
        adi: average in-stock days per day with a sale (inf when it never sold).
        cv2: squared coefficient of variation of the non-zero amounts (0 with < 2 sales).
        demand_class: one of ``CLASSES``.
        n_in_stock: in-stock days that were looked at.
        n_sales_days: days with a sale among them.
    """

    adi: npt.NDArray[np.float64]
    cv2: npt.NDArray[np.float64]
    demand_class: npt.NDArray[np.str_]
    n_in_stock: npt.NDArray[np.int64]
    n_sales_days: npt.NDArray[np.int64]


def syntetos_boylan(
    adi: npt.NDArray[np.float64], cv2: npt.NDArray[np.float64]
) -> npt.NDArray[np.str_]:
    """Classifies by the ADI/CV² quadrants.

    Args:
        adi: average inter-demand interval in days.
        cv2: squared coefficient of variation of demand sizes.

    Returns:
        'smooth' (frequent, steady), 'erratic' (frequent, uneven), 'intermittent'
        (occasional, steady) or 'lumpy' (occasional, uneven) per element.
    """
    frequent = adi < ADI_CUTOFF
    steady = cv2 < CV2_CUTOFF
    return np.select(
        [frequent & steady, frequent, steady],
        ["smooth", "erratic", "intermittent"],
        default="lumpy",
    ).astype(str)


def demand_profile(
    values: npt.NDArray[np.float64],
    in_stock: npt.NDArray[np.bool_],
    age_days: npt.NDArray[np.int64],
) -> DemandProfile:
    """Computes ADI, CV² and the demand class for every row at once.

    Args:
        values: daily units, shape (n_products, n_days); only ``in_stock`` cells are read.
        in_stock: True where the day counts as demand (alive and not censored).
        age_days: days since each product's first sale; younger than ``NEW_PRODUCT_DAYS``
            makes the class 'new'.

    Returns:
        The profile per row.
    """
    sold = in_stock & (np.nan_to_num(values) > 0)
    n_in_stock = in_stock.sum(axis=1).astype(np.int64)
    n_sales = sold.sum(axis=1).astype(np.int64)
    sizes = np.where(sold, values, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        adi = np.where(n_sales > 0, n_in_stock / np.maximum(n_sales, 1), np.inf)
        mean = np.nansum(sizes, axis=1) / np.maximum(n_sales, 1)
        var = np.nansum((sizes - mean[:, None]) ** 2, axis=1) / np.maximum(n_sales - 1, 1)
        cv2 = np.where(n_sales >= 2, var / np.maximum(mean, 1e-12) ** 2, 0.0)
    cls = syntetos_boylan(adi, cv2)
    cls = np.where(age_days < NEW_PRODUCT_DAYS, "new", cls).astype(str)
    return DemandProfile(
        adi=adi.astype(np.float64),
        cv2=cv2.astype(np.float64),
        demand_class=cls,
        n_in_stock=n_in_stock,
        n_sales_days=n_sales,
    )


def weekly_pattern(values: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Whether each row's weekday means differ clearly (columns are consecutive days).

    Args:
        values: daily units, NaN where the day does not count (before first sale,
            stock-outs).

    Returns:
        True per row when the weekday effect is both significant and at least
        ``WEEKLY_SPREAD`` of the mean.
    """
    seen = ~np.isnan(values)
    count = seen.sum(axis=1)
    mean = np.nansum(values, axis=1) / np.maximum(count, 1)
    var = np.nansum((values - mean[:, None]) ** 2, axis=1) / np.maximum(count - 1, 1)
    stat = np.zeros(len(values))
    lo = np.full(len(values), np.inf)
    hi = np.full(len(values), -np.inf)
    for weekday in range(min(7, values.shape[1])):
        cells = values[:, weekday::7]
        n = (~np.isnan(cells)).sum(axis=1)
        m = np.nansum(cells, axis=1) / np.maximum(n, 1)
        stat += n * (m - mean) ** 2
        lo = np.where(n > 0, np.minimum(lo, m), lo)
        hi = np.where(n > 0, np.maximum(hi, m), hi)
    significant = stat / np.maximum(var, 1e-12) > WEEKLY_CHI2
    return np.asarray(significant & (hi - lo >= WEEKLY_SPREAD * mean) & (mean > 0))

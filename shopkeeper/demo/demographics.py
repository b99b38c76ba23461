"""Area and age band of the demo shop's loyalty members, for the fairness audit.

Members near the shop (areas 101 and 104) come more often, so segments differ by area
for a reason that is not the area itself; age band is drawn independently of behaviour.
Nothing in the generator targets a customer by either attribute, so an audit of the demo
shop's recommendations should find gaps explained by behaviour and no attribute-driven one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AREAS = ("101", "104", "106", "120")
# Share of each area by segment: regulars live close, occasional and one-off buyers further.
_NEAR = (0.40, 0.35, 0.15, 0.10)
_FAR = (0.15, 0.20, 0.35, 0.30)
_NEAR_SEGMENTS = {"regular", "new"}
AGE_BANDS = ("18-29", "30-44", "45-64", "65+")
_AGE_SHARES = (0.2, 0.3, 0.3, 0.2)


def add_demographics(
    customers: pd.DataFrame, segment: pd.Series, rng: np.random.Generator
) -> pd.DataFrame:
    """`customers` with `area` and `age_band` (one row per member, in member order)."""
    near = segment.isin(_NEAR_SEGMENTS).to_numpy()
    n = len(customers)
    area = np.where(near, rng.choice(AREAS, n, p=_NEAR), rng.choice(AREAS, n, p=_FAR))
    return customers.assign(area=area, age_band=rng.choice(AGE_BANDS, n, p=_AGE_SHARES))

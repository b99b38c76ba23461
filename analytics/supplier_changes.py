"""Is a supplier getting slower? Its recent deliveries against its own earlier ones.

Not a fixed threshold ("late by more than 2 days"): a supplier that always takes 12 days is
planned for; one that took 5 and now takes 8 is a change the owner should hear about. The last
`recent` shipments are compared with the earlier ones by a one-sided Mann-Whitney U test (no
assumption about the shape of lead times; ties of whole days are handled by the test), and a
change is flagged only when it is both unlikely by chance (p < alpha) and at least
`min_shift_days` long on average, so a statistically clear half-day drift stays quiet.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from scipy.stats import mannwhitneyu

RECENT = 8
MIN_BEFORE = 12
ALPHA = 0.01
MIN_SHIFT_DAYS = 1.0

CHANGE_COLUMNS = [
    "supplier_id", "name", "n_recent", "n_before", "recent_mean", "before_mean", "shift_days",
    "recent_late", "before_late_share", "p_value", "worsening",
]  # fmt: skip


def lead_time_changes(
    shipments: pd.DataFrame,
    suppliers: pd.DataFrame,
    today: date,
    *,
    recent: int = RECENT,
    min_before: int = MIN_BEFORE,
    alpha: float = ALPHA,
    min_shift_days: float = MIN_SHIFT_DAYS,
) -> pd.DataFrame:
    """One row per supplier with enough history: is its lead time getting worse?

    Args:
        shipments: `analytics.suppliers.shipment_frame` output; those received on or after
            `today` are ignored.
        suppliers: supplier_id, name.
        today: the day of the check.
        recent: the last shipments judged against the earlier ones.
        min_before: earlier shipments needed for a comparison (else the supplier is left out).
        alpha: significance of the one-sided test.
        min_shift_days: smallest mean change (days) worth a warning.

    Returns:
        Columns CHANGE_COLUMNS, sorted by supplier_id: recent_mean/before_mean lead time in
        days, shift_days their difference, recent_late late shipments among the recent ones,
        before_late_share the earlier late share, p_value of "recent lead times are longer",
        worsening = p_value < alpha and shift_days >= min_shift_days.
    """
    s = shipments[pd.to_datetime(shipments["received_at"]) < pd.Timestamp(today)]
    s = s.sort_values(["supplier_id", "received_at"], kind="stable")
    names = suppliers.set_index(suppliers["supplier_id"].astype("Int64"))["name"]
    rows = []
    for sid, g in s.groupby("supplier_id", sort=True):
        if len(g) < recent + min_before:
            continue
        lead = g["lead_days"].to_numpy(dtype=float)
        late = ~g["on_time"].to_numpy(dtype=bool)
        new, old = lead[-recent:], lead[:-recent]
        shift = float(new.mean() - old.mean())
        p = (
            1.0
            if np.ptp(lead) == 0
            else float(mannwhitneyu(new, old, alternative="greater").pvalue)
        )
        rows.append(
            {
                "supplier_id": sid,
                "name": names.get(sid, str(sid)),
                "n_recent": len(new),
                "n_before": len(old),
                "recent_mean": float(new.mean()),
                "before_mean": float(old.mean()),
                "shift_days": shift,
                "recent_late": int(late[-recent:].sum()),
                "before_late_share": float(late[:-recent].mean()),
                "p_value": p,
                "worsening": bool(p < alpha and shift >= min_shift_days),
            }
        )
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)

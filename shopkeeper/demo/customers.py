"""Loyalty members: segments with their own visit rhythm, assignment of members to orders,
consent, and fake personal data (kept apart in `customer_pii`)."""

from __future__ import annotations

import hashlib
import unicodedata

import numpy as np
import pandas as pd

N_CUSTOMERS = 2000
IDENTIFIED_SHARE = 0.55  # of orders: the rest are anonymous (no loyalty card shown)
CONSENT_SHARE = 0.60
# segment: (share of members, relative visits per week low/high)
SEGMENTS = {
    "regular": (0.22, 0.9, 2.2),
    "occasional": (0.33, 0.15, 0.45),
    "lapsed": (0.20, 0.5, 1.5),
    "new": (0.12, 0.5, 1.5),
    "one_off": (0.13, 0.6, 1.0),
}
FIRST = (
    "Anna Ben Clara David Elif Felix Greta Hannah Ivan Julia Karim Lena Lukas Maja Marie "
    "Mehmet Mia Noah Olga Paul Rosa Sami Sofia Tom Ursula Viktor Wen Yusuf Zoe Jonas Emma "
    "Leon Amira Nils Ida Jan Lea Tariq Chen Marta"
).split()
LAST = (
    "Schmidt Müller Weber Fischer Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf "
    "Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Yilmaz Kaya Nowak Kowalski "
    "Rossi Nguyen Meyer Schäfer Bauer Frank Lehmann Öztürk Berg Vogel Peters Jung"
).split()


def pseudonym(seed: int, index: int) -> str:
    """A stable pseudonym like C-3f9a1c2b derived from the seed and the member number."""
    return "C-" + hashlib.sha1(f"corner-pantry:{seed}:{index}".encode()).hexdigest()[:8]


def plan_members(n_hist: int, rng: np.random.Generator, scale: float = 1.0) -> pd.DataFrame:
    """Members with segment, active window (day indices, may start before the history) and a
    relative visit rate per week."""
    n = max(50, round(N_CUSTOMERS * scale))
    names = list(SEGMENTS)
    segment = rng.choice(names, n, p=[SEGMENTS[s][0] for s in names])
    low = np.array([SEGMENTS[s][1] for s in segment])
    high = np.array([SEGMENTS[s][2] for s in segment])
    rate = rng.uniform(low, high)
    signup = rng.integers(-400, n_hist - 200, n)
    leave = np.full(n, n_hist)
    new = segment == "new"
    signup[new] = rng.integers(n_hist - 90, n_hist - 1, new.sum())
    lapsed = segment == "lapsed"
    signup[lapsed] = rng.integers(-200, n_hist - 300, lapsed.sum())
    leave[lapsed] = rng.integers(np.maximum(signup[lapsed], 0) + 60, n_hist - 90)
    once = segment == "one_off"
    signup[once] = rng.integers(0, n_hist - 20, once.sum())
    leave[once] = signup[once] + 10  # one or two visits within ten days
    return pd.DataFrame(
        {
            "segment": segment,
            "rate": rate,
            "signup": signup,
            "active_from": np.maximum(signup, 0),
            "active_to": leave,
        }
    )


def assign_members(
    members: pd.DataFrame,
    order_day: np.ndarray,
    n_hist: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Member index per order (-1 = anonymous) and the calibrated visits per week per member.

    A member visits on a day with probability rate · (that day's orders / an average day's),
    scaled so that about IDENTIFIED_SHARE of all orders carry a member.
    """
    per_day = np.bincount(order_day, minlength=n_hist).astype(float)
    busy = per_day / per_day[per_day > 0].mean()
    t = np.arange(n_hist)
    frm, to = members["active_from"].to_numpy(), members["active_to"].to_numpy()
    active = (t[None, :] >= frm[:, None]) & (t[None, :] < to[:, None])
    weight = members["rate"].to_numpy()[:, None] / 7.0 * busy[None, :] * active
    c = IDENTIFIED_SHARE * per_day.sum() / weight.sum()
    visits = rng.random(weight.shape) < np.minimum(c * weight, 1.0)
    v_day, v_member = np.nonzero(visits.T)  # sorted by day
    # Give each day's visitors that day's orders in random order.
    order_sorted = np.lexsort((rng.random(len(order_day)), order_day))
    first_order = np.searchsorted(order_day[order_sorted], np.arange(n_hist))
    first_visit = np.searchsorted(v_day, v_day)
    rank = np.arange(len(v_day)) - first_visit
    fits = rank < per_day[v_day]
    member = np.full(len(order_day), -1, dtype=np.int64)
    member[order_sorted[first_order[v_day[fits]] + rank[fits]]] = v_member[fits]
    return member, np.round(c * members["rate"].to_numpy(), 3)


def _ascii(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ö", "Oe")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def member_frames(
    members: pd.DataFrame,
    first_order: pd.Series,
    start: pd.Timestamp,
    end: pd.Timestamp,
    seed: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `customers` and `customer_pii` tables. `first_order` maps member index to the date
    of the member's first recorded order (missing for members who never bought)."""
    n = len(members)
    ids = np.array([pseudonym(seed, i) for i in range(n)])
    if len(set(ids)) != n:
        raise ValueError("pseudonym collision; choose another seed")
    signup = start + pd.to_timedelta(members["signup"].to_numpy(), unit="D")
    first_seen = pd.Series(signup).where(
        first_order.reindex(range(n)).isna(), first_order.reindex(range(n)).to_numpy()
    )
    consent = rng.random(n) < CONSENT_SHARE
    # Consent was given or changed at sign-up or on a later visit, never after today.
    changed = signup + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    changed = changed.where(changed < end, signup)
    changed += pd.to_timedelta(rng.integers(8 * 3600, 20 * 3600, n), unit="s")
    known = rng.random(n) < 0.9  # older records do not say when consent was given
    customers = pd.DataFrame(
        {
            "id": ids,
            "first_seen": pd.to_datetime(first_seen).dt.date,
            "marketing_consent": consent,
            "consent_updated_at": pd.Series(changed).where(known),
        }
    )
    first = rng.choice(FIRST, n)
    last = rng.choice(LAST, n)
    email = [
        f"{_ascii(f)}.{_ascii(s)}{i:04d}@example.com"
        for i, (f, s) in enumerate(zip(first, last, strict=True))
    ]
    phone = [f"+49 30 555 {k:05d}" for k in rng.choice(100000, n, replace=False)]
    pii = pd.DataFrame(
        {
            "customer_id": ids,
            "external_ref": [f"LOY-{100001 + i}" for i in range(n)],
            "name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
            "email": pd.Series(email, dtype=object).where(rng.random(n) > 0.08),
            "phone": pd.Series(phone, dtype=object).where(rng.random(n) > 0.25),
        }
    )
    return customers, pii

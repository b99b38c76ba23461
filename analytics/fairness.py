"""Do the recommendations that touch customers treat groups of customers differently?

For each recommendation (who gets an offer, who is on a contact list, ...) and each
attribute the shop has (area, age band, gender, new vs long-standing, a proxy such as the
channel), this compares the groups' selection rates (the four-fifths rule as a flag, not a
verdict) and average offer value, and then compares like with like: customers who buy
as recently, as often and as much (the leaves of a decision tree on that behaviour). If
the gap disappears among alike customers, behaviour explains it; if it stays (and is too
large to be chance), the attribute itself drives the recommendation.

Pure: frames in, a frozen `FairnessAudit` out.

Inputs:
    customers: customer_id, recency_days, frequency, monetary, and one column per attribute
        (text; missing = not recorded).
    decisions: per recommendation, a frame customer_id, selected (bool), value (float or
        NaN: the offer's value, when the recommendation has one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

FOUR_FIFTHS = 0.8
MIN_GROUP = 30  # fewer customers: too few to judge
Z_CHANCE = 3.0  # a gap among alike customers beyond this many standard errors is no chance
BEHAVIOUR = ("recency_days", "frequency", "monetary")


@dataclass(frozen=True)
class GroupOutcome:
    """How one group fares under one recommendation.

    Attributes:
        group: The attribute's value ("106", "65+", "new").
        customers: Customers in the group.
        selected: How many of them the recommendation selects.
        rate: selected / customers.
        ratio: rate / the highest group's rate (four-fifths rule: below 0.8 is flagged).
        mean_value: Average offer value of the selected (None without values).
        alike_rate: The rate customers buying like this group's members get on average.
        adjusted_ratio: (rate / alike_rate) relative to the best group's: the ratio left
            after comparing like with like.
        z: (selected - expected among alike customers) / its standard error.
    """

    group: str
    customers: int
    selected: int
    rate: float
    ratio: float
    mean_value: float | None
    alike_rate: float
    adjusted_ratio: float
    z: float


@dataclass(frozen=True)
class AttributeCheck:
    """One recommendation against one attribute.

    Attributes:
        recommendation: e.g. "segment offers".
        attribute: e.g. "area".
        groups: The groups large enough to judge, best rate first.
        four_fifths: True when some group's ratio is below 0.8 (a flag to look at).
        drives: True when a gap stays among alike customers and is not chance.
        explanation: The finding in plain words.
    """

    recommendation: str
    attribute: str
    groups: tuple[GroupOutcome, ...]
    four_fifths: bool
    drives: bool
    explanation: str


@dataclass(frozen=True)
class FairnessAudit:
    """Every recommendation against every attribute, and the attributes the shop lacks."""

    checks: tuple[AttributeCheck, ...]
    missing: tuple[str, ...]

    @property
    def flagged(self) -> tuple[AttributeCheck, ...]:
        """The checks where the attribute itself drives the recommendation."""
        return tuple(c for c in self.checks if c.drives)


def _alike(frame: pd.DataFrame) -> np.ndarray:
    """Per customer, the selection rate of customers who buy alike.

    "Alike" is learnt from the recommendation itself: a decision tree on recency,
    frequency and spend only (never an attribute) splits customers where the selection
    changes, in leaves of at least MIN_GROUP customers; a leaf's rate is what behaviour
    alone explains.
    """
    x = frame[list(BEHAVIOUR)].to_numpy(dtype=float)
    y = frame["selected"].to_numpy(dtype=bool)
    if y.all() or not y.any():
        return np.full(len(frame), float(y.mean()))
    tree = DecisionTreeClassifier(min_samples_leaf=MIN_GROUP, max_leaf_nodes=64, random_state=0)
    tree.fit(x, y)
    leaf = tree.apply(x)
    return np.asarray(pd.Series(y, dtype=float).groupby(leaf).transform("mean"), dtype=float)


def audit_fairness(
    customers: pd.DataFrame,
    decisions: dict[str, pd.DataFrame],
    attributes: list[str],
) -> FairnessAudit:
    """Compare every recommendation's outcomes across the groups of every attribute.

    Args:
        customers: Behaviour and attributes per customer (see the module docstring).
        decisions: Recommendation name -> customer_id, selected, value.
        attributes: The attribute columns to check, e.g. ["area", "age_band", "gender"].

    Returns:
        One check per recommendation and attribute with data; attributes that are absent
        or empty are listed in `missing`.
    """
    present = [a for a in attributes if a in customers and customers[a].notna().any()]
    missing = tuple(a for a in attributes if a not in present)
    checks = []
    for name, d in decisions.items():
        frame = customers.merge(d, on="customer_id", how="inner")
        frame["selected"] = frame["selected"].astype(bool)
        frame["alike"] = _alike(frame)
        for attr in present:
            groups = _groups(frame, attr)
            if len(groups) >= 2:
                checks.append(_judge(name, attr, groups))
    return FairnessAudit(tuple(checks), missing)


def _groups(frame: pd.DataFrame, attr: str) -> list[GroupOutcome]:
    known = frame[frame[attr].notna()]
    per = known.groupby(attr).agg(
        customers=("selected", "size"),
        selected=("selected", "sum"),
        expected=("alike", "sum"),
        var=("alike", lambda p: float((p * (1 - p)).sum())),
    )
    per = per[per["customers"] >= MIN_GROUP]
    if per.empty:
        return []
    values = known[known["selected"]].groupby(attr)["value"].mean() if "value" in known else None
    rate = per["selected"] / per["customers"]
    adjusted = per["selected"] / per["expected"].where(per["expected"] > 0)
    best_rate, best_adj = float(rate.max()), float(adjusted.max())
    out = []
    for g, row in per.iterrows():
        value = None if values is None or pd.isna(values.get(g)) else float(values[g])
        z = (row["selected"] - row["expected"]) / np.sqrt(max(float(row["var"]), 1e-9))
        out.append(
            GroupOutcome(
                group=str(g),
                customers=int(row["customers"]),
                selected=int(row["selected"]),
                rate=round(float(rate[g]), 4),
                ratio=round(float(rate[g]) / best_rate, 3) if best_rate > 0 else 1.0,
                mean_value=None if value is None else round(value, 2),
                alike_rate=round(float(row["expected"] / row["customers"]), 4),
                adjusted_ratio=round(float(adjusted[g]) / best_adj, 3)
                if best_adj > 0 and pd.notna(adjusted[g])
                else 1.0,
                z=round(float(z), 2),
            )
        )
    return sorted(out, key=lambda o: -o.rate)


def _judge(name: str, attr: str, groups: list[GroupOutcome]) -> AttributeCheck:
    worst = min(groups, key=lambda o: o.ratio)
    best = groups[0]
    low_adj = [o for o in groups if o.adjusted_ratio < FOUR_FIFTHS and o.z < -Z_CHANCE]
    four_fifths = worst.ratio < FOUR_FIFTHS
    drives = bool(low_adj)
    what = attr.replace("_", " ")
    gap = (
        f"{what} {worst.group}: {worst.rate:.0%} selected against {best.rate:.0%} in "
        f"{what} {best.group} (ratio {worst.ratio:.2f})"
    )
    if drives:
        o = min(low_adj, key=lambda g: g.adjusted_ratio)
        text = (
            f"{name}: customers in {what} {o.group} are selected less often ({o.rate:.0%}; "
            f"{o.ratio:.2f} of the best group) and customers who buy alike elsewhere are "
            f"selected more (ratio {o.adjusted_ratio:.2f} among alike customers): the {what} "
            "itself drives this recommendation. Check the rule behind it."
        )
    elif four_fifths and worst.adjusted_ratio >= FOUR_FIFTHS:
        text = (
            f"{name}: {gap}, below the four-fifths rule, because of how they buy (how "
            f"recently, how often, how much), not because of the {what}: among customers "
            f"who buy alike the ratio is {worst.adjusted_ratio:.2f}."
        )
    elif four_fifths:
        text = (
            f"{name}: {gap}, below the four-fifths rule; among customers who buy alike the "
            f"ratio is {worst.adjusted_ratio:.2f}, a gap small enough to be chance for groups "
            "this size. Worth watching, not a finding."
        )
    else:
        text = (
            f"{name}: no {what} differs much; the lowest, {what} {worst.group}, is selected "
            f"at {worst.rate:.0%} against {best.rate:.0%} in {what} {best.group} "
            f"(ratio {worst.ratio:.2f})."
        )
    return AttributeCheck(name, attr, tuple(groups), four_fifths, drives, text)

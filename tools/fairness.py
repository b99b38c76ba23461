"""`fairness_audit`: do the recommendations that touch customers treat groups differently
(area, age band, gender, new vs long-standing customers), and if so, why?"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from analytics.fairness import FOUR_FIFTHS, MIN_GROUP, AttributeCheck, audit_fairness
from analytics.recommend import recommend
from shopkeeper.core.store.models import Customer
from tools.context import ToolContext, ToolError
from tools.purchases import catalogue, customer_model, sales_lines
from tools.results import ToolResult

ATTRIBUTES = ["area", "age_band", "gender", "tenure"]
# Segments whose recommended action carries an offer or reward (analytics.rfm.ACTIONS).
OFFER_SEGMENTS = {"new", "loyal", "at_risk", "occasional"}
TOP_SHARE = 0.2  # contact lists are sorted by expected value: the top fifth is contacted
NEW_DAYS = 182
RECOMMENDATIONS = ("segment offers", "top of the contact lists", "personal cross-sell")


class GroupLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    group: str
    customers: int
    rate: float
    ratio: float
    adjusted_ratio: float
    mean_value: float | None


class FairnessCheck(BaseModel):
    model_config = ConfigDict(frozen=True)

    recommendation: str
    attribute: str
    four_fifths_flag: bool
    attribute_drives: bool
    explanation: str
    groups: list[GroupLine]


class FairnessReport(ToolResult):
    recommendations: list[str]
    checks: list[FairnessCheck]
    n_flagged: int
    n_four_fifths: int
    missing_attributes: list[str]


def fairness_audit(ctx: ToolContext, recommendation: str | None = None) -> FairnessReport:
    """Check whether the recommendations that touch customers (who gets a segment offer,
    who tops the contact lists, who gets personal cross-sell suggestions) differ across
    groups of customers (area from the postcode, age band, gender, new vs long-standing),
    and whether the attribute itself or the way customers buy explains the difference.
    Prices are one per product for everyone, so they cannot differ by group.

    Args:
        recommendation: only one of "segment offers", "top of the contact lists",
            "personal cross-sell".
    """
    wanted = _which(recommendation)
    model = customer_model(ctx)
    people = model.customers.reset_index(names="customer_id")
    people = people.merge(_attributes(ctx), on="customer_id", how="left")
    consented = people[people["marketing_consent"].astype(bool)]
    decisions = {name: _decision(ctx, name, consented) for name in wanted}
    audit = audit_fairness(consented, decisions, ATTRIBUTES)
    checks = [_check(c) for c in audit.checks]
    why = [
        "Only customers with marketing consent are compared: the others are never contacted.",
        f"Four-fifths rule: a group selected at under {FOUR_FIFTHS:.0%} of the best group's "
        "rate is flagged, as a prompt to look, not as a verdict.",
        "Like with like: customers are grouped by how recently, how often and how much they "
        "buy (never by an attribute); if the gap disappears within those groups, behaviour "
        "explains it; if it stays and is beyond chance, the attribute drives it.",
        f"Groups of fewer than {MIN_GROUP} customers are too small to judge and left out.",
    ]
    missing = ", ".join(a.replace("_", " ") for a in audit.missing)
    notes = (
        [f"Not recorded for these customers: {missing} (a customers file with them adds them)."]
        if audit.missing
        else []
    )
    notes.append("Price advice sets one price per product for everyone; it cannot differ by group.")
    return FairnessReport(
        recommendations=list(wanted),
        checks=checks,
        n_flagged=len(audit.flagged),
        n_four_fifths=sum(c.four_fifths for c in audit.checks),
        missing_attributes=list(audit.missing),
        why=why,
        notes=notes,
    )


def _which(recommendation: str | None) -> tuple[str, ...]:
    if recommendation is None:
        return RECOMMENDATIONS
    key = recommendation.lower()
    for name in RECOMMENDATIONS:
        if key in name or name.split()[-1] in key:
            return (name,)
    raise ToolError(
        f"unknown recommendation '{recommendation}'; use one of: {', '.join(RECOMMENDATIONS)}",
        list(RECOMMENDATIONS),
    )


def _attributes(ctx: ToolContext) -> pd.DataFrame:
    rows = ctx.session.execute(
        select(Customer.id, Customer.area, Customer.age_band, Customer.gender, Customer.first_seen)
    ).all()
    frame = pd.DataFrame(rows, columns=["customer_id", "area", "age_band", "gender", "first_seen"])
    since = pd.to_datetime(frame["first_seen"])
    new = since >= pd.Timestamp(ctx.today - timedelta(days=NEW_DAYS))
    tenure = pd.Series(np.where(new, "new", "long-standing"), index=frame.index, dtype=object)
    frame["tenure"] = tenure.where(since.notna())
    return frame.drop(columns="first_seen")


def _decision(ctx: ToolContext, name: str, people: pd.DataFrame) -> pd.DataFrame:
    """Who the recommendation selects among `people`, and the value it offers them."""
    out = pd.DataFrame({"customer_id": people["customer_id"], "value": np.nan})
    if name == "segment offers":
        out["selected"] = people["segment"].isin(OFFER_SEGMENTS).to_numpy()
    elif name == "top of the contact lists":
        key = "expected_value" if "expected_value" in people else "monetary"
        out["selected"] = (people[key].rank(pct=True, method="first") > 1 - TOP_SHARE).to_numpy()
        out["value"] = people[key].to_numpy()
    else:
        out = out.merge(_cross_sell(ctx, people), on="customer_id", how="left", suffixes=("_", ""))
        out = out.drop(columns="value_").fillna({"selected": False})
    return out


def _cross_sell(ctx: ToolContext, people: pd.DataFrame) -> pd.DataFrame:
    """Whether each customer gets personal suggestions (not the popular fallback) and the
    average price of what is suggested."""
    lines = sales_lines(ctx, 365)
    lines = lines[lines["customer_id"].isin(people["customer_id"]) & (lines["quantity"] > 0)]
    cat = catalogue(ctx)
    active = set(cat.loc[cat["active"].astype(bool), "sku"])
    history = pd.DataFrame({"customer_id": lines["customer_id"], "item": lines["sku"]})
    k = max(10, min(200, history["customer_id"].nunique() // 5))
    recs = recommend(history, list(people["customer_id"]), k=k, allowed=active).items
    price = recs["item"].map(cat.set_index("sku")["price"])
    per = recs.assign(personal=recs["method"] != "popular", price=price).groupby("customer_id")
    return pd.DataFrame(
        {"selected": per["personal"].any(), "value": per["price"].mean()}
    ).reset_index()


def _check(c: AttributeCheck) -> FairnessCheck:
    return FairnessCheck(
        recommendation=c.recommendation,
        attribute=c.attribute,
        four_fifths_flag=c.four_fifths,
        attribute_drives=c.drives,
        explanation=c.explanation,
        groups=[
            GroupLine(
                group=g.group,
                customers=g.customers,
                rate=g.rate,
                ratio=g.ratio,
                adjusted_ratio=g.adjusted_ratio,
                mean_value=g.mean_value,
            )
            for g in c.groups
        ],
    )

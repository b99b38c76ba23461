"""`customer_segments` and `customer_profile`: who the customers are, by pseudonym only.

Segments come from purchase behaviour alone (recency, frequency, spend) — never from age,
gender, address or any other personal attribute. Contact lists hold only customers with
marketing consent. Names and e-mails are used only to find a customer for the owner, and
never appear in a result unless the owner's own channel asks for them (`show_pii`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pandas as pd

from analytics.rfm import ACTIONS, LABELS, RULES, SEGMENTS, segment_table
from shopkeeper.core.store.models import Customer
from tools.context import ToolContext, ToolError
from tools.customer_lookup import find_customer, personal_data
from tools.customer_timeline import timeline
from tools.purchases import (
    CHURN_DAYS,
    HORIZON_DAYS,
    CustomerModel,
    catalogue,
    customer_model,
    sales_lines,
)
from tools.results import (
    CustomerLine,
    CustomerProfile,
    CustomerSegments,
    ProductCount,
    SegmentInfo,
)

CONTACTS = 10  # pseudonyms per contact list and per customer list
ALIASES = {
    "best": "champions",
    "top": "champions",
    "vip": "champions",
    "champion": "champions",
    "regular": "loyal",
    "loyal": "loyal",
    "risk": "at_risk",
    "at risk": "at_risk",
    "churn": "at_risk",
    "leaving": "at_risk",
    "lapsed": "hibernating",
    "sleeping": "hibernating",
    "dormant": "hibernating",
    "gone": "lost",
    "occasional": "occasional",
    "new": "new",
}


def _segment_name(text: str | None) -> str | None:
    if not text:
        return None
    key = text.strip().lower().replace("-", " ").replace("_", " ")
    if key.replace(" ", "_") in SEGMENTS:
        return key.replace(" ", "_")
    for alias, name in ALIASES.items():
        if alias in key:
            return name
    raise ToolError(
        f"There is no customer segment '{text}'. Segments: {', '.join(SEGMENTS)}.", list(SEGMENTS)
    )


def _line(cid: str, row: pd.Series) -> CustomerLine:
    return CustomerLine(
        customer_id=cid,
        segment=str(row["segment"]),
        last_purchase=pd.Timestamp(row["last"]).date(),
        purchases=int(row["frequency"]),
        spend=round(float(row["monetary"]), 2),
        churn_risk=_maybe(row.get("churn_risk"), 3),
        expected_value=_maybe(row.get("expected_value"), 2),
        marketing_consent=bool(row["marketing_consent"]),
    )


def _maybe(value: object, digits: int) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), digits)  # type: ignore[arg-type]


def _by_value(c: pd.DataFrame) -> pd.DataFrame:
    key = "expected_value" if "expected_value" in c else "monetary"
    return c.sort_values([key, "monetary"], ascending=False)


def customer_segments(ctx: ToolContext, segment: str | None = None) -> CustomerSegments:
    """Customer segments from purchase behaviour (RFM: how recently, how often, how much):
    champions, loyal, new, at risk, occasional, hibernating, lost — with counts, revenue
    share, what sets each apart, churn risk and expected value over the next 12 months
    (BG/NBD + Gamma-Gamma), a recommended action and a contact list (pseudonyms of customers
    with marketing consent only).

    Args:
        segment: show the customers of one segment (e.g. "champions", "at risk").
    """
    focus = _segment_name(segment)
    model = customer_model(ctx)
    c = model.customers
    table = segment_table(c)
    infos = []
    for name, row in table.iterrows():
        members = _by_value(c[c["segment"] == name])
        consented = members[members["marketing_consent"]]
        infos.append(
            SegmentInfo(
                segment=str(name),
                label=LABELS[str(name)],
                rule=RULES[str(name)].format(new_days=model.rfm.new_days),
                customers=int(row["customers"]),
                share=round(float(row["share"]), 4),
                revenue=round(float(row["revenue"]), 2),
                revenue_share=round(float(row["revenue_share"]), 4),
                median_days_since_last=float(row["median_recency_days"]),
                median_purchases=float(row["median_frequency"]),
                median_spend=round(float(row["median_monetary"]), 2),
                mean_churn_risk=_maybe(row.get("mean_churn_risk"), 3),
                expected_value=_maybe(row.get("expected_value"), 2),
                action=ACTIONS[str(name)],
                with_consent=len(consented),
                contact_list=[str(i) for i in consented.index[:CONTACTS]],
            )
        )
    listed = _by_value(c[c["segment"] == focus]) if focus else c.iloc[0:0]
    return CustomerSegments(
        n_customers=len(c),
        period_start=model.start,
        period_end=model.end,
        segments=infos,
        focus=focus,
        customers=[_line(str(i), r) for i, r in listed.head(CONTACTS).iterrows()],
        model="BG/NBD + Gamma-Gamma" if model.bgnbd is not None else "RFM only",
        horizon_days=HORIZON_DAYS,
        why=_why(model),
        notes=_notes(model),
    )


def _why(model: CustomerModel) -> list[str]:
    b = model.rfm.bounds
    r5, r1 = b["R"][4], b["R"][0]
    f5 = b["F"][4]
    why = [
        f"{len(model.customers):,} customers with purchases from {model.start:%d %b %Y} to "
        f"{model.end:%d %b %Y}, scored 1-5 by quintile on recency, frequency and spend.",
        f"R 5 = last purchase {r5[0]:.0f}-{r5[1]:.0f} days ago, R 1 = {r1[0]:.0f}-{r1[1]:.0f} "
        f"days ago; F 5 = {f5[0]:.0f}-{f5[1]:.0f} purchase days.",
        "Only purchase behaviour is used, never personal attributes.",
    ]
    if model.bgnbd is not None:
        why.append(
            f"Churn risk = chance a customer buys nothing in the next {CHURN_DAYS} days (they "
            "stopped coming, or come rarely), and expected value = spend expected in the next "
            f"{HORIZON_DAYS // 30} months, from a BG/NBD repeat-purchase model with "
            "Gamma-Gamma spend, fitted to this shop's customers."
        )
    return why


def _notes(model: CustomerModel) -> list[str]:
    notes = ["Contact lists hold only customers who gave marketing consent."]
    if model.bgnbd is None:
        notes.append(
            "Too few repeat customers to estimate churn risk and future value yet; "
            "segments use recency and frequency only."
        )
    return notes


def customer_profile(
    ctx: ToolContext, customer: str | None = None, rank: Literal["loyal", "value"] | None = None
) -> CustomerProfile:
    """One customer's purchase history, segment, churn risk, expected value, likely next
    purchase window, favourite products and marketing-consent status — by pseudonym.

    Args:
        customer: the customer's code (like C-3f9a1c2b); the owner may also give a name,
            e-mail or the shop's customer number.
        rank: instead of a code, the single most loyal customer ("loyal": most purchases)
            or the one who spent most ("value").
    """
    model = customer_model(ctx)
    if customer:
        cid = find_customer(ctx, customer)
    elif rank is not None:
        column = "frequency" if rank == "loyal" else "monetary"
        cid = str(model.customers.sort_values([column, "monetary"], ascending=False).index[0])
    else:
        raise ToolError("Which customer? Give their code (like C-3f9a1c2b).")
    if cid not in model.customers.index:
        raise ToolError(f"{cid} has no purchases yet.")
    row = model.customers.loc[cid]
    seg = str(row["segment"])
    window, likely = _window(ctx.today, row)
    action = ACTIONS[seg]
    if not bool(row["marketing_consent"]):
        action = "No marketing consent: no offers or messages; suggest things in person only."
    cust = ctx.session.get(Customer, cid)
    updated = cust.consent_updated_at.date() if cust and cust.consent_updated_at else None
    favourites, categories = _favourites(ctx, cid)
    return CustomerProfile(
        customer_id=cid,
        segment=seg,
        segment_label=LABELS[seg],
        segment_rule=RULES[seg].format(new_days=model.rfm.new_days),
        first_purchase=pd.Timestamp(row["first"]).date(),
        last_purchase=pd.Timestamp(row["last"]).date(),
        purchases=int(row["frequency"]),
        spend=round(float(row["monetary"]), 2),
        average_basket=round(float(row["monetary"]) / max(int(row["frequency"]), 1), 2),
        r_score=int(row["r_score"]),
        f_score=int(row["f_score"]),
        m_score=int(row["m_score"]),
        churn_risk=_maybe(row.get("churn_risk"), 3),
        expected_purchases=_maybe(row.get("expected_purchases"), 1),
        expected_value=_maybe(row.get("expected_value"), 2),
        horizon_days=HORIZON_DAYS,
        next_purchase=window,
        next_purchase_likely=likely,
        favourites=favourites,
        favourite_categories=categories,
        marketing_consent=bool(row["marketing_consent"]),
        consent_updated=updated,
        action=action,
        personal=personal_data(ctx, cid),
        timeline=timeline(ctx, cid),
        why=_profile_why(model, row),
        notes=[] if model.bgnbd else ["Too few repeat customers for churn and value estimates."],
    )


def _window(today: date, row: pd.Series) -> tuple[tuple[date, date] | None, date | None]:
    if "wait_q25" not in row or pd.isna(row["wait_q25"]):
        return None, None
    lo, mid, hi = (
        today + timedelta(days=round(float(row[k]))) for k in ("wait_q25", "wait_q50", "wait_q75")
    )
    return (lo, hi), mid


def _favourites(ctx: ToolContext, cid: str) -> tuple[list[ProductCount], list[str]]:
    lines = sales_lines(ctx)
    mine = lines[lines["customer_id"] == cid]
    cat = catalogue(ctx).set_index("sku")
    g = mine.groupby("sku").agg(
        times=("ts", lambda s: s.dt.normalize().nunique()), units=("quantity", "sum")
    )
    g = g.sort_values(["times", "units"], ascending=False)
    favs = [
        ProductCount(
            sku=str(s), name=str(cat["name"].get(s, s)), times=int(r.times), units=float(r.units)
        )
        for s, r in g.head(5).iterrows()
    ]
    spend = (mine["quantity"] * mine["unit_price"]).groupby(mine["sku"].map(cat["category"])).sum()
    return favs, [str(c) for c in spend.sort_values(ascending=False).index[:3]]


def _profile_why(model: CustomerModel, row: pd.Series) -> list[str]:
    why = [
        f"Scores R {int(row['r_score'])}, F {int(row['f_score'])}, M {int(row['m_score'])} "
        f"(1-5 among {len(model.customers):,} customers): {int(row['recency_days'])} days "
        f"since the last purchase, {int(row['frequency'])} purchase days, "
        f"{float(row['monetary']):.2f} spent."
    ]
    if model.bgnbd is not None and "churn_risk" in row:
        why.append(
            f"Churn risk (no purchase in the next {CHURN_DAYS} days) and the next-purchase "
            "window come from this customer's rhythm so far (BG/NBD model); the window is "
            "where half of the likely next visits fall, if the customer still comes."
        )
    return why

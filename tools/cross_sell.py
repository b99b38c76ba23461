"""`cross_sell`: what goes with a product, and what to suggest to a customer next.

For a product: association rules over the last year's receipts (mlxtend; support,
confidence, lift), plus higher-margin alternatives in its category (upsell). For a customer
(by pseudonym): products that similar customers bought and this customer has not.
"""

from __future__ import annotations

import pandas as pd

from analytics.baskets import BasketRules, mine_rules
from analytics.recommend import recommend, upsell_options
from shopkeeper.core.state import Slot
from tools.context import ToolContext, ToolError
from tools.customer_lookup import find_customer
from tools.purchases import baskets, catalogue, consent, sales_lines
from tools.resolve import resolve_product
from tools.results import CrossSell, Suggestion

WINDOW_DAYS = 365  # baskets and purchases from the last year: what customers do now
MIN_BASKETS = 5  # a pair seen in fewer baskets together is not reported


RULES: Slot[BasketRules] = Slot("basket rules", ("sales",))


def _rules(ctx: ToolContext) -> BasketRules:
    def build() -> BasketRules:
        lines = sales_lines(ctx, WINDOW_DAYS)
        sold = baskets(lines[lines["quantity"] > 0])
        return mine_rules(sold, min_count=MIN_BASKETS, min_lift=1.0)

    return ctx.memo.get(RULES, build, key=ctx.today)


def _together(rules: BasketRules, sku: str, names: pd.Series, top: int) -> list[Suggestion]:
    base = str(names.get(sku, sku))
    out = []
    for r in rules.for_item(sku, top).itertuples():
        other = str(names.get(r.consequent, r.consequent))
        out.append(
            Suggestion(
                sku=str(r.consequent),
                name=other,
                kind="together",
                why=f"in {_pct(r.confidence)} of the {r.n_antecedent:,} baskets with {base} "
                f"({r.n_together:,} baskets), lift {r.lift:.1f}: bought together "
                f"{r.lift:.1f}x as often as by chance",
                support=round(float(r.support), 5),
                confidence=round(float(r.confidence), 4),
                lift=round(float(r.lift), 2),
                baskets=int(r.n_together),
            )
        )
    return out


def _pct(share: float) -> str:
    return f"{share:.0%}" if share >= 0.095 else f"{share:.1%}"


def _upsell(ctx: ToolContext, sku: str, cat: pd.DataFrame) -> list[Suggestion]:
    lines = sales_lines(ctx, 90)
    units = lines.groupby("sku")["quantity"].sum()
    options = upsell_options(cat, units, sku)
    base = cat.set_index("sku").loc[sku]
    return [
        Suggestion(
            sku=str(o.sku),
            name=str(o.name),
            kind="upsell",
            why=f"earns {o.margin_gain:.2f} more per unit than {base['name']} "
            f"(margin {o.unit_margin:.2f} vs {base['price'] - base['unit_cost']:.2f}) at "
            f"{o.price:.2f} instead of {base['price']:.2f}; {o.units:g} sold in 90 days",
            margin_gain=round(float(o.margin_gain), 2),
        )
        for o in options.itertuples()
    ]


def cross_sell(
    ctx: ToolContext, product: str | None = None, customer: str | None = None, top: int = 5
) -> CrossSell:
    """What to sell alongside: for a product, the products bought together with it (share of
    its baskets, lift) and higher-margin alternatives in its category; for a customer (code
    like C-3f9a1c2b), the products similar customers bought that this customer has not yet.
    Without either, the strongest product pairs of the shop.

    Args:
        product: a product name or SKU.
        customer: a customer's code.
        top: how many suggestions (default 5).
    """
    top = max(1, min(int(top), 10))
    cat = catalogue(ctx)
    names = cat.set_index("sku")["name"]
    if customer:
        return _for_customer(ctx, customer, cat, top)
    rules = _rules(ctx)
    if product:
        match = resolve_product(ctx, product)
        together = _together(rules, match.value, names, top)
        notes = []
        if not together:
            notes.append(
                f"No product is bought with {match.label} clearly more often than by chance "
                f"(at least {MIN_BASKETS} shared baskets in the last year)."
            )
        return CrossSell(
            scope=match.label,
            product=match.value,
            customer_id=None,
            suggestions=together,
            upsell=_upsell(ctx, match.value, cat),
            n_baskets=rules.n_baskets,
            why=_why(rules),
            notes=notes,
        )
    return CrossSell(
        scope="the whole shop",
        product=None,
        customer_id=None,
        suggestions=_top_pairs(rules, names, top),
        upsell=[],
        n_baskets=rules.n_baskets,
        why=_why(rules),
    )


def _top_pairs(rules: BasketRules, names: pd.Series, top: int) -> list[Suggestion]:
    """The pairs bought together most clearly more often than by chance, each pair once."""
    strong = rules.rules[rules.rules["lift_low"] > 1]
    best = strong[strong["antecedent"] < strong["consequent"]].head(top)
    return [
        Suggestion(
            sku=str(r.consequent),
            name=f"{names.get(r.antecedent, r.antecedent)} + "
            f"{names.get(r.consequent, r.consequent)}",
            kind="together",
            why=f"together in {r.n_together:,} baskets, lift {r.lift:.1f}",
            support=round(float(r.support), 5),
            confidence=round(float(r.confidence), 4),
            lift=round(float(r.lift), 2),
            baskets=int(r.n_together),
        )
        for r in best.itertuples()
    ]


def _why(rules: BasketRules) -> list[str]:
    return [
        f"From {rules.n_baskets:,} receipts of the last {WINDOW_DAYS} days. 'In 38 % of the "
        "baskets with X' is the confidence; lift above 1 means bought together more often "
        "than chance would give.",
        f"Pairs seen together in fewer than {rules.min_count} baskets are left out.",
    ]


def _for_customer(ctx: ToolContext, text: str, cat: pd.DataFrame, top: int) -> CrossSell:
    cid = find_customer(ctx, text)
    lines = sales_lines(ctx, WINDOW_DAYS)
    lines = lines[lines["customer_id"].notna() & (lines["quantity"] > 0)]
    if cid not in set(lines["customer_id"]):
        raise ToolError(f"{cid} has bought nothing in the last {WINDOW_DAYS} days.")
    active = set(cat.loc[cat["active"].astype(bool), "sku"])
    history = pd.DataFrame({"customer_id": lines["customer_id"], "item": lines["sku"]})
    everything = sales_lines(ctx)
    owned = set(everything.loc[everything["customer_id"] == cid, "sku"])
    # Similarity uses the last year; "already has" means ever bought.
    # A fifth of the customers, at most 200, as neighbours: enough to look past chance.
    k = max(10, min(200, history["customer_id"].nunique() // 5))
    recs = recommend(history, [cid], k=k, top_n=top, allowed=active - owned).items
    names = cat.set_index("sku")["name"]
    out = []
    for r in recs.itertuples():
        if r.method == "popular":
            why = "popular in the shop (no similar customers found)"
        else:
            why = (
                f"bought by {r.neighbours_bought} of the {r.neighbours} customers whose "
                f"purchases are most like {cid}'s; {cid} has not bought it yet"
            )
        kind = "similar_customers" if r.method != "popular" else "popular"
        out.append(
            Suggestion(sku=str(r.item), name=str(names.get(r.item, r.item)), kind=kind, why=why)
        )
    consented = bool(consent(ctx)["marketing_consent"].get(cid, False))
    notes = (
        []
        if consented
        else [
            f"{cid} has not given marketing consent: suggest these in person, do not send offers."
        ]
    )
    return CrossSell(
        scope=cid,
        product=None,
        customer_id=cid,
        suggestions=out,
        upsell=[],
        n_baskets=0,
        marketing_consent=consented,
        why=[
            f"Customers are similar when they bought the same products in the last "
            f"{WINDOW_DAYS} days (rarer products count more). Only purchases are used, "
            "never personal attributes."
        ],
        notes=notes,
    )

"""`what_if`: the reorder plan re-run with one change, and what that change does. Read only."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.what_if import Scenario, apply_scenario, compare
from tools.context import ToolContext, ToolError
from tools.planning import current_plan, plan_inputs
from tools.pricing import _estimate  # the pricing tool's own elasticity estimate
from tools.purchases import catalogue
from tools.resolve import resolve_supplier
from tools.scope import resolve_scope, scope_skus
from tools.supplier_results import WhatIf, WhatIfLine
from tools.supply_data import supply_data
from tools.what_if_words import read_scenario

SHOWN = 15
WHY = [
    "The same reorder plan as `reorder_plan`, run once as things are and once with the change; "
    "products are listed where the outlook or the order changed.",
    "Units at risk: sales the forecast expects while the product is out of stock, before an "
    "order placed today could arrive. Margin at risk: those units x (price - unit cost).",
    "Nothing is ordered or proposed: this only shows what would happen.",
]


def what_if(
    ctx: ToolContext,
    supplier: str | None = None,
    late_days: int | None = None,
    not_delivered: bool = False,
    drop_supplier: bool = False,
    product: str | None = None,
    category: str | None = None,
    demand_change_pct: float | None = None,
    price_change_pct: float | None = None,
    scenario: str | None = None,
) -> WhatIf:
    """What happens if ...? Re-runs the reorder plan with one change and shows the difference:
    which products run out and when, units and margin at risk, and what the plan would order
    instead. Changes: a supplier late by N days (`supplier` + `late_days`), a supplier's open
    orders not delivered (`not_delivered`), a supplier dropped (`drop_supplier`), demand for a
    product or category up or down by a percentage (`demand_change_pct`, e.g. 30 or -20; a
    promotion as its expected uplift), or a product's price changed (`price_change_pct`,
    through its estimated price elasticity). Never creates proposals.

    Args:
        supplier: the supplier the change is about.
        late_days: days the supplier's open and new orders come later.
        not_delivered: the supplier's open orders never arrive.
        drop_supplier: stop buying from the supplier (open orders cancelled, nothing new).
        product: the product whose demand or price changes.
        category: the category whose demand changes.
        demand_change_pct: demand change in percent (+30 = 30 % more).
        price_change_pct: price change in percent (+10 = 10 % dearer).
        scenario: the change in plain words ("a week late", "doesn't deliver", "+30 %"),
            read when the fields above do not say it.
    """
    said = read_scenario(scenario or "")
    late_days = late_days or said.late_days
    not_delivered = not_delivered or said.not_delivered
    drop_supplier = drop_supplier or said.drop_supplier
    if demand_change_pct is None and price_change_pct is None:
        demand_change_pct, price_change_pct = said.demand_change_pct, said.price_change_pct
    change, label, notes = _scenario(
        ctx, supplier, late_days, not_delivered, drop_supplier, product, category,
        demand_change_pct, price_change_pct,
    )  # fmt: skip
    before = plan_inputs(ctx)
    after = apply_scenario(before, change)
    diff = compare(before, after, current_plan(ctx), after.plan())
    return _result(diff, label, notes)


def _result(diff: pd.DataFrame, label: str, notes: list[str]) -> WhatIf:
    """The products whose outlook or order changed, most margin newly at risk first."""
    changed = diff[
        (diff["days_earlier"].fillna(0) != 0)
        | (diff["stockout_before"].isna() != diff["stockout_after"].isna())
        | ((diff["units_at_risk"] - diff["units_at_risk_before"]).abs() > 1e-9)
        | (diff["order_after"] != diff["order_before"])
    ]
    margin = diff["margin_at_risk"] / diff["units_at_risk"].where(diff["units_at_risk"] > 0)
    margin_before = (diff["units_at_risk_before"] * margin.fillna(0.0)).loc[changed.index]
    worst = changed.assign(
        _more=changed["margin_at_risk"] - margin_before, _earlier=changed["days_earlier"].fillna(0)
    ).sort_values(["_more", "_earlier", "sku"], ascending=[False, False, True])
    extra = float((changed["order_after"] - changed["order_before"]).sum())
    return WhatIf(
        scenario=label,
        lines=[_line(r) for r in worst.head(SHOWN).to_dict("records")],
        n_products_changed=len(changed),
        n_run_out=int(changed["runs_out_before_order"].sum()),
        units_at_risk_before=round(float(changed["units_at_risk_before"].sum()), 1),
        units_at_risk=round(float(changed["units_at_risk"].sum()), 1),
        margin_at_risk_before=round(float(margin_before.sum()), 2),
        margin_at_risk=round(float(changed["margin_at_risk"].sum()), 2),
        extra_order_units=round(extra, 1),
        why=WHY,
        notes=notes,
    )


def _scenario(
    ctx: ToolContext,
    supplier: str | None,
    late_days: int | None,
    not_delivered: bool,
    drop_supplier: bool,
    product: str | None,
    category: str | None,
    demand_pct: float | None,
    price_pct: float | None,
) -> tuple[Scenario, str, list[str]]:
    """The change as a Scenario, its label, and notes (e.g. how a price became demand)."""
    if supplier:
        name = resolve_supplier(ctx, supplier)
        ids = supply_data(ctx).suppliers.set_index("name")["supplier_id"]
        sid = int(ids[name])
        if drop_supplier:
            return Scenario(dropped_supplier_id=sid), f"stop buying from {name}", []
        if not_delivered:
            return Scenario(undelivered_supplier_id=sid), f"{name}'s open orders never come", []
        if late_days:
            days = int(late_days)
            return Scenario(late_supplier_id=sid, late_days=days), f"{name} {days} days late", []
        raise ToolError(
            f"What should change about {name}? Say how many days late (late_days), or that "
            "its open orders do not come (not_delivered), or that you stop buying from it "
            "(drop_supplier)."
        )
    if demand_pct is None and price_pct is None:
        raise ToolError(
            "Say what changes: a supplier late by N days, an order not delivered, a supplier "
            "dropped, demand up or down by a percentage, or a price change."
        )
    if not product and not category:
        raise ToolError("Which product or category does the change apply to?")
    scope = resolve_scope(ctx, product=product, category=category)
    skus = scope_skus(ctx, scope) or []
    if price_pct is not None:
        return _price_scenario(ctx, skus, scope.label, float(price_pct))
    factor = 1.0 + float(demand_pct or 0.0) / 100.0
    if factor < 0:
        raise ToolError("Demand cannot fall by more than 100 %.")
    label = f"demand for {scope.label} {float(demand_pct or 0):+g} %"
    return Scenario(demand_factor=dict.fromkeys(skus, factor)), label, []


def _price_scenario(
    ctx: ToolContext, skus: list[str], label: str, pct: float
) -> tuple[Scenario, str, list[str]]:
    if len(skus) != 1:
        raise ToolError("A price change is asked about one product at a time.")
    est = _estimate(ctx, skus[0], catalogue(ctx))
    if est.elasticity is None:
        raise ToolError(
            f"There is not enough price history to say how {label} sells at another price."
        )
    factor = (1.0 + pct / 100.0) ** est.elasticity
    note = (
        f"Price {pct:+g} % with an elasticity of {est.elasticity:.2f} ({est.method}) means "
        f"demand {(factor - 1) * 100:+.1f} %."
    )
    return Scenario(demand_factor={skus[0]: factor}), f"price of {label} {pct:+g} %", [note]


def _line(r: dict[str, Any]) -> WhatIfLine:
    def day(v: Any) -> Any:
        return None if pd.isna(v) else pd.Timestamp(v).date()

    earlier = r["days_earlier"]
    return WhatIfLine(
        sku=str(r["sku"]),
        name=str(r["name"]),
        supplier=str(r["supplier_name"]),
        stockout_before=day(r["stockout_before"]),
        stockout_after=day(r["stockout_after"]),
        days_earlier=None if pd.isna(earlier) else int(earlier),
        runs_out_before_order=bool(r["runs_out_before_order"]),
        units_at_risk_before=round(float(r["units_at_risk_before"]), 1),
        units_at_risk=round(float(r["units_at_risk"]), 1),
        margin_at_risk=round(float(r["margin_at_risk"]), 2),
        order_before=float(r["order_before"]),
        order_after=float(r["order_after"]),
    )

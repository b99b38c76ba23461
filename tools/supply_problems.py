"""Supply problems in plain words: overdue orders with what they put at risk, short and rejected
deliveries, slower suppliers, products that keep shorter than an order takes.

Shared by `supplier_scorecard` ("any problems with suppliers?") and the daily scan, which warns
about each problem once (its `key` says when it is the same problem).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analytics.supplier_changes import lead_time_changes
from analytics.supply_risks import overdue_orders, recent_shortfalls, shelf_life_conflicts
from analytics.what_if import Scenario, apply_scenario, projected_stockouts
from shopkeeper.core.store import frames
from tools.context import ToolContext
from tools.planning import current_plan, plan_inputs
from tools.supplier_results import SupplyProblem
from tools.supply_data import supply_data

SHOWN = 4  # products named per problem; the rest are counted


def supply_problems(ctx: ToolContext) -> list[SupplyProblem]:
    """Every current supply problem, the most urgent (earliest stock-out) first."""
    data = supply_data(ctx)
    names = data.suppliers.set_index("supplier_id")["name"].to_dict()
    problems = _overdue(ctx, names)
    for r in recent_shortfalls(data.rows, ctx.today).itertuples(index=False):
        problems.append(_shortfall(r, names, _product_names(ctx)))
    changes = lead_time_changes(data.shipments, data.suppliers, ctx.today)
    for w in changes[changes["worsening"]].to_dict("records"):
        problems.append(
            SupplyProblem(
                kind="worsening",
                supplier=str(w["name"]),
                supplier_id=int(w["supplier_id"]),
                text=worsening_sentence(w),
                key=f"worsening:{w['supplier_id']}:{round(w['recent_mean'])}",
            )
        )
    problems += _shelf_life(ctx)
    problems.sort(key=lambda p: (p.first_stockout is None, p.first_stockout or ctx.today))
    return problems


def worsening_sentence(r: dict[str, Any]) -> str:
    """'Mercato's last 8 deliveries took 15.1 days on average, against 12.3 before ...' for a
    row of `lead_time_changes`."""
    return (
        f"{r['name']}'s last {r['n_recent']} deliveries took {r['recent_mean']:.1f} days on "
        f"average, against {r['before_mean']:.1f} before ({r['n_before']} deliveries); "
        f"{r['recent_late']} of the {r['n_recent']} were late. A change this large is unlikely "
        f"by chance (p = {r['p_value']:.3f}): its lead time is getting worse."
    )


def _overdue(ctx: ToolContext, names: dict[int, str]) -> list[SupplyProblem]:
    late = overdue_orders(frames.on_order(ctx.session), ctx.today)
    if late.empty:
        return []
    inputs = plan_inputs(ctx)
    label = _product_names(ctx)
    out = []
    lead = data_leads(ctx)
    for ref, g in late.groupby("order_ref", sort=False):
        skus = g["sku"].astype(str).tolist()
        without = apply_scenario(inputs, Scenario(undelivered_refs=frozenset({str(ref)})))
        dates = projected_stockouts(without, skus).sort_values()
        sid = int(g["supplier_id"].iloc[0])
        # At risk: out of stock before a new order placed today could arrive.
        horizon = pd.Timestamp(ctx.today) + pd.Timedelta(days=math.ceil(lead.get(sid, 7.0)))
        risky = dates[dates.notna() & (dates < horizon)]
        first = risky
        shown = [f"{label.get(s, s)} runs out on {d:%a %d %b}" for s, d in risky.items()]
        supplier = names.get(sid, str(sid))
        days = int(g["days_overdue"].iloc[0])
        expected = pd.Timestamp(g["expected_at"].iloc[0])
        more = f" and {len(shown) - SHOWN} more" if len(shown) > SHOWN else ""
        rest = len(skus) - len(risky)
        effect = (
            f"without it, {', '.join(shown[:SHOWN])}{more}"
            + (
                f"; {rest} other product(s) on it have stock until a new order could come"
                if rest
                else ""
            )
            if shown
            else f"its {len(skus)} product(s) have stock until a new order could come"
        )
        text = (
            f"Order {ref} from {supplier} was expected on {expected:%a %d %b} ({days} day(s) "
            f"ago) and nothing of it has arrived: {effect}."
        )
        out.append(
            SupplyProblem(
                kind="overdue",
                supplier=supplier,
                supplier_id=sid,
                text=text,
                key=f"overdue:{ref}",
                products=risky.index.tolist() or skus,
                first_stockout=first.iloc[0].date() if len(first) else None,
            )
        )
    return out


def _shortfall(r: Any, names: dict[int, str], label: dict[str, str]) -> SupplyProblem:
    sid = int(r.supplier_id)
    supplier = names.get(sid, str(sid))
    parts = []
    if r.n_short:
        parts.append(f"{r.n_short} line(s) short by {r.units_missing:g} unit(s)")
    if r.n_rejected:
        parts.append(f"{r.n_rejected} line(s) with {r.units_rejected:g} unit(s) rejected")
    skus = [str(s) for s in r.skus]
    items = ", ".join(label.get(s, s) for s in skus[:SHOWN])
    more = f" and {len(skus) - SHOWN} more" if len(skus) > SHOWN else ""
    day = pd.Timestamp(r.received_at)
    return SupplyProblem(
        kind="short" if r.n_short else "rejected",
        supplier=supplier,
        supplier_id=sid,
        text=f"{supplier}'s delivery of {day:%a %d %b} ({r.order_ref}): {' and '.join(parts)} "
        f"({items}{more}).",
        key=f"short:{r.order_ref}:{day:%Y%m%d}",
        products=skus,
    )


def _shelf_life(ctx: ToolContext) -> list[SupplyProblem]:
    hits = shelf_life_conflicts(current_plan(ctx).lines)
    out = []
    for sid, g in hits.groupby("supplier_id", sort=True):
        supplier = str(g["supplier_name"].iloc[0])
        items = ", ".join(
            f"{r.name} (keeps {r.shelf_life_days:g} d)" for r in g.head(SHOWN).itertuples()
        )
        more = f" and {len(g) - SHOWN} more" if len(g) > SHOWN else ""
        text = (
            f"{len(g)} product(s) from {supplier} keep shorter than an order takes plus the days "
            f"to the next order ({g['protection_days'].iloc[0]:.1f} d): {items}{more}. Order "
            "them more often, or in smaller amounts."
        )
        skus = sorted(g["sku"].astype(str))
        out.append(
            SupplyProblem(
                kind="shelf_life",
                supplier=supplier,
                supplier_id=int(sid),
                text=text,
                key=f"shelf:{sid}:{','.join(skus)}"[:120],
                products=skus,
            )
        )
    return out


def data_leads(ctx: ToolContext) -> dict[int, float]:
    """Predicted mean lead time per supplier id."""
    table = supply_data(ctx).prediction.suppliers
    return dict(zip(table["supplier_id"].astype(int), table["lead_time_mean"], strict=True))


def _product_names(ctx: ToolContext) -> dict[str, str]:
    p = frames.products(ctx.session)
    return dict(zip(p["sku"].astype(str), p["name"].astype(str), strict=True))

"""The stock-out scan: products at risk before the next delivery, grouped per supplier, each
group with its purchase-order proposal. Run daily and after every sales import."""

from __future__ import annotations

from dataclasses import dataclass

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope
from tools.context import ToolContext
from tools.reorder import plan_orders, propose_orders
from tools.results import ReorderPlan, StockLine, SupplierOrder
from tools.stock import stock_status

# The result types channels read, so they need not reach into tools/.
__all__ = ["ReorderPlan", "ScanResult", "StockLine", "SupplierOrder", "run_scan"]


@dataclass(frozen=True)
class ScanResult:
    at_risk: dict[str, list[StockLine]]  # supplier name -> lines
    plan: ReorderPlan  # proposals for the suppliers with something at risk


def run_scan(deps: Deps, actor: str = "stock-out scan") -> ScanResult:
    """Find products at risk and propose orders for their suppliers (one plan, computed once)."""
    with session_scope(deps.sessions) as session:
        ctx = ToolContext.of(deps, session, actor=actor)
        status = stock_status(ctx, only_at_risk=True, limit=10_000)
        groups: dict[str, list[StockLine]] = {}
        for line in status.lines:
            groups.setdefault(line.supplier, []).append(line)
        plan = plan_orders(ctx)
        risky = [o for o in plan.orders if o.supplier in groups]
        plan = plan.model_copy(
            update={"orders": risky, "total_value": round(sum(o.order_value for o in risky), 2)}
        )
        plan = propose_orders(ctx, plan)
    return ScanResult(groups, plan)

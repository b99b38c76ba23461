"""The tool catalogue: stable names (used by `--json`, the agent and the evaluation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tools.cross_sell import cross_sell
from tools.customers import customer_profile, customer_segments
from tools.forecast import forecast_demand
from tools.pricing import price_advice
from tools.reorder import reorder_plan
from tools.sales import sales_summary
from tools.stock import stock_status


@dataclass(frozen=True)
class ToolSpec:
    name: str
    func: Callable[..., Any]
    kind: str  # read | proposes


TOOLS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        ToolSpec("sales_summary", sales_summary, "read"),
        ToolSpec("forecast_demand", forecast_demand, "read"),
        ToolSpec("stock_status", stock_status, "read"),
        ToolSpec("reorder_plan", reorder_plan, "proposes"),
        ToolSpec("customer_segments", customer_segments, "read"),
        ToolSpec("customer_profile", customer_profile, "read"),
        ToolSpec("cross_sell", cross_sell, "read"),
        ToolSpec("price_advice", price_advice, "proposes"),
    )
}

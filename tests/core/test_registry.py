"""One tool registry serves the agent and the offline router alike."""

from __future__ import annotations

import inspect

from shopkeeper.assistant.agent_tools import build_tools
from shopkeeper.assistant.router import route
from shopkeeper.core.deps import Deps
from tools import registry
from tools.context import ToolContext

CANONICAL = [
    "sales_summary",
    "forecast_demand",
    "stock_status",
    "reorder_plan",
    "customer_segments",
    "customer_profile",
    "cross_sell",
    "price_advice",
]


def test_every_tool_has_examples_a_description_and_a_kind() -> None:
    for name, tool in registry.TOOLS.items():
        assert tool.name == name
        assert len(tool.examples) >= 3, f"prompts/intents/{name}.yaml needs example questions"
        assert tool.description and "Args:" not in tool.description
        assert tool.kind in {"read", "proposes", "remembers"}
        assert tool.audience in {"everyone", "owner"}
        assert next(iter(inspect.signature(tool.func).parameters)) == "ctx"


def test_the_agent_gets_exactly_the_registry() -> None:
    assert [t.name for t in build_tools()] == list(registry.TOOLS)
    assert set(CANONICAL) <= set(registry.TOOLS)


def test_only_reorders_and_prices_propose() -> None:
    proposing = {n for n, t in registry.TOOLS.items() if t.kind == "proposes"}
    assert proposing == {"reorder_plan", "price_advice"}


def test_owner_only_tools_refuse_staff() -> None:
    tool = registry.Tool("x", registry.TOOLS["stock_status"].func, audience="owner")
    assert tool.allows("owner") and not tool.allows("manager") and not tool.allows("staff")
    assert registry.TOOLS["stock_status"].allows("staff")


def test_the_router_routes_the_examples_of_its_tools_to_registered_tools(shop: Deps) -> None:
    with shop.sessions() as s:
        ctx = ToolContext.of(shop, s)
        for name in CANONICAL:
            for question in registry.TOOLS[name].examples:
                r = route(ctx, question)
                assert r.tool is None or r.tool in registry.TOOLS or r.tool == "proposals"

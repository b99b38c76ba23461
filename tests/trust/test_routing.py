"""The trust questions reach their tools in the owner's words, and are not read as products."""

from __future__ import annotations

import pytest

from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.assistant.router import route
from shopkeeper.core.deps import Deps
from tools import registry
from tools.context import ToolContext

TRUST = ["data_quality", "fairness_audit", "track_record", "forget_customer"]


@pytest.mark.parametrize("name", TRUST)
def test_every_example_routes_to_its_tool(shop: Deps, name: str) -> None:
    with shop.sessions() as s:
        ctx = ToolContext.of(shop, s)
        wrong = [q for q in registry.TOOLS[name].examples if route(ctx, q).tool != name]

    assert len(registry.TOOLS[name].examples) >= 20
    assert wrong == []


def test_no_other_tools_example_is_taken_by_a_trust_tool(shop: Deps) -> None:
    with shop.sessions() as s:
        ctx = ToolContext.of(shop, s)
        taken = [
            (name, q)
            for name, tool in registry.TOOLS.items()
            if name not in TRUST
            for q in tool.examples
            if route(ctx, q).tool in TRUST
        ]

    assert taken == []


def test_is_my_data_ok_is_answered_by_the_data_check(shop: Deps) -> None:
    answer = OfflineAssistant(shop).ask("is my data OK?")

    assert [c.name for c in answer.tool_calls] == ["data_quality"]
    assert answer.text.startswith("Data check of the whole shop:")
    other = OfflineAssistant(shop).ask("any problems in my sales data?")
    assert [c.name for c in other.tool_calls] == ["data_quality"]

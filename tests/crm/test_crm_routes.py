"""The offline router sends feedback and campaign questions to their tools, with the product,
period or segment the question names."""

from __future__ import annotations

import pytest

from shopkeeper.assistant.crm_routes import crm_route
from shopkeeper.assistant.router import Route, route
from tools.context import ToolContext


@pytest.fixture
def ctx(shop):  # type: ignore[no-untyped-def]
    with shop.sessions() as s:
        yield ToolContext.of(shop, s)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what are customers saying about us?", Route("feedback_summary", {})),
        ("any complaints?", Route("feedback_summary", {})),
        ("any complaints about croissants?", Route("feedback_summary", {"product": "croissants"})),
        (
            "what do people say about the oat milk lately?",
            Route("feedback_summary", {"product": "oat milk"}),
        ),
        ("feedback from the last 2 weeks", Route("feedback_summary", {"days": 14})),
        ("which promotion worked best?", Route("campaign_report", {})),
        ("who should I send a discount to?", Route("campaign_report", {})),
        (
            "plan a campaign to win back lapsed customers",
            Route("campaign_report", {"segment": "at_risk"}),
        ),
        ("did the newsletter pay off?", Route("campaign_report", {})),
    ],
)
def test_crm_questions_reach_their_tools(ctx, question: str, expected: Route) -> None:  # type: ignore[no-untyped-def]
    assert crm_route(question) == expected


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("who are my best customers?", "customer_segments"),
        ("which customers are at risk of leaving?", "customer_segments"),
        ("should I raise the price of the espresso beans?", "price_advice"),
        ("what goes with croissants?", "cross_sell"),
    ],
)
def test_customer_and_price_questions_stay_where_they_were(ctx, question: str, tool: str) -> None:  # type: ignore[no-untyped-def]
    assert crm_route(question) is None
    assert route(ctx, question).tool == tool

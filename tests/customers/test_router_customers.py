"""The offline router answers customer, cross-sell and price questions in many phrasings."""

from collections.abc import Iterator

import pytest

from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.assistant.router import ChatState, Route, route
from shopkeeper.chat import terminal_text
from shopkeeper.core.deps import Deps
from tests.conftest import small_shop_at
from tools.context import ToolContext


@pytest.fixture(scope="module")
def small_shop(tmp_path_factory: pytest.TempPathFactory) -> Deps:
    """The conftest's small shop, built once for the routing tests (they only read it)."""
    return small_shop_at(tmp_path_factory.mktemp("router"))


@pytest.fixture
def ctx(small_shop: Deps) -> Iterator[ToolContext]:
    with small_shop.sessions() as s:
        yield ToolContext.of(small_shop, s)


@pytest.mark.parametrize(
    ("question", "segment"),
    [
        ("who are my best customers?", "champions"),
        ("show me my top customers", "champions"),
        ("most valuable customers", "champions"),
        ("which customers are at risk of leaving?", "at_risk"),
        ("which customers have stopped coming?", "at_risk"),
        ("who hasn't come back lately?", "at_risk"),
        ("customers I should win back", "at_risk"),
        ("customer churn", "at_risk"),
        ("how many new customers did we get", "new"),
        ("my loyal customers", "loyal"),
        ("lost customers", "lost"),
        ("dormant customers", "hibernating"),
    ],
)
def test_segment_phrasings(ctx, question: str, segment: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("customer_segments", {"segment": segment})


@pytest.mark.parametrize(
    "question",
    ["customer segments", "tell me about my customers", "RFM analysis", "customer lifetime value"],
)
def test_all_segments(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("customer_segments", {})


@pytest.mark.parametrize(
    "question",
    [
        "tell me about customer C-1234abcd",
        "C-1234ABCD profile",
        "look up c-1234abcd",
        "who is C-1234abcd?",
        "what does C-1234abcd usually buy?",
    ],
)
def test_profile_phrasings(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("customer_profile", {"customer": "C-1234abcd"})


def test_profile_by_name_passes_the_name_to_the_tool(ctx) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, "tell me about customer Anna Schmidt") == Route(
        "customer_profile", {"customer": "Anna Schmidt"}
    )


@pytest.mark.parametrize(
    "question",
    [
        "what goes with croissants?",
        "what goes well with croissant",
        "what do people buy with croissants?",
        "what is bought together with croissants",
        "cross-sell ideas for croissants",
        "what pairs with croissants?",
        "upsell for croissants",
    ],
)
def test_cross_sell_phrasings(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("cross_sell", {"product": "Croissant"})


@pytest.mark.parametrize(
    "question",
    [
        "what should I recommend to C-1234abcd?",
        "recommendations for c-1234abcd",
        "what else could C-1234abcd buy",
        "next best product for C-1234abcd",
    ],
)
def test_recommend_to_a_customer(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("cross_sell", {"customer": "C-1234abcd"})


def test_products_bought_together_in_general(ctx) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, "what products are bought together?") == Route("cross_sell", {})


@pytest.mark.parametrize(
    ("question", "product"),
    [
        ("is espresso too cheap?", "Coffee Beans Espresso 1kg"),
        ("should I raise the price of oat milk?", "Oat Milk Barista 1L"),
        ("can I charge more for croissants", "Croissant"),
        ("what price should I ask for croissants", "Croissant"),
        ("is oat milk too expensive", "Oat Milk Barista 1L"),
        ("price elasticity of croissants", "Croissant"),
        ("should I lower the price of whole milk?", "Whole Milk 1L"),
        ("pricing advice for the dark chocolate", "Dark Chocolate 70% 100g"),
    ],
)
def test_price_phrasings(ctx, question: str, product: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("price_advice", {"product": product})


def test_a_price_question_without_a_product_asks_which(ctx) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, "price advice please")
    assert r.tool is None and r.pending == Route("price_advice")
    assert r.reply == "Which product? Price and cross-sell advice is per product."


def test_stock_and_sales_questions_still_route_as_before(ctx) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, "which items are at risk of selling out") == Route(
        "stock_status", {"only_at_risk": True}
    )
    assert route(ctx, "best sellers this month").tool == "sales_summary"
    assert route(ctx, "how much oat milk do we have?") == Route(
        "stock_status", {"product": "Oat Milk Barista 1L"}
    )


def test_follow_ups_keep_the_price_question(shop) -> None:  # type: ignore[no-untyped-def]
    assistant, state = OfflineAssistant(shop), ChatState()
    first = assistant.ask("should I raise the price?", state=state)
    assert first.text == "Which product? Price and cross-sell advice is per product."
    answer = assistant.ask("house blend", state=state)
    assert [c.name for c in answer.tool_calls] == ["price_advice"]
    assert answer.tool_calls[0].args == {"product": "Coffee Beans House Blend 1kg"}
    other = assistant.ask("and croissants?", state=state)
    assert other.tool_calls[0].args == {"product": "Croissant"}
    assert other.tool_calls[0].name == "price_advice"


def test_price_answer_carries_its_proposal(shop) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(shop).ask("is espresso too cheap?")
    result = answer.tool_calls[0].result
    # The small shop never changed a price: no estimate, so a small test is suggested.
    assert (result["elasticity_method"], result["action"]) == ("none", "test")
    assert [p.kind for p in answer.proposals] == ["price_change"]
    assert answer.proposals[0].id == result["proposal_id"]
    assert "try 22.99 EUR (+5.0 %) as a test" in answer.text  # half the 10 % step, .99
    assert "Change the price for 4 weeks, then ask again" in answer.text
    assert "nothing changes until then" in terminal_text(answer)


def test_customer_questions_without_customer_data_explain_what_is_missing(shop) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(shop).ask("who are my best customers?")
    assert answer.tool_calls == []
    assert answer.text.startswith("No sales are linked to customers yet.")

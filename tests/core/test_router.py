"""The offline router understands the many ways shop owners ask the same thing."""

from datetime import date

import pytest

from shopkeeper.assistant.router import HELP, ChatState, Route, route
from tools.context import ToolContext


@pytest.fixture
def ctx(shop):  # type: ignore[no-untyped-def]
    with shop.sessions() as s:
        yield ToolContext.of(shop, s)


@pytest.mark.parametrize(
    "question",
    [
        "what should I reorder this week?",
        "What do I need to order?",
        "anything I should buy from suppliers today?",
        "make me a shopping list for the suppliers",
        "restock suggestions please",
        "which products need replenishing",
        "draft the purchase orders",
        "what should we order this week",
        "Reorder list",
        "what do we need to get in?",
    ],
)
def test_reorder_phrasings(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("reorder_plan", {})


def test_reorder_from_one_supplier(ctx) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, "what should I order from Alpine Dairy?") == Route(
        "reorder_plan", {"supplier": "Alpine Dairy"}
    )


@pytest.mark.parametrize(
    "question",
    [
        "what's running low?",
        "what is about to run out",
        "are we running out of anything?",
        "any stock warnings?",
        "which items are at risk of selling out",
        "show me low stock",
    ],
)
def test_at_risk_phrasings(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("stock_status", {"only_at_risk": True})


@pytest.mark.parametrize(
    "question",
    [
        "how much oat milk do we have?",
        "oat milk stock",
        "when will we run out of oat milk",
        "how many days of cover for oat milk",
        "is oat milk running low?",
        "do we have enough oatmilk",
        "oat milk on hand",
    ],
)
def test_stock_of_one_product(ctx, question: str) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, question) == Route("stock_status", {"product": "Oat Milk Barista 1L"})


@pytest.mark.parametrize(
    ("question", "product", "start", "end"),
    [
        (
            "how will oat milk sell over Christmas?",
            "Oat Milk Barista 1L",
            date(2026, 12, 18),
            date(2026, 12, 26),
        ),
        (
            "how many croissants will we sell next week",
            "Croissant",
            date(2026, 11, 30),
            date(2026, 12, 6),
        ),
        (
            "forecast croissants for the next 2 weeks",
            "Croissant",
            date(2026, 11, 27),
            date(2026, 12, 10),
        ),
        (
            "expected demand for whole milk next month",
            "Whole Milk 1L",
            date(2026, 12, 1),
            date(2026, 12, 31),
        ),
        (
            "what will croisants do this weekend?",
            "Croissant",
            date(2026, 11, 28),
            date(2026, 11, 29),
        ),
    ],
)
def test_forecast_phrasings(ctx, question, product, start, end) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, question)
    assert r.tool == "forecast_demand"
    assert (r.args["product"], r.args["start"], r.args["end"]) == (product, start, end)


@pytest.mark.parametrize(
    ("question", "args"),
    [
        ("how were sales last month?", {"start": date(2026, 10, 1), "end": date(2026, 10, 31)}),
        (
            "what was our revenue last week",
            {"start": date(2026, 11, 16), "end": date(2026, 11, 22)},
        ),
        (
            "how much oat milk did we sell last week",
            {
                "product": "Oat Milk Barista 1L",
                "start": date(2026, 11, 16),
                "end": date(2026, 11, 22),
            },
        ),
        ("best sellers this month", {"start": date(2026, 11, 1), "end": date(2026, 11, 26)}),
        (
            "how did the bakery do yesterday",
            {"category": "Bakery", "start": date(2026, 11, 26), "end": date(2026, 11, 26)},
        ),
        (
            "coffee & tea sales in October",
            {"category": "Coffee & Tea", "start": date(2026, 10, 1), "end": date(2026, 10, 31)},
        ),
        (
            "what margin did we make the last 30 days",
            {"start": date(2026, 10, 28), "end": date(2026, 11, 26)},
        ),
        ("sales", {}),
    ],
)
def test_sales_phrasings(ctx, question, args) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, question)
    assert r.tool == "sales_summary"
    ranking = {"period_label", "top", "order", "by", "rank_by"}
    assert {k: v for k, v in r.args.items() if k not in ranking} == args


def test_several_matching_products_use_the_best_seller_and_name_the_others(ctx) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, "should I order more of the 1 kg coffee beans?")
    assert (r.tool, r.args) == ("reorder_plan", {"product": "Coffee Beans Espresso 1kg"})
    assert [(c.label, c.route) for c in r.choices] == [  # one tap away
        (
            "Coffee Beans House Blend 1kg",
            Route("reorder_plan", {"product": "Coffee Beans House Blend 1kg"}),
        )
    ]
    assert r.notes == (
        "'1kg coffee bean' could be several products: I used Coffee Beans Espresso 1kg; "
        "also Coffee Beans House Blend 1kg.",
    )


def test_a_bare_product_name_is_asked_back(ctx) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, "Oat milk")
    assert (r.tool, r.intent) == (None, "clarify")
    assert [c.route.tool for c in r.choices if c.route] == [
        "stock_status",
        "sales_summary",
        "forecast_demand",
    ]


def test_how_much_to_reorder_of_a_product_is_the_reorder_plan(ctx) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, "do I need to reorder oat milk?") == Route(
        "reorder_plan", {"product": "Oat Milk Barista 1L"}
    )


def test_unknown_product_says_so(ctx) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, "how much sauerkraut do we have")
    assert (r.tool, r.reply) == (None, "I don't know a product called 'sauerkraut'.")


def test_unmappable_question_lists_what_it_can_do(ctx) -> None:  # type: ignore[no-untyped-def]
    r = route(ctx, "what is the meaning of life and everything in the universe")
    assert (r.tool, r.intent, len(r.choices)) == (None, "unsupported", 3)
    assert route(ctx, "help") == Route(None, reply=HELP, intent="help")


def test_pending_proposals(ctx) -> None:  # type: ignore[no-untyped-def]
    assert route(ctx, "what's waiting for my approval?").tool == "proposals"


def test_follow_ups_reuse_the_previous_question(ctx) -> None:  # type: ignore[no-untyped-def]
    state = ChatState()
    first = route(ctx, "how will oat milk sell next week", state)
    state.last = first
    again = route(ctx, "and next month?", state)
    assert again.tool == "forecast_demand"
    assert (again.args["product"], again.args["start"]) == (
        "Oat Milk Barista 1L",
        date(2026, 12, 1),
    )
    state.last = again
    other = route(ctx, "what about croissants?", state)
    assert (other.tool, other.args["product"], other.args["start"]) == (
        "forecast_demand",
        "Croissant",
        date(2026, 12, 1),
    )


def test_a_follow_up_names_the_other_product(shop) -> None:  # type: ignore[no-untyped-def]
    from shopkeeper.assistant.offline import OfflineAssistant

    assistant, state = OfflineAssistant(shop), ChatState()
    first = assistant.ask("how will the 1kg coffee sell next week?", state=state)
    assert first.tool_calls[0].args["product"] == "Coffee Beans Espresso 1kg"
    assert "also Coffee Beans House Blend 1kg" in first.notes[0]
    answer = assistant.ask("and the house blend?", state=state)
    call = answer.tool_calls[0]
    assert call.name == "forecast_demand"
    assert (call.args["product"], call.args["start"]) == (
        "Coffee Beans House Blend 1kg",
        date(2026, 11, 30),
    )


def test_exact_name_wins_over_longer_names_containing_it(shop) -> None:  # type: ignore[no-untyped-def]
    from shopkeeper.core.store.models import Product

    with shop.sessions.begin() as s:
        s.add(Product(sku="ALM-CRO", name="Almond Croissant", category="Bakery"))
    with shop.sessions() as s:
        ctx = ToolContext.of(shop, s)
        assert (
            route(ctx, "how many croissants did we sell yesterday").args["product"] == "Croissant"
        )
        assert route(ctx, "almond croissant stock").args["product"] == "Almond Croissant"
        assert route(ctx, "oat milk barista 1l stock").args["product"] == "Oat Milk Barista 1L"

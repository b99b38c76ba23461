"""Asking back with numbered choices, unsupported questions, other languages, the slot
parsers on their own, and the new tool parameters, as a shop owner would notice them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.assistant.render import render_stock
from shopkeeper.assistant.router import ChatState, route
from shopkeeper.assistant.understanding.amounts import read_amounts
from shopkeeper.assistant.understanding.dates import read_period
from shopkeeper.core.deps import Deps
from tools.context import ToolContext
from tools.results import StockLine, StockStatus
from tools.sales import sales_summary


def test_a_bare_name_is_asked_back_and_the_number_answers(shop: Deps) -> None:
    assistant, state = OfflineAssistant(shop), ChatState()
    asked = assistant.ask("croissants", state=state)
    assert asked.tool_calls == []
    assert asked.choices == [
        "Stock on hand, days of cover and what runs out (Croissant)",
        "Sales, revenue and margin for a period (Croissant)",
        "A demand forecast for the coming days (Croissant)",
    ]
    assert "1. Stock on hand" in asked.text and "Reply with the number." in asked.text
    answer = assistant.ask("2", state=state)
    assert [(c.name, c.args["product"]) for c in answer.tool_calls] == [
        ("sales_summary", "Croissant")
    ]


def test_a_pressed_button_sends_the_label(shop: Deps) -> None:
    assistant, state = OfflineAssistant(shop), ChatState()
    asked = assistant.ask("croissants", state=state)
    answer = assistant.ask(asked.choices[0], state=state)
    assert answer.tool_calls[0].name == "stock_status"


def test_unsupported_questions_get_three_things_it_can_do(ctx: ToolContext) -> None:
    r = route(ctx, "what's the weather tomorrow?")
    assert (r.tool, r.intent, len(r.choices)) == (None, "unsupported", 3)
    assert r.reply is not None and r.reply.startswith("I can't help with that.")
    assert all(c.question for c in r.choices)


@pytest.mark.parametrize(
    ("question", "tool", "start"),
    [
        ("Was muss ich diese Woche nachbestellen?", "reorder_plan", None),
        ("¿Cuánto vendimos el mes pasado?", "sales_summary", date(2026, 10, 1)),
        ("Каких товаров мало на складе?", "stock_status", None),
    ],
)
def test_other_languages(ctx: ToolContext, question: str, tool: str, start: date | None) -> None:
    r = route(ctx, question)
    assert r.tool == tool
    assert r.args.get("start") == start


def test_money_percent_and_top_n_are_read_as_numbers() -> None:
    assert read_amounts("I only have $500 to spend").money == 500.0
    assert read_amounts("budget of 1,200 euros").money == 1200.0
    assert read_amounts("10 % off the stollen").percent == 10.0
    assert read_amounts("top 10 products").top_n == 10


def test_this_november_vs_last_november() -> None:
    slot = read_period("this November vs last November", date(2026, 12, 4))
    assert slot.compare_last_year
    assert slot.span is not None
    assert (slot.span.start, slot.span.end) == (date(2026, 11, 1), date(2026, 11, 30))


def test_vs_last_year_says_when_there_is_no_full_year(ctx: ToolContext) -> None:
    # The small shop's sales start in October 2025: January 2025 is not covered.
    r = sales_summary(ctx, date(2026, 1, 1), date(2026, 11, 26), compare="last_year")
    assert r.change_pct is None
    assert any("no full year of history" in n for n in r.notes)
    covered = sales_summary(ctx, date(2026, 11, 1), date(2026, 11, 26), compare="last_year")
    assert covered.previous_label == "the same dates last year"
    assert covered.previous_revenue == covered.last_year_revenue


def test_worst_sellers_include_products_that_sold_nothing(ctx: ToolContext) -> None:
    r = sales_summary(ctx, date(2026, 11, 1), date(2026, 11, 26), order="worst", top=2)
    assert [t.revenue for t in r.top] == [0.0, 0.0]
    assert {t.name for t in r.top} == {"Black Pepper Mill 50g", "Butter 250g"}
    by_cat = sales_summary(ctx, date(2026, 11, 1), date(2026, 11, 26), by="category", top=10)
    assert by_cat.top[0].name == "Coffee & Tea"  # 2 + 1.5 kg of beans a day beat 30 croissants


def test_a_long_stock_list_says_how_many_more() -> None:
    line = StockLine(
        sku="A",
        name="Oat Milk",
        supplier="Alpine",
        on_hand=1,
        on_order=0,
        daily_demand=1.0,
        days_of_cover=1.0,
        stockout_date=None,
        at_risk=True,
        lead_time_days=2.0,
        counted_at=None,
    )
    result = StockStatus(
        scope="the whole shop",
        lines=[line] * 15,
        n_products=60,
        n_at_risk=48,
        n_out_of_stock=0,
        stock_value=10.0,
        n_listed=48,
        listing="at risk",
    )
    assert "... and 33 more" in render_stock(result, "EUR")


def test_a_budget_over_the_plan_is_said_honestly(shop: Deps) -> None:
    answer = OfflineAssistant(shop).ask("I only have 5 euros to spend this week")
    assert answer.tool_calls[0].args["budget"] == 5.0
    assert "more than your budget of 5.00 EUR" in answer.text
    assert "cannot yet choose what matters most within a budget" in answer.text


def test_asking_loads_no_heavy_library_it_does_not_need() -> None:
    code = (
        "import sys, shopkeeper.cli, shopkeeper.assistant.offline;"
        "heavy = ('statsforecast', 'mlxtend', 'matplotlib', 'chromadb', 'statsmodels',"
        " 'shopkeeper.core.importing.pipeline');"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

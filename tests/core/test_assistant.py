"""End to end through the offline assistant and the CLI, on the small shop with a fixed clock."""

import json

from sqlalchemy import func, select

from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.cli import main
from shopkeeper.core.store.models import Proposal


def test_reorder_question_proposes_orders_per_supplier_with_arithmetic(shop) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(shop).ask("what should I reorder this week?")
    assert [c.name for c in answer.tool_calls] == ["reorder_plan"]
    result = answer.tool_calls[0].result
    suppliers = [o["supplier"] for o in result["orders"]]
    assert "Alpine Dairy" in suppliers  # oat milk: 20 on hand, ~12 a day, 3-day lead time
    assert len(suppliers) == len(set(suppliers))
    oat = next(line for o in result["orders"] for line in o["lines"] if line["sku"] == "OAT-1L")
    assert oat["quantity"] > 0 and oat["quantity"] % 12 == 0  # whole packs of 12
    assert "on hand 20" in oat["explanation"]
    assert {p.kind for p in answer.proposals} == {"purchase_order"}
    assert len(answer.proposals) == len([o for o in result["orders"] if o["supplier_id"]])
    assert "Oat Milk Barista 1L: order" in answer.text


def test_asking_twice_does_not_duplicate_proposals(shop) -> None:  # type: ignore[no-untyped-def]
    assistant = OfflineAssistant(shop)
    first = assistant.ask("what should I reorder this week?")
    second = assistant.ask("what do I need to order?")
    assert [p.id for p in first.proposals] == [p.id for p in second.proposals]
    with shop.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == len(first.proposals)


def test_espresso_on_order_is_counted(shop) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(shop).ask("how much espresso coffee do we have")
    line = answer.tool_calls[0].result["lines"][0]
    assert (line["sku"], line["on_hand"], line["on_order"]) == ("ESP-1KG", 30.0, 12.0)


def test_forecast_answer_has_interval_and_method(shop) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(shop).ask("how will oat milk sell over Christmas?")
    r = answer.tool_calls[0].result
    assert answer.tool_calls[0].name == "forecast_demand"
    assert (r["period"]["start"], r["period"]["end"]) == ("2026-12-18", "2026-12-26")
    assert r["lo_80"] <= r["total"] <= r["hi_80"] <= r["hi_95"]
    assert 9 * 12 * 0.6 < r["total"] < 9 * 12 * 1.6  # true rate about 12 a day
    assert r["model"] and r["demand_class"]
    assert "units expected" in answer.text and "Method:" in answer.text


def test_ask_json_has_the_documented_shape(shop, capsys) -> None:  # type: ignore[no-untyped-def]
    db = shop.settings.db_url.removeprefix("sqlite:///")
    assert (
        main(["--db", db, "ask", "how were sales last month?", "--json"], settings=shop.settings)
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "question",
        "answer",
        "engine",
        "tool_calls",
        "proposals",
        "tokens",
        "notes",
        "choices",
        "understood",
        "elapsed_ms",
    }
    assert out["engine"] == "offline"
    assert out["understood"]["kind"] == "call" and out["choices"] == []
    call = out["tool_calls"][0]
    assert call["name"] == "sales_summary"
    assert call["args"]["start"] == "2026-10-01" and call["args"]["end"] == "2026-10-31"
    assert call["result"]["revenue"] > 0


def test_unknown_product_gets_a_clear_reply_and_no_tool_runs(shop) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(shop).ask("forecast sauerkraut next week")
    assert answer.tool_calls == []
    assert answer.text == "I don't know a product called 'sauerkraut'."


def test_fresh_goods_are_not_bought_beyond_their_shelf_life(shop) -> None:  # type: ignore[no-untyped-def]
    result = OfflineAssistant(shop).ask("what should I reorder?").tool_calls[0].result
    cro = next(ln for o in result["orders"] for ln in o["lines"] if ln["sku"] == "CRO")
    # need = order-up-to (8 days of ~31 + safety stock) - 60 on hand; no EOQ lot on top of it
    assert cro["quantity"] < 8 * 31 * 1.3
    assert "shelf life 1 d is shorter than lead time + review" in cro["explanation"]


def test_an_empty_shop_says_what_to_do_instead_of_failing(deps) -> None:  # type: ignore[no-untyped-def]
    answer = OfflineAssistant(deps).ask("what should I reorder this week?")
    assert answer.tool_calls == []
    assert answer.text.startswith("There are no sales yet, so there is nothing to forecast")

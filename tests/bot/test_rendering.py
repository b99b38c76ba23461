"""Rendering without Telegram: splitting, escaping, proposal cards, buttons, the chart."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bot import keyboards
from bot.cards import decided_card, parse_prompt, proposal_card, quantity_prompt
from bot.charts import forecast_caption, forecast_png, stockout_day
from bot.jobs import fingerprint
from bot.render import (
    answer_parts,
    split_text,
    utf16_len,
    visible,
    visible_len,
)
from shopkeeper.core.proposals import ProposalView
from tests.bot.fake_html import HtmlError, parse_html
from tools.results import StockLine

NOW = datetime(2026, 11, 27, 12, 0)


def _view(n_lines: int = 1, status: str = "pending", **kw: object) -> ProposalView:
    lines: list[dict[str, Any]] = [
        {"sku": f"SKU-{i}", "name": f"Product <{i}> & co", "quantity": 12.0 + i,
         "unit_cost": 1.5, "order_value": round(1.5 * (12 + i), 2)}
        for i in range(n_lines)
    ]  # fmt: skip
    total = sum(float(ln["order_value"]) for ln in lines)
    payload = {"supplier_id": 1, "supplier_name": "Alpine & Sons", "lead_time_days": 3.0,
               "order_value": total, "lines": lines}  # fmt: skip
    fields = {"decided_by": None, "decided_at": None, "decision_note": None, **kw}
    return ProposalView(7, "purchase_order", "supplier:1", status, payload, "test", "scan",
                        NOW, NOW + timedelta(days=7), **fields)  # type: ignore[arg-type]  # fmt: skip


def test_split_keeps_whole_lines_and_the_telegram_limit() -> None:
    text = "\n".join(f"{i:03d} 🍞 " + "x" * 60 for i in range(200))
    parts = split_text(text, limit=1000)
    assert all(utf16_len(p) <= 1000 for p in parts)  # the emoji counts twice
    assert "\n".join(parts) == text
    long_line = "word " * 500
    cut = split_text(long_line, limit=300)
    assert all(utf16_len(p) <= 300 for p in cut) and " ".join(cut).split() == long_line.split()


def test_answers_are_escaped_and_say_how_to_decide_when_cards_follow() -> None:
    text = "Order 5 <oat> & 3 'milk'.\nWhy: because."
    (part,) = answer_parts(text, has_cards=True)
    plain, entities = parse_html(part)  # Telegram accepts it
    assert plain.startswith("Order 5 <oat> & 3 'milk'.\nWhy: because.")
    assert "shopkeeper approve" not in plain and "buttons" in plain
    assert {"type": "italic", "offset": plain.index("Why:"), "length": 4} in entities


def test_a_card_shows_lines_arithmetic_and_how_to_decide() -> None:
    view = _view(2)
    html = proposal_card(view, "EUR", explanations={"SKU-0": "forecast 1/day x 10 d = 10 -> 12"})
    plain, _ = parse_html(html)
    assert plain == (
        "🛒 Order #7 for Alpine & Sons: 2 lines, 37.50 EUR\n"
        "• Product <0> & co: 12 × 1.50 EUR = 18.00 EUR\n"
        "   forecast 1/day x 10 d = 10 -> 12\n"
        "• Product <1> & co: 13 × 1.50 EUR = 19.50 EUR\n"
        "Delivery about 3 days after ordering. Open for a decision until Fri 04 Dec.\n\n"
        "Tap a button, or reply to this message: “yes”, “no” or “order 20 instead”."
    )


def test_a_huge_order_still_fits_one_message_with_its_total() -> None:
    view = _view(150)
    why = {f"SKU-{i}": "forecast " + "9" * 120 for i in range(150)}
    html = proposal_card(view, "EUR", explanations=why)
    assert visible_len(html) <= 4096
    assert "more line(s); the total includes them." in visible(html)
    parse_html(html)


def test_a_decided_card_says_who_what_and_when() -> None:
    before = _view(2).payload
    after = dict(before, lines=[dict(before["lines"][0], quantity=30.0, order_value=45.0)])
    view = _view(status="approved", decided_by="Ana <Boss>", decided_at=NOW)
    view = ProposalView(**{**view.__dict__, "payload": after})
    plain, _ = parse_html(decided_card(view, "EUR", before))
    assert "• Product <0> & co: 30 (was 12) × 1.50 EUR = 45.00 EUR" in plain
    assert "• Product <1> & co: left out (was 13)" in plain
    assert plain.endswith(
        "✅ Approved by Ana <Boss>, Fri 27 Nov 12:00. Order reference SK-00007; it counts as "
        "on order now."
    )
    rejected = _view(status="rejected", decided_by="Bo", decided_at=NOW, decision_note="later")
    assert visible(decided_card(rejected, "EUR")).endswith(
        "❌ Rejected by Bo, Fri 27 Nov 12:00. Reason: later"
    )


def test_the_quantity_question_carries_its_order_and_product() -> None:
    view = _view(2)
    html = quantity_prompt(view, view.payload["lines"][1])
    assert parse_prompt(visible(html)) == (7, "SKU-1")
    assert parse_prompt("How many croissants?") is None


def test_callback_data_is_verb_and_id_and_forgeries_are_refused() -> None:
    assert keyboards.data("approve", 12) == "approve:12"
    assert keyboards.parse("line:12:3") == keyboards.Press("line", 12, 3)
    rows = keyboards.decision_rows(10**11) + keyboards.line_rows(10**11, _view(30).payload["lines"])
    assert all(len(d.encode()) <= 64 for row in rows for _, d in row)
    for forged in ["", "approve", "approve:", "approve:-1", "approve:1:2", "line:1", "delete:1",
                   "approve:1 ", "approve:99999999999999", "ａpprove:1", "qty:1\n"]:  # fmt: skip
        assert keyboards.parse(forged) is None, forged
    with pytest.raises(ValueError):
        keyboards.data("delete", 1)


def test_the_fake_refuses_html_telegram_would_refuse() -> None:
    for bad in [
        "a < b",
        "<b>open",
        "<script>x</script>",
        "Tom & Jerry",
        "&nbsp;",
        "<b><i>x</b></i>",
    ]:
        with pytest.raises(HtmlError):
            parse_html(bad)


def _forecast(start: date, on_hand: float | None) -> dict[str, object]:
    days = [start + timedelta(days=i) for i in range(14)]
    return {
        "scope": "Oat Milk",
        "period": {"start": days[0].isoformat(), "end": days[-1].isoformat()},
        "total": 140.0, "lo_80": 120.0, "hi_80": 160.0, "on_hand": on_hand, "on_order": 0.0,
        "daily": [{"ds": d.isoformat(), "mean": 10.0, "lo_80": 8.0, "hi_80": 12.0,
                   "lo_95": 6.0, "hi_95": 14.0} for d in days],
        "history_daily": [((start - timedelta(days=i)).isoformat(), 9.0) for i in range(28, 0, -1)],
    }  # fmt: skip


def test_the_chart_marks_the_day_stock_runs_out() -> None:
    start = date(2026, 11, 27)
    result = _forecast(start, on_hand=35.0)
    assert stockout_day(result) == date(2026, 11, 30)  # 10 a day: the 4th day uses the 35 up
    png = forecast_png(result)
    assert png is not None and png.startswith(b"\x89PNG")
    assert forecast_caption(result).endswith(
        "Stock on hand runs out ~Mon 30 Nov at the expected pace."
    )
    later = _forecast(start, on_hand=35.0)
    later["history_daily"] = later["history_daily"][:-3]  # type: ignore[index]
    assert stockout_day(later) is None  # a gap before the forecast: no honest date
    assert stockout_day(_forecast(start, on_hand=None)) is None
    assert forecast_png({"daily": []}) is None


def test_an_unchanged_warning_has_the_same_fingerprint() -> None:
    line = StockLine(sku="A", name="A", supplier="S", on_hand=1, on_order=0, daily_demand=1,
                     days_of_cover=1, stockout_date=date(2026, 11, 28), at_risk=True,
                     lead_time_days=2, counted_at=None)  # fmt: skip
    moved = line.model_copy(update={"stockout_date": date(2026, 11, 29), "days_of_cover": 2.0})
    cover_only = line.model_copy(update={"days_of_cover": 1.1})
    assert fingerprint([line], None) == fingerprint([cover_only], None)
    assert fingerprint([line], None) != fingerprint([moved], None)


def test_a_price_change_card_says_from_what_to_what() -> None:
    view = ProposalView(
        9, "price_change", "price:OAT-1L", "pending",
        {"sku": "OAT-1L", "name": "Oat Milk", "old_price": 2.49, "new_price": 2.69},
        "Demand barely reacts to price (elasticity -0.4).", "assistant", NOW,
        NOW + timedelta(days=7), None, None, None,
    )  # fmt: skip
    plain, _ = parse_html(proposal_card(view, "EUR"))
    assert plain.startswith(
        "🏷️ Price change #9: Oat Milk\n2.49 → 2.69 EUR\n"
        "Demand barely reacts to price (elasticity -0.4)."
    )
    assert [d for row in keyboards.decision_rows(9, amendable=False) for _, d in row] == [
        "approve:9",
        "reject:9",
    ]

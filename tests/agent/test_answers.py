"""The agent answers with tools: the real OpenAI client against the scripted server."""

from __future__ import annotations

import json

from sqlalchemy import select

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.cli import main
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.chat_models import TokenUsage
from shopkeeper.core.store.models import Proposal
from tests.agent.fake_llm import FakeLLM, Request, Step, call, say, tool_results

FORBIDDEN = ("approve", "reject", "decide", "send", "set_price", "change_price", "order_now")


def oat_answer(req: Request) -> Step:
    """What a model would write from the stock_status result it was sent."""
    line = tool_results(req)[0]["lines"][0]
    return say(
        f"You have {line['on_hand']:g} Oat Milk Barista 1L on hand and sell about "
        f"{line['daily_demand']:.0f} a day, so about {line['days_of_cover']:g} days of cover."
    )


def test_one_tool_call_gives_a_grounded_answer(agent: LLMAssistant, fake: FakeLLM) -> None:
    fake.add(call(("stock_status", {"product": "oat milk"})), oat_answer)
    answer = agent.ask("how much oat milk do we have?", thread="chat:1")

    assert answer.engine == "llm"
    assert answer.text == "You have 20 Oat Milk Barista 1L on hand and sell about 12 a day, " + (
        f"so about {answer.tool_calls[0].result['lines'][0]['days_of_cover']:g} days of cover."
    )
    assert [(c.name, c.args) for c in answer.tool_calls] == [
        ("stock_status", {"product": "oat milk"})
    ]
    assert answer.notes == []
    # The model saw the shop's facts and the tools, and no plumbing in the tool schemas.
    first = fake.requests[0]
    system = first["messages"][0]
    assert system["role"] == "system"
    assert "Friday 27 November 2026 (2026-11-27)" in system["content"]
    assert "Money is in EUR" in system["content"]
    tools = {t["function"]["name"]: t["function"] for t in first["tools"]}
    assert {"sales_summary", "forecast_demand", "stock_status", "reorder_plan"} <= set(tools)
    assert {"search_notes", "remember_note", "find_products"} <= set(tools)
    assert not [n for n in tools if any(word in n for word in FORBIDDEN)]
    for spec in tools.values():
        assert not {"ctx", "runtime", "session", "settings", "actor", "user"} & set(
            spec["parameters"].get("properties", {})
        )
    assert tools["stock_status"]["description"].startswith("Stock on hand and on order")
    # Token use is reported and recorded.
    assert answer.tokens["prompt"] > 0 and answer.tokens["completion"] > 0
    with agent.deps.sessions() as s:
        rows = s.scalars(select(TokenUsage)).all()
    assert [(r.thread, r.prompt_tokens, r.completion_tokens) for r in rows] == [
        ("chat:1", answer.tokens["prompt"], answer.tokens["completion"])
    ]


def test_two_tools_in_one_turn_create_a_proposal(agent: LLMAssistant, fake: FakeLLM) -> None:
    def summary(req: Request) -> Step:
        stock, plan = tool_results(req)
        alpine = next(o for o in plan["orders"] if o["supplier"] == "Alpine Dairy")
        oat = next(ln for ln in alpine["lines"] if ln["sku"] == "OAT-1L")
        return say(
            f"{stock['n_at_risk']} products are at risk. I prepared proposal "
            f"#{alpine['proposal_id']} for Alpine Dairy: {oat['quantity']:g} Oat Milk Barista "
            f"1L ({alpine['order_value']:.2f} EUR in total). Approve it to order."
        )

    fake.add(
        call(("stock_status", {"only_at_risk": True})),
        call(("reorder_plan", {})),
        summary,
    )
    answer = agent.ask("what's running low, and what should I order?", thread="chat:2")

    assert [c.name for c in answer.tool_calls] == ["stock_status", "reorder_plan"]
    plan = answer.tool_calls[1].result
    made = [o["proposal_id"] for o in plan["orders"] if o["proposal_id"]]
    assert [p.id for p in answer.proposals] == made
    assert {p.kind for p in answer.proposals} == {"purchase_order"}
    assert all(p.status == "pending" for p in answer.proposals)
    alpine = next(o for o in plan["orders"] if o["supplier"] == "Alpine Dairy")
    assert f"#{alpine['proposal_id']} for Alpine Dairy" in answer.text
    # Proposals the text does not name are listed, so none goes unseen.
    others = [f"#{pid}" for pid in made if pid != alpine["proposal_id"]]
    for pid in others:
        assert pid in answer.text.split("Waiting for approval:")[1]
    with agent.deps.sessions() as s:
        stored = s.scalars(select(Proposal).order_by(Proposal.id)).all()
    assert sorted((p.id, p.status) for p in stored) == sorted((pid, "pending") for pid in made)
    assert stored[0].created_by == "assistant for owner"


def test_ask_json_says_which_brain_answered(
    llm_deps: Deps, fake: FakeLLM, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = llm_deps.settings.db_url.removeprefix("sqlite:///")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("TODAY", "2026-11-27")
    monkeypatch.setenv("DATA_DIR", str(llm_deps.settings.data_dir))
    fake.add(call(("stock_status", {"product": "oat milk"})), oat_answer)

    assert main(["--db", db, "ask", "how much oat milk do we have?", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["engine"] == "llm"
    assert [c["name"] for c in out["tool_calls"]] == ["stock_status"]
    assert out["tool_calls"][0]["result"]["lines"][0]["sku"] == "OAT-1L"
    assert out["proposals"] == []
    assert set(out["tokens"]) == {"prompt", "completion"}
    assert out["elapsed_ms"] > 0


def test_the_factory_picks_the_brain(shop: Deps, fake: FakeLLM) -> None:
    unset = {"openai_api_key": None, "openai_base_url": None}
    offline = Deps(shop.settings.model_copy(update=unset), shop.engine, shop.sessions)
    assert isinstance(make_assistant(offline), OfflineAssistant)
    # A base URL alone is enough: local servers (Ollama) need no key.
    local = Deps(
        shop.settings.model_copy(update=unset | {"openai_base_url": fake.base_url}),
        shop.engine,
        shop.sessions,
    )
    assistant = make_assistant(local)
    assert isinstance(assistant, LLMAssistant)
    assert isinstance(assistant.fallback, OfflineAssistant)

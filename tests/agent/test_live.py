"""Opt-in: a handful of questions against a real model endpoint.

Runs when OPENAI_API_KEY is set (with OPENAI_BASE_URL / OPENAI_MODEL for another server):

    OPENAI_API_KEY=sk-... .venv/bin/pytest -m live tests/agent
"""

from __future__ import annotations

import os

import pytest
from pydantic import SecretStr

from shopkeeper.assistant.agent import LLMAssistant
from shopkeeper.core.deps import Deps

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not os.environ.get("OPENAI_API_KEY"), reason="needs OPENAI_API_KEY (a real endpoint)"
    ),
]

QUESTIONS = [
    ("How much oat milk do we have?", "stock_status"),
    ("What should I reorder this week?", "reorder_plan"),
    ("How were sales last month?", "sales_summary"),
    ("Wie viele Croissants verkaufen wir nächste Woche?", "forecast_demand"),
]


def test_a_real_model_answers_with_tools(shop: Deps) -> None:
    settings = shop.settings.model_copy(
        update={
            "openai_api_key": SecretStr(os.environ["OPENAI_API_KEY"]),
            "openai_base_url": os.environ.get("OPENAI_BASE_URL") or None,
            "openai_model": os.environ.get("OPENAI_MODEL", "gpt-4o-mini"),
            "llm_timeout_seconds": 60.0,
        }
    )
    agent = LLMAssistant(Deps(settings, shop.engine, shop.sessions, shop.state))
    for question, tool in QUESTIONS:
        answer = agent.ask(question, thread="live")
        assert answer.engine == "llm", (question, answer.notes)
        assert tool in [c.name for c in answer.tool_calls], (question, answer.tool_calls)
        assert answer.text.strip()
        assert not [n for n in answer.notes if "no tool result" in n], (question, answer.text)
    follow = agent.ask("And the month before?", thread="live")
    assert follow.engine == "llm"
    assert [str(c.args.get("start")) for c in follow.tool_calls if c.name == "sales_summary"] == [
        "2026-09-01"
    ]

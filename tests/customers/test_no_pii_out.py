"""Customer names, e-mails and phones never leave the PII table: not in `ask --json`, not in
the text of the answer, not in any log record written while answering."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from shopkeeper.cli import main
from shopkeeper.core.deps import Deps
from shopkeeper.demo import DemoShop

QUESTIONS = [
    "who are my best customers?",
    "which customers are at risk of leaving?",
    "what goes with croissants?",
]


def _pii(shop: DemoShop) -> list[str]:
    p = shop.customer_pii
    values = pd.concat([p["name"], p["email"], p["phone"], p["external_ref"]]).dropna()
    return [str(v) for v in values if len(str(v)) >= 4]


@pytest.mark.parametrize("question", QUESTIONS)
def test_ask_json_and_the_log_hold_no_personal_data(
    demo: Deps,
    demo_shop: DemoShop,
    question: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    db = demo.settings.db_url.removeprefix("sqlite:///")
    with caplog.at_level(logging.DEBUG):
        assert main(["--db", db, "ask", question, "--json"], settings=demo.settings) == 0
    out = capsys.readouterr().out
    assert '"tool_calls"' in out
    logged = caplog.text
    leaked = [v for v in _pii(demo_shop) if v in out or v in logged]
    assert leaked == []

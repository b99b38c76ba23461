"""The tool registry: every tool the assistant can use, in one list.

Both brains read it: the LLM agent builds its LangChain tools from it
(shopkeeper/assistant/agent_tools.py) and the offline router dispatches through it
(shopkeeper/assistant/offline.py). Names are stable: `--json` output and the evaluation use
them.

Adding a tool (four steps, nothing else to wire):

1. The function, in its own module under tools/: ``def my_tool(ctx: ToolContext, product:
   str, days: int = 28) -> MyResult``. The typed parameters after ``ctx`` are the model's
   schema; the docstring (Google style, with an ``Args:`` section) is the model's
   description. It returns a pydantic result deriving from ``tools.results.ToolResult``
   with the numbers and ``why``/``notes`` (declare it in the tool's own module, or a
   ``tools/<name>_results.py``; tools/results.py is at its size limit). It only reads; an
   error a person or model can act on is ``raise ToolError("unknown product 'x'; did you
   mean ...")``.
   A tool that suggests an action (an order, a price, a campaign) is of kind "proposes"
   and keeps two steps apart, as ``reorder_plan`` (``plan_orders`` + ``propose_orders``)
   and ``price_advice`` (``advise_price`` + ``propose_price``) do: one function only
   reads; the other stores each suggestion with
   ``tools.proposing.propose(ctx, kind, subject, payload, reason)`` and returns the
   result with the new ids in ``proposals_created`` (a field every ToolResult has). The
   channels show those proposals with their approve buttons.
   Derived data worth keeping between questions goes in the shop state:
   ``ctx.memo.get(SLOT, build, key)`` with ``SLOT = Slot("name", ("sales", ...))`` naming
   the data kinds it is computed from (sales, catalogue, stock, customers, deliveries,
   prices, forecasts; see shopkeeper/core/state.py).
2. One entry in ``TOOLS`` below: ``Tool("my_tool", my_tool, kind="read")`` — add
   ``audience="owner"`` when only the owner may ask for it (staff are told so).
3. ``prompts/intents/my_tool.yaml``: a YAML list of 5-10 questions shop owners would ask
   for it, in their words: the offline router's routing data (the agent does not read
   them). A test checks that every tool has the file.
4. A renderer (optional, recommended): a pure function ``(result: MyResult, currency: str)
   -> str`` in a module of shopkeeper/assistant/ and one line in ``RENDERERS`` in
   shopkeeper/assistant/render.py. Without one, the result's fields are listed plainly.
   The terminal and Telegram both show that text; Telegram adds a card with buttons per
   proposal (bot/cards.py; kinds other than purchase orders and price changes get the
   generic card).

Kinds: "read" only reads; "proposes" may store proposals (purchase orders, price changes,
campaigns) that a person decides later — never decides, sends or changes anything itself;
"remembers" stores a note a person asked for. Audience: "everyone" (owner, managers, staff)
or "owner" (the agent and the router refuse the tool to anybody else).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from tools.campaigns import campaign_report
from tools.cross_sell import cross_sell
from tools.customers import customer_profile, customer_segments
from tools.data_quality import data_quality
from tools.fairness import fairness_audit
from tools.feedback import feedback_summary
from tools.forecast import forecast_demand
from tools.knowledge import find_products, past_decisions, pending_proposals
from tools.notes import remember_note, search_notes
from tools.pricing import price_advice
from tools.privacy import forget_customer
from tools.reorder import reorder_plan
from tools.results import ToolResult
from tools.sales import sales_summary
from tools.sourcing import supplier_alternatives
from tools.stock import stock_status
from tools.suppliers import supplier_scorecard
from tools.track_record import track_record
from tools.weekly_brief import weekly_brief
from tools.what_if import what_if

# libyaml's loader where built (about 10x faster: the examples load at every start).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
INTENTS_DIR = Path(__file__).resolve().parents[1] / "prompts" / "intents"

Kind = Literal["read", "proposes", "remembers"]
Audience = Literal["everyone", "owner"]


@dataclass(frozen=True)
class Tool:
    """One tool: what it is called, what it runs, what it may do and who may ask for it."""

    name: str
    func: Callable[..., ToolResult]
    # read: only reads; proposes: may store proposals (never decides them);
    # remembers: stores what a person asked to be remembered (a note), nothing else.
    kind: Kind = "read"
    audience: Audience = "everyone"

    @property
    def description(self) -> str:
        """The docstring's text before ``Args:``: what the model is told the tool does."""
        doc = inspect.getdoc(self.func) or ""
        return doc.split("\nArgs:")[0].strip()

    @property
    def examples(self) -> tuple[str, ...]:
        """Questions that ask for this tool (prompts/intents/<name>.yaml)."""
        return load_examples(INTENTS_DIR / f"{self.name}.yaml")

    def allows(self, role: str) -> bool:
        """Whether a person with `role` (owner | manager | staff) may use the tool."""
        return self.audience == "everyone" or role == "owner"


@cache
def load_examples(path: Path) -> tuple[str, ...]:
    """The example questions in a YAML file (a list, or a mapping whose `examples` is the
    list, next to the router's `offer` and `try`); empty when the file is missing."""
    if not path.is_file():
        return ()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    if isinstance(data, dict):
        data = data.get("examples") or []
    if not isinstance(data, list) or not all(isinstance(q, str) for q in data):
        raise ValueError(f"{path} must be a YAML list of questions")
    return tuple(data)


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool("sales_summary", sales_summary),
        Tool("forecast_demand", forecast_demand),
        Tool("stock_status", stock_status),
        Tool("reorder_plan", reorder_plan, kind="proposes"),
        Tool("customer_segments", customer_segments),
        Tool("customer_profile", customer_profile),
        Tool("cross_sell", cross_sell),
        Tool("price_advice", price_advice, kind="proposes"),
        Tool("supplier_scorecard", supplier_scorecard),
        Tool("what_if", what_if),
        Tool("supplier_alternatives", supplier_alternatives, kind="proposes"),
        Tool("data_quality", data_quality),
        Tool("fairness_audit", fairness_audit),
        Tool("track_record", track_record),
        Tool("forget_customer", forget_customer, kind="proposes", audience="owner"),
        Tool("feedback_summary", feedback_summary),
        Tool("campaign_report", campaign_report, kind="proposes"),
        Tool("weekly_brief", weekly_brief),
        # Search by meaning and the shop's memory: used by the agent.
        Tool("find_products", find_products),
        Tool("search_notes", search_notes),
        Tool("remember_note", remember_note, kind="remembers"),
        Tool("past_decisions", past_decisions),
        Tool("pending_proposals", pending_proposals),
    )
}


def get(name: str) -> Tool:
    """The tool called `name`.

    Raises:
        KeyError: no tool has that name.
    """
    return TOOLS[name]

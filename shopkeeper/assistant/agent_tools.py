"""The agent's tools: the registry's functions as LangChain tools, and the turn they run in.

Each tool is built from a registry entry (tools/registry.py), a plain function
`func(ctx: ToolContext, **args)`: its docstring is
the model's description and its typed parameters (after `ctx`) are the only model-visible
schema. The store, the clock and the asking user come from the run context (`Turn`, passed
as LangGraph's `context` and reaching the tool as `ToolRuntime.context`), never from
arguments the model could set. Each call gets its own short transaction, so a proposal a
tool creates is stored even if the model fails later in the turn.

The registry holds only tools that read, propose or take a note: the agent has nothing that
approves, sends or changes a price.
"""

from __future__ import annotations

import bisect
import inspect
import json
import threading
import typing
from dataclasses import dataclass, field
from typing import Any

from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, StructuredTool

from shopkeeper.assistant.answer import ToolCall
from shopkeeper.assistant.grounding import list_lengths
from shopkeeper.assistant.render import render
from shopkeeper.core.deps import Deps
from shopkeeper.core.privacy import Redactor
from shopkeeper.core.store.db import session_scope
from tools import knowledge as knowledge_tools
from tools import registry
from tools.context import ToolContext, ToolError
from tools.resolve import MAYBE, product_matches
from tools.results import ToolResult

MAX_DAILY = 14  # forecast days shown to the model one by one; longer periods as totals
MAX_EXPLAINED = 5  # lines per list that keep their arithmetic in what the model reads


@dataclass
class Turn:
    """One question's run context: what the tools need, and what the turn produced."""

    deps: Deps
    user: str
    question: str  # as the model sees it (customer PII replaced)
    system_prompt: str
    redactor: Redactor
    role: str = "owner"  # of the person asking (owner-only lookups, approvals elsewhere)
    calls: list[ToolCall] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # tool outputs and errors, as the model saw
    prompt_tokens: int = 0
    completion_tokens: int = 0
    corrections: int = 0  # grounding corrections asked for
    unsupported: list[str] = field(default_factory=list)  # numbers still ungrounded at the end
    order: dict[str, int] = field(default_factory=dict)  # tool-call id -> position asked
    _ids: list[str] = field(default_factory=list)  # tool-call id of each entry in `calls`
    _lock: Any = field(default_factory=threading.Lock)  # Any: LangGraph builds a schema

    @property
    def actor(self) -> str:
        return f"assistant for {self.user}"

    def run(self, tool: registry.Tool, args: dict[str, Any], call_id: str) -> str:
        """Run one tool in its own transaction; returns what the model sees (JSON).

        Calls the model makes together arrive in parallel threads; they run one at a time
        (SQLite has one writer, and tools share the process cache) and are put back in the
        order the model asked for them.
        """
        name = tool.name
        with self._lock:
            if not tool.allows(self.role):
                raise ToolError(f"Only the owner can use {name}; tell the person so.")
            with session_scope(self.deps.sessions) as session:
                ctx = ToolContext.of(self.deps, session, actor=self.actor, role=self.role)
                if isinstance(args.get("product"), str):
                    check_product(ctx, args["product"])
                result = tool.func(ctx, **args)
            content = self.redactor.redact(
                json.dumps(visible(result), ensure_ascii=False, separators=(",", ":"), default=str)
            )
            at = bisect.bisect([self._rank(i) for i in self._ids], self._rank(call_id))
            self._ids.insert(at, call_id)
            self.calls.insert(at, ToolCall(name, dict(args), result))
            self.seen.append(content)
        return content

    def _rank(self, call_id: str) -> int:
        return self.order.get(call_id, len(self.order))

    def asked(self, call_ids: list[str]) -> None:
        """Note the order in which the model asked for tool calls."""
        for call_id in call_ids:
            self.order.setdefault(call_id, len(self.order))

    def sources(self) -> list[str]:
        """Where the numbers of this turn's answer may come from."""
        today = self.deps.today()
        args = [json.dumps(c.args, default=str) for c in self.calls]
        return [*self.seen, *args, self.question, today.isoformat(), self.deps.settings.shop_name]

    def extra_numbers(self) -> set[float]:
        out: set[float] = set()
        for c in self.calls:
            out |= list_lengths(c.result)
        return out

    def proposal_ids(self) -> list[int]:
        """Proposals the tools created in this turn, in order, once each."""
        return list(dict.fromkeys(pid for c in self.calls for pid in c.output.proposals_created))

    def rendered(self) -> str:
        """The turn's tool results as the offline renderer writes them (grounding fallback)."""
        currency = self.deps.settings.currency
        parts: list[str] = []
        for call in self.calls:
            text = render(call.output, currency, call.name)
            if text not in parts:
                parts.append(text)
        return "\n\n".join(parts)


def visible(result: ToolResult) -> dict[str, Any]:
    """The part of a result the model reads: no chart series, long forecasts as totals, the
    arithmetic of the first lines of a long list only (a shop-wide plan is otherwise ~10k
    tokens; the person sees every line's arithmetic on the proposal card)."""
    data = result.to_dict()
    data.pop("history_daily", None)  # for charts; the model has recent_daily_mean
    daily = data.get("daily")
    if isinstance(daily, list) and len(daily) > MAX_DAILY:
        data["daily"] = []
        data["daily_note"] = f"{len(daily)} days: per-day values left out, totals cover all."
    trimmed: dict[str, Any] = _first_explanations(data)
    return trimmed


def _first_explanations(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _first_explanations(v) for k, v in value.items()}
    if isinstance(value, list):
        out = [_first_explanations(v) for v in value]
        explained = [i for i, v in enumerate(out) if isinstance(v, dict) and "explanation" in v]
        for i in explained[MAX_EXPLAINED:]:
            out[i] = {k: v for k, v in out[i].items() if k != "explanation"}
        return out
    return value


def check_product(ctx: ToolContext, text: str) -> None:
    """Raise a ToolError naming the closest products by meaning when the name is unknown.

    Spelling-based matching (tools/resolve.py) finds "oat mlk"; meaning-based search finds
    "oat drink" -> "Oat Milk Barista 1L". The model is told, and calls again with the exact
    name (or asks the person) instead of a product being silently swapped.
    """
    matches = product_matches(ctx, text)
    if matches and matches[0].score >= MAYBE:
        return  # known or ambiguous by spelling: the tool itself says which
    try:
        similar = [p.name for p in knowledge_tools.similar_products(ctx, text, 3) if p.active]
    except ToolError:
        return
    if similar:
        names = ", ".join(f"'{n}'" for n in similar)
        raise ToolError(
            f"I don't know a product called '{text}'. Closest by meaning: {names}. If one of "
            "them is what the person means, call again with that exact name; otherwise ask.",
            similar,
        )


def as_tool(tool: registry.Tool) -> BaseTool:
    """A LangChain tool for `tool.func(ctx, **args)`; `ctx` comes from the run context."""
    func = tool.func
    hints = typing.get_type_hints(func)
    params = [
        p.replace(annotation=hints[p.name])
        for p in list(inspect.signature(func).parameters.values())[1:]
    ]

    defaults = {p.name: p.default for p in params if p.default is not inspect.Parameter.empty}

    def run(runtime: ToolRuntime[Turn], **kwargs: Any) -> str:
        # Arguments left at their defaults are dropped: the call reads as the model made it.
        args = {k: v for k, v in kwargs.items() if k not in defaults or v != defaults[k]}
        return runtime.context.run(tool, args, runtime.tool_call_id or "")

    runtime = inspect.Parameter(
        "runtime", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=ToolRuntime[Turn]
    )
    run.__signature__ = inspect.Signature([runtime, *params])  # type: ignore[attr-defined]
    run.__annotations__ = {"runtime": ToolRuntime[Turn], **{p.name: hints[p.name] for p in params}}
    run.__annotations__["return"] = str
    run.__doc__ = func.__doc__
    run.__name__ = tool.name
    return StructuredTool.from_function(run, name=tool.name, parse_docstring=True)


def build_tools() -> list[BaseTool]:
    """The LangChain tools handed to `create_agent`: one per registry entry."""
    return [as_tool(tool) for tool in registry.TOOLS.values()]

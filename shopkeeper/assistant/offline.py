"""The assistant interface every channel uses, and its offline engine (router + renderer)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from shopkeeper.assistant.render import render, render_proposals
from shopkeeper.assistant.router import ChatState, Route, default_period, route
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.db import session_scope
from tools import registry
from tools.context import ToolContext, ToolError


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any]
    result: dict[str, Any]


@dataclass(frozen=True)
class Answer:
    """What the assistant says, which tools it used, and proposals the turn created."""

    question: str
    text: str
    engine: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    proposals: list[ProposalView] = field(default_factory=list)
    elapsed_ms: float = 0.0
    tokens: dict[str, int] = field(default_factory=dict)  # prompt/completion, when a model ran
    notes: list[str] = field(default_factory=list)  # e.g. why the offline router answered

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "engine": self.engine,
            "tool_calls": [
                {"name": c.name, "args": _jsonable(c.args), "result": c.result}
                for c in self.tool_calls
            ],
            "proposals": [p.to_dict() for p in self.proposals],
            "tokens": self.tokens,
            "notes": self.notes,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


def _jsonable(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in args.items()}


class OfflineAssistant:
    """Answers with the router and the tools' own explanations; no model, no network."""

    engine = "offline"

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._threads: dict[str, ChatState] = {}

    def reset(self, thread: str) -> None:
        """Forget a conversation (follow-ups start afresh)."""
        self._threads.pop(thread, None)

    def ask(
        self,
        question: str,
        user: str = "owner",
        state: ChatState | None = None,
        thread: str | None = None,
        role: str = "owner",
    ) -> Answer:
        """Answer one question. `thread` (e.g. a chat id) keeps follow-up context per
        conversation in this process; `state` passes it explicitly instead."""
        if state is None and thread is not None:
            state = self._threads.setdefault(thread, ChatState())
        started = time.perf_counter()
        currency = self.deps.settings.currency
        with session_scope(self.deps.sessions) as session:
            ctx = ToolContext.of(self.deps, session, actor=f"assistant for {user}", role=role)
            r: Route = route(ctx, question, state)
            calls: list[ToolCall] = []
            made: list[ProposalView] = []
            if r.tool is None:
                text = r.reply or ""
                if state is not None and r.pending is not None:
                    state.last = r.pending  # "Which product ...?" -> the answer continues it
            elif r.tool == "proposals":
                items = proposals.list_proposals(session, ctx.now)
                text = render_proposals(items, currency)
            else:
                tool = registry.get(r.tool)
                args = default_period(r.tool, ctx.today) | r.args
                try:
                    if not tool.allows(role):
                        raise ToolError(f"Only the owner can ask for {r.tool.replace('_', ' ')}.")
                    result = tool.func(ctx, **args)
                except ToolError as err:
                    text = str(err)
                else:
                    text = render(result, currency, r.tool)
                    calls.append(ToolCall(r.tool, args, result.to_dict()))
                    made = [
                        v for pid in result.proposals_created if (v := proposals.get(session, pid))
                    ]
                    if made:
                        effect = (
                            "nothing is ordered"
                            if made[0].kind == "purchase_order"
                            else "nothing changes"
                        )
                        text += (
                            f"\n\nTo approve: `shopkeeper approve {made[0].id} --as YOUR_NAME` "
                            f"(or `approve N` in the chat); {effect} until then."
                        )
                if state is not None:
                    state.last = Route(r.tool, args)
        return Answer(
            question, text, self.engine, calls, made, (time.perf_counter() - started) * 1000
        )

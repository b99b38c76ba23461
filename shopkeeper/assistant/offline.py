"""The assistant interface every channel uses, and its offline engine (router + renderer)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from shopkeeper.app.deps import Deps
from shopkeeper.assistant.render import render, render_proposals
from shopkeeper.assistant.router import ChatState, Route, default_period, route
from shopkeeper.core import proposals
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.db import session_scope
from tools.catalog import TOOLS
from tools.context import ToolError


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
    # A question back: the readings to offer (Telegram buttons; the terminal numbers them).
    choices: list[str] = field(default_factory=list)
    # What the router made of the question: {"kind": call|clarify|unsupported|reply, ...}.
    understood: dict[str, Any] = field(default_factory=dict)

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
            "choices": self.choices,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


def proposal_ids(result: Any) -> list[int]:
    """Every proposal id in a tool result (any field named proposal_id, at any depth)."""
    found: list[int] = []
    if isinstance(result, dict):
        for key, value in result.items():
            if key == "proposal_id" and isinstance(value, int):
                found.append(value)
            else:
                found += proposal_ids(value)
    elif isinstance(result, list):
        for item in result:
            found += proposal_ids(item)
    return list(dict.fromkeys(found))


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
            ctx = self.deps.context(session, actor=f"assistant for {user}", role=role)
            r: Route = route(ctx, question, state)
            calls: list[ToolCall] = []
            made: list[ProposalView] = []
            if state is not None:
                state.choices = r.choices
            if r.tool is None:
                text = r.reply or ""
                if state is not None and r.pending is not None:
                    state.last = r.pending  # "Which product ...?" -> the answer continues it
            elif r.tool == "proposals":
                items = proposals.list_proposals(session, ctx.now)
                text = render_proposals(items, currency)
            else:
                args = default_period(r.tool, ctx.today) | r.args
                try:
                    result = TOOLS[r.tool].func(ctx, **args)
                except ToolError as err:
                    text = str(err)
                else:
                    text = render(result, currency)
                    calls.append(ToolCall(r.tool, args, result.to_dict()))
                    made = [
                        v
                        for pid in proposal_ids(calls[-1].result)
                        if (v := proposals.get(session, pid))
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
            question,
            text,
            self.engine,
            calls,
            made,
            (time.perf_counter() - started) * 1000,
            notes=list(r.notes),
            choices=[c.label for c in r.choices],
            understood=understood(r),
        )


def understood(r: Route) -> dict[str, Any]:
    """What the router decided, for the `--json` output and the understanding benchmark."""
    if r.tool is not None:
        return {"kind": "call", "tool": r.tool, "args": _jsonable(r.args), "p": r.confidence}
    if r.intent == "clarify":
        readings = [c.route.tool for c in r.choices if c.route]
        return {"kind": "clarify", "readings": readings, "p": r.confidence}
    return {"kind": r.intent or "reply", "pending": r.pending.tool if r.pending else None}

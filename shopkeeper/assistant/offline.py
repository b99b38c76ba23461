"""The offline assistant: the router picks a tool, the tool answers, the renderer words it."""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from shopkeeper.assistant.answer import Answer, ToolCall
from shopkeeper.assistant.crm_routes import CRM_TOOLS, crm_args
from shopkeeper.assistant.render import render, render_proposals
from shopkeeper.assistant.route_brief import brief_args
from shopkeeper.assistant.router import ChatState, Route, default_period, route
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.db import session_scope
from tools import registry
from tools.context import ToolContext, ToolError


class OfflineAssistant:
    """Answers with the router and the tools' own explanations; no model, no network."""

    engine = "offline"

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._threads: dict[str, ChatState] = {}

    def warm_up(self) -> threading.Thread:
        """Load the language model, the example vectors and the catalogue in the background
        (about a second), so the first question a person types is answered at once."""

        def run() -> None:
            with session_scope(self.deps.sessions) as session:
                route(ToolContext.of(self.deps, session), "warm up")

        thread = threading.Thread(target=run, name="assistant-warm-up", daemon=True)
        thread.start()
        return thread

    def reset(self, thread: str) -> None:
        """Forget a conversation (follow-ups start afresh)."""
        self._threads.pop(thread, None)

    def close(self) -> None:
        """Nothing to release: conversations live in memory only."""

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
            r = _route(ctx, question, state)
            calls: list[ToolCall] = []
            unused: list[str] = []
            made: list[ProposalView] = []
            if state is not None:
                state.choices = r.choices  # "2" or a pressed button picks one next turn
            if r.tool is None:
                text = r.reply or ""
                if state is not None and r.pending is not None:
                    state.last = r.pending  # "Which product ...?" -> the answer continues it
            elif r.tool == "proposals":
                items = proposals.list_proposals(session, ctx.now)
                text = render_proposals(items, currency)
            else:
                tool = registry.get(r.tool)
                args, unused = fitting(tool.func, default_period(r.tool, ctx.today) | r.args)
                try:
                    if not tool.allows(role):
                        raise ToolError(f"Only the owner can ask for {r.tool.replace('_', ' ')}.")
                    result = tool.func(ctx, **args)
                except ToolError as err:
                    text = str(err)
                else:
                    text = render(result, currency, r.tool)
                    calls.append(ToolCall(r.tool, args, result))
                    made = [
                        v for pid in result.proposals_created if (v := proposals.get(session, pid))
                    ]
                if state is not None:
                    state.last = Route(r.tool, args)
        return Answer(
            question,
            text,
            self.engine,
            calls,
            made,
            (time.perf_counter() - started) * 1000,
            notes=[*r.notes, *unused],
            choices=[c.label for c in r.choices],
            understood=understood(r),
        )


def _route(ctx: ToolContext, question: str, state: ChatState | None) -> Route:
    """The router picks the tool; the feedback, campaign and weekly-brief tools take their
    arguments from the question's own words."""
    r = route(ctx, question, state)
    if r.tool in CRM_TOOLS:
        return replace(r, args=crm_args(r.tool, question))
    if r.tool == "weekly_brief":
        return replace(r, args=brief_args(question, ctx.today))
    return r


def fitting(func: Callable[..., Any], args: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The arguments `func` takes, and a note for what the question said that it cannot use
    (a follow-up can carry a period to a tool that has none)."""
    accepted = inspect.signature(func).parameters
    kept = {k: v for k, v in args.items() if k in accepted}
    left = sorted(k for k in args if k not in accepted and k != "period_label")
    note = [f"This answer could not take into account: {', '.join(left)}."] if left else []
    return kept, note


def understood(r: Route) -> dict[str, Any]:
    """What the router decided: the `--json` output's record and the understanding bench's."""
    if r.tool is not None:
        args = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in r.args.items()}
        return {"kind": "call", "tool": r.tool, "args": args, "p": round(r.confidence, 3)}
    if r.intent == "clarify":
        readings = [c.route.tool for c in r.choices if c.route]
        return {"kind": "clarify", "readings": readings, "p": round(r.confidence, 3)}
    return {"kind": r.intent or "reply", "pending": r.pending.tool if r.pending else None}

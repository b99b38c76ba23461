"""The offline assistant: the router picks a tool, the tool answers, the renderer words it."""

from __future__ import annotations

import time

from shopkeeper.assistant.answer import Answer, ToolCall
from shopkeeper.assistant.crm_routes import crm_route
from shopkeeper.assistant.render import render, render_proposals
from shopkeeper.assistant.route_brief import brief_route
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
            r: Route = (
                crm_route(question)
                or brief_route(question, ctx.today)
                or route(ctx, question, state)
            )
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
                    calls.append(ToolCall(r.tool, args, result))
                    made = [
                        v for pid in result.proposals_created if (v := proposals.get(session, pid))
                    ]
                if state is not None:
                    state.last = Route(r.tool, args)
        return Answer(
            question, text, self.engine, calls, made, (time.perf_counter() - started) * 1000
        )

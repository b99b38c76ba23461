"""The LLM assistant: a LangChain agent that picks tools, calls them and explains the results.

`LLMAssistant` has the same interface as `OfflineAssistant` (ask / reset) and answers with
`engine="llm"`. The model is any OpenAI-compatible chat-completions server (OpenAI, Ollama,
vLLM, llama.cpp server) through `langchain-openai`'s ChatOpenAI. Whatever goes wrong —
timeout, 429/5xx, a refused key, too many steps, an empty reply, the daily token budget
spent — the offline router answers instead, with a one-line note saying why: the person
always gets an answer. Token use is recorded per turn (token_usage).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import ModelCallLimitMiddleware
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage

from shopkeeper.assistant.agent_tools import Turn, build_tools
from shopkeeper.assistant.answer import Answer
from shopkeeper.assistant.chat_model import TIMED_OUT, failure_note, make_chat_model, model_window
from shopkeeper.assistant.knowledge import Knowledge
from shopkeeper.assistant.memory import beside_database, open_checkpointer, prune_checkpoints
from shopkeeper.assistant.middleware import GROUNDING_NOTE, TurnGuards
from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.assistant.prompt import system_prompt
from shopkeeper.assistant.router import ChatState
from shopkeeper.assistant.usage import budget_left, record_usage
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.privacy import redactor_for
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.state import Memo
from tools.context import ToolContext
from tools.knowledge import index_products

log = logging.getLogger(__name__)


class LLMAssistant:
    """Answers through the agent; falls back to the offline assistant on any failure."""

    engine = "llm"

    def __init__(
        self,
        deps: Deps,
        fallback: OfflineAssistant | None = None,
        model: BaseChatModel | None = None,
        warm: bool = False,
    ) -> None:
        """Build the agent.

        Args:
            deps: the shop.
            fallback: who answers when the model cannot (default: a new OfflineAssistant).
            model: a chat model to use instead of ChatOpenAI from the settings.
            warm: index the catalogue for search by meaning in a background thread now, so
                the first question that needs it does not wait (the factory does this).
        """
        self.deps = deps
        settings = deps.settings
        self.fallback = fallback or OfflineAssistant(deps)
        # The fallback must be ready when the model fails: load its brain meanwhile.
        self._fallback_ready = self.fallback.warm_up()
        self.model_name = settings.openai_model
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        # Turns run here so a hung model costs the person at most the budget, not the wait.
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="model-turn")
        self.memory = open_checkpointer(beside_database(settings, ".chat.sqlite"))
        self.knowledge = Knowledge(beside_database(settings, ".knowledge"))
        deps.index = self.knowledge  # the search tools (products, notes, decisions) use it
        system_prompt(settings, deps.today())  # fail now, not mid-conversation, if missing
        self.guards = TurnGuards()
        middleware: list[Any] = [
            self.guards,
            ModelCallLimitMiddleware(run_limit=settings.llm_max_steps, exit_behavior="error"),
        ]
        self.graph: Any = create_agent(
            model or make_chat_model(settings),
            tools=build_tools(),
            middleware=middleware,
            context_schema=Turn,
            checkpointer=self.memory,
        )
        if warm:
            threading.Thread(target=self._warm, name="index-catalogue", daemon=True).start()

    def _warm(self) -> None:
        try:
            with self.deps.sessions() as session:
                index_products(ToolContext.of(self.deps, session))
        except Exception:  # the index is rebuilt on first use if this fails
            log.warning("could not index the catalogue in the background", exc_info=True)

    def reset(self, thread: str) -> None:
        """Forget a conversation (`/reset`, `shopkeeper chat --new`)."""
        self.memory.delete_thread(thread)
        self.fallback.reset(thread)

    def close(self) -> None:
        """Close the chat history database (on shutdown; the history stays on disk)."""
        self._pool.shutdown(wait=False, cancel_futures=True)  # an abandoned turn ends alone
        self.memory.conn.close()
        self.fallback.close()

    def ask(
        self,
        question: str,
        user: str = "owner",
        state: ChatState | None = None,
        thread: str | None = None,
        role: str = "owner",
    ) -> Answer:
        """Answer one question; `thread` (a chat id) keeps the conversation across restarts."""
        started = time.perf_counter()
        settings = self.deps.settings
        left = budget_left(self.deps.sessions, self.deps.now(), settings.daily_token_budget)
        if left <= 0:
            note = (
                "The built-in assistant answered because the daily language-model budget "
                f"({settings.daily_token_budget:,} tokens) is used up."
            )
            return self._offline(question, user, role, state, thread, note, None, started)
        thread_id = thread or f"once:{uuid.uuid4().hex}"
        config: dict[str, Any] = {
            "configurable": {"thread_id": thread_id},
            "recursion_limit": 4 * settings.llm_max_steps + 10,
        }
        with self.deps.sessions() as session:
            redactor = redactor_for(session, Memo.read(self.deps.state, session))
        turn = Turn(
            deps=self.deps,
            user=user,
            role=role,
            question=redactor.redact(question),
            system_prompt=system_prompt(settings, self.deps.today()),
            redactor=redactor,
        )
        turn.deadline = started + model_window(settings)
        job = self._pool.submit(self._locked_run, turn, config, thread_id, thread is None)
        try:
            text = job.result(timeout=max(0.0, turn.deadline - time.perf_counter()))
        except FutureTimeout:
            log.warning(
                "model turn in %s passed its %g s budget", thread_id, model_window(settings)
            )
            note = TIMED_OUT.format(s=settings.llm_timeout_seconds)
            answer = self._offline(question, user, role, state, thread, note, turn, started)
            if thread is not None:  # into the history once the abandoned run has stopped
                job.add_done_callback(lambda _: self._remember(config, answer.text, thread_id))
            return answer
        except Exception as err:
            note = self._why(err, turn)
            answer = self._offline(question, user, role, state, thread, note, turn, started)
            if thread is not None:
                self._remember(config, answer.text, thread_id)
            return answer
        return self._answer(question, text, turn, started)

    def _locked_run(self, turn: Turn, config: dict[str, Any], thread_id: str, one_off: bool) -> str:
        # One turn at a time per chat: two quick messages must not interleave one history.
        with self._lock(thread_id):
            try:
                return self._run(turn, config)
            finally:
                self._finish(turn, thread_id, one_off=one_off)

    def _run(self, turn: Turn, config: dict[str, Any]) -> str:
        out = self.graph.invoke({"messages": [HumanMessage(turn.question)]}, config, context=turn)
        last = out["messages"][-1]
        text = last.text.strip() if isinstance(last, AIMessage) else ""
        if not text:
            raise _NoAnswer
        return text

    def _why(self, err: Exception, turn: Turn) -> str:
        if isinstance(err, _NoAnswer) and turn.unsupported:
            return (
                "The built-in assistant answered because the model's numbers did not match "
                "any tool result."
            )
        if isinstance(err, _NoAnswer):
            return "The built-in assistant answered because the model gave no answer."
        error_id = uuid.uuid4().hex[:8]
        log.warning("model turn failed (error %s): %r", error_id, err, exc_info=True)
        return failure_note(err, self.deps.settings, error_id)

    def _lock(self, thread_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(thread_id, threading.Lock())

    def _answer(self, question: str, text: str, turn: Turn, started: float) -> Answer:
        made = self._proposals(turn)
        unmentioned = [p for p in made if f"#{p.id}" not in text]
        if unmentioned:
            ids = ", ".join(f"#{p.id}" for p in unmentioned)
            text += (
                f"\n\nWaiting for approval: proposal {ids}. Nothing is ordered or changed "
                "until a person approves it."
            )
        notes = []
        if turn.unsupported:
            notes.append(GROUNDING_NOTE.format(numbers=", ".join(turn.unsupported)))
        elif turn.corrections:
            notes.append("The grounding check asked the model once to correct its numbers.")
        return Answer(
            question,
            text,
            self.engine,
            turn.calls,
            made,
            (time.perf_counter() - started) * 1000,
            self._tokens(turn),
            notes,
        )

    def _offline(
        self,
        question: str,
        user: str,
        role: str,
        state: ChatState | None,
        thread: str | None,
        note: str,
        turn: Turn | None,
        started: float,
    ) -> Answer:
        self._fallback_ready.join()  # usually long done; otherwise it is half the work
        answer = self.fallback.ask(question, user, state, thread, role=role)
        # The note goes with the answer, not into its text: channels show notes under it.
        return dataclasses.replace(
            answer,
            notes=[*answer.notes, note],
            tokens=self._tokens(turn) if turn else {},
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def _proposals(self, turn: Turn) -> list[ProposalView]:
        with self.deps.sessions() as session:
            found = [proposals.get(session, pid) for pid in turn.proposal_ids()]
        return [p for p in found if p is not None and p.status == "pending"]

    @staticmethod
    def _tokens(turn: Turn | None) -> dict[str, int]:
        if turn is None or not (turn.prompt_tokens or turn.completion_tokens):
            return {}
        return {"prompt": turn.prompt_tokens, "completion": turn.completion_tokens}

    def _remember(self, config: dict[str, Any], text: str, thread_id: str) -> None:
        """Put the answer the person saw into the history, so follow-ups can refer to it."""
        try:
            # As if the last step of a turn wrote it, so the thread has nothing left to run.
            last_step = f"{self.guards.name}.after_model"
            with self._lock(thread_id):
                self.graph.update_state(config, {"messages": [AIMessage(text)]}, as_node=last_step)
        except Exception:  # memory is a convenience; the answer is already made
            log.warning("could not store the offline answer in the chat history", exc_info=True)

    def _finish(self, turn: Turn, thread_id: str, one_off: bool) -> None:
        """Record the tokens used and tidy the history; neither may cost the answer."""
        try:
            record_usage(
                self.deps.sessions,
                self.deps.now(),
                thread_id,
                self.model_name,
                turn.prompt_tokens,
                turn.completion_tokens,
            )
        except Exception:
            log.exception("could not record token use")
        try:
            if one_off:
                self.memory.delete_thread(thread_id)
            else:
                prune_checkpoints(self.memory, thread_id)
        except Exception:
            log.warning("could not tidy the chat history", exc_info=True)


class _NoAnswer(Exception):
    """The model ended the turn without text (or its numbers could not be grounded)."""

"""Conversation memory: where it lives, and how old history is trimmed to a token budget.

History is the agent's LangGraph state, saved per chat (thread) by a `SqliteSaver` in a file
next to the shop's database, so follow-ups work across restarts. Before each turn the
earlier turns are cleaned and trimmed:

- automatic grounding corrections, failed tool calls and calls left unanswered by a crash
  are dropped (a model server refuses a tool call without its result);
- the most recent earlier turn keeps its tool results if they fit; older ones keep only their
  tool calls (which tool, which arguments: enough for "and next month?") and the answer;
- whole turns are dropped, oldest first, until the rest fits `history_token_budget`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langchain_core.messages.utils import count_tokens_approximately
from langgraph.checkpoint.sqlite import SqliteSaver

from shopkeeper.core.settings import Settings
from shopkeeper.core.store.private_files import private_file

CHECK_NAME = "grounding_check"  # the name on automatic correction messages
BRIEF = "[earlier result not kept; call {name} again for current figures]"


def beside_database(settings: Settings, suffix: str) -> Path:
    """A path next to the shop's SQLite file (`shop.sqlite` -> `shop<suffix>`), so several
    shops side by side keep separate memories; `data_dir` for other databases."""
    url = settings.db_url
    if url.startswith("sqlite:///") and ":memory:" not in url:
        db = Path(url.removeprefix("sqlite:///"))
        return db.with_name(db.stem + suffix)
    return settings.data_dir / f"shopkeeper{suffix}"


def open_checkpointer(path: Path) -> SqliteSaver:
    """A SqliteSaver on `path` (its own lock makes one connection safe across threads).

    The file is created 0600 first: conversations may quote the shop's figures, and SQLite
    gives its -wal and -shm files the database file's mode."""
    private_file(path)
    saver = SqliteSaver(sqlite3.connect(str(path), check_same_thread=False))
    saver.setup()
    return saver


def prune_checkpoints(saver: SqliteSaver, thread: str) -> None:
    """Keep only a thread's latest checkpoint: each one holds the whole (trimmed) history,
    so older ones only grow the file."""
    with saver.cursor() as cur:
        cur.execute(
            "SELECT max(checkpoint_id) FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ''",
            (thread,),
        )
        latest = cur.fetchone()[0]
        if latest is None:
            return
        cur.execute(
            "DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id < ?", (thread, latest)
        )
        cur.execute(
            "DELETE FROM writes WHERE thread_id = ? AND checkpoint_id < ?", (thread, latest)
        )


def split_turns(messages: list[AnyMessage]) -> list[list[AnyMessage]]:
    """Messages grouped by turn; a turn starts with a person's message."""
    turns: list[list[AnyMessage]] = []
    for m in messages:
        if (isinstance(m, HumanMessage) and m.name != CHECK_NAME) or not turns:
            turns.append([m])
        else:
            turns[-1].append(m)
    return turns


def clean_turn(turn: list[AnyMessage]) -> list[AnyMessage]:
    """A finished turn without corrections, failed calls and unanswered tool calls."""
    answered = {m.tool_call_id for m in turn if isinstance(m, ToolMessage) and m.status != "error"}
    kept: list[AnyMessage] = []
    calls: set[str] = set()
    for m in turn:
        if isinstance(m, HumanMessage) and m.name == CHECK_NAME:
            continue
        if isinstance(m, AIMessage):
            good = [c for c in m.tool_calls if c.get("id") in answered]
            if not good and not m.text:
                continue
            if good != m.tool_calls or m.invalid_tool_calls:
                m = m.model_copy(update={"tool_calls": good, "invalid_tool_calls": []})
            calls |= {str(c["id"]) for c in good}
        elif isinstance(m, ToolMessage) and m.tool_call_id not in calls:
            continue
        kept.append(m)
    return kept


def brief_turn(turn: list[AnyMessage]) -> list[AnyMessage]:
    """A turn with its tool results replaced by a pointer to the tool."""
    return [
        m.model_copy(update={"content": BRIEF.format(name=m.name or "the tool")})
        if isinstance(m, ToolMessage)
        else m
        for m in turn
    ]


def tokens(messages: list[AnyMessage]) -> int:
    return int(count_tokens_approximately(messages)) if messages else 0


def trim_history(messages: list[AnyMessage], budget: int) -> list[AnyMessage]:
    """The history to keep before a new turn; the last turn (the new question) is whole."""
    turns = split_turns(messages)
    if len(turns) <= 1:
        return messages
    *earlier, current = turns
    used = tokens(current)
    kept: list[list[AnyMessage]] = []
    for age, turn in enumerate(reversed(earlier)):
        turn = clean_turn(turn)
        options = [turn, brief_turn(turn)] if age == 0 else [brief_turn(turn)]
        fit = next((t for t in options if used + tokens(t) <= budget), None)
        if fit is None:
            break
        kept.insert(0, fit)
        used += tokens(fit)
    return [m for t in kept for m in t] + current


def same(a: list[AnyMessage], b: list[AnyMessage]) -> bool:
    """Whether two histories are identical (ids and content), to skip a needless write."""
    return len(a) == len(b) and all(
        x.id == y.id and x.content == y.content and type(x) is type(y)
        for x, y in zip(a, b, strict=True)
    )

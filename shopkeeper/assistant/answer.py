"""What every channel gets from the assistant: the `Answer`, and the `Assistant` protocol.

An answer is channel-neutral: its text says what the tools found and never how to decide in
one channel ("shopkeeper approve 3", a button); each channel adds that itself from
`proposals`. The typed tool results (`ToolCall.output`) let a channel build its own view
(the Telegram cards and charts) without reading the text back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from shopkeeper.assistant.router import ChatState
from shopkeeper.core.proposals import ProposalView
from tools.results import ToolResult


@dataclass(frozen=True)
class ToolCall:
    """One tool call of a turn: its name, arguments and typed result."""

    name: str
    args: dict[str, Any]
    output: ToolResult

    @property
    def result(self) -> dict[str, Any]:
        """The result as JSON-ready data (`--json`, the grounding check)."""
        return self.output.to_dict()


@dataclass(frozen=True)
class Answer:
    """What the assistant says, which tools it used, and the proposals the turn created."""

    question: str
    text: str
    engine: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    proposals: list[ProposalView] = field(default_factory=list)
    elapsed_ms: float = 0.0
    tokens: dict[str, int] = field(default_factory=dict)  # prompt/completion, when a model ran
    notes: list[str] = field(default_factory=list)  # e.g. why the offline router answered
    # A question back: the readings to offer, in order (Telegram: one button each, whose
    # text is the label; terminal: numbered). Answering a label or its number picks it.
    choices: list[str] = field(default_factory=list)
    # What the offline router made of the question (kind: call | clarify | unsupported |
    # help | which), with the tool and arguments of a call.
    understood: dict[str, Any] = field(default_factory=dict)

    @property
    def pending(self) -> list[ProposalView]:
        """The proposals of this turn still waiting for a decision."""
        return [p for p in self.proposals if p.status == "pending"]

    def results(self, kind: type[ToolResult]) -> list[Any]:
        """The turn's tool results of one type, in call order."""
        return [c.output for c in self.tool_calls if isinstance(c.output, kind)]

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
            "understood": self.understood,
            "elapsed_ms": round(self.elapsed_ms, 1),
        }


def _jsonable(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in args.items()}


class Assistant(Protocol):
    """The interface every channel uses (the offline assistant and the LLM agent)."""

    def ask(
        self,
        question: str,
        user: str = "owner",
        state: ChatState | None = None,
        thread: str | None = None,
        role: str = "owner",
    ) -> Answer: ...

    def reset(self, thread: str) -> None: ...

    def close(self) -> None:
        """Release what the assistant holds open (the chat history database)."""

"""The terminal conversation: questions go to the assistant; decisions go through the shared
decision grammar (`approve 3`, `reject 2 too expensive`, `change House Blend to 10 in #2`).

A decision without a number means the one proposal shown in the immediately preceding
answer, and is only made after a second yes to "Approve #N: ...? yes/no".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from shopkeeper.app import approvals
from shopkeeper.app.decision_grammar import read
from shopkeeper.app.order_documents import saved_text
from shopkeeper.app.workflows import Decision
from shopkeeper.assistant.answer import Answer, Assistant
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.assistant.render import proposal_line
from shopkeeper.core.deps import Deps

CANCELLED = "Not approved; #{id} is still waiting for a decision."


def decision_text(done: Decision, currency: str) -> str:
    """A decision as the terminal says it, and where the order document is (also on a retry
    of an order approved before); a decision that committed is reported as made even when
    its document could not be written."""
    where = f"\n{saved_text(done.saved)}" if done.saved is not None else ""
    if done.refused is not None or done.view is None:
        return (done.refused or "Nothing was decided.") + where
    text = proposal_line(done.view, currency) + where
    if done.erased is not None:
        text += "\n" + done.erased
    if done.contacts is not None:
        text += f"\nContact list and message: {done.contacts}. Nothing was sent; send it yourself."
    return text


def terminal_text(answer: Answer, notes: bool = False) -> str:
    """The answer as the terminal shows it: with how to approve what it proposed here (and
    with `notes`, the notes under it)."""
    text = answer.text
    if answer.proposals:
        first = answer.proposals[0]
        effect = "nothing is ordered" if first.kind == "purchase_order" else "nothing changes"
        text += (
            f"\n\nTo approve: `shopkeeper approve {first.id} --as YOUR_NAME` "
            f"(or `approve N` in the chat); {effect} until then."
        )
    return "\n".join([text, *(f"Note: {n}" for n in answer.notes)] if notes else [text])


@dataclass
class Conversation:
    """One person's terminal conversation: what the last answer showed, what awaits a yes."""

    deps: Deps
    assistant: Assistant
    user: str = "owner"
    role: str = "owner"
    shown: list[int] = field(default_factory=list)  # proposals in the last answer
    question: tuple[int, str] | None = None  # (id, "Approve #id: ...? yes/no") asked last

    def say(self, line: str) -> list[str]:
        """Everything printed in answer to one line."""
        asked, self.question = self.question, None
        said = read(line)
        again = said is not None and asked is not None and said.proposal_id in (None, asked[0])
        if asked is not None and said is not None and again and not said.quantities:
            pid, question = asked
            if said.verb == "reject":
                return [CANCELLED.format(id=pid)]
            if said.verb == "approve":
                out = approvals.confirm(self.deps, pid, question, actor=self.user, role=self.role)
                return self._after(out)
        if said is None:
            return self._ask(line)
        meant = said.proposal_id
        if meant is None:
            if len(self.shown) != 1:
                return [self._which()]
            meant = self.shown[0]
        out = approvals.act(self.deps, said, meant, actor=self.user, role=self.role)
        return self._after(out)

    def _after(self, out: approvals.Outcome) -> list[str]:
        self.shown = [out.view.id] if out.view is not None else []
        if out.confirm and out.view is not None:
            self.question = (out.view.id, out.text.splitlines()[-1])
        if out.decision is not None and out.ok:
            return [out.text + decision_text(out.decision, self.deps.settings.currency)]
        return [out.text]

    def _which(self) -> str:
        if self.shown:
            ids = ", ".join(f"#{n}" for n in self.shown)
            return (
                f"Which proposal? My last answer showed {ids}; say e.g. “approve {self.shown[0]}”."
            )
        return (
            "Which proposal? My last answer showed none; say e.g. “approve 3” "
            "(“what is waiting for approval?” lists them)."
        )

    def _ask(self, line: str) -> list[str]:
        answer = self.assistant.ask(line, user=self.user, thread=f"cli:{self.user}")
        self.shown = [p.id for p in answer.proposals if p.status == "pending"]
        return [terminal_text(answer, notes=True)]


def run_chat(
    deps: Deps,
    user: str = "owner",
    new: bool = False,
    read_line: Callable[[str], str] = input,
) -> int:
    """Read questions until EOF or `quit`; readline gives history and editing where present."""
    with contextlib.suppress(ImportError):  # not on Windows
        import readline  # noqa: F401 - enables line editing and history for input()
    assistant = make_assistant(deps)
    if callable(warm_up := getattr(assistant, "warm_up", None)):
        warm_up()  # while the banner shows and the person types the first question
    if new:
        assistant.reset(f"cli:{user}")
    talk = Conversation(deps, assistant, user)
    print(
        f"shopkeeper - {deps.settings.shop_name}. Ask about sales, stock, forecasts and "
        "orders; 'help' for examples, 'quit' to leave."
    )
    try:
        _converse(talk, read_line)
    finally:
        assistant.close()
    return 0


def _converse(talk: Conversation, read_line: Callable[[str], str]) -> None:
    while True:
        try:
            line = read_line("\nyou> ").strip()
        except EOFError:
            print()
            return
        if not line:
            continue
        if line.lower() in {"quit", "exit", "bye", "q"}:
            return
        for part in talk.say(line):
            print(part)

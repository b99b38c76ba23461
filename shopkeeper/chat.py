"""The terminal conversation: questions go to the assistant; `approve N` / `reject N` decide."""

from __future__ import annotations

import contextlib
import re

from shopkeeper.app.workflows import Decision, decide
from shopkeeper.assistant.answer import Answer, Assistant
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.assistant.render import proposal_line
from shopkeeper.core.deps import Deps

DECIDE = re.compile(r"^\s*(approve|reject|yes|no)\s*#?(\d+)?\s*(.*)$", re.IGNORECASE)


def decision_text(done: Decision, currency: str) -> str:
    """A decision as the terminal says it (and where the order document is)."""
    if done.refused is not None or done.view is None:
        return done.refused or "Nothing was decided."
    text = proposal_line(done.view, currency)
    if done.document is not None:
        text += (
            f"\nOrder document: {done.document}. It is counted as on order now; send it to the "
            "supplier."
        )
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


def run_chat(deps: Deps, user: str = "owner", new: bool = False) -> int:
    """Read questions until EOF or `quit`; readline gives history and editing where present."""
    with contextlib.suppress(ImportError):  # not on Windows
        import readline  # noqa: F401 - enables line editing and history for input()
    assistant = make_assistant(deps)
    if callable(warm_up := getattr(assistant, "warm_up", None)):
        warm_up()  # while the banner shows and the person types the first question
    thread = f"cli:{user}"
    if new:
        assistant.reset(thread)
    print(
        f"shopkeeper - {deps.settings.shop_name}. Ask about sales, stock, forecasts and "
        "orders; 'help' for examples, 'quit' to leave."
    )
    try:
        _converse(deps, assistant, user, thread)
    finally:
        assistant.close()
    return 0


def _converse(deps: Deps, assistant: Assistant, user: str, thread: str) -> None:
    last_proposals: list[int] = []
    while True:
        try:
            line = input("\nyou> ").strip()
        except EOFError:
            print()
            return
        if not line:
            continue
        if line.lower() in {"quit", "exit", "bye", "q"}:
            return
        if m := DECIDE.match(line):
            verb = {"yes": "approve", "no": "reject"}.get(m.group(1).lower(), m.group(1).lower())
            if m.group(2):
                pid = int(m.group(2))
            elif len(last_proposals) == 1:
                pid = last_proposals[0]
            else:
                print("Which proposal? Say e.g. 'approve 3'.")
                continue
            done = decide(deps, pid, verb, user, "owner", note=m.group(3) or None)
            print(decision_text(done, deps.settings.currency))
            continue
        answer = assistant.ask(line, user=user, thread=thread)
        print(terminal_text(answer, notes=True))
        if answer.proposals:
            last_proposals = [p.id for p in answer.proposals]

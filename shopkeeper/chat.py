"""The terminal conversation: questions go to the assistant; `approve N` / `reject N` decide."""

from __future__ import annotations

import contextlib
import re

from shopkeeper.app.workflows import decide_text
from shopkeeper.assistant.answer import Answer
from shopkeeper.assistant.factory import make_assistant
from shopkeeper.core.deps import Deps

DECIDE = re.compile(r"^\s*(approve|reject|yes|no)\s*#?(\d+)?\s*(.*)$", re.IGNORECASE)


def terminal_text(answer: Answer) -> str:
    """The answer as the terminal shows it: with how to approve what it proposed here."""
    if not answer.proposals:
        return answer.text
    first = answer.proposals[0]
    effect = "nothing is ordered" if first.kind == "purchase_order" else "nothing changes"
    return (
        f"{answer.text}\n\nTo approve: `shopkeeper approve {first.id} --as YOUR_NAME` "
        f"(or `approve N` in the chat); {effect} until then."
    )


def run_chat(deps: Deps, user: str = "owner", new: bool = False) -> int:
    """Read questions until EOF or `quit`; readline gives history and editing where present."""
    with contextlib.suppress(ImportError):  # not on Windows
        import readline  # noqa: F401 - enables line editing and history for input()
    assistant = make_assistant(deps)
    thread = f"cli:{user}"
    if new:
        assistant.reset(thread)
    last_proposals: list[int] = []
    print(
        f"shopkeeper - {deps.settings.shop_name}. Ask about sales, stock, forecasts and "
        "orders; 'help' for examples, 'quit' to leave."
    )
    while True:
        try:
            line = input("\nyou> ").strip()
        except EOFError:
            print()
            return 0
        if not line:
            continue
        if line.lower() in {"quit", "exit", "bye", "q"}:
            return 0
        if m := DECIDE.match(line):
            verb = {"yes": "approve", "no": "reject"}.get(m.group(1).lower(), m.group(1).lower())
            if m.group(2):
                pid = int(m.group(2))
            elif len(last_proposals) == 1:
                pid = last_proposals[0]
            else:
                print("Which proposal? Say e.g. 'approve 3'.")
                continue
            _, text = decide_text(deps, pid, verb, user, "owner", note=m.group(3) or None)
            print(text)
            continue
        answer = assistant.ask(line, user=user, thread=thread)
        print(terminal_text(answer))
        for note in answer.notes:
            print(f"Note: {note}")
        if answer.proposals:
            last_proposals = [p.id for p in answer.proposals]

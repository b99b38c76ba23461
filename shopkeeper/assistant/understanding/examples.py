"""Example utterances per intent, kept as data: prompts/intents/<intent>.yaml.

A file holds `intent` (a tool name, or a reply the router gives itself: `help`, `proposals`,
`unsupported`), `offer` (what the assistant can do, in a few words, for clarifying
questions), `try` (a question to suggest) and `examples` (40 or more ways people ask).
Adding a tool means adding its file; the classifier reads every file in the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml's loader where built (about 10x faster: the examples load at every start).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

INTENTS_DIR = Path(__file__).resolve().parents[3] / "prompts" / "intents"


@dataclass(frozen=True)
class Intent:
    """One intent's examples and how to offer it to a person."""

    name: str
    offer: str
    suggestion: str
    examples: tuple[str, ...]
    # Words a question must contain for this reading (a regex; "" = none): the weekly brief
    # is about a week, so "how did the bakery do yesterday" cannot be one.
    requires: str = ""
    # Words that rule this reading out (a regex; "" = none): a question about bias in the
    # campaigns is the fairness audit's, not the campaign report's.
    excludes: str = ""


def read_intent(path: Path) -> Intent:
    """One examples file; the file name is the intent unless `intent` says otherwise."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    if isinstance(data, list):  # a plain list of questions: the examples alone
        data = {"examples": data}
    examples = tuple(str(e).strip() for e in data.get("examples", []) if str(e).strip())
    name = str(data.get("intent") or path.stem)
    return Intent(
        name=name,
        offer=str(data.get("offer") or name.replace("_", " ")),
        suggestion=str(data.get("try") or (examples[0] if examples else name)),
        examples=examples,
        requires=str(data.get("requires") or ""),
        excludes=str(data.get("excludes") or ""),
    )


def load_intents(tools: dict[str, tuple[str, ...]], folder: Path = INTENTS_DIR) -> list[Intent]:
    """One intent per tool (its registry examples; `offer`/`try` from its file when there)
    plus the replies the router gives itself (help, unsupported), sorted by name."""
    found = []
    for name, examples in sorted(tools.items()):
        path = folder / f"{name}.yaml"
        meta = read_intent(path) if path.is_file() else Intent(name, name, name, ())
        found.append(
            Intent(name, meta.offer, meta.suggestion, tuple(examples), meta.requires, meta.excludes)
        )
    found += [read_intent(folder / f"{name}.yaml") for name in sorted(REPLIES)]
    return [i for i in found if i.examples]


REPLIES = ("help", "unsupported")

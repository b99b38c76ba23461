"""The parts of understanding that live as long as the process: the classifier over the
available tools' examples, the asking words, the shop's languages.

Built on first use and kept; the example vectors come from the disk cache when the examples
have not changed (keyed by their hash), so a new process pays about 0.2 s, not 5 s.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from shopkeeper.assistant.understanding.classifier import IntentClassifier
from shopkeeper.assistant.understanding.examples import Intent, load_intents
from shopkeeper.assistant.understanding.subjects import singular, subject_index, tokens
from shopkeeper.assistant.understanding.vectors import default_encoder
from tools import registry
from tools.context import ToolContext

LANGUAGES = {"DE": "de", "AT": "de", "CH": "de", "ES": "es", "MX": "es", "RU": "ru"}
STOP = """a an the of for to in on at by from with and or but is are was were be been am do
does did have has had i we you me my our us your it its this that these those what which who
how much many any some all every each more most less least very just please can could would
should will shall may might must need tell show give get got let know see look about over
since between into out up down there here then than so too also if stock inventory order
orders sell sales sold day days week weeks month months year years today tomorrow yesterday
next last this coming previous past current forecast demand price prices customer customers
product products item items supplier suppliers category categories shop store black friday
cyber monday tuesday wednesday thursday saturday sunday christmas xmas easter weekend new
top best worst reliable trending well doing going whole entire overall everything before
after later earlier week's month's year's quarter zero till season festive plan first""".split()


@dataclass(frozen=True)
class Understanding:
    """The classifier and word lists for one catalogue and one set of tools."""

    classifier: IntentClassifier
    intents: dict[str, Intent]
    tools: dict[str, Callable[..., Any]]
    asking: frozenset[str]
    languages: tuple[str, ...]
    today: date


_LOCK = threading.Lock()
_CLASSIFIERS: dict[str, IntentClassifier] = {}
_BUILT: dict[str, tuple[object, Understanding]] = {}


def available_tools() -> dict[str, Callable[..., Any]]:
    """Tool name -> function, from the registry (a tool that registers appears here)."""
    return {name: tool.func for name, tool in registry.TOOLS.items()}


def classifier_for(intents: list[Intent], cache: Path) -> IntentClassifier:
    """One classifier per set of examples in the process (shops and tests share it)."""
    key = "|".join(f"{i.name}:{hash(i.examples)}" for i in intents)
    if key not in _CLASSIFIERS:
        _CLASSIFIERS[key] = IntentClassifier(intents, default_encoder(), cache)
    return _CLASSIFIERS[key]


def understanding(ctx: ToolContext) -> Understanding:
    """The understanding for this context's catalogue and tools (built once per catalogue)."""
    with _LOCK:  # the terminal warms up in a thread while the person types
        return _understanding(ctx)


def _understanding(ctx: ToolContext) -> Understanding:
    index = subject_index(ctx)
    tools = available_tools()
    key = f"{sorted(tools)}:{ctx.settings.country}"
    found = _BUILT.get(key)
    if found is None or found[0] is not index:
        intents = load_intents({n: t.examples for n, t in registry.TOOLS.items()})
        classifier = classifier_for(intents, Path(ctx.settings.data_dir) / "cache")
        lang = LANGUAGES.get(ctx.settings.country.upper(), "en")
        u = Understanding(
            classifier,
            {i.name: i for i in intents},
            tools,
            asking_words(intents, index.words),
            (lang, "en"),
            ctx.today,
        )
        _BUILT[key] = (index, u)
        return u
    u = found[1]
    if u.today != ctx.today:  # the same process on another day (tests with several clocks)
        u = replace(u, today=ctx.today)
    return u


def asking_words(intents: list[Intent], naming: tuple[str, ...]) -> frozenset[str]:
    """Words that ask rather than name: the stop list and the examples' words, minus the
    catalogue's own words (so "milk" in "how much oat milk do we have" still names)."""
    example_words = {singular(w) for i in intents for e in i.examples for w in tokens(e)}
    return frozenset(example_words - set(naming)) | frozenset(singular(w) for w in STOP)


def strip_cue(text: str) -> str:
    """The question without a leading "and", "what about", "und", "y", "а"."""
    return re.sub(FOLLOW_CUE, "", text.strip(), flags=re.IGNORECASE)


FOLLOW_CUE = (
    r"^(and|what about|how about|same for|now|also|only|just|und|was ist mit|y|¿y|qué tal|"
    r"а|и|а как насчёт)\b[\s,]*"
)

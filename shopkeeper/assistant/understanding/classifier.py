"""Which tool a question asks for, by meaning: nearest example utterances per intent.

Each intent scores the mean similarity of its five closest examples to the question; a few
precise rules (intents.py) add a small amount. Confidence is a softmax over the intents'
scores with a temperature fitted on the development set, so "0.6" means "right about six
times in ten" there; below `ASK_BELOW` the router asks back instead of answering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shopkeeper.assistant.intents import score_intents
from shopkeeper.assistant.understanding.examples import Intent
from shopkeeper.assistant.understanding.vectors import Encoder, cached_vectors

TOP_K = 5
RULE_WEIGHT = 0.015  # per point of rule score (a strong keyword scores 3)
TEMPERATURE = 0.008  # fitted by log-likelihood on bench/understanding/dev.tsv
ASK_BELOW = 0.7


@dataclass(frozen=True)
class Reading:
    """One way to read the question: an intent and its probability."""

    intent: str
    p: float
    similarity: float  # of the closest example


@dataclass(frozen=True)
class Verdict:
    """The readings of a question, most likely first."""

    readings: tuple[Reading, ...]

    @property
    def best(self) -> Reading:
        return self.readings[0]

    @property
    def confident(self) -> bool:
        return self.best.p >= ASK_BELOW


class IntentClassifier:
    """Nearest-examples classifier over a fixed set of intents."""

    def __init__(self, intents: list[Intent], encoder: Encoder, cache: Path | None) -> None:
        self.intents = {i.name: i for i in intents}
        self.encoder = encoder
        texts = [e for i in intents for e in i.examples]
        self._labels = np.array([i.name for i in intents for _ in i.examples])
        self._names = [i.name for i in intents]
        self._requires = {i.name: re.compile(i.requires, re.I) for i in intents if i.requires}
        self._excludes = {i.name: re.compile(i.excludes, re.I) for i in intents if i.excludes}
        self._vectors = cached_vectors(encoder, texts, cache, "intents")

    def classify(self, text: str) -> Verdict:
        """Readings of `text`, most likely first (every intent, probabilities summing to 1)."""
        q = self.encoder.encode([text])[0]
        sims = self._vectors @ q
        rules = score_intents(text)
        # A rule of a tool that is not registered (yet) speaks for "unsupported".
        missing = sum(v for k, v in rules.items() if k not in self.intents)
        rules["unsupported"] = rules.get("unsupported", 0.0) + 3 * missing
        scores, nearest = [], []
        for name in self._names:
            own = np.sort(sims[self._labels == name])[::-1]
            score = float(own[:TOP_K].mean()) + RULE_WEIGHT * rules.get(name, 0.0)
            need, veto = self._requires.get(name), self._excludes.get(name)
            ruled_out = (need is not None and not need.search(text)) or (
                veto is not None and veto.search(text) is not None
            )
            scores.append(-np.inf if ruled_out else score)
            nearest.append(float(own[0]) if len(own) else 0.0)
        s = np.array(scores)
        p = np.exp((s - s.max()) / TEMPERATURE)
        p /= p.sum()
        order = np.argsort(-p)
        return Verdict(
            tuple(Reading(self._names[i], float(p[i]), nearest[i]) for i in order),
        )

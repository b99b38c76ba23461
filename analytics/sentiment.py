"""Sentiment of customer messages from their text embeddings (pure: vectors in, labels out).

The method was chosen by measurement (docs/feedback.md, `bench/bench_sentiment.py`): two
read-outs of a multilingual-e5-small vector, each scaled by its spread on English reviews and
averaged with equal weight:

- a ridge regression fitted to human sentiment ratings of English texts (-4..+4, the VADER
  ground truth, MIT licence): the best single method on English;
- the "anchors": how much nearer the message lies to hand-written positive than to negative
  example sentences in English, German and Spanish: the best single method on German, French
  and Spanish, where the English-trained ridge carries over less well.

The embedding call itself sits at the edge (import/tool); this module only sees the vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

LABELS = ("negative", "neutral", "positive")
NEUTRAL_BAND = 0.5  # |rating| below this is neutral, on the -4..+4 human scale
ANCHOR_BAND = 0.01  # |cosine difference| below this is neutral for the anchors


def _floats(values: object) -> tuple[float, ...]:
    assert isinstance(values, list)
    return tuple(float(v) for v in values)


@dataclass(frozen=True)
class SentimentModel:
    """Ridge weights (rating scale), anchor centroids, and each part's English spread."""

    weights: tuple[float, ...]
    bias: float
    positive: tuple[float, ...]  # mean e5 vector of the positive example sentences
    negative: tuple[float, ...]
    rating_spread: float  # standard deviation of the ridge's rating on English texts
    anchor_spread: float  # the same for the anchors' cosine difference
    anchor_weight: float  # 0 = ridge only, 1 = anchors only
    trained_on: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form (the shipped model file)."""
        return {
            "weights": [round(w, 7) for w in self.weights],
            "bias": round(self.bias, 7),
            "positive": [round(w, 7) for w in self.positive],
            "negative": [round(w, 7) for w in self.negative],
            "rating_spread": round(self.rating_spread, 7),
            "anchor_spread": round(self.anchor_spread, 7),
            "anchor_weight": self.anchor_weight,
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> SentimentModel:
        """The inverse of `as_dict`."""
        return cls(
            weights=_floats(raw["weights"]),
            bias=float(str(raw["bias"])),
            positive=_floats(raw["positive"]),
            negative=_floats(raw["negative"]),
            rating_spread=float(str(raw["rating_spread"])),
            anchor_spread=float(str(raw["anchor_spread"])),
            anchor_weight=float(str(raw["anchor_weight"])),
            trained_on=str(raw["trained_on"]),
        )


@dataclass(frozen=True)
class SentimentScores:
    """One label and score per message; score in [-1, 1] (tanh of the blended score)."""

    labels: tuple[str, ...]
    scores: tuple[float, ...]
    method: str


def predicted_rating(model: SentimentModel, embeddings: FloatArray) -> FloatArray:
    """The ridge part: a rating on the -4..+4 scale for each embedding row."""
    x = np.atleast_2d(np.asarray(embeddings, dtype=np.float64))
    return np.asarray(x @ np.asarray(model.weights) + model.bias, dtype=np.float64)


def anchor_difference(model: SentimentModel, embeddings: FloatArray) -> FloatArray:
    """The anchor part: cosine to the positive minus cosine to the negative examples."""
    x = np.atleast_2d(np.asarray(embeddings, dtype=np.float64))
    return np.asarray(x @ np.asarray(model.positive) - x @ np.asarray(model.negative))


def blended(model: SentimentModel, embeddings: FloatArray) -> tuple[FloatArray, float]:
    """The blended score (in English spreads) and its neutral band."""
    w = model.anchor_weight
    score = (1 - w) * predicted_rating(model, embeddings) / model.rating_spread + (
        w * anchor_difference(model, embeddings) / model.anchor_spread
    )
    band = (1 - w) * NEUTRAL_BAND / model.rating_spread + w * ANCHOR_BAND / model.anchor_spread
    return score, band


def label_ratings(ratings: FloatArray, neutral_band: float = NEUTRAL_BAND) -> tuple[str, ...]:
    """negative / neutral / positive for scores with the given neutral band."""
    r = np.asarray(ratings, dtype=np.float64)
    idx = np.where(r <= -neutral_band, 0, np.where(r >= neutral_band, 2, 1))
    return tuple(LABELS[int(i)] for i in idx)


def classify(model: SentimentModel, embeddings: FloatArray) -> SentimentScores:
    """Labels and scores for each message embedding.

    Args:
        model: a `SentimentModel` (the shipped one is loaded at the edge).
        embeddings: one e5 "passage" vector per message (n x d).

    Returns:
        `SentimentScores` with one label and one score in [-1, 1] per row.
    """
    score, band = blended(model, embeddings)
    return SentimentScores(
        labels=label_ratings(score, band),
        scores=tuple(round(float(s), 3) for s in np.tanh(score)),
        method="e5 vectors: ridge on " + model.trained_on + ", averaged with example anchors",
    )

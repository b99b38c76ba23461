"""Sentiment of customer messages from their text embeddings (pure: vectors in, labels out).

The method was chosen by measurement (docs/feedback.md, `bench/bench_sentiment.py`): a ridge
regression on multilingual-e5-small embeddings, fitted to human sentiment ratings of English
review snippets (-4..+4, the VADER ground truth, MIT licence), beat the VADER lexicon on
English and carries over to German and Spanish because e5 places the same meaning in one
space whatever the language. The embedding call itself sits at the edge (import/tool); this
module only sees the vectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

LABELS = ("negative", "neutral", "positive")
RATING_SCALE = 4.0  # the human ratings run from -4 (extremely negative) to +4
NEUTRAL_BAND = 0.5  # |predicted rating| below this is read as neutral (same cut as the labels)


@dataclass(frozen=True)
class SentimentModel:
    """A linear read-out of sentiment from an embedding, on the -4..+4 rating scale."""

    weights: tuple[float, ...]
    bias: float
    neutral_band: float
    trained_on: str  # what the fit saw, for the explanation ("3,708 ... snippets")

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form (the shipped model file)."""
        return {
            "weights": [round(w, 7) for w in self.weights],
            "bias": round(self.bias, 7),
            "neutral_band": self.neutral_band,
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> SentimentModel:
        """The inverse of `as_dict`."""
        weights = raw["weights"]
        assert isinstance(weights, list)
        return cls(
            weights=tuple(float(w) for w in weights),
            bias=float(str(raw["bias"])),
            neutral_band=float(str(raw["neutral_band"])),
            trained_on=str(raw["trained_on"]),
        )


@dataclass(frozen=True)
class SentimentScores:
    """One label and score per message; score in [-1, 1] (rating / 4, clipped)."""

    labels: tuple[str, ...]
    scores: tuple[float, ...]
    method: str


def predicted_rating(model: SentimentModel, embeddings: FloatArray) -> FloatArray:
    """The model's rating (-4..+4 scale, unclipped) for each embedding row."""
    x = np.atleast_2d(np.asarray(embeddings, dtype=np.float64))
    return np.asarray(x @ np.asarray(model.weights) + model.bias, dtype=np.float64)


def label_ratings(ratings: FloatArray, neutral_band: float = NEUTRAL_BAND) -> tuple[str, ...]:
    """negative / neutral / positive for ratings on the -4..+4 scale."""
    r = np.asarray(ratings, dtype=np.float64)
    idx = np.where(r <= -neutral_band, 0, np.where(r >= neutral_band, 2, 1))
    return tuple(LABELS[int(i)] for i in idx)


def classify(model: SentimentModel, embeddings: FloatArray) -> SentimentScores:
    """Labels and scores for each message embedding.

    Args:
        model: a fitted `SentimentModel` (the shipped one is loaded at the edge).
        embeddings: one e5 "passage" vector per message (n x d).

    Returns:
        `SentimentScores` with one label and one score in [-1, 1] per row.
    """
    rating = predicted_rating(model, embeddings)
    scores = np.clip(rating / RATING_SCALE, -1.0, 1.0)
    return SentimentScores(
        labels=label_ratings(rating, model.neutral_band),
        scores=tuple(round(float(s), 3) for s in scores),
        method="e5 ridge read-out trained on " + (model.trained_on or "rated texts"),
    )

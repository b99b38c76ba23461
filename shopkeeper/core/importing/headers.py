"""Reading a header: which column is which for a kind, and telling a file's kind."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from shopkeeper.core.importing.columns import COLUMNS


def header_key(header: str) -> str:
    """Compare headers without case, accents, spacing, punctuation, currency or "(unit)"."""
    text = unicodedata.normalize("NFKD", str(header).casefold())
    text = text.encode("ascii", "ignore").decode()
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class HeaderMatch:
    """How one kind reads a header: canonical column -> position in the file."""

    kind: str
    positions: dict[str, int] = field(default_factory=dict)
    strong: frozenset[str] = frozenset()  # columns found by a name that tells the kind apart
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    def score(self) -> tuple[int, int, int]:
        """Needed columns found by telling names, then all telling names, then all columns."""
        needed = sum(1 for c in COLUMNS[self.kind] if c.required and c.name in self.strong)
        return (needed, len(self.strong), len(self.positions))


def match_headers(kind: str, headers: list[str]) -> HeaderMatch:
    """Find each of `kind`'s columns among `headers` (first the best name, then the rest)."""
    keys = [header_key(h) for h in headers]
    used: set[int] = set()
    positions: dict[str, int] = {}
    strong: set[str] = set()
    for column in COLUMNS[kind]:
        for names, telling in ((column.names, True), (column.weak, False)):
            pos = _first(keys, names, used)
            if pos is not None:
                positions[column.name] = pos
                used.add(pos)
                if telling:
                    strong.add(column.name)
                break
    missing = tuple(c.name for c in COLUMNS[kind] if c.required and c.name not in positions)
    return HeaderMatch(kind, positions, frozenset(strong), missing)


def _first(keys: list[str], names: tuple[str, ...], used: set[int]) -> int | None:
    for name in names:
        wanted = header_key(name)
        if not wanted:
            continue
        for pos, key in enumerate(keys):
            if key == wanted and pos not in used:
                return pos
    return None


def detect_kind(headers: list[str]) -> tuple[str | None, list[str]]:
    """Tell a file's kind from its header.

    Returns:
        (kind, []) when one kind fits best; (None, candidates) when several fit equally
        well; (None, []) when none fits.
    """
    matches = [match_headers(kind, headers) for kind in COLUMNS]
    fits = sorted((m for m in matches if m.complete and m.strong), key=lambda m: m.score())
    if not fits:
        return None, []
    best = fits[-1].score()
    tied = [m.kind for m in fits if m.score() == best]
    return (tied[0], []) if len(tied) == 1 else (None, tied)

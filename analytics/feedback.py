"""What customers say: products mentioned, themes found from the messages themselves, and
the share of negative/positive messages over time (pure: texts and vectors in).

Themes: k-means on the e5 vectors (k chosen by silhouette), each cluster named by the words
most distinctive of it (class-based TF-IDF: frequent in the cluster, rare elsewhere).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.cluster.vq import kmeans2

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
SIZE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:ml|l|g|kg|cl|pack|pcs)\b", re.IGNORECASE)
# Words that say nothing about a theme in the shop's languages (a short list on purpose:
# distinctiveness does the rest).
STOPWORDS = frozenset(
    """the and but for was were are this that with you your our have has had not very too
    just they them there their from what when which would could really also again all any
    der die das und ist war sind nicht ein eine einen mit sehr auch aber für wie noch den dem
    des bei wir ihr sie hat habe los las los una uno que con muy por para pero del fue son
    está esta este más como sus""".split()
)


@dataclass(frozen=True)
class Theme:
    """One cluster of messages: its name, size and the rows that belong to it."""

    name: str
    words: tuple[str, ...]
    rows: tuple[int, ...]
    central: tuple[int, ...]  # the rows nearest the centre, best first (for quotes)


@dataclass(frozen=True)
class Themes:
    """The themes of a set of messages and how they were found."""

    themes: tuple[Theme, ...]
    labels: tuple[int, ...]  # theme index per message
    k: int
    silhouette: float
    method: str


def stem(word: str) -> str:
    w = word.casefold()
    for end in ("es", "s", "n"):
        if len(w) > 4 and w.endswith(end):
            return w[: -len(end)]
    return w


def _phrase(name: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in WORD.findall(SIZE.sub(" ", name)))


def mentioned_products(texts: list[str], names: dict[str, str]) -> list[list[str]]:
    """The catalogue products each text names (longest name first, plurals allowed).

    "the almond croissants were stale" names Almond Croissant, not also Croissant; sizes
    ("1L", "250g") in catalogue names are not needed in the text.

    Args:
        texts: the messages.
        names: sku -> product name.

    Returns:
        One list of SKUs per text, in order of appearance.
    """
    phrases = sorted(
        ((p, sku) for sku, n in names.items() if (p := _phrase(n))),
        key=lambda x: -len(x[0]),
    )
    out: list[list[str]] = []
    for text in texts:
        words = [stem(w) for w in WORD.findall(text)]
        found: list[tuple[int, str]] = []
        used = [False] * len(words)
        for phrase, sku in phrases:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if not any(used[i : i + n]) and tuple(words[i : i + n]) == phrase:
                    found.append((i, sku))
                    used[i : i + n] = [True] * n
                    break
        out.append(list(dict.fromkeys(sku for _, sku in sorted(found))))
    return out


def _silhouette(x: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """Mean silhouette with cosine distance (vectors are unit length)."""
    dist = 1.0 - x @ x.T
    ks = np.unique(labels)
    if len(ks) < 2:
        return -1.0
    mean_to = np.stack([dist[:, labels == k].mean(axis=1) for k in ks], axis=1)
    own = np.searchsorted(ks, labels)
    sizes = np.array([(labels == k).sum() for k in ks])
    a = mean_to[np.arange(len(x)), own] * sizes[own] / np.maximum(sizes[own] - 1, 1)
    mean_to[np.arange(len(x)), own] = np.inf
    b = mean_to.min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    return float(np.where(sizes[own] > 1, s, 0.0).mean())


def _name(texts: list[str], labels: NDArray[np.int64], k: int, top: int) -> list[tuple[str, ...]]:
    """Per cluster, the `top` words with the highest class-based TF-IDF."""
    counts = [Counter() for _ in range(k)]  # type: list[Counter[str]]
    for text, lab in zip(texts, labels, strict=True):
        words = {w.casefold() for w in WORD.findall(text)} - STOPWORDS
        counts[int(lab)].update(words)
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    avg = sum(sum(c.values()) for c in counts) / max(k, 1)
    names = []
    for c in counts:
        size = max(sum(c.values()), 1)
        scored = {w: (n / size) * math.log(1 + avg / total[w]) for w, n in c.items() if n >= 2}
        names.append(tuple(sorted(scored, key=lambda w: (-scored[w], w))[:top]))
    return names


def find_themes(
    texts: list[str],
    vectors: NDArray[np.float64],
    *,
    k_range: tuple[int, int] = (2, 8),
    seed: int = 0,
    top_words: int = 3,
) -> Themes:
    """Cluster messages by meaning and name each cluster by its most distinctive words.

    Args:
        texts: the (pseudonymised) messages.
        vectors: one unit-length e5 vector per message.
        k_range: the numbers of themes tried (inclusive); the best silhouette wins.
        seed: for k-means' starting points (results are deterministic for a seed).
        top_words: words in each theme's name.

    Returns:
        `Themes`, largest first.
    """
    x = np.asarray(vectors, dtype=np.float64)
    n = len(texts)
    if n < 4:
        only = Theme("all messages", (), tuple(range(n)), tuple(range(n)))
        return Themes((only,), (0,) * n, 1, 0.0, "too few messages to group")
    best: tuple[float, int, NDArray[np.int64], NDArray[np.float64]] | None = None
    for k in range(k_range[0], min(k_range[1], n - 1) + 1):
        centres, labels = kmeans2(x, k, minit="++", seed=seed + k)
        score = _silhouette(x, labels)
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels, centres)
    assert best is not None
    score, k, labels, centres = best
    words = _name(texts, labels, k, top_words)
    themes = []
    for c in range(k):
        rows = np.flatnonzero(labels == c)
        if not len(rows):
            continue
        near = rows[np.argsort(-(x[rows] @ centres[c]))]
        name = ", ".join(words[c]) or "other"
        themes.append(Theme(name, words[c], tuple(rows.tolist()), tuple(near[:3].tolist())))
    themes.sort(key=lambda t: -len(t.rows))
    method = f"k-means on e5 vectors, k={k} (best silhouette {score:.2f} of k={k_range[0]}..)"
    return Themes(tuple(themes), tuple(int(v) for v in labels), k, score, method)


def sentiment_by_week(frame: pd.DataFrame) -> pd.DataFrame:
    """Weekly counts and shares of negative and positive messages.

    Args:
        frame: columns `received_at` (datetime) and `sentiment` (negative/neutral/positive).

    Returns:
        Columns week (Monday), messages, negative_share, positive_share.
    """
    week = frame["received_at"].dt.to_period("W-SUN").dt.start_time
    g = frame.assign(week=week).groupby("week")["sentiment"]
    out = pd.DataFrame(
        {
            "messages": g.size(),
            "negative_share": g.apply(lambda s: float((s == "negative").mean())),
            "positive_share": g.apply(lambda s: float((s == "positive").mean())),
        }
    )
    return out.reset_index()

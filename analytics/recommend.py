"""Next-best products for a customer, from what similar customers bought; upsell options.

Similar customers: cosine similarity of what they bought (each product weighted by how rare
it is, so "everyone buys milk" says little), the `k` most similar kept. A product scores the
summed similarity of the neighbours who bought it; what the customer already bought is left
out. Customers without any similar customer get the shop's most popular products instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

RECOMMENDATION_COLUMNS = [
    "customer_id",
    "item",
    "rank",
    "score",
    "neighbours_bought",
    "neighbours",
    "method",
]


@dataclass(frozen=True)
class Recommendations:
    """Top items per customer (columns `RECOMMENDATION_COLUMNS`; method is "similar
    customers" or "popular")."""

    items: pd.DataFrame
    k_neighbours: int


@dataclass(frozen=True)
class _Model:
    bought: sparse.csr_matrix  # customers x items, 1 = bought
    normed: sparse.csr_matrix  # rare-item weighted, rows of unit length
    ok_item: np.ndarray  # items that may be recommended
    tiebreak: np.ndarray  # small popularity term so equal scores favour popular items


def purchase_matrix(lines: pd.DataFrame) -> tuple[sparse.csr_matrix, pd.Index, pd.Index]:
    """Binary customers x items matrix from lines (customer_id, item), with both indexes."""
    pairs = lines[["customer_id", "item"]].drop_duplicates()
    customers = pd.Index(sorted(pairs["customer_id"].unique()))
    items = pd.Index(sorted(pairs["item"].unique()))
    mat = sparse.csr_matrix(
        (
            np.ones(len(pairs), dtype=np.float32),
            (customers.get_indexer(pairs["customer_id"]), items.get_indexer(pairs["item"])),
        ),
        shape=(len(customers), len(items)),
    )
    return mat, customers, items


def recommend(
    lines: pd.DataFrame,
    customers: list[str] | None = None,
    *,
    k: int = 200,
    top_n: int = 5,
    allowed: set[str] | None = None,
    batch: int = 500,
) -> Recommendations:
    """The `top_n` items each customer has not bought that similar customers bought.

    Args:
        lines: customer_id, item (purchase history).
        customers: whom to recommend for (default everyone in `lines`); ids without any
            history get the popular items.
        k: neighbours per customer (200: on Ta Feng, 50 did worse than the most-popular
            baseline and 200-1000 about 18 % better; see docs/customers-and-pricing.md).
        allowed: items that may be recommended (e.g. active products); None = any.
        batch: customers per block (bounds memory to batch x customers floats).
    """
    mat, ids, items = purchase_matrix(lines)
    df = np.asarray(mat.sum(axis=0)).ravel()
    idf = np.log((len(ids) + 1) / (df + 1)) + 1.0
    weighted = sparse.csr_matrix(mat.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    normed = sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-12)) @ weighted)
    ok = np.ones(len(items), dtype=bool) if allowed is None else items.isin(list(allowed))
    model = _Model(mat, normed, np.asarray(ok), 1e-6 * df / max(float(df.max()), 1.0))
    wanted = list(ids) if customers is None else list(customers)
    rows = ids.get_indexer(wanted)
    frames = [
        _block(model, rows[s : s + batch], wanted[s : s + batch], k, top_n)
        for s in range(0, len(wanted), batch)
    ]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["col"])
    out["item"] = items[out.pop("col").to_numpy(dtype=int)]
    return Recommendations(out.reindex(columns=RECOMMENDATION_COLUMNS), k)


def _block(model: _Model, rows: np.ndarray, who: list[str], k: int, top_n: int) -> pd.DataFrame:
    known = rows >= 0
    n_cust, n_items = model.bought.shape
    sims = np.zeros((len(rows), n_cust), dtype=np.float32)
    if known.any():
        sims[known] = (model.normed[rows[known]] @ model.normed.T).toarray()
        sims[np.flatnonzero(known), rows[known]] = 0.0  # not one's own neighbour
    kk = min(k, max(n_cust - 1, 1))
    top = (
        np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        if n_cust > 1
        else np.zeros((len(rows), 0), int)
    )
    keep = np.zeros_like(sims)
    np.put_along_axis(keep, top, np.take_along_axis(sims, top, axis=1), axis=1)
    weights = sparse.csr_matrix(keep)
    scores = np.asarray((weights @ model.bought).todense())
    counts = np.asarray(((weights > 0).astype(np.float32) @ model.bought).todense())
    n_neigh = np.asarray((weights > 0).sum(axis=1)).ravel()
    similar = scores.sum(axis=1) > 0
    # Popular items for customers without similar customers; a tiny popularity term
    # breaks ties among the others.
    scores = np.where(similar[:, None], scores, 0.0) + model.tiebreak[None, :]
    owned = np.zeros((len(rows), n_items), dtype=bool)
    if known.any():
        owned[known] = model.bought[rows[known]].toarray() > 0
    scores[owned | ~model.ok_item[None, :]] = -np.inf
    n = min(top_n, n_items)
    best = np.argsort(-scores, axis=1, kind="stable")[:, :n]
    best_scores = np.take_along_axis(scores, best, axis=1)
    frame = pd.DataFrame(
        {
            "customer_id": np.repeat(np.asarray(who, dtype=object), n),
            "col": best.ravel(),
            "rank": np.tile(np.arange(1, n + 1), len(rows)),
            "score": best_scores.ravel(),
            "neighbours_bought": np.take_along_axis(counts, best, axis=1).ravel().astype(int),
            "neighbours": np.repeat(n_neigh, n).astype(int),
            "method": np.repeat(np.where(similar, "similar customers", "popular"), n),
        }
    )
    return frame[np.isfinite(frame["score"])]


def popular(lines: pd.DataFrame, customers: list[str], top_n: int = 5) -> pd.DataFrame:
    """Baseline: the most popular items (by buyers) each customer has not bought yet.

    Returns:
        customer_id, item, rank.
    """
    buyers = lines[["customer_id", "item"]].drop_duplicates()
    ranking = buyers["item"].value_counts().index.tolist()
    owned = buyers.groupby("customer_id")["item"].agg(set).to_dict()
    rows = []
    for cid in customers:
        have = owned.get(cid, set())
        picks = [i for i in ranking[: top_n + len(have)] if i not in have][:top_n]
        rows += [(cid, item, r) for r, item in enumerate(picks, 1)]
    return pd.DataFrame(rows, columns=["customer_id", "item", "rank"])


def _words(name: str) -> set[str]:
    # Sizes and counts ("250g", "1kg", "20") say nothing about what a product is.
    return {w for w in re.findall(r"[a-zà-ÿ]+", name.lower()) if len(w) > 2}


def upsell_options(
    products: pd.DataFrame, units: pd.Series, sku: str, max_price_ratio: float = 1.6, top: int = 3
) -> pd.DataFrame:
    """Higher-margin alternatives to `sku` in its category that customers do buy.

    Args:
        products: sku, name, category, price, unit_cost, active.
        units: units sold recently per sku (index sku); unsold products are not suggested.
        max_price_ratio: an alternative costs the customer at most this times the price.

    Returns:
        sku, name, price, unit_margin, margin_gain (per unit, over `sku`), units,
        shared_words — best first (similar names first, then the larger margin gain).
    """
    p = products.set_index("sku")
    if sku not in p.index:
        return pd.DataFrame(columns=["sku", "name", "price", "unit_margin", "margin_gain"])
    base = p.loc[sku]
    margin = p["price"] - p["unit_cost"]
    base_margin = float(base["price"] - base["unit_cost"])
    sold = units.reindex(p.index).fillna(0.0)
    ok = (
        (p["category"] == base["category"])
        & p["active"].astype(bool)
        & (p.index != sku)
        & (margin > base_margin)
        & (p["price"] <= max_price_ratio * float(base["price"]))
        & (sold > 0)
        & (p["unit_cost"] > 0)
    )
    cand = p[ok].assign(
        unit_margin=margin[ok], margin_gain=margin[ok] - base_margin, units=sold[ok]
    )
    words = _words(str(base["name"]))
    cand["shared_words"] = [len(words & _words(str(n))) for n in cand["name"]]
    cand = cand.sort_values(["shared_words", "margin_gain", "units"], ascending=False)
    cols = ["name", "price", "unit_margin", "margin_gain", "units", "shared_words"]
    return cand.head(top).reset_index()[["sku", *cols]]

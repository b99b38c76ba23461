"""Products bought together: association rules (support, confidence, lift) with mlxtend.

A basket is one receipt (or, in data without receipts, one customer's purchases on one day).
For a rule A -> B: support = share of all baskets holding both, confidence = share of the
baskets with A that also hold B, lift = confidence / share of baskets with B (above 1: bought
together more often than chance).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

RULE_COLUMNS = [
    "antecedent",
    "consequent",
    "support",
    "confidence",
    "lift",
    "lift_low",
    "n_together",
    "n_antecedent",
    "n_consequent",
]


@dataclass(frozen=True)
class BasketRules:
    """Pairwise rules A -> B (columns `RULE_COLUMNS`, strongest evidence first: by the lower
    bound of the lift), and the counts they came from."""

    rules: pd.DataFrame
    n_baskets: int
    n_items: int
    min_count: int
    min_support: float

    def for_item(self, item: str, top: int = 5) -> pd.DataFrame:
        """The best-supported rules with `item` as antecedent: ranked by the lower bound of
        their lift, only those clearly above chance (lift_low > 1)."""
        found = self.rules[(self.rules["antecedent"] == item) & (self.rules["lift_low"] > 1)]
        return found.sort_values(["lift_low", "lift"], ascending=False).head(top)


def basket_matrix(lines: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    """One row per basket, one boolean sparse column per item bought in >= `min_count`
    baskets.

    Args:
        lines: basket_id, item (one row per line; repeats are fine).
    """
    from scipy import sparse  # lazily: only cross-sell needs it

    pairs = lines[["basket_id", "item"]].drop_duplicates()
    counts = pairs["item"].value_counts()
    baskets = pd.Index(pairs["basket_id"].unique())
    kept = pairs[pairs["item"].isin(counts.index[counts >= min_count])]
    items = pd.Index(sorted(kept["item"].unique()))
    rows = baskets.get_indexer(kept["basket_id"])
    cols = items.get_indexer(kept["item"])
    data = np.ones(len(kept), dtype=bool)
    mat = sparse.csr_matrix((data, (rows, cols)), shape=(len(baskets), len(items)), dtype=bool)
    with warnings.catch_warnings():
        # pandas warns about the sparse fill value of a bool matrix; mlxtend needs bool.
        warnings.simplefilter("ignore", FutureWarning)
        return pd.DataFrame.sparse.from_spmatrix(mat, index=baskets, columns=items.astype(str))


def mine_rules(
    lines: pd.DataFrame,
    min_count: int = 5,
    min_support: float = 0.0,
    min_lift: float = 1.0,
) -> BasketRules:
    """Pairwise association rules among items that are in at least `min_count` baskets
    together.

    Args:
        lines: basket_id, item.
        min_count: a pair must share at least this many baskets (a rule from 2 baskets
            is chance, not a pattern).
        min_support: a further floor on support (share of all baskets).
        min_lift: keep rules at or above this lift.
    """
    from mlxtend.frequent_patterns import association_rules, fpgrowth  # lazily

    onehot = basket_matrix(lines, min_count=min_count)
    n = len(onehot)
    support_floor = max(min_support, min_count / max(n, 1))
    empty = pd.DataFrame(columns=RULE_COLUMNS)
    if n == 0 or onehot.shape[1] < 2:
        return BasketRules(empty, n, onehot.shape[1], min_count, support_floor)
    itemsets = fpgrowth(onehot, min_support=support_floor, use_colnames=True, max_len=2)
    if not (itemsets["itemsets"].map(len) == 2).any():
        return BasketRules(empty, n, onehot.shape[1], min_count, support_floor)
    raw = association_rules(
        itemsets,
        num_itemsets=n,
        metric="lift",
        min_threshold=min_lift,
        return_metrics=[
            "antecedent support",
            "consequent support",
            "support",
            "confidence",
            "lift",
        ],
    )
    rules = pd.DataFrame(
        {
            "antecedent": raw["antecedents"].map(lambda s: next(iter(s))),
            "consequent": raw["consequents"].map(lambda s: next(iter(s))),
            "support": raw["support"].astype(float),
            "confidence": raw["confidence"].astype(float),
            "lift": raw["lift"].astype(float),
            "n_together": np.rint(raw["support"] * n).astype(int),
            "n_antecedent": np.rint(raw["antecedent support"] * n).astype(int),
            "n_consequent": np.rint(raw["consequent support"] * n).astype(int),
        }
    )
    rules["lift_low"] = lift_lower_bound(
        rules["n_together"], rules["n_antecedent"], rules["n_consequent"], n
    )
    rules = rules.sort_values(["lift_low", "lift"], ascending=False, ignore_index=True)
    return BasketRules(rules, n, onehot.shape[1], min_count, support_floor)


def lift_lower_bound(
    together: pd.Series, n_a: pd.Series, n_b: pd.Series, n: int, level: float = 0.95
) -> pd.Series:
    """One-sided lower confidence bound of the lift, from a Poisson bound on the count of
    shared baskets: a pair seen in 8 baskets where 3.5 were expected by chance has lift 2.3
    but a lower bound near 1.1, while 80 against 35 keeps about 1.9. Ranking by it keeps
    rare coincidences from topping the list."""
    from scipy import stats  # lazily

    k = together.to_numpy(dtype=float)
    low = np.where(k > 0, stats.chi2.ppf(1 - level, 2 * k) / 2, 0.0)
    expected = n_a.to_numpy(dtype=float) * n_b.to_numpy(dtype=float) / max(n, 1)
    return pd.Series(low / np.maximum(expected, 1e-12), index=together.index).round(4)


def item_counts(lines: pd.DataFrame) -> pd.Series:
    """Baskets holding each item (index item), most frequent first."""
    pairs = lines[["basket_id", "item"]].drop_duplicates()
    return pairs["item"].value_counts()

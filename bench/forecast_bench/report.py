"""Result tables (plain text for the terminal, Markdown for the docs) and the trade-off plot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bench.forecast_bench.accuracy import GENERAL, INTERMITTENT, SHOPKEEPER

POLICY_STYLE = {
    "shopkeeper": ("tab:blue", "o"),
    "shopkeeper, every product at the target": ("tab:purple", "D"),
    "min/max (last year's average)": ("tab:orange", "s"),
    "cover N weeks": ("tab:green", "^"),
}


def markdown(frame: pd.DataFrame, digits: int = 3) -> str:
    """A GitHub Markdown table; floats rounded to ``digits``, big numbers with separators."""

    def cell(v: object) -> str:
        if isinstance(v, float | np.floating):
            x = float(v)
            if not np.isfinite(x):
                return "–"
            return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.{digits}f}"
        return str(v)

    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def overall(summary: pd.DataFrame) -> pd.DataFrame:
    """All series: one row per method, best single baseline marked."""
    table = summary[summary["class"] == "all"].drop(columns="class").reset_index(drop=True)
    baselines = table[table["method"] != SHOPKEEPER]
    best = baselines.loc[baselines["MASE"].idxmin(), "method"]
    table["method"] = [f"{m} (best baseline)" if m == best else m for m in table["method"]]
    return table


def by_class(summary: pd.DataFrame) -> pd.DataFrame:
    """Per demand class: shopkeeper against the best baseline of that class by MASE.

    Croston / SBA / TSB compete only in the intermittent and lumpy classes.
    """
    rows = []
    for label, g in summary[summary["class"] != "all"].groupby("class", sort=False):
        occasional = label in ("intermittent", "lumpy")
        pool = g[g["method"].isin(GENERAL + (INTERMITTENT if occasional else []))]
        best = pool.loc[pool["MASE"].idxmin()]
        own = g[g["method"] == SHOPKEEPER].iloc[0]
        rows.append(
            {
                "class": label,
                "n": int(own["n"]),
                "shopkeeper MASE": own["MASE"],
                "best baseline": best["method"],
                "its MASE": best["MASE"],
                "shopkeeper pinball": own["scaled pinball"],
                "its pinball": best["scaled pinball"],
            }
        )
    return pd.DataFrame(rows)


def plot_tradeoff(curves: pd.DataFrame, path: Path, target: float = 0.95) -> Path:
    """Cycle service level against average inventory value, one panel per data set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(curves["data"]))
    fig, axes = plt.subplots(1, len(names), figsize=(6.2 * len(names), 4.6), squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        data = curves[curves["data"] == name]
        for policy, g in data.groupby("policy", sort=False):
            g = g.sort_values("knob")
            color, marker = POLICY_STYLE.get(str(policy), ("grey", "."))
            ax.plot(
                g["avg inventory value"] / 1000.0,
                100 * g["cycle service level"],
                marker=marker,
                color=color,
                label=str(policy),
            )
        ax.axhline(100 * target, color="grey", linestyle="--", linewidth=1)
        ax.set_title(TITLES.get(name, name))
        money = CURRENCY.get(name, "money")
        ax.set_xlabel(f"average inventory value at cost (thousand {money})")
        ax.set_ylabel("cycle service level (%)")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    fig.suptitle("Service level vs inventory: each point is one knob value of a reorder rule")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


CURRENCY = {"oj": "US$", "tuna": "US$", "tafeng": "NT$"}
TITLES = {
    "oj": "Dominick's orange juice (weekly, store x brand)",
    "tafeng": "Ta Feng grocery (daily, products)",
    "tuna": "Dominick's tuna (weekly, brand)",
    "synthetic": "synthetic shop (daily)",
}

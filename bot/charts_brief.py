"""The weekly brief's chart: units sold in each of the last eight weeks against the forecast
stored before each week. PNG bytes via matplotlib's Agg backend, like `bot.charts`."""

from __future__ import annotations

import io
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.charts import FORECAST, HISTORY, _d


def brief_png(result: dict[str, Any]) -> bytes | None:
    """The chart for one `weekly_brief` result (its JSON form); None without weeks."""
    weeks = result.get("weeks") or []
    if not weeks:
        return None
    labels = [f"{_d(w['start']):%d %b}" for w in weeks]
    sold = [float(w["units"]) for w in weeks]
    fig = Figure(figsize=(8, 4.2), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    xs = list(range(len(weeks)))
    ax.bar(xs, sold, color=HISTORY, alpha=0.85, label="sold")
    fc = [(x, float(w["forecast_units"])) for x, w in zip(xs, weeks, strict=True)
          if w.get("forecast_units") is not None]  # fmt: skip
    if fc:
        ax.plot([x for x, _ in fc], [y for _, y in fc], color=FORECAST, linewidth=2,
                marker="o", label="forecast made before the week")  # fmt: skip
    ax.set_xticks(xs, labels)
    ax.set_title("Units sold per week (week starting)", fontsize=12)
    ax.set_ylabel("units per week")
    top = max(sold + [y for _, y in fc] + [1.0])
    ax.set_ylim(0, top * 1.25)
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    if not fc:
        ax.text(0.99, 0.97, "no forecast was stored for these weeks", transform=ax.transAxes,
                ha="right", va="top", fontsize=8, color="#666666")  # fmt: skip
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()

"""The lead-time chart sent with one supplier's scorecard: each delivery's lead time (late ones
marked), the stated lead time as a line and the predicted "9 in 10 within" day as a dashed one.
PNG bytes via matplotlib's Agg backend, like the forecast chart."""

from __future__ import annotations

from datetime import date
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from bot.charts import dated_png
from bot.render import esc

ON_TIME = "#4c72b0"
LATE = "#c44e52"
STATED = "#55a868"
PREDICTED = "#dd8452"


def lead_time_png(result: dict[str, Any]) -> bytes | None:
    """The chart for a `supplier_scorecard` result about one supplier; None otherwise."""
    cards = result.get("suppliers") or []
    if len(cards) != 1 or not cards[0].get("deliveries"):
        return None
    card = cards[0]
    points = card["deliveries"]
    days = [date.fromisoformat(str(p["received_at"])) for p in points]
    x = [float(v) for v in date2num(days)]  # type: ignore[no-untyped-call]
    y = [int(p["lead_days"]) for p in points]
    late = [bool(not p["on_time"]) for p in points]
    fig = Figure(figsize=(8, 4.2), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(x, y, color="#999999", linewidth=0.8)
    ax.scatter([a for a, bad in zip(x, late, strict=True) if not bad],
               [b for b, bad in zip(y, late, strict=True) if not bad],
               color=ON_TIME, s=18, label="on time", zorder=3)  # fmt: skip
    ax.scatter([a for a, bad in zip(x, late, strict=True) if bad],
               [b for b, bad in zip(y, late, strict=True) if bad],
               color=LATE, s=22, label="late", zorder=3)  # fmt: skip
    stated = float(card["stated_lead_time"])
    ax.axhline(stated, color=STATED, linewidth=1.8, label=f"stated {stated:g} days")
    p90 = float(card["prediction"]["lead_time_p90"])
    ax.axhline(p90, color=PREDICTED, linewidth=1.5, linestyle="--",
               label=f"next order: 9 in 10 within {p90:.1f} days")  # fmt: skip
    ax.set_title(f"{card['supplier']}: days from order to delivery", fontsize=12)
    ax.set_ylabel("days")
    ax.set_ylim(0, max([*y, p90, stated, 1.0]) * 1.35)  # room for the legend
    return dated_png(fig, ax, "%d %b %y", legend_columns=2)


def lead_time_caption(result: dict[str, Any]) -> str:
    """A short caption (HTML) with the numbers the chart shows."""
    card = result["suppliers"][0]
    late = card["late"]
    return (
        f"<b>{esc(str(card['supplier'])[:200])}</b>: {late['k']} of {late['n']} deliveries late; "
        f"stated {float(card['stated_lead_time']):g} days, next order about "
        f"{float(card['prediction']['lead_time_mean']):.1f} days."
    )

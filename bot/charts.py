"""The forecast chart sent with a forecast answer: recent sales, the forecast with its 80 % and
95 % bands, and the day stock runs out at the expected pace. PNG bytes via matplotlib's Agg
backend (no display, no pyplot global state, safe in a worker thread)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter, date2num
from matplotlib.figure import Figure

from bot.render import esc
from shopkeeper.assistant.text import day, qty

HISTORY = "#4c72b0"
FORECAST = "#dd8452"
STOCKOUT = "#c44e52"


def _d(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _x(days: list[date]) -> list[float]:
    """Dates as matplotlib's day numbers."""
    return [float(v) for v in date2num(days)]  # type: ignore[no-untyped-call]


def stockout_day(result: dict[str, Any]) -> date | None:
    """The first forecast day on which expected sales use up stock on hand + on order.

    Only when the forecast starts the day after the last day of sales history (otherwise the
    days in between are unknown), and only for one product (stock is known).
    """
    daily, hist = result.get("daily") or [], result.get("history_daily") or []
    on_hand = result.get("on_hand")
    if on_hand is None or not daily or not hist:
        return None
    if _d(daily[0]["ds"]) != _d(hist[-1][0]) + timedelta(days=1):
        return None
    left = float(on_hand) + float(result.get("on_order") or 0.0)
    if left <= 0:
        return _d(daily[0]["ds"])
    used = 0.0
    for row in daily:
        used += float(row["mean"])
        if used >= left:
            return _d(row["ds"])
    return None


def forecast_png(result: dict[str, Any], title: str | None = None) -> bytes | None:
    """The chart for one `forecast_demand` result (its JSON form); None without daily rows."""
    daily = result.get("daily") or []
    if not daily:
        return None
    hist = result.get("history_daily") or []
    hist = hist[-max(28, 2 * len(daily)) :]  # enough past to compare, the forecast stays legible
    fig = Figure(figsize=(8, 4.2), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    days = _x([_d(r["ds"]) for r in daily])
    mean = [float(r["mean"]) for r in daily]
    ax.fill_between(days, [r["lo_95"] for r in daily], [r["hi_95"] for r in daily],
                    color=FORECAST, alpha=0.15, linewidth=0, label="95 % range")  # fmt: skip
    ax.fill_between(days, [r["lo_80"] for r in daily], [r["hi_80"] for r in daily],
                    color=FORECAST, alpha=0.3, linewidth=0, label="80 % range")  # fmt: skip
    ax.plot(days, mean, color=FORECAST, linewidth=2, label="forecast")
    if hist:
        ax.plot(_x([_d(h[0]) for h in hist]), [float(h[1]) for h in hist], color=HISTORY,
                linewidth=1.5, marker=".", markersize=3, label="sold")  # fmt: skip
        ax.axvline(days[0], color="#888888", linewidth=0.8, linestyle=":")
    out = stockout_day(result)
    if out is not None:
        ax.axvline(_x([out])[0], color=STOCKOUT, linewidth=1.5, linestyle="--",
                   label=f"stock runs out ~{day(out)}")  # fmt: skip
    ax.set_title(title or str(result.get("scope", "Forecast")), fontsize=12)
    ax.set_ylabel("units per day")
    top = max([float(r["hi_95"]) for r in daily] + [float(h[1]) for h in hist] + [1.0])
    ax.set_ylim(0, top * 1.3)  # headroom so the legend does not cover the lines
    return dated_png(fig, ax, "%d %b", legend_columns=3)


def dated_png(fig: Figure, ax: Any, date_format: str, legend_columns: int) -> bytes:
    """Finish a chart over dates the way every chart here looks (grid, date labels, legend
    top left) and encode it as PNG."""
    ax.grid(True, alpha=0.3)
    ax.xaxis.set_major_formatter(DateFormatter(date_format))  # type: ignore[no-untyped-call]
    ax.legend(loc="upper left", ncol=legend_columns, fontsize=8, framealpha=0.9)
    fig.autofmt_xdate()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def forecast_caption(result: dict[str, Any]) -> str:
    """A short caption (HTML) with the numbers the chart shows."""
    period = result.get("period") or {}
    start, end = period.get("start"), period.get("end")
    span = f"{day(_d(start))} to {day(_d(end))}" if start and end else ""
    scope = esc(str(result.get("scope", "Forecast"))[:200])
    text = (
        f"<b>{scope}</b>: about {qty(float(result['total']))} "
        f"units {esc(span)} (80 % likely {qty(float(result['lo_80']))}–"
        f"{qty(float(result['hi_80']))})."
    )
    out = stockout_day(result)
    if out is not None:
        stock = "Stock on hand and on order" if result.get("on_order") else "Stock on hand"
        text += f" {stock} runs out ~{esc(day(out))} at the expected pace."
    return text

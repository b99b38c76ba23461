"""One plain sentence per product saying why its forecast looks the way it does."""

from __future__ import annotations

import math

FALLBACK_MODEL = "InStockAverage"

MODEL_PHRASES = {
    "ETS": "a weekly-seasonal smoothing model",
    "SeasonalES": "smoothing each weekday separately",
    "SeasonalWindowAverage": "the average of the same weekday over the last 4 weeks",
    "WindowAverage": "the average of the last 28 days",
    "WindowAverage13": "the average of the last 13 weeks",
    "WindowAverage52": "the average of the last 52 weeks",
    "SeasonalNaive": "repeating the same weekday of last week",
    "CrostonOptimized": "Croston's method (usual amount per sale spread over the usual gap)",
    "CrostonSBA": "Croston's method with the Syntetos–Boylan correction",
    "TSB": "a method that tracks how often it sells and how much (TSB)",
    "ADIDA": "smoothing weekly totals and spreading them over the days (ADIDA)",
    "IMAPA": "averaging smoothed totals over several bucket sizes (IMAPA)",
}


def _pattern(demand_class: str, adi: float, weekly: bool, n_window_days: int) -> str:
    if n_window_days == 0:
        return "Was out of stock on every day of the last year"
    if not math.isfinite(adi):
        return f"Has not sold in the last {n_window_days} in-stock days"
    every = f"about 1 day in {max(round(adi), 2)}"
    steady = "Sells most days in steady amounts" + (" with a weekly pattern" if weekly else "")
    return {
        "smooth": steady,
        "erratic": "Sells most days but the amounts swing a lot",
        "intermittent": f"Sells on {every} in fairly steady amounts",
        "lumpy": f"Sells on {every} in very uneven amounts",
    }.get(demand_class, "Sells irregularly")


def explain(
    *,
    demand_class: str,
    model: str,
    adi: float,
    weekly: bool,
    gain: float,
    n_days: int,
    n_window_days: int,
    mean_daily: float,
    n_stockout_days: int,
    yearly_factor: float,
) -> str:
    """Builds the reason sentence for one product.

    Args:
        demand_class: the product's demand class.
        model: chosen model alias (``FALLBACK_MODEL`` when no model was backtested).
        adi: average in-stock days between sales.
        weekly: whether its weekday pattern is marked.
        gain: 1 - backtest error of the chosen model / of same-weekday-last-week.
        n_days: days since first sale.
        n_window_days: in-stock days looked at.
        mean_daily: the average the fallback forecast uses (units/day).
        n_stockout_days: censored days in the fitting window.
        yearly_factor: the average yearly/holiday multiplier applied.

    Returns:
        One sentence ending in a full stop.
    """
    if model == FALLBACK_MODEL:
        if demand_class == "new":
            head = (
                f"First sold {n_days} days ago, too soon to test forecasting methods, so the "
                f"forecast is its average so far of {mean_daily:.1f} units per in-stock day"
            )
        else:
            head = (
                f"{_pattern(demand_class, adi, weekly, n_window_days)}, with too few in-stock "
                f"days to test methods, so the forecast is its average of {mean_daily:.1f} "
                "units per in-stock day"
            )
    else:
        head = _pattern(demand_class, adi, weekly, n_window_days)
        parts = model.split("+")
        phrase = MODEL_PHRASES.get(model, model)
        if len(parts) > 1:
            listed = "; ".join(MODEL_PHRASES.get(p, p) for p in parts)
            head += (
                f"; the forecast averages the {len(parts)} methods that did best in back-tests "
                f"({listed})"
            )
            if math.isfinite(gain) and gain >= 0.005:
                head += f", together {gain:.0%} more accurate than the same-weekday-last-week rule"
        elif model == "SeasonalNaive":
            head += f"; {phrase} was the most accurate rule in back-tests"
        elif math.isfinite(gain) and gain >= 0.005:
            head += f"; {phrase} beat the same-weekday-last-week rule by {gain:.0%} in back-tests"
        else:
            head += f"; {phrase} was the most accurate in back-tests"
    if n_stockout_days > 0:
        head += (
            f"; {n_stockout_days} out-of-stock day{'s' if n_stockout_days != 1 else ''} "
            "counted as missing, not as zero demand"
        )
    if abs(yearly_factor - 1.0) >= 0.05:
        change = "raised" if yearly_factor > 1 else "lowered"
        head += f"; {change} {abs(yearly_factor - 1):.0%} for the time of year, as last year"
    return head + "."

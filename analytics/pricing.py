"""A price suggestion within the owner's guard-rails, from an elasticity and the unit cost.

With constant elasticity e, units at price p are q0 · (p / p0)^e, so gross profit is
(p − cost) · q0 · (p / p0)^e. Among the prices the guard-rails allow (at most a set change
per step, at least the minimum margin, not more than a set share above the cheapest
competitor) that end in the shop's price endings, the one with the highest expected profit
is suggested. Its effect is also computed at both ends of the elasticity's interval, which
says how sure the suggestion is. Without a usable elasticity a small price test is suggested.
One price for all customers: nothing here depends on who buys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analytics.elasticity import USABLE_WIDTH

MAX_CI_WIDTH = USABLE_WIDTH  # wider elasticity intervals cannot steer a price
MIN_GAIN = 0.005  # expected profit gains below 0.5 % are not worth a price change


@dataclass(frozen=True)
class GuardRails:
    """The owner's limits (percentages as numbers: 10 = 10 %)."""

    max_change_pct: float = 10.0
    min_margin_pct: float = 20.0
    max_above_competitor_pct: float = 5.0
    endings: tuple[float, ...] = (0.49, 0.99)


@dataclass(frozen=True)
class PriceSuggestion:
    """The suggested price and what it should do (changes in %, None when unknown).

    action: "raise" | "lower" | "keep" | "test". binding: the guard-rails that limited the
    price ("max change", "min margin", "competitor", "price ending"). confidence: "high"
    (profit gains across the whole elasticity interval), "medium" (gains at the estimate
    but not at one end of the interval), "low" (a test: no usable estimate).
    """

    current_price: float
    suggested_price: float
    unit_cost: float
    action: str
    lower_bound: float
    upper_bound: float
    binding: tuple[str, ...]
    units_change_pct: float | None
    revenue_change_pct: float | None
    profit_change_pct: float | None
    profit_change_range: tuple[float, float] | None
    confidence: str
    margin_pct_now: float | None
    margin_pct_new: float | None
    notes: tuple[str, ...]


def parse_endings(text: str) -> tuple[float, ...]:
    """ ".49,.99" -> (0.49, 0.99); blank -> () (any cent)."""
    out = []
    for part in text.split(","):
        part = part.strip()
        if part:
            value = float(part if part.startswith(("0", ".")) else "0." + part.lstrip("."))
            out.append(round(value % 1, 2))
    return tuple(sorted(set(out)))


def candidate_prices(lo: float, hi: float, endings: tuple[float, ...]) -> list[float]:
    """Prices in [lo, hi] ending in one of `endings` (every cent when there are none)."""
    if hi < lo:
        return []
    if not endings:
        cents = range(math.ceil(lo * 100 - 1e-9), math.floor(hi * 100 + 1e-9) + 1)
        return [c / 100 for c in cents]
    out = []
    for whole in range(math.floor(lo), math.floor(hi) + 1):
        for end in endings:
            p = round(whole + end, 2)
            if lo - 1e-9 <= p <= hi + 1e-9 and p > 0:
                out.append(p)
    return sorted(out)


def _profit(p: np.ndarray, p0: float, cost: float, e: float) -> np.ndarray:
    out: np.ndarray = (p - cost) * (p / p0) ** e
    return out


def _bounds(
    p0: float, cost: float, rails: GuardRails, competitor: float | None
) -> tuple[float, float, list[str], list[str]]:
    """Allowed price range, the rails that cut it, and notes on conflicts."""
    step = rails.max_change_pct / 100
    lo, hi = p0 * (1 - step), p0 * (1 + step)
    cut, notes = [], []
    floor = cost / (1 - rails.min_margin_pct / 100) if cost > 0 else 0.0
    if floor > lo:
        lo = floor
        cut.append("min margin")
    if competitor is not None:
        cap = competitor * (1 + rails.max_above_competitor_pct / 100)
        if cap < hi:
            hi = cap
            cut.append("competitor")
    if lo > hi:
        if floor > p0 * (1 + step):
            notes.append(
                f"Reaching the minimum margin of {rails.min_margin_pct:g} % needs more than "
                f"one step of {rails.max_change_pct:g} %; this is the first step."
            )
        elif competitor is not None and floor > hi:
            notes.append(
                f"The competitor's price ({competitor:.2f}) is below what the minimum margin "
                f"of {rails.min_margin_pct:g} % allows; the margin rule wins."
            )
        else:
            notes.append(
                f"The competitor's price ({competitor:.2f}) is far below; lowering by more than "
                f"{rails.max_change_pct:g} % in one step is not allowed."
            )
        lo = hi = min(max(lo, p0 * (1 - step)), p0 * (1 + step))
    return lo, hi, cut, notes


def suggest_price(
    current_price: float,
    unit_cost: float,
    elasticity: float | None,
    interval: tuple[float, float] | None,
    rails: GuardRails,
    competitor_price: float | None = None,
) -> PriceSuggestion:
    """The profit-maximising price within the guard-rails (or a small test without a usable
    elasticity).

    Args:
        current_price: today's shelf price.
        unit_cost: what one unit costs the shop (0 = unknown; then margin rules are skipped).
        elasticity: point estimate (negative), or None.
        interval: (lo, hi) of the elasticity.
        rails: the owner's guard-rails.
        competitor_price: the cheapest competitor's current price, if known.
    """
    p0, cost = float(current_price), max(float(unit_cost), 0.0)
    lo, hi, cut, notes = _bounds(p0, cost, rails, competitor_price)
    usable = (
        elasticity is not None
        and interval is not None
        and elasticity < 0
        and interval[1] - interval[0] <= MAX_CI_WIDTH
    )
    if not usable:
        return _test(p0, cost, lo, hi, rails, cut, notes, competitor_price)
    assert elasticity is not None and interval is not None
    cands = candidate_prices(lo, hi, rails.endings)
    if not cands:
        cands = [round(min(max(p0, lo), hi), 2)]
        notes.append("No price with the shop's endings fits the guard-rails; rounded to the cent.")
    elif lo <= p0 <= hi:
        cands = sorted({*cands, p0})
    prices = np.array(cands)
    gain = _profit(prices, p0, cost, elasticity) / max(p0 - cost, 1e-9) - 1
    best = float(prices[int(np.argmax(gain))])
    binding = _binding(best, cands, cost, elasticity, lo, hi, cut)
    if lo <= p0 <= hi and float(gain.max()) < MIN_GAIN:
        best = p0  # not worth a change; the rails that held the best price back still show
        binding = tuple(b for b in binding if b != "price ending")
    return _suggestion(p0, best, cost, elasticity, interval, lo, hi, binding, notes)


def _binding(
    best: float,
    cands: list[float],
    cost: float,
    e: float,
    lo: float,
    hi: float,
    cut: list[str],
) -> tuple[str, ...]:
    """The guard-rails that kept the price from its unconstrained best."""
    # The textbook optimum cost x e / (1 + e); below |e| = 1 profit rises with the price.
    free = cost * e / (1 + e) if e < -1 else math.inf
    out = []
    if free > hi and best >= max(cands):
        out.append("competitor" if "competitor" in cut else "max change")
    if free < lo and best <= min(cands):
        out.append("min margin" if "min margin" in cut else "max change")
    target = min(max(free, lo), hi)
    if (
        abs(best - target) >= 0.01
        and not (free > hi and best >= max(cands))
        and not (free < lo and best <= min(cands))
    ) or (abs(best - target) >= 0.01 and round(best % 1, 2) != round(target % 1, 2)):
        out.append("price ending")
    return tuple(out)


def _suggestion(
    p0: float,
    p: float,
    cost: float,
    e: float,
    interval: tuple[float, float],
    lo: float,
    hi: float,
    binding: tuple[str, ...],
    notes: list[str],
) -> PriceSuggestion:
    units = (p / p0) ** e - 1
    revenue = (p / p0) ** (e + 1) - 1
    base = max(p0 - cost, 1e-9)
    profits = [float(_profit(np.array([p]), p0, cost, x)[0] / base - 1) for x in (e, *interval)]
    action = "keep" if abs(p - p0) < 0.005 else ("raise" if p > p0 else "lower")
    span = (min(profits[1:]), max(profits[1:]))
    confidence = "high" if action == "keep" or span[0] > 0 else "medium"
    return PriceSuggestion(
        p0, round(p, 2), cost, action, round(lo, 2), round(hi, 2), binding,
        round(units * 100, 1), round(revenue * 100, 1), round(profits[0] * 100, 1),
        (round(span[0] * 100, 1), round(span[1] * 100, 1)), confidence,
        _margin(p0, cost), _margin(p, cost), tuple(notes),
    )  # fmt: skip


def _margin(p: float, cost: float) -> float | None:
    return round((p - cost) / p * 100, 1) if cost > 0 and p > 0 else None


def _test(
    p0: float,
    cost: float,
    lo: float,
    hi: float,
    rails: GuardRails,
    cut: list[str],
    notes: list[str],
    competitor: float | None,
) -> PriceSuggestion:
    """A small, reversible step: down when above the competitor cap, else up by half a step."""
    if p0 > hi:
        target = hi
    elif p0 < lo:
        target = lo
    else:
        target = min(p0 * (1 + rails.max_change_pct / 200), hi)
    cands = candidate_prices(lo, hi, rails.endings) or [round(min(max(target, lo), hi), 2)]
    near = min(cands, key=lambda c: (abs(c - target), c))
    if abs(near - p0) < 0.005 and len(cands) > 1:
        near = min((c for c in cands if c != p0), key=lambda c: abs(c - target))
    action = "test" if abs(near - p0) >= 0.005 else "keep"
    if action == "keep":
        notes = [*notes, "No test price with the shop's price endings fits the guard-rails."]
    return PriceSuggestion(
        p0, round(near, 2), cost, action, round(lo, 2), round(hi, 2), tuple(cut),
        None, None, None, None, "low", _margin(p0, cost), _margin(near, cost), tuple(notes),
    )  # fmt: skip

"""Checks on sales lines: gaps, duplicates, re-sent receipts, odd prices and quantities,
stale or future dates, times that all read midnight."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from analytics.data_quality_types import Case, Finding

PRICE_LOW, PRICE_HIGH = 0.5, 2.0  # x the product's usual price (promotions are about 0.8)
QTY_FACTOR, QTY_MIN = 10.0, 20.0  # x the product's 99th-percentile line, and at least this
MIN_LINES = 20  # a product needs this many lines before its own usual values count
STALE_MEDIUM, STALE_HIGH = 3, 14  # days since the last sale
OPEN_WEEKDAY = 0.5  # a weekday with sales on at least this share of its days is an open day
_SAME_LINE = ["ts", "sku", "quantity", "unit_price", "customer_id"]
_RESUBMIT = "Correct the sales file (or the till export) and import it again"


def sales_findings(
    sales: pd.DataFrame, names: dict[str, str], today: date, holidays: set[date]
) -> list[Finding]:
    """Every sales-line check that finds something."""
    if sales.empty:
        return []
    sales = sales.assign(customer_id=sales["customer_id"].fillna(""))
    found: list[Finding | None] = [
        _gaps(sales[sales["ts"].dt.date <= today], holidays),
        _duplicates(sales, names),
        *_resent(sales, names),
        _prices(sales, names),
        _quantities(sales, names),
        _staleness(sales, today),
        _midnight(sales),
    ]
    return [f for f in found if f is not None]


def _name(names: dict[str, str], sku: str) -> str:
    return names.get(sku, sku)


def _gaps(sales: pd.DataFrame, holidays: set[date]) -> Finding | None:
    if sales.empty:
        return None
    day = sales["ts"].dt.normalize()
    per_day = day.value_counts()
    span = pd.date_range(per_day.index.min(), per_day.index.max(), freq="D")
    sold = pd.Series(span.isin(per_day.index), index=span)
    open_share = sold.groupby(span.weekday).mean()
    usual = pd.Series(span.weekday, index=span).map(open_share) >= OPEN_WEEKDAY
    holiday = pd.Series([d.date() in holidays for d in span], index=span)
    gap = ~sold & usual & ~holiday
    if not gap.any():
        return None
    revenue = (sales["quantity"] * sales["unit_price"]).groupby(day).sum()
    runs = (gap != gap.shift()).cumsum()[gap]
    cases = []
    for _, days in runs.groupby(runs):
        first, last = days.index.min(), days.index.max()
        lost = sum(_usual_revenue(revenue, d) for d in days.index)
        cases.append(
            Case(
                f"no sales on {_days(first, last)} (usually about {lost:,.0f} in sales)",
                start=first.date(),
                end=last.date(),
            )
        )
    n = int(gap.sum())
    return Finding(
        "sales_gap",
        "high",
        "Days without any sale",
        n,
        f"{n} open day(s) have no sales at all, so sales reports for them are too low and "
        "every product's forecast reads them as days nobody bought anything.",
        "If the till was down, export those days from the till (or its backup) and import "
        "them; if the shop was closed, nothing needs fixing.",
        tuple(cases),
    )


def _usual_revenue(revenue: pd.Series, day: pd.Timestamp) -> float:
    """The same weekday's revenue over the four weeks before and after."""
    around = [day + pd.Timedelta(weeks=k) for k in (-4, -3, -2, -1, 1, 2, 3, 4)]
    return float(revenue.reindex(around).dropna().median()) if len(revenue) else 0.0


def _days(first: pd.Timestamp, last: pd.Timestamp) -> str:
    if first == last:
        return f"{first:%a %Y-%m-%d}"
    return f"{first:%a %Y-%m-%d} to {last:%a %Y-%m-%d}"


def _duplicates(sales: pd.DataFrame, names: dict[str, str]) -> Finding | None:
    receipted = sales[sales["order_id"].notna()]
    dup = receipted.duplicated(["order_id", *_SAME_LINE], keep=False)
    if not dup.any():
        return None
    groups = receipted[dup].groupby(["order_id", *_SAME_LINE], sort=False)["line_key"]
    cases = []
    for (order, ts, sku, qty, *_), keys in groups:
        cases.append(
            Case(
                f"{_name(names, sku)}: {qty:g} on receipt {order} at {ts:%Y-%m-%d %H:%M} "
                f"recorded {len(keys)} times",
                sku=sku,
                start=ts.date(),
                end=ts.date(),
                line_keys=tuple(keys),
            )
        )
    extra = int(receipted.duplicated(["order_id", *_SAME_LINE]).sum())
    return Finding(
        "duplicate_line",
        "high",
        "Sales lines recorded twice",
        extra,
        f"{extra} line(s) count a sale twice: these products' sales, forecasts and reorder "
        "quantities are slightly too high.",
        f"{_RESUBMIT} without the repeated lines.",
        tuple(cases),
    )


def _resent(sales: pd.DataFrame, names: dict[str, str]) -> list[Finding]:
    """Receipts all of whose lines repeat another receipt's lines at the same second.

    A copy under the very next receipt number may be two customers served at the same
    second (two tills), so it is a medium finding; any other number is a high one.
    """
    lines = sales[sales["order_id"].notna()].drop_duplicates(["order_id", *_SAME_LINE])
    size = lines["order_id"].value_counts()
    lines = lines[lines.duplicated(_SAME_LINE, keep=False)]  # only these can be copies
    per_key = lines.groupby(_SAME_LINE, sort=False)["order_id"]
    shared = lines.assign(n_all=per_key.transform("nunique"), first=per_key.transform("min"))
    shared = shared[shared["n_all"] > 1]
    whole = shared.groupby("order_id")["order_id"].transform("size") == shared["order_id"].map(size)
    suspects = shared[whole]
    if suspects.empty:
        return []
    per_whole = suspects.groupby(_SAME_LINE)["order_id"]
    # A copy: another receipt with the line is not itself a copy, or has a lower number.
    copy = (per_whole.transform("nunique") < suspects["n_all"]) | (
        suspects["order_id"] != per_whole.transform("min")
    )
    copies = suspects[copy]
    cases: dict[bool, list[Case]] = {True: [], False: []}
    for r in copies.itertuples():
        others = shared[
            (shared["ts"] == r.ts) & (shared["sku"] == r.sku) & (shared["order_id"] != r.order_id)
        ]
        source = str(others["order_id"].iat[0]) if len(others) else "another receipt"
        cases[_adjacent(source, str(r.order_id))].append(
            Case(
                f"{_name(names, r.sku)}: receipt {r.order_id} repeats receipt {source} "
                f"at {r.ts:%Y-%m-%d %H:%M:%S}",
                sku=r.sku,
                start=r.ts.date(),
                end=r.ts.date(),
                line_keys=(*others["line_key"], r.line_key),
            )
        )
    out = []
    if cases[False]:
        n = len(cases[False])
        out.append(
            Finding(
                "resent_receipt",
                "high",
                "Receipts sent twice under another number",
                n,
                f"{n} line(s) were sent again under a new receipt number: sales, basket "
                "analysis and these products' forecasts count them twice.",
                f"{_RESUBMIT} without the repeated receipts.",
                tuple(cases[False]),
            )
        )
    if cases[True]:
        n = len(cases[True])
        out.append(
            Finding(
                "possible_resent_receipt",
                "medium",
                "Receipts that may have been sent twice",
                n,
                f"{n} line(s) repeat the previous receipt at the same second: two customers "
                "at two tills, or a receipt sent twice (then counted twice).",
                f"Check these receipts in the till; if one is a copy, {_RESUBMIT[0].lower()}"
                f"{_RESUBMIT[1:]} without it.",
                tuple(cases[True]),
            )
        )
    return out


def _adjacent(first: str, second: str) -> bool:
    """Whether two receipt numbers are neighbours (same prefix, numbers one apart)."""
    a, b = re.match(r"^(.*?)(\d+)$", first), re.match(r"^(.*?)(\d+)$", second)
    return bool(a and b and a[1] == b[1] and abs(int(a[2]) - int(b[2])) == 1)


def _usual(sales: pd.DataFrame, rows: pd.Series, column: str, q: float) -> pd.Series:
    """Per line, the `q` quantile of `column` over the product's `rows` (NaN: too few)."""
    grouped = sales.loc[rows].groupby("sku")[column]
    value = grouped.quantile(q).where(grouped.size() >= MIN_LINES)
    return sales["sku"].map(value)


def _line_cases(
    lines: pd.DataFrame, usual: pd.Series, detail: Callable[[Any, float], str]
) -> tuple[Case, ...]:
    """One occurrence per sales line, worded by `detail(line, the product's usual value)`."""
    return tuple(
        Case(detail(r, u), sku=r.sku, start=r.ts.date(), end=r.ts.date(), line_keys=(r.line_key,))
        for r, u in zip(lines.itertuples(), usual, strict=True)
    )


def _prices(sales: pd.DataFrame, names: dict[str, str]) -> Finding | None:
    usual = _usual(sales, sales["unit_price"] > 0, "unit_price", 0.5)
    ratio = sales["unit_price"] / usual
    odd = (ratio < PRICE_LOW) | (ratio > PRICE_HIGH)
    if not odd.any():
        return None
    cases = _line_cases(
        sales[odd],
        usual[odd],
        lambda r, u: (
            f"{_name(names, r.sku)} sold at {r.unit_price:.2f} on {r.ts:%Y-%m-%d} (usually {u:.2f})"
        ),
    )
    n = int(odd.sum())
    return Finding(
        "price_outlier",
        "high",
        "Prices far from the product's usual price",
        n,
        f"{n} line(s) have a price below half or above twice the usual one (a price of 0 "
        "among them): revenue and margin are wrong, and price advice reads them as price tests.",
        f"{_RESUBMIT} with the price charged; a real giveaway can stay.",
        cases,
    )


def _quantities(sales: pd.DataFrame, names: dict[str, str]) -> Finding | None:
    usual = _usual(sales, sales["quantity"] > 0, "quantity", 0.99)
    odd = (sales["quantity"] > QTY_FACTOR * usual.clip(lower=1)) & (sales["quantity"] >= QTY_MIN)
    if not odd.any():
        return None
    cases = _line_cases(
        sales[odd],
        usual[odd],
        lambda r, u: (
            f"{_name(names, r.sku)}: {r.quantity:g} on "
            f"one line on {r.ts:%Y-%m-%d} (usually at most {u:g})"
        ),
    )
    return Finding(
        "quantity_outlier",
        "high",
        "Quantities that look like typing errors",
        len(cases),
        f"{len(cases)} line(s) hold far more than anyone buys at once: the forecast, safety "
        "stock and reorder quantity of these products are too high.",
        f"{_RESUBMIT} with the real quantity (a real bulk order can stay).",
        cases,
    )


def _staleness(sales: pd.DataFrame, today: date) -> Finding | None:
    last = sales["ts"].max()
    future = sales["ts"].dt.date > today
    if future.any():
        n = int(future.sum())
        return Finding(
            "future_sales",
            "high",
            "Sales dated in the future",
            n,
            f"{n} line(s) are dated after today: day and month were probably swapped "
            "(03/04 read as 3 April instead of 4 March) or the till's clock is wrong; "
            "forecasts and reports put them on the wrong days.",
            "Export the file with dates as YYYY-MM-DD (or say the date order) and import it "
            "again after removing the wrong lines.",
            (Case(f"latest line dated {last:%Y-%m-%d}", start=today, end=last.date()),),
        )
    age = (today - last.date()).days
    if age <= STALE_MEDIUM:
        return None
    return Finding(
        "stale_sales",
        "high" if age > STALE_HIGH else "medium",
        "Sales data is out of date",
        age,
        f"The last sale on file is from {last:%Y-%m-%d}, {age} days ago: forecasts and the "
        "reorder plan do not know what sold since, so they may order too much.",
        "Import the latest sales export (shopkeeper import FILE, or send it to the bot).",
        (Case(f"last sale {last:%Y-%m-%d}", start=last.date(), end=today),),
    )


def _midnight(sales: pd.DataFrame) -> Finding | None:
    at_midnight = sales["ts"] == sales["ts"].dt.normalize()
    share = float(at_midnight.mean())
    if share < 0.5 or len(sales) < MIN_LINES:
        return None
    n = int(at_midnight.sum())
    return Finding(
        "no_times",
        "low",
        "Sales without a time of day",
        n,
        f"{share:.0%} of lines carry 00:00 as their time: reports by hour are not possible, "
        "and if the export converted time zones a late sale may sit on the next day.",
        "If the till can export the time of each sale, include it next time.",
        (Case(f"{n:,} of {len(sales):,} lines at 00:00"),),
    )


def sold_recently(sales: pd.DataFrame, today: date, days: int = 30) -> set[str]:
    """Products with a sale in the last `days` days."""
    since = pd.Timestamp(today) - pd.Timedelta(days=days)
    return set(np.unique(sales.loc[sales["ts"] >= since, "sku"]).tolist())

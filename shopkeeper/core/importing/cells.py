"""Turning text cells into numbers, dates and yes/no, the way shops' exports write them.

Each parser works on a column's distinct values (a million sales lines hold a few thousand
prices and dates), then spreads the result back over the rows.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

_NOISE = re.compile(
    r"[\s\u00a0\u202f'’€$£¥₹]|(?i:\b(?:eur|usd|gbp|chf|sek|nok|dkk|pln|czk|huf|aud|cad|kr)\b)"
)
_COMMA_GROUPS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+")
_DOT_GROUPS = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+")

_DATE = re.compile(
    r"(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})[-/.](?P<y2>\d{4}|\d{2}))"
    r"(?:(?:[T ]|,\s*)+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<p>[AaPp][Mm])?)?"
    r"\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?"
)
_ISO = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"

TRUE_WORDS = frozenset(
    "yes|y|true|t|1|ja|j|x|si|oui|wahr|on|active|enabled|subscribed|opted in|opt in".split("|")
)
FALSE_WORDS = frozenset(
    "no|n|false|f|0|nein|non|falsch|off|inactive|disabled|archived|draft|unsubscribed|"
    "not subscribed|opted out|opt out".split("|")
)


def by_distinct(values: pd.Series, parse: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Apply `parse` to the distinct non-blank values and spread the result over all rows."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    parsed = parse(np.asarray(uniques, dtype=object))
    out = (
        parsed[np.where(codes < 0, 0, codes)] if len(parsed) else np.empty(len(codes), parsed.dtype)
    )
    if parsed.dtype.kind == "M":
        out[codes < 0] = np.datetime64("NaT")
    elif parsed.dtype.kind == "f":
        out[codes < 0] = np.nan
    else:
        out[codes < 0] = None
    return out


def _clean_number(text: str) -> str:
    text = _NOISE.sub("", text).replace("\u2212", "-")
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    if text.endswith("-") and text.count("-") == 1:
        text = "-" + text[:-1]
    return text


def guess_decimal(values: Iterable[str], default: str) -> str:
    """ "," or "." — whichever the column's values show as their decimal mark."""
    comma = dot = 0
    for raw in values:
        text = _clean_number(raw)
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                comma += 1
            else:
                dot += 1
        elif "," in text and not _COMMA_GROUPS.fullmatch(text):
            comma += 1
        elif "." in text and not _DOT_GROUPS.fullmatch(text):
            dot += 1
    if comma == dot:
        return default
    return "," if comma > dot else "."


def to_number(raw: str, decimal: str) -> float:
    """One cell as a float (NaN when it is not a number); "1.234,50", "€ 3,5", "(2.00)"."""
    text = _clean_number(raw)
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        thousands = _COMMA_GROUPS.fullmatch(text) and (text.count(",") > 1 or decimal == ".")
        text = text.replace(",", "") if thousands else text.replace(",", ".")
    elif "." in text and _DOT_GROUPS.fullmatch(text) and (text.count(".") > 1 or decimal == ","):
        text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def parse_numbers(values: pd.Series, default_decimal: str) -> np.ndarray:
    """A text column (None for blank) as float64 (NaN for blank or not a number)."""

    def parse(uniques: np.ndarray) -> np.ndarray:
        decimal = guess_decimal(uniques, default_decimal)
        return np.array([to_number(u, decimal) for u in uniques], dtype=float)

    return by_distinct(values, parse)


def parse_flags(values: pd.Series) -> np.ndarray:
    """yes/no/true/false/1/0/ja/nein/y/n... as an object array of True/False/None."""

    def parse(uniques: np.ndarray) -> np.ndarray:
        out = np.empty(len(uniques), dtype=object)
        for i, u in enumerate(uniques):
            word = re.sub(r"[\s_-]+", " ", str(u).casefold()).strip()
            out[i] = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
        return out

    return by_distinct(values, parse)


def guess_dayfirst(columns: Iterable[pd.Series]) -> bool | None:
    """Whether "03/04/2025" means 3 April (True) or 4 March (False) in this file.

    A first part above 12 proves day first, a second part above 12 proves month first;
    None when the file never says (then day first is assumed).
    """
    day_first = month_first = False
    for col in columns:
        slashed = col[col.str.match(r"^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}", na=False)]
        parts = slashed.drop_duplicates().str.extract(r"^(\d{1,2})[/-](\d{1,2})[/-]")
        parts = parts.dropna().astype(int)
        day_first |= bool((parts[0] > 12).any())
        month_first |= bool((parts[1] > 12).any())
    if day_first != month_first:
        return day_first
    return None


def parse_dates(values: pd.Series, dayfirst: bool) -> np.ndarray:
    """A text column as datetime64[ns] (NaT for blank or not a real date).

    Reads ISO (2025-03-01, with a time or not), 01.03.2025, 01/03/2025 or 03/01/2025 (by
    `dayfirst`, except dotted dates which are always day first), two-digit years and
    month names ("1 Mar 2025").
    """

    def parse(uniques: np.ndarray) -> np.ndarray:
        text = pd.Series(uniques, dtype=str)
        if text.str.match(_ISO).all():
            stamps = pd.to_datetime(text, format="ISO8601", errors="coerce")
            return np.asarray(stamps, dtype="M8[ns]")
        return _parse_general(text, dayfirst)

    return by_distinct(values, parse)


def _parse_general(text: pd.Series, dayfirst: bool) -> np.ndarray:
    parts = text.str.extract("^" + _DATE.pattern + "$")
    num = parts[["y1", "m1", "d1", "a", "b", "y2", "H", "M", "S"]].apply(
        pd.to_numeric, errors="coerce"
    )
    day_first = (parts["sep"] == ".") | dayfirst
    year = num["y1"].fillna(num["y2"])
    short = (parts["y2"].str.len() == 2).fillna(False).to_numpy(bool)
    year = year.where(~short, year + np.where(year < 70, 2000, 1900))
    month = num["m1"].fillna(num["b"].where(day_first, num["a"]))
    day = num["d1"].fillna(num["a"].where(day_first, num["b"]))
    hour = num["H"].fillna(0)
    pm = parts["p"].str.lower().eq("pm").fillna(False).to_numpy(bool)
    am = parts["p"].str.lower().eq("am").fillna(False).to_numpy(bool)
    hour = hour.where(~(am | pm), hour % 12 + np.where(pm, 12, 0))
    stamp = pd.to_datetime(
        pd.DataFrame(
            {
                "year": year,
                "month": month,
                "day": day,
                "hour": hour,
                "minute": num["M"].fillna(0),
                "second": num["S"].fillna(0),
            }
        ),
        errors="coerce",
    )
    out = np.array(stamp, dtype="M8[ns]")
    in_range = (year >= 1900) & (year <= 2100)
    out[~in_range.to_numpy(bool)] = np.datetime64("NaT")
    # Month names ("1 Mar 2025", "March 1, 2025"): rare, so parse them one by one.
    wordy = parts["y1"].isna() & parts["a"].isna() & text.str.contains(r"[A-Za-z]{3}")
    for i in np.flatnonzero(wordy.to_numpy(bool)):
        out[i] = _parse_wordy(text.iloc[i], dayfirst)
    return out


def _parse_wordy(text: str, dayfirst: bool) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = pd.to_datetime(text, dayfirst=dayfirst, errors="coerce")
    if pd.isna(value) or not 1900 <= value.year <= 2100:
        return np.datetime64("NaT")
    return np.datetime64(value.tz_localize(None) if value.tzinfo else value, "ns")

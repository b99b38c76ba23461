"""Read a period out of a question: "last month", "this week", "over Christmas", "next 2 weeks".

Weeks start on Monday. Past periods end yesterday at the latest (today is not complete);
future periods start today.
"""

from __future__ import annotations

import calendar as cal
import re
from dataclasses import dataclass
from datetime import date, timedelta

from shopkeeper.core.calendar import season_window

MONTHS = {m.lower(): i for i, m in enumerate(cal.month_name) if m} | {
    m.lower(): i for i, m in enumerate(cal.month_abbr) if m
}
UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365}
WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "eight": 8,
    "ten": 10,
    "couple of": 2,
    "few": 3,
    "fortnight": 14,
}
NUM = r"(\d+|a|one|two|three|four|five|six|eight|ten|couple of|few)"


@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive
    label: str
    future: bool


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, cal.monthrange(year, month)[1])


def _n(word: str) -> int:
    return int(word) if word.isdigit() else WORDS[word]


def parse_period(text: str, today: date) -> Span | None:
    """The period named in `text`, or None when it names none."""
    t = text.lower()
    # Order matters: the first kind of period that matches wins.
    for find in (_season_span, _counted_span, _day_or_week_span, _month_or_year_span):
        span = find(t, today)
        if span is not None:
            return span
    for name, month in MONTHS.items():
        if len(name) >= 3 and re.search(rf"\b(in|for|during|of|over)\s+{name}\b", t):
            return named_month(month, today, t)
    return None


def _season_span(t: str, today: date) -> Span | None:
    """A season or holiday ("over Christmas", "in summer"), always the coming one."""
    for season in (
        "festive season",
        "holiday season",
        "christmas",
        "xmas",
        "new year",
        "easter",
        "summer",
        "winter",
    ):
        if season in t:
            span = season_window(season, today)
            if span:
                return Span(span[0], span[1], f"over {season.title()}", True)
    return None


def _counted_span(t: str, today: date) -> Span | None:
    """A counted stretch of days: "a fortnight", "next 2 weeks", "past 10 days", "in 3 weeks"."""
    yesterday = today - timedelta(days=1)
    if "fortnight" in t:
        past = bool(re.search(r"\b(last|past|previous)\b", t))
        if past:
            return Span(today - timedelta(days=14), yesterday, "the last two weeks", False)
        return Span(today, today + timedelta(days=13), "the next two weeks", True)
    if m := re.search(rf"\b(next|coming|upcoming)\s+{NUM}\s+(days?|weeks?|months?)\b", t):
        n = _n(m.group(2)) * UNITS[m.group(3)]
        return Span(today, today + timedelta(days=n - 1), f"the next {n} days", True)
    if m := re.search(rf"\b(last|past|previous)\s+{NUM}\s+(days?|weeks?|months?)\b", t):
        n = _n(m.group(2)) * UNITS[m.group(3)]
        return Span(today - timedelta(days=n), yesterday, f"the last {n} days", False)
    if m := re.search(rf"\bin\s+{NUM}\s+(weeks?|days?)\b", t):
        n = _n(m.group(1)) * UNITS[m.group(2)]
        return Span(today, today + timedelta(days=n - 1), f"the next {n} days", True)
    return None


def _day_or_week_span(t: str, today: date) -> Span | None:
    """A single day ("today", "tomorrow", "yesterday"), a weekend or a calendar week."""
    yesterday = today - timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    if re.search(r"\b(today|tonight)\b", t):
        return Span(today, today, "today", True)
    if "tomorrow" in t:
        d = today + timedelta(days=1)
        return Span(d, d, "tomorrow", True)
    if "yesterday" in t:
        return Span(yesterday, yesterday, "yesterday", False)
    if re.search(r"\b(this|the)\s+weekend\b", t) or "next weekend" in t:
        sat = monday + timedelta(days=5 + (7 if "next weekend" in t else 0))
        if sat + timedelta(days=1) < today:
            sat += timedelta(days=7)
        return Span(max(sat, today), sat + timedelta(days=1), "the weekend", True)
    if "last weekend" in t:
        sat = monday - timedelta(days=2)
        return Span(sat, sat + timedelta(days=1), "last weekend", False)
    if re.search(r"\b(last|previous|past)\s+week\b", t):
        return Span(monday - timedelta(days=7), monday - timedelta(days=1), "last week", False)
    if re.search(r"\bnext\s+week\b", t):
        nxt = monday + timedelta(days=7)
        return Span(nxt, nxt + timedelta(days=6), "next week", True)
    if re.search(r"\b(this|current)\s+week\b|\bso far this week\b", t):
        if _sounds_future(t):
            return Span(today, monday + timedelta(days=6), "the rest of this week", True)
        return Span(monday, max(monday, yesterday), "this week so far", False)
    return None


def _month_or_year_span(t: str, today: date) -> Span | None:
    """Last, next or this calendar month, or last or this calendar year."""
    yesterday = today - timedelta(days=1)
    if re.search(r"\b(last|previous|past)\s+month\b", t):
        first = today.replace(day=1)
        prev_end = first - timedelta(days=1)
        return Span(prev_end.replace(day=1), prev_end, f"{prev_end:%B %Y}", False)
    if re.search(r"\bnext\s+month\b", t):
        y, m_ = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        s, e = _month_span(y, m_)
        return Span(s, e, f"{s:%B %Y}", True)
    if re.search(r"\b(this|current)\s+month\b|\bmonth to date\b|\bmtd\b", t):
        s, e = _month_span(today.year, today.month)
        if _sounds_future(t):
            return Span(today, e, "the rest of this month", True)
        return Span(s, max(s, yesterday), f"{s:%B} so far", False)
    if re.search(r"\b(last|previous)\s+year\b", t):
        return Span(
            date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), str(today.year - 1), False
        )
    if re.search(r"\b(this\s+year|year to date|ytd)\b", t):
        return Span(date(today.year, 1, 1), yesterday, f"{today.year} so far", False)
    return None


def named_month(month: int, today: date, t: str) -> Span:
    """A named month: this year's, the coming one when the question looks ahead, last year's
    when it says "last"."""
    year = today.year
    future = _sounds_future(t) or month > today.month
    if month < today.month and future:
        year += 1
    if month > today.month and not future:
        year -= 1
    if re.search(r"\blast\b", t):
        year = today.year - 1 if month >= today.month else today.year
        future = False
    s, e = _month_span(year, month)
    if year == today.year and month == today.month:
        if future:
            return Span(today, e, f"the rest of {s:%B}", True)
        return Span(s, today - timedelta(days=1), f"{s:%B} so far", False)
    return Span(s, e, f"{s:%B %Y}", s > today)


FUTURE = r"\b(will|going to|gonna|expect|forecast|predict|next|coming|upcoming|need|sell\s+over)\b"


def _sounds_future(t: str) -> bool:
    return re.search(FUTURE, t) is not None

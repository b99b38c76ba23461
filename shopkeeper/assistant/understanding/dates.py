"""Periods beyond the everyday phrasings of periods.py: explicit dates, months with a year,
years, the shop's calendar words (Black Friday, Christmas week, "since September"),
comparisons with last year, other languages, and follow-ups ("and the month before?").

Explicit dates go to `dateparser` (lazily imported: most questions name none) with the
shop's language first and the shop's day as the base, preferring dates in the past.
"""

from __future__ import annotations

import calendar as cal
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from shopkeeper.assistant.periods import MONTHS, Span, named_month, parse_period

MONTH_WORDS = {
    **MONTHS,
    "sept": 9,
    **{
        m: i + 1
        for i, ms in enumerate(
            [
                "januar enero",
                "februar febrero",
                "märz marz marzo",
                "april abril",
                "mai mayo",
                "juni junio",
                "juli julio",
                "august agosto",
                "september septiembre",
                "oktober octubre",
                "november noviembre",
                "dezember diciembre",
            ]
        )
        for m in ms.split()
    },
}
# Russian months decline ("в ноябре", "за октябрь"): matched by stem.
RU_STEMS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма[йяе]",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
MONTH_RX = (
    r"(?:"
    + "|".join(sorted((re.escape(m) for m in MONTH_WORDS if len(m) >= 3), key=len, reverse=True))
    + r")\b\.?|(?:"
    + "|".join(RU_STEMS)
    + r")\w*"
)
ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?({MONTH_RX})(?:\s+(?:de\s+)?(20\d\d))?"
    rf"|\b({MONTH_RX})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(20\d\d))?"
    r"|\b(\d{1,2})[./](\d{1,2})(?:[./](20\d\d|\d\d))?\b",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(rf"\b({MONTH_RX})\s*(?:de\s+|of\s+)?(20\d\d)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:in|for|during|of|im|en|в|за)?\s*(20[12]\d)\b", re.IGNORECASE)
BARE_MONTH = re.compile(
    rf"\b((?!may\b)(?:{MONTH_RX})|(?<=in )may\b|(?<=of )may\b)",
    re.IGNORECASE,
)
SINCE = re.compile(rf"\b(since|from|seit|desde|с)\s+({MONTH_RX})", re.IGNORECASE)
QUARTER = re.compile(r"\b(?:q([1-4])|(first|second|third|fourth|last) quarter)\b", re.IGNORECASE)
LAST_YEAR = re.compile(
    r"\b(vs\.?|versus|compared? (to|with)|against|than|over)\s+(the same (period|time|days) )?"
    r"(last|a) year\b|\blast year'?s?\b.*\b(compare|vs|versus|than)\b|\byear[- ]on[- ]year\b"
    r"|\byoy\b|\ba year (ago|earlier|before)\b|\bsame (time|period|days|week|month) last year\b"
    r"|\bvs\.?\s+last\s+(" + MONTH_RX + r")\w*|\bvorjahr|\baño pasado\b.*\bcompar",
    re.IGNORECASE,
)
RELATIVE = [  # other languages' everyday periods -> the English phrase periods.py reads
    (
        r"letzte[nr]? monat|vorigen monat|vergangenen monat|mes pasado|прошл\w+ месяц\w*",
        "last month",
    ),
    (r"letzte woche|vergangene woche|semana pasada|прошл\w+ недел\w*", "last week"),
    (r"diese[nr]? woche|esta semana|эт\w+ недел\w*", "this week"),
    (
        r"nächste woche|naechste woche|próxima semana|semana que viene|следующ\w+ недел\w*",
        "next week",
    ),
    (r"nächste[nr]? monat|próximo mes|mes que viene|следующ\w+ месяц\w*", "next month"),
    (r"diese[nr]? monat|este mes|эт\w+ месяц\w*", "this month"),
    (r"dieses jahr|este año|эт\w+ год\w*", "this year"),
    (r"letztes jahr|año pasado|прошл\w+ год\w*", "last year"),
    (r"\bheute\b|\bhoy\b|сегодня", "today"),
    (r"\bgestern\b|\bayer\b|вчера", "yesterday"),
    (r"\bmorgen\b|mañana|завтра", "tomorrow"),
    (r"weihnachten|navidad|рождеств\w*", "christmas"),
]


EVES = (
    (r"\b(christmas|xmas) eve\b|heiligabend|nochebuena|сочельник", 12, 24),
    (r"\bnew year'?s eve\b|silvester|nochevieja", 12, 31),
    (r"\bboxing day\b", 12, 26),
    (r"\b(christmas|xmas) day\b", 12, 25),
)


@dataclass(frozen=True)
class PeriodSlot:
    """The period a question names, and whether it compares with the same dates last year."""

    span: Span | None
    compare_last_year: bool = False


def read_period(text: str, today: date, languages: tuple[str, ...] = ("en",)) -> PeriodSlot:
    """The period in `text` (None when it names none) and the "vs last year" flag."""
    low = text.lower()
    compare = bool(LAST_YEAR.search(low))
    if compare:  # "this November vs last November": the first period, compared a year back
        low = re.split(r"\b(?:vs\.?|versus|compared? (?:to|with)|against|than)\b", low)[0]
    for pattern, english in RELATIVE:
        low = re.sub(pattern, english, low)
    span = _explicit(low, today, languages) or _calendar_words(low, today)
    if span is None:
        span = parse_period(low, today)
    if span is None and compare:
        span = Span(
            date(today.year, 1, 1), today - timedelta(days=1), f"{today.year} so far", False
        )
    return PeriodSlot(span, compare)


def _explicit(t: str, today: date, languages: tuple[str, ...]) -> Span | None:
    if m := ISO.search(t):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return Span(d, d, f"{d:%a %d %b %Y}", d >= today)
    if (m := DAY_MONTH.search(t)) and (day := _parse_day(m.group(0), today, languages)):
        return Span(day, day, f"{day:%a %d %b %Y}", day >= today)
    if m := MONTH_YEAR.search(t):
        month, year = _month(m[1]), int(m[2])
        if month:
            start = date(year, month, 1)
            end = date(year, month, cal.monthrange(year, month)[1])
            return Span(start, end, f"{start:%B %Y}", start >= today)
    if m := SINCE.search(t):
        month = _month(m[2])
        if month:
            year = today.year if month <= today.month else today.year - 1
            start = date(year, month, 1)
            return Span(start, today - timedelta(days=1), f"since {start:%B %Y}", False)
    if m := QUARTER.search(t):
        return _quarter(m, today)
    if (m := YEAR.search(t)) and not re.search(r"\d\s*(%|€|\$|eur)", t):
        year = int(m[1])
        if 2010 <= year <= today.year + 1:
            end = min(date(year, 12, 31), today - timedelta(days=1))
            return Span(date(year, 1, 1), end, str(year), date(year, 1, 1) > today)
    if m := BARE_MONTH.search(t):
        month = _month(m[1])
        if month:
            return named_month(month, today, t)
    return None


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in MONTH_WORDS:
        return MONTH_WORDS[w]
    return next((i + 1 for i, stem in enumerate(RU_STEMS) if re.match(stem, w)), None)


def _parse_day(phrase: str, today: date, languages: tuple[str, ...]) -> date | None:
    import dateparser  # about 0.1 s, and only questions naming a day need it

    found = dateparser.parse(
        phrase,
        languages=list(dict.fromkeys([*languages, "en", "de", "es", "ru"])),
        settings={
            "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return found.date() if found else None


def _quarter(m: re.Match[str], today: date) -> Span:
    current = (today.month - 1) // 3 + 1
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    q = int(m[1]) if m[1] else words.get(m[2].lower(), current - 1 or 4)
    year = today.year if q <= current else today.year - 1
    if m[2] and m[2].lower() == "last" and current == 1:
        year = today.year - 1
    start = date(year, 3 * q - 2, 1)
    end = date(year, 3 * q, cal.monthrange(year, 3 * q)[1])
    future = start > today
    end = end if future else min(end, today - timedelta(days=1))
    return Span(start, end, f"Q{q} {year}", future)


def black_friday(year: int) -> date:
    """The day after the fourth Thursday of November."""
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def _calendar_words(t: str, today: date) -> Span | None:
    ahead = re.search(r"\b(will|next|coming|expect|forecast|going to|plan)\b", t) is not None
    back = re.search(r"\b(last|previous|did|was|were|sold|made)\b", t) is not None
    if "black friday" in t or "cyber monday" in t:
        extra = timedelta(days=3 if "cyber monday" in t else 0)
        year = today.year - 1 if re.search(r"\blast year|\ba year ago", t) else today.year
        if black_friday(year) + extra >= today and not ahead:
            year -= 1
        elif black_friday(year) + extra < today and ahead:
            year += 1
        d = black_friday(year) + extra
        name = "Cyber Monday" if "cyber" in t else "Black Friday"
        return Span(d, d, f"{name} {d:%d %b %Y}", d >= today)
    for words, month, day_ in EVES:
        if re.search(words, t):
            year = today.year - 1 if back and not ahead else today.year
            d = date(year, month, day_)
            if d < today and not back:
                d = date(year + 1, month, day_)
            return Span(d, d, f"{d:%a %d %b %Y}", d >= today)
    if re.search(r"\b(christmas|xmas) week\b|\bweek of (christmas|xmas)\b", t):
        year = today.year - 1 if back and not ahead else today.year
        if date(year, 12, 27) < today and not back:
            year += 1
        xmas = date(year, 12, 25)
        monday = xmas - timedelta(days=xmas.weekday())
        start, end = monday, monday + timedelta(days=6)
        future = end >= today
        return Span(max(start, today) if future else start, end, f"Christmas week {year}", future)
    if back and re.search(r"\b(last|previous) (christmas|xmas)\b", t):
        year = today.year - 1 if today < date(today.year, 12, 27) else today.year
        return Span(date(year, 12, 18), date(year, 12, 26), f"Christmas {year}", False)
    return None


def shift_back(span: Span, text: str, today: date) -> Span | None:
    """The period before `span` for "and the month/week/year/day before?", else None."""
    t = text.lower()
    if not re.search(r"\b(before|earlier|prior|previous|vorher|davor|anterior|до этого)\b", t):
        return None
    days = (span.end - span.start).days + 1
    if re.search(r"\byear\b", t):
        s, e = _years_back(span.start), _years_back(span.end)
    elif re.search(r"\bmonth\b", t) or (span.start.day == 1 and days >= 28):
        e = span.start.replace(day=1) - timedelta(days=1)
        s = e.replace(day=1)
    else:
        step = 7 if re.search(r"\bweek\b", t) or days == 7 else days
        s, e = span.start - timedelta(days=step), span.end - timedelta(days=step)
    label = (
        f"{s:%B %Y}"
        if s.day == 1 and e.month == s.month and e.day >= 28
        else (f"{s:%d %b %Y} to {e:%d %b %Y}")
    )
    return replace(span, start=s, end=e, label=label, future=s >= today)


def _years_back(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d - timedelta(days=365)

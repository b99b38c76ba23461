"""Periods as shop owners say them, on a fixed Friday 27 November 2026."""

from datetime import date

import pytest

from shopkeeper.assistant.periods import parse_period

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "start", "end", "future"),
    [
        ("how were sales last month", date(2026, 10, 1), date(2026, 10, 31), False),
        ("sales last week", date(2026, 11, 16), date(2026, 11, 22), False),
        ("sales this week", date(2026, 11, 23), date(2026, 11, 26), False),
        ("what will we sell next week", date(2026, 11, 30), date(2026, 12, 6), True),
        ("forecast for the next 2 weeks", date(2026, 11, 27), date(2026, 12, 10), True),
        ("next ten days", date(2026, 11, 27), date(2026, 12, 6), True),
        ("the last 30 days", date(2026, 10, 28), date(2026, 11, 26), False),
        ("past three weeks", date(2026, 11, 6), date(2026, 11, 26), False),
        ("how will oat milk sell over Christmas?", date(2026, 12, 18), date(2026, 12, 26), True),
        ("over the festive season", date(2026, 12, 18), date(2027, 1, 1), True),
        ("for Easter", date(2027, 3, 21), date(2027, 3, 29), True),
        ("yesterday", date(2026, 11, 26), date(2026, 11, 26), False),
        ("tomorrow", date(2026, 11, 28), date(2026, 11, 28), True),
        ("this weekend", date(2026, 11, 28), date(2026, 11, 29), True),
        ("sales in October", date(2026, 10, 1), date(2026, 10, 31), False),
        ("how will we do in December", date(2026, 12, 1), date(2026, 12, 31), True),
        ("next month", date(2026, 12, 1), date(2026, 12, 31), True),
        ("sales this month", date(2026, 11, 1), date(2026, 11, 26), False),
        ("sales last year", date(2025, 1, 1), date(2025, 12, 31), False),
        ("year to date", date(2026, 1, 1), date(2026, 11, 26), False),
        ("over the next fortnight", date(2026, 11, 27), date(2026, 12, 10), True),
    ],
)
def test_period_phrasings(text: str, start: date, end: date, future: bool) -> None:
    span = parse_period(text, TODAY)
    assert span is not None
    assert (span.start, span.end, span.future) == (start, end, future)


def test_no_period_named() -> None:
    assert parse_period("what should I reorder", TODAY) is None

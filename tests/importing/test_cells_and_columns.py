"""Numbers, dates and yes/no as shops write them; the column-name tables stay unambiguous."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from shopkeeper.core.importing import KINDS, describe_columns
from shopkeeper.core.importing.cells import parse_dates, parse_flags, parse_numbers, to_number
from shopkeeper.core.importing.columns import COLUMNS
from shopkeeper.core.importing.headers import header_key, match_headers


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1.234,50", ",", 1234.5),
        ("1.234,50", ".", 1234.5),
        ("1,234.50", ",", 1234.5),
        ("3,5", ".", 3.5),
        ("1.234", ",", 1234.0),
        ("1.234", ".", 1.234),
        ("1,234", ".", 1234.0),
        ("1.234.567", ".", 1234567.0),
        ("€ 12,00", ",", 12.0),
        ("$1,299.00", ".", 1299.0),
        ("12.50 EUR", ".", 12.5),
        ("(2.00)", ".", -2.0),
        ("5-", ".", -5.0),
        ("1'234.50", ".", 1234.5),
        ("\u22123", ".", -3.0),
    ],
)
def test_numbers_as_exports_write_them(text, decimal, value):
    assert to_number(text, decimal) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5", "nan", "inf", "--1"])
def test_text_that_is_not_a_number(text):
    assert math.isnan(to_number(text, "."))


def test_a_column_shows_its_decimal_mark_even_in_a_comma_delimited_file():
    values = pd.Series(["2,50", "1.234,00", "3"], dtype="str")
    assert parse_numbers(values, ".").tolist() == [2.5, 1234.0, 3.0]


def _dates(values: list[str | None], dayfirst: bool = True) -> list[str]:
    out = parse_dates(pd.Series(values, dtype="str"), dayfirst)
    return [str(v)[:19] if not np.isnat(v) else "NaT" for v in out]


def test_date_styles():
    assert _dates(
        [
            "2025-03-01",
            "2025-03-01 14:05:09",
            "01.03.2025",
            "1.3.25",
            "01/03/2025 2:05 PM",
            "2025/03/01",
            "1 Mar 2025",
            "2025-03-01T14:05:09+01:00",
            None,
        ]
    ) == [
        "2025-03-01T00:00:00",
        "2025-03-01T14:05:09",
        "2025-03-01T00:00:00",
        "2025-03-01T00:00:00",
        "2025-03-01T14:05:00",
        "2025-03-01T00:00:00",
        "2025-03-01T00:00:00",
        "2025-03-01T14:05:09",
        "NaT",
    ]


def test_impossible_dates_are_not_dates():
    assert _dates(["31.02.2025", "2025-13-01", "00.01.2025", "01.01.0025", "soon"]) == ["NaT"] * 5


def test_month_first_when_told():
    assert _dates(["03/04/2025"], dayfirst=False) == ["2025-03-04T00:00:00"]


def test_yes_no_words():
    words = ["yes", "No", "TRUE", "false", "1", "0", "ja", "Nein", "y", "n", "Subscribed", "maybe"]
    assert parse_flags(pd.Series(words, dtype="str")).tolist() == [
        True, False, True, False, True, False, True, False, True, False, True, None
    ]  # fmt: skip


def test_header_comparison_ignores_case_spacing_punctuation_and_units():
    assert header_key(" Unit-Price (€) ") == header_key("unit price") == "unitprice"
    assert header_key("Stück") == "stuck"


@pytest.mark.parametrize("kind", KINDS)
def test_no_header_name_means_two_columns_of_one_kind(kind):
    seen: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for name in (*column.names, *column.weak):
            key = header_key(name)
            assert seen.setdefault(key, column.name) == column.name, (kind, name)


@pytest.mark.parametrize("kind", KINDS)
def test_each_canonical_name_finds_its_own_column(kind):
    labels = [c.names[0] if c.names else c.weak[0] for c in COLUMNS[kind]]
    match = match_headers(kind, labels)
    assert match.positions == {c.name: i for i, c in enumerate(COLUMNS[kind])}


def test_describe_columns_lists_every_kind_and_what_it_needs():
    text = describe_columns()
    for kind in KINDS:
        assert f"{kind}:" in text
    assert "  quantity — needed (also: qty, units, menge" in text
    assert describe_columns("stock").startswith("stock:\n  sku — needed")

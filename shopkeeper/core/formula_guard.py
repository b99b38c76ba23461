"""Spreadsheet formulas hidden in text cells ("CSV injection").

A cell such as ``=cmd|' /C calc'!A0`` or ``@SUM(A1:A9)`` is run as a formula when a
spreadsheet opens the file. No till, web shop or supplier export writes one into an
identifier, so the importer refuses it (`looks_like_formula`), and every CSV/XLSX file
shopkeeper writes passes its text cells through `safe_cell`, which makes such a cell plain
text. Phone numbers ("+49 30 555 1234"), returns ("-2") and notes ("- two boxes") are not
formulas and pass unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# "=..." is always a formula; "@" starts one when a name follows; "+" and "-" only when a
# function, a cell reference, a pipe (DDE) or an "=" follows, so signed numbers stay numbers.
_FORMULA = re.compile(
    r"""^[\t\r\n ]*(?:
        =.
      | @[A-Za-z_]
      | [+\-]\s*(?:[A-Za-z_][\w.]*\s*[(!|]|\$?[A-Za-z]{1,3}\$?\d+\b|.*[=|])
    )""",
    re.VERBOSE | re.DOTALL,
)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run this text as a formula.

    >>> looks_like_formula("=cmd|' /C calc'!A0"), looks_like_formula("+49 30 555 1234")
    (True, False)
    """
    return bool(_FORMULA.match(text))


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will show it and never run it.

    Text that looks like a formula gets a leading apostrophe, the mark spreadsheets read
    as "this is text"; everything else (numbers, dates, plain text) is returned as it is.
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """`safe_cell` over one row, for `csv.writer.writerow` and openpyxl's `append`."""
    return [safe_cell(v) for v in values]

"""Reading a CSV or XLSX export into a table of text cells, whatever its encoding,
delimiter or preamble, keeping each row's number as a spreadsheet shows it."""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from shopkeeper.core.importing.columns import COLUMNS
from shopkeeper.core.importing.headers import header_key
from shopkeeper.core.importing.report import Problem

_DELIMITERS = [",", ";", "\t", "|"]
_HEADER_SEARCH = 20  # title lines some exports put above the header
_BINARY_SHARE = 0.01  # control characters in a text export: practically none
_SAMPLE = 100_000  # characters looked at to tell text from binary data
_KNOWN = {header_key(n) for cols in COLUMNS.values() for c in cols for n in (*c.names, *c.weak)}


class UnreadableFile(Exception):
    """The file is not a table shopkeeper can read; the message says why in plain words."""


@dataclass
class RawTable:
    """A file's header and cells, all text, stripped, "" for blank.

    Attributes:
        headers: Header cells as written (stripped).
        frame: One column per header position (0, 1, ...), str dtype; blank rows removed.
        rows: File row number of each row of `frame` (header row + 1 for the first).
        decimal: The decimal mark a number without other clues uses ("," for ';' files).
        notes: How the file was read, for the report.
        problems: Rows that could not be split into the header's columns.
    """

    headers: list[str]
    frame: pd.DataFrame
    rows: np.ndarray
    decimal: str = "."
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path) -> RawTable:
    """Read a CSV (any common delimiter and encoding) or XLSX file.

    Raises:
        UnreadableFile: for an old .xls file, an empty, binary or damaged file, or any other
            content the CSV and XLSX readers refuse; the message says which, in plain words.
    """
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(path)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("this is an old Excel .xls file; save it as .xlsx or CSV first")
    text, encoding = _decode(data)
    if not text.strip():
        raise UnreadableFile("the file is empty")
    _check_text(text)
    try:
        return _read_text(text, encoding)
    except (csv.Error, pd.errors.ParserError, ValueError) as exc:
        # Whatever else the parsers refuse is still a report, not a crash.
        raise UnreadableFile(f"the file could not be read as a table ({exc})") from exc


def _read_text(text: str, encoding: str) -> RawTable:
    lines = text.splitlines()[: _HEADER_SEARCH + 10]
    delimiter = _sniff_delimiter(lines)
    header_idx = _header_index([_split_line(line, delimiter) for line in lines])
    table = _parse_csv(text, delimiter, header_idx)
    table.decimal = "," if delimiter == ";" else "."
    if encoding not in ("utf-8", "utf-8-sig"):
        table.notes.append(f"Read as {encoding} text (not UTF-8).")
    return table


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _check_text(text: str) -> None:
    """Refuse binary data and NUL bytes, which no till or spreadsheet writes into a CSV."""
    sample = text[:_SAMPLE]
    control = sum(1 for ch in sample if ch not in "\t\n\r\x00" and unicodedata.category(ch) == "Cc")
    if control > _BINARY_SHARE * len(sample) or sample.count("\ufffd") > _BINARY_SHARE * len(
        sample
    ):
        raise UnreadableFile(
            "this is not a text file (it holds binary data); export the data from your till "
            "or spreadsheet as CSV or XLSX and import that"
        )
    if "\x00" in text:
        where = [f"line {i}" for i, line in enumerate(text.splitlines(), 1) if "\x00" in line]
        shown = " and ".join(where) if len(where) <= 2 else f"{', '.join(where[:3])} and others"
        verb = "holds" if len(where) == 1 else "hold"
        raise UnreadableFile(
            f"{shown} {verb} NUL (zero) bytes, which a CSV export never has: the file looks "
            "damaged; export it again"
        )


def _split_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most, and most even, columns."""
    sample = [line for line in lines if line.strip()][:_HEADER_SEARCH]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        widths = [len(_split_line(line, delimiter)) for line in sample]
        typical = max(set(widths), key=widths.count)
        if typical < 2:
            continue
        score = (widths.count(typical), typical)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_index(rows: list[list[str]]) -> int:
    """The first row naming two known columns; else the first non-blank row."""
    first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), 0)
    for i, row in enumerate(rows[:_HEADER_SEARCH]):
        if len({header_key(c) for c in row} & _KNOWN) >= 2:
            return i
    return first


def _parse_csv(text: str, delimiter: str, header_idx: int) -> RawTable:
    problems: list[Problem] = []
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            skiprows=header_idx,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError:
        # Some row has more cells than the header: read slowly, but keep every row's number.
        frame, problems = _parse_ragged(text, delimiter, header_idx)
    except pd.errors.EmptyDataError as exc:
        raise UnreadableFile("the file has no rows") from exc
    headers = [str(h).strip().lstrip("\ufeff") for h in frame.iloc[0].fillna("")]
    body = frame.iloc[1:].reset_index(drop=True)
    return _finish(headers, body, first_row=header_idx + 2, problems=problems)


def _parse_ragged(text: str, delimiter: str, header_idx: int) -> tuple[pd.DataFrame, list[Problem]]:
    # Universal newlines: a file with bare carriage returns (old Mac exports) reads by line.
    records = list(csv.reader(io.StringIO(text, newline=None), delimiter=delimiter))[header_idx:]
    width = len(records[0])
    problems = [
        Problem(header_idx + 1 + i, "", f"row has {len(r)} cells but the header has {width}")
        for i, r in enumerate(records)
        if len(r) > width and any(c.strip() for c in r[width:])
    ]
    padded = [(r + [""] * width)[:width] for r in records]
    return pd.DataFrame(padded, dtype=str), problems


def _read_xlsx(path: Path) -> RawTable:
    try:
        sheet = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise UnreadableFile(
            f"the Excel file is damaged or incomplete ({exc}); open it in your spreadsheet, "
            "save it again as .xlsx or CSV and import that"
        ) from exc
    if sheet.empty:
        raise UnreadableFile("the first sheet of the workbook is empty")
    cells = sheet.map(_cell_text)
    header_idx = _header_index(cells.head(_HEADER_SEARCH).values.tolist())
    headers = [str(h) for h in cells.iloc[header_idx]]
    body = cells.iloc[header_idx + 1 :].reset_index(drop=True).astype(str)
    # pandas keeps the sheet's row positions (blank rows included), so numbers match Excel.
    table = _finish(headers, body, first_row=int(sheet.index[0]) + header_idx + 2, problems=[])
    table.notes.append("Read the first sheet of the workbook.")
    return table


def _cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Whole numbers (barcodes, quantities) lose Excel's ".0".
        return str(int(value)) if value.is_integer() and abs(value) < 1e18 else repr(value)
    return str(value).strip()


def _finish(
    headers: list[str], body: pd.DataFrame, first_row: int, problems: list[Problem]
) -> RawTable:
    body = body.reindex(columns=range(len(headers)), fill_value="")
    body.columns = pd.RangeIndex(len(headers))
    for col in body.columns:
        body[col] = body[col].fillna("").astype(str).str.strip()
    rows = np.arange(first_row, first_row + len(body))
    filled = body.ne("").any(axis=1).to_numpy() if len(body.columns) else np.zeros(len(body), bool)
    return RawTable(
        headers=headers,
        frame=body.loc[filled].reset_index(drop=True),
        rows=rows[filled],
        problems=problems,
    )

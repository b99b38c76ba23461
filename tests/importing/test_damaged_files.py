"""Damaged or foreign files get a report saying what is wrong, never an error id."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from shopkeeper.cli import main

HEAD = (
    "{name} (unknown): 0 rows read.\nNothing was imported; the database is unchanged.\n"
    "Problems:\n  "
)


def _xlsx() -> bytes:
    buf = io.BytesIO()
    frame = pd.DataFrame({"date": ["2026-11-26"], "sku": ["OAT-1L"], "qty": [3]})
    frame.to_excel(buf, index=False)
    return buf.getvalue()


def damaged_files() -> dict[str, tuple[bytes, str]]:
    """name -> (content, the report's last line)."""
    noise = np.random.default_rng(3).integers(0, 256, 300_000, dtype=np.uint8).tobytes()
    xlsx = _xlsx()
    return {
        "noise.csv": (
            noise,
            "this is not a text file (it holds binary data); export the data from your till or "
            "spreadsheet as CSV or XLSX and import that",
        ),
        "zeros.csv": (
            b"date,sku,qty\n2026-11-26,OAT\x00-1L,3\n\x00\x00\x00\n2026-11-26,CRO,5\n",
            "line 2 and line 3 hold NUL (zero) bytes, which a CSV export never has: the file "
            "looks damaged; export it again",
        ),
        "half.xlsx": (
            xlsx[: len(xlsx) // 2],
            "the Excel file is damaged or incomplete (File is not a zip file); open it in your "
            "spreadsheet, save it again as .xlsx or CSV and import that",
        ),
    }


# Old Mac line ends (bare carriage returns) and a row with more cells than the header.
RAGGED_CR = b"date,sku,qty\r26.11.2026,OAT-1L,3\r26.11.2026,CRO,5,7,8\r"


@pytest.mark.parametrize("name", sorted(damaged_files()))
def test_a_damaged_file_gets_a_report(shop, tmp_path: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    content, problem = damaged_files()[name]
    (tmp_path / name).write_bytes(content)
    code = main(["import", str(tmp_path / name)], settings=shop.settings)
    captured = capsys.readouterr()
    assert (code, captured.err) == (2, "")
    assert captured.out == HEAD.format(name=name) + problem + "\n"


def test_bare_carriage_returns_and_a_ragged_row_are_read_line_by_line(
    shop, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mac.csv").write_bytes(RAGGED_CR)
    code = main(["import", str(tmp_path / "mac.csv")], settings=shop.settings)
    captured = capsys.readouterr()
    assert (code, captured.err) == (2, "")
    assert "Nothing was imported; the database is unchanged." in captured.out
    assert "  row 3: row has 5 cells but the header has 3" in captured.out

"""The command line as a shop owner uses it: import, scan, proposals, approve."""

import hashlib
from pathlib import Path

from shopkeeper.cli import main

GOOD = """date;sku;qty;price;receipt
26.11.2026;OAT-1L;3;2,49;R1
26.11.2026;CRO;5;1,20;R1
"""
BAD = """date;sku;qty;price;receipt
26.11.2026;OAT-1L;3;2,49;R1
31.02.2026;CRO;5;1,20;R2
26.11.2026;CRO;five;1,20;R3
26.11.2026;NOPE-1;1;1,00;R4
"""


def _db(shop) -> str:  # type: ignore[no-untyped-def]
    return shop.settings.db_url.removeprefix("sqlite:///")


def test_malformed_sales_file_changes_nothing_and_reports_every_bad_row(
    shop, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = _db(shop)
    shop.engine.dispose()
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    (tmp_path / "bad.csv").write_text(BAD)
    assert main(["--db", db, "import", str(tmp_path / "bad.csv")], settings=shop.settings) == 2
    out = capsys.readouterr().out
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before
    assert "row 3" in out and "row 4" in out and "row 5" in out
    assert "row 2," not in out


def test_importing_the_same_sales_file_twice_adds_nothing(shop, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = _db(shop)
    (tmp_path / "good.csv").write_text(GOOD)
    assert main(["--db", db, "import", str(tmp_path / "good.csv")], settings=shop.settings) == 0
    first = capsys.readouterr().out
    assert "2 added" in first
    assert "Forecasts updated" in first and "Stock-out scan" in first
    assert main(["--db", db, "import", str(tmp_path / "good.csv")], settings=shop.settings) == 0
    assert "0 added" in capsys.readouterr().out


def test_scan_then_approve_from_the_command_line(shop, capsys) -> None:  # type: ignore[no-untyped-def]
    db = _db(shop)
    assert main(["--db", db, "scan"], settings=shop.settings) == 0
    out = capsys.readouterr().out
    assert "Oat Milk Barista 1L" in out and "Proposal #" in out
    pid = int(out.split("Proposal #")[1].split(":")[0])
    assert (
        main(
            ["--db", db, "approve", str(pid), "--as", "Staff Sam", "--role", "staff"],
            settings=shop.settings,
        )
        == 1
    )
    assert "Only owner or manager" in capsys.readouterr().out
    assert main(["--db", db, "approve", str(pid), "--as", "Ana"], settings=shop.settings) == 0
    assert "approved by Ana" in capsys.readouterr().out
    assert main(["--db", db, "approve", str(pid), "--as", "Ana"], settings=shop.settings) == 1
    assert "already approved by Ana" in capsys.readouterr().out

"""One import, start to end: read, tell the kind, check every row, then write all of it
in one transaction — or write nothing at all."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Table, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from tqdm import tqdm

from shopkeeper.core.importing.checks import Checked
from shopkeeper.core.importing.column_help import required_text
from shopkeeper.core.importing.columns import COLUMNS
from shopkeeper.core.importing.headers import HeaderMatch, detect_kind, match_headers
from shopkeeper.core.importing.limits import Limits
from shopkeeper.core.importing.load_campaigns import write_campaigns
from shopkeeper.core.importing.load_catalog import write_products, write_stock, write_suppliers
from shopkeeper.core.importing.load_competitors import write_competitor_prices
from shopkeeper.core.importing.load_customers import write_customers
from shopkeeper.core.importing.load_deliveries import write_deliveries
from shopkeeper.core.importing.load_feedback import write_feedback
from shopkeeper.core.importing.load_offers import write_supplier_offers
from shopkeeper.core.importing.load_sales import write_sales
from shopkeeper.core.importing.reader import RawTable, UnreadableFile, read_table
from shopkeeper.core.importing.report import ImportReport, Problem
from shopkeeper.core.importing.validate import Catalog, validate
from shopkeeper.core.importing.writing import T, Written
from shopkeeper.core.quality import DataCheck, check_store, summary_lines
from shopkeeper.core.store.storage_errors import storage_problem

_NEEDS_CATALOG = {"sales", "stock", "deliveries", "competitor_prices", "supplier_offers"}


def import_file(
    engine: Engine,
    path: str | Path,
    kind: str | None = None,
    *,
    skip_bad_rows: bool = False,
    progress: bool = False,
    now: datetime | None = None,
    actor: str = "import",
    limits: Limits | None = None,
    data_check: DataCheck | None = None,
) -> ImportReport:
    """Import a shop's CSV/XLSX export into the database.

    The whole file is checked first. If any row has a problem and `skip_bad_rows` is
    False, nothing is written (the database is not even opened for writing). Otherwise the
    good rows are written in one transaction; any database error rolls all of it back.
    Importing the same file again changes nothing.

    Args:
        engine: The shop's database.
        path: A .csv (any common delimiter/encoding) or .xlsx file.
        kind: sales, products, suppliers, stock, customers, deliveries,
            competitor_prices, feedback or campaigns; None to tell it from the header.
        skip_bad_rows: Write the good rows and list the bad ones instead of refusing the file.
        progress: Show a progress bar in the terminal.
        now: The import's time (audit, consent changes, stock counts without a date).
        actor: Who imports, for the audit log.
        limits: The largest quantities and amounts a row may hold (defaults: `Limits()`).
        data_check: Run the data-quality check after an import that changed the data and
            add its summary to the report.

    Returns:
        The report: counts, every problem with row and column, and whether it was written.

    Raises:
        ValueError: `kind` is not one of the known kinds.
    """
    path = Path(path)
    if kind is not None and kind not in COLUMNS:
        raise ValueError(f"unknown kind '{kind}'; use one of: {', '.join(COLUMNS)}")
    now = now or datetime.now()
    try:
        table = read_table(path)
    except UnreadableFile as exc:
        return ImportReport(kind or "unknown", path.name, problems=[Problem(None, "", str(exc))])
    match, refusal = _match(table, kind, path.name)
    if refusal is not None:
        return refusal
    assert match is not None
    checked, good = _check(engine, table, match, limits, progress)
    base = _base_fields(path, table, match, checked, good)
    if checked.problems and not skip_bad_rows:
        return ImportReport(**base, committed=False)
    report = _commit(engine, path, checked, good, base, now, actor, progress)
    if data_check is not None and report.changed:
        report = _with_quality(engine, report, data_check)
    return report


def _check(
    engine: Engine, table: RawTable, match: HeaderMatch, limits: Limits | None, progress: bool
) -> tuple[Checked, pd.DataFrame]:
    """Every row of the file checked, and the good rows; reads the database, never writes."""
    with tqdm(total=1, desc=f"Checking {match.kind}", unit="file", disable=not progress) as bar:
        catalog = _read_catalog(engine) if match.kind in _NEEDS_CATALOG else Catalog()
        checked = validate(table, match, catalog, limits)
        good = checked.good()
        bar.update()
    return checked, good


def _commit(
    engine: Engine,
    path: Path,
    checked: Checked,
    good: pd.DataFrame,
    base: dict[str, Any],
    now: datetime,
    actor: str,
    progress: bool,
) -> ImportReport:
    """The good rows and the audit entry written in one transaction, and the report of it.

    A database error rolls the whole transaction back; the report then says so and is not
    committed.
    """
    try:
        with engine.begin() as conn:
            written = _write(conn, checked, good, now, progress) if len(good) else Written()
            report = ImportReport(
                **base,
                committed=True,
                rows_added=written.added,
                rows_updated=written.updated,
                rows_unchanged=written.unchanged,
                rows_skipped=int(checked.bad.sum()),
                created={k: v for k, v in written.created.items() if v},
            )
            if report.changed:
                _record(conn, report, path, now, actor)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        said = storage_problem(exc, engine.url.render_as_string(hide_password=False))
        problem = Problem(
            None, "", said or f"the database refused the import ({reason}); nothing was changed"
        )
        return ImportReport(**{**base, "problems": [*base["problems"], problem]}, committed=False)
    return report


def _with_quality(engine: Engine, report: ImportReport, data_check: DataCheck) -> ImportReport:
    """The report with the data-quality check's summary of the shop's data added."""
    with Session(engine) as session:
        found = check_store(session, data_check.today, data_check.country)
    return replace(report, quality=summary_lines(found))


def _match(
    table: RawTable, kind: str | None, filename: str
) -> tuple[HeaderMatch | None, ImportReport | None]:
    """The header's columns for `kind` (or the detected kind), or a report refusing the file."""
    found = ", ".join(h for h in table.headers if h) or "none"
    rows = len(table.frame)
    if kind is None:
        kind, tied = detect_kind(table.headers)
        if kind is None:
            why = (
                f"it could be {' or '.join(tied)}; say which"
                if tied
                else "its columns don't match any kind"
            )
            message = (
                f"Could not tell what this file holds: {why}. Columns found: {found}. "
                f"Each kind needs these columns:\n{required_text()}"
            )
            return None, ImportReport(
                "unknown", filename, rows_read=rows, problems=[Problem(None, "", message)]
            )
    match = match_headers(kind, table.headers)
    if match.missing:
        labels = {c.name: c.label for c in COLUMNS[kind]}
        missing = ", ".join(labels[m] for m in match.missing)
        message = (
            f"A {kind} file needs the column(s): {missing}. Columns found: {found}. "
            f"Rename the header (see the list of accepted names) and import again."
        )
        return None, ImportReport(
            kind, filename, rows_read=rows, problems=[Problem(None, "", message)]
        )
    return match, None


def _read_catalog(engine: Engine) -> Catalog:
    """Known SKUs and prices; a plain read that never writes to the database."""
    products = T["products"]
    with engine.connect() as conn:
        rows = conn.execute(select(products.c.sku, products.c.price)).all()
    return Catalog(prices={sku: float(price) for sku, price in rows})


def _base_fields(
    path: Path, table: RawTable, match: HeaderMatch, checked: Checked, good: pd.DataFrame
) -> dict[str, Any]:
    used = set(match.positions.values())
    fields: dict[str, Any] = {
        "kind": match.kind,
        "filename": path.name,
        "rows_read": len(table.frame),
        "problems": checked.problems,
        "ignored_columns": [h for i, h in enumerate(table.headers) if h and i not in used],
        "notes": checked.notes,
    }
    if "sku" in good and len(good):
        fields["skus"] = sorted(good["sku"].dropna().unique().tolist())
    if match.kind == "sales" and len(good):
        fields["returns"] = int((good["quantity"] < 0).sum())
        fields["date_from"] = good["date"].min().date()
        fields["date_to"] = good["date"].max().date()
    return fields


def _write(
    conn: Connection, checked: Checked, good: pd.DataFrame, now: datetime, progress: bool
) -> Written:
    if checked.kind == "sales":
        return write_sales(conn, good, checked.extra["new_products"], progress=progress)
    if checked.kind == "products":
        return write_products(conn, good, checked.present)
    if checked.kind == "suppliers":
        return write_suppliers(conn, good)
    if checked.kind == "stock":
        return write_stock(conn, good, now)
    if checked.kind == "customers":
        return write_customers(conn, good, now)
    if checked.kind == "competitor_prices":
        return write_competitor_prices(conn, good)
    if checked.kind == "supplier_offers":
        return write_supplier_offers(conn, good)
    if checked.kind == "feedback":
        return write_feedback(conn, good)
    if checked.kind == "campaigns":
        return write_campaigns(conn, good)
    return write_deliveries(conn, good)


def _record(conn: Connection, report: ImportReport, path: Path, now: datetime, actor: str) -> None:
    """One audit entry and one import batch for an import that changed the data."""
    with path.open("rb") as fh:
        sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
    audit: Table = T["audit_log"]
    batches: Table = T["import_batches"]
    details = {
        "file": report.filename,
        "rows_read": report.rows_read,
        "added": report.rows_added,
        "updated": report.rows_updated,
        "unchanged": report.rows_unchanged,
        "skipped": report.rows_skipped,
        "returns": report.returns,
        "created": report.created,
        "sha256": sha256,
    }
    conn.execute(
        insert(audit).values(
            at=now,
            actor=actor,
            action="import",
            subject=f"{report.kind}:{report.filename}"[:120],
            details=details,
        )
    )
    conn.execute(
        insert(batches).values(
            at=now,
            kind=report.kind,
            filename=report.filename[:300],
            sha256=sha256,
            rows_read=report.rows_read,
            rows_added=report.rows_added,
            rows_skipped=report.rows_skipped,
        )
    )

"""What an import did, in numbers and in words a shop owner can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SHOWN_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the file.

    Attributes:
        row: Row number as a spreadsheet shows it (the header is row 1, the first data
            row is 2); None for a problem with the whole file.
        column: The column's header as written in the file ("" for the whole row/file).
        message: What is wrong, in plain words.
    """

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ImportReport:
    """The outcome of importing one file.

    Attributes:
        kind: sales, products, suppliers, stock, customers, deliveries ("unknown" when the
            file's kind could not be told).
        filename: The file's name (no folders).
        rows_read: Data rows in the file (blank rows not counted).
        rows_added: Rows that created a new record.
        rows_updated: Rows that changed an existing record.
        rows_unchanged: Rows already in the database exactly as in the file.
        rows_skipped: Rows with problems that were left out (only with skip_bad_rows).
        returns: Sales lines with a negative quantity (returns), included in the import.
        problems: Every problem found, in file order.
        ignored_columns: Headers of columns shopkeeper does not use.
        committed: True when the import was written; False when nothing was changed.
        date_from: First sale date in the imported lines (sales only).
        date_to: Last sale date in the imported lines (sales only).
        skus: Products the imported rows refer to, sorted.
        created: Records made along the way, e.g. {"products": 3, "customers": 12}.
        notes: How the file was read (e.g. "decimal comma"), one short sentence each.
        quality: The data check run after the import: a summary line, then the worst
            problems in the shop's data with their fixes (empty when not run).
    """

    kind: str
    filename: str
    rows_read: int = 0
    rows_added: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_skipped: int = 0
    returns: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = False
    date_from: date | None = None
    date_to: date | None = None
    skus: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    quality: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the import changed anything in the database."""
        return self.committed and (
            self.rows_added + self.rows_updated + sum(self.created.values()) > 0
        )

    def summary(self, max_problems: int = SHOWN_PROBLEMS) -> str:
        """Plain text for the shop owner: what happened, what to fix, what was ignored."""
        head = f"{self.filename} ({self.kind}): {_n(self.rows_read, 'row')} read."
        lines = [head]
        if self.committed:
            lines.append(
                f"Imported: {self.rows_added:,} added, {self.rows_updated:,} updated, "
                f"{self.rows_unchanged:,} already up to date."
            )
            if self.rows_skipped:
                lines.append(f"Skipped {_n(self.rows_skipped, 'row')} with problems (below).")
        elif self.problems:
            bad_rows = len({p.row for p in self.problems if p.row is not None})
            lines.append("Nothing was imported; the database is unchanged.")
            if bad_rows:
                good = max(self.rows_read - bad_rows, 0)
                lines.append(
                    f"{_n(bad_rows, 'row')} {'needs' if bad_rows == 1 else 'need'} fixing. "
                    "Fix them and import the file again, "
                    f"or import with 'skip bad rows' to load the {good:,} good rows only."
                )
        if self.committed and not self.rows_read:
            lines.append("The file has no rows below its header; there was nothing to import.")
        if self.committed:
            lines.extend(self._what_was_imported())
        lines.extend(self.notes)
        if self.problems:
            lines.append("Problems:")
            lines.extend(f"  {p}" for p in self.problems[:max_problems])
            if len(self.problems) > max_problems:
                lines.append(f"  ... and {len(self.problems) - max_problems:,} more")
        if self.ignored_columns:
            lines.append("Columns not used: " + ", ".join(self.ignored_columns) + ".")
        lines.extend(self.quality)
        return "\n".join(lines)

    def _what_was_imported(self) -> list[str]:
        lines = []
        if self.returns:
            lines.append(f"{_n(self.returns, 'return')} (negative quantities) included.")
        if self.date_from is not None and self.date_to is not None:
            lines.append(f"Sales dated {self.date_from} to {self.date_to}.")
        if self.skus:
            lines.append(f"{_n(len(self.skus), 'product')} in the imported rows.")
        made = [_n(n, f"new {what.removesuffix('s')}") for what, n in self.created.items() if n]
        if made:
            lines.append("Also created: " + ", ".join(made) + ".")
        return lines

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings, problems as dicts)."""
        return {
            "kind": self.kind,
            "filename": self.filename,
            "rows_read": self.rows_read,
            "rows_added": self.rows_added,
            "rows_updated": self.rows_updated,
            "rows_unchanged": self.rows_unchanged,
            "rows_skipped": self.rows_skipped,
            "returns": self.returns,
            "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in self.problems
            ],
            "ignored_columns": list(self.ignored_columns),
            "committed": self.committed,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "skus": list(self.skus),
            "created": dict(self.created),
            "notes": list(self.notes),
            "quality": list(self.quality),
        }


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"

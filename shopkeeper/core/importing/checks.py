"""Column-at-a-time checks that turn a file's text cells into typed values and collect
every problem with its row, column and a plain-words message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from shopkeeper.core.formula_guard import looks_like_formula
from shopkeeper.core.importing.cells import guess_dayfirst, parse_dates, parse_flags, parse_numbers
from shopkeeper.core.importing.columns import COLUMNS
from shopkeeper.core.importing.headers import HeaderMatch
from shopkeeper.core.importing.limits import Limits
from shopkeeper.core.importing.reader import RawTable
from shopkeeper.core.importing.report import Problem

_DATE_COLUMNS = {
    "date",
    "first_seen",
    "counted_at",
    "ordered_at",
    "expected_at",
    "received_at",
    "start",
    "end",
}


@dataclass
class Checked:
    """A validated file: typed canonical columns for every row, and what is wrong where.

    `frame` has a `row` column (the file's row number) plus one column per canonical
    column of the kind (all NA when the file lacks it); `bad[i]` marks rows with problems.
    """

    kind: str
    frame: pd.DataFrame
    bad: np.ndarray
    problems: list[Problem]
    present: set[str]
    notes: list[str] = field(default_factory=list)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)

    def good(self) -> pd.DataFrame:
        """The rows without problems."""
        return self.frame.loc[~self.bad].reset_index(drop=True)


def _formulas(col: pd.Series) -> np.ndarray:
    """Cells a spreadsheet would run as formulas (judged once per distinct value)."""
    if col.isna().all():
        return np.zeros(len(col), dtype=bool)
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    found = np.array([looks_like_formula(str(u)) for u in uniques] + [False], dtype=bool)
    return np.asarray(found[codes], dtype=bool)  # the NA code -1 picks the trailing False


class Checker:
    """Collects typed columns and problems for one file of one kind."""

    def __init__(self, table: RawTable, match: HeaderMatch, limits: Limits | None = None) -> None:
        self.table = table
        self.limits = limits or Limits()
        self.kind = match.kind
        self.positions = match.positions
        self.n = len(table.frame)
        self.bad = np.zeros(self.n, dtype=bool)
        self.frame = pd.DataFrame({"row": table.rows})
        self.notes: list[str] = []
        self.extra: dict[str, pd.DataFrame] = {}
        self._found: list[tuple[int, int, str]] = []  # (row index, column position, message)
        self._labels = {c.name: c.label for c in COLUMNS[self.kind]}
        dated = [self.raw(name) for name in _DATE_COLUMNS if name in self.positions]
        dayfirst = guess_dayfirst(dated)
        self.dayfirst = dayfirst is not False
        if dayfirst is None and any(
            col.str.contains(r"^\d{1,2}/\d{1,2}/", na=False).any() for col in dated
        ):
            self.notes.append("Dates like 03/04/2025 were read as day/month/year.")

    def has(self, name: str) -> bool:
        return name in self.positions

    def raw(self, name: str) -> pd.Series:
        """The column's text with NA for blank cells (all NA when the file lacks it)."""
        if name not in self.positions:
            return pd.Series([None] * self.n, dtype="str")
        col = self.table.frame[self.positions[name]]
        return col.where(col != "")

    def report(
        self, mask: np.ndarray | pd.Series, name: str, messages: str | Iterable[str]
    ) -> None:
        """Record a problem in column `name` on every row where `mask` is true."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(idx):
            return
        self.bad[idx] = True
        pos = self.positions.get(name, -1)
        texts = [messages] * len(idx) if isinstance(messages, str) else list(messages)
        self._found.extend(zip(idx.tolist(), [pos] * len(idx), texts, strict=True))

    def _cells(self, name: str, mask: np.ndarray) -> list[str]:
        return list(self.raw(name).to_numpy(dtype=object)[mask])

    def text(self, name: str, *, required: bool = False, max_len: int | None = None) -> pd.Series:
        """A text column; empty required cells, over-long cells and formulas are problems."""
        col = self.raw(name)
        label = self._labels[name]
        formula = _formulas(col)
        self.report(
            formula,
            name,
            (
                f"{label} '{c}' is a spreadsheet formula, which no till or shop system writes; "
                "remove the leading sign or export the file again"
                for c in self._cells(name, formula)
            ),
        )
        if required:
            self.report(col.isna().to_numpy(), name, f"{label} is empty")
        if max_len is not None:
            self.report(
                col.str.len().gt(max_len).fillna(False).to_numpy(bool),
                name,
                f"{label} is longer than {max_len} characters",
            )
        # A refused formula is not read further (no "unknown product '=cmd...'" on top).
        col = col.mask(formula)
        self.frame[name] = col
        return col

    def number(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: float | None = None,
        above: float | None = None,
        whole: bool = False,
    ) -> pd.Series:
        """A number column; not-a-number, too small or (`whole`) fractional cells are problems."""
        col = self.raw(name)
        label = self._labels[name]
        values = pd.Series(parse_numbers(col, self.table.decimal), dtype=float)
        blank = col.isna().to_numpy()
        failed = ~blank & values.isna().to_numpy()
        self.report(
            failed, name, (f"{label} '{c}' is not a number" for c in self._cells(name, failed))
        )
        if required:
            self.report(blank, name, f"{label} is empty")
        limit = self.limits.for_column(name)
        checks = [
            (values.abs() > limit, f"is outside the range a till produces (at most {limit:,.0f})")
        ]
        if minimum is not None:
            checks.append((values < minimum, f"must be {minimum:g} or more"))
        if above is not None:
            checks.append((values <= above, f"must be more than {above:g}"))
        if whole:
            checks.append((values.notna() & (values % 1 != 0), "must be a whole number"))
        for mask, why in checks:
            m = mask.fillna(False).to_numpy(bool)
            self.report(m, name, (f"{label} '{c}' {why}" for c in self._cells(name, m)))
        self.frame[name] = values
        return values

    def date(self, name: str, *, required: bool = False) -> pd.Series:
        """A date/time column: unreadable or impossible dates ('31.02.2025') are problems."""
        col = self.raw(name)
        label = self._labels[name]
        values = pd.Series(parse_dates(col, self.dayfirst), dtype="datetime64[ns]")
        blank = col.isna().to_numpy()
        failed = ~blank & values.isna().to_numpy()
        self.report(
            failed, name, (f"{label} '{c}' is not a valid date" for c in self._cells(name, failed))
        )
        if required:
            self.report(blank, name, f"{label} is empty")
        self.frame[name] = values
        return values

    def flag(self, name: str) -> pd.Series:
        """A yes/no column (yes/no/true/false/1/0/ja/nein/y/n); None where blank."""
        col = self.raw(name)
        label = self._labels[name]
        values = pd.Series(parse_flags(col), dtype=object)
        failed = col.notna().to_numpy() & values.isna().to_numpy()
        self.report(
            failed, name, (f"{label} '{c}' is not yes or no" for c in self._cells(name, failed))
        )
        self.frame[name] = values
        return values

    def duplicates(self, keys: list[pd.Series], name: str, what: str) -> None:
        """Rows sharing a key are all problems: nobody can tell which of them is right."""
        key = pd.DataFrame({i: k for i, k in enumerate(keys)})
        dup = key.notna().all(axis=1) & key.duplicated(keep=False)
        if not dup.any():
            return
        rows = pd.Series(self.table.rows)[dup.to_numpy()]
        groups = rows.groupby([key.loc[dup, i] for i in key.columns], sort=False).agg(list)
        by_index = {}
        for idx_rows in groups:
            shown = ", ".join(str(r) for r in idx_rows[:5]) + (", ..." if len(idx_rows) > 5 else "")
            for r in idx_rows:
                by_index[r] = shown
        mask = dup.to_numpy()
        labels = (
            f"{what} '{v}' appears more than once (rows {by_index[r]}); keep one row"
            for v, r in zip(self._cells(name, mask), self.table.rows[mask], strict=True)
        )
        self.report(mask, name, labels)

    def add_table_problems(self, problems: list[Problem]) -> None:
        """Rows the reader could not split (too many cells) are bad rows too."""
        if not problems:
            return
        row_index = {int(r): i for i, r in enumerate(self.table.rows)}
        for p in problems:
            if p.row in row_index:
                self._found.append((row_index[p.row], -1, p.message))
                self.bad[row_index[p.row]] = True

    def result(self) -> Checked:
        order = sorted(self._found, key=lambda f: (f[0], f[1]))
        headers = self.table.headers
        problems = [
            Problem(int(self.table.rows[i]), headers[pos] if pos >= 0 else "", msg)
            for i, pos, msg in order
        ]
        for col in (c.name for c in COLUMNS[self.kind]):
            if col not in self.frame:
                self.frame[col] = self.raw(col)
        return Checked(
            self.kind, self.frame, self.bad, problems, set(self.positions), self.notes, self.extra
        )

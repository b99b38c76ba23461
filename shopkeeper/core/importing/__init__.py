"""Importing a shop's CSV/XLSX exports: sales, products, suppliers, stock counts,
customers, deliveries and competitor prices.

    report = import_file(engine, "sales.csv")            # kind told from the header
    print(report.summary())

A file with any bad row changes nothing (unless `skip_bad_rows=True`); the report lists
every problem with its row and column. Importing the same file twice adds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shopkeeper.core.importing.column_help import describe_columns
from shopkeeper.core.importing.columns import COLUMNS
from shopkeeper.core.importing.limits import Limits
from shopkeeper.core.importing.report import ImportReport, Problem

if TYPE_CHECKING:
    from shopkeeper.core.importing.pipeline import import_file
    from shopkeeper.core.quality import DataCheck

KINDS: tuple[str, ...] = tuple(COLUMNS)


def __getattr__(name: str) -> Any:
    # The pipeline and the data check (pandas, openpyxl) load on first use: the CLI builds
    # its parser from KINDS and describe_columns for every command, most of which import
    # nothing.
    if name == "import_file":
        from shopkeeper.core.importing.pipeline import import_file

        return import_file
    if name == "DataCheck":
        from shopkeeper.core.quality import DataCheck

        return DataCheck
    raise AttributeError(name)


__all__ = [
    "KINDS",
    "DataCheck",
    "ImportReport",
    "Limits",
    "Problem",
    "describe_columns",
    "import_file",
]

"""What a data-quality finding holds: how bad, how many rows, what it spoils, the fix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Case:
    """One occurrence: a product, a day or days, the sales lines involved.

    Attributes:
        detail: The occurrence in plain words ("receipt CP-20250613-9105 repeats ...").
        sku: The product, when the problem is one product's.
        start: First day concerned.
        end: Last day concerned (inclusive).
        line_keys: The sales lines involved (their unique keys).
    """

    detail: str
    sku: str | None = None
    start: date | None = None
    end: date | None = None
    line_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One kind of problem found in the data.

    Attributes:
        check: Stable name of the check ("duplicate_line", "sales_gap", ...).
        severity: high (a recommendation is wrong until fixed), medium (worth a look),
            low (for information).
        title: Short name of the problem, for a list.
        rows: How many rows (lines, products, days, counts) are affected.
        matters: Which recommendation it spoils, and how.
        fix: What to do: the file to correct and import again, or the command.
        cases: Each occurrence (all of them; a renderer shows the first few).
    """

    check: str
    severity: str
    title: str
    rows: int
    matters: str
    fix: str
    cases: tuple[Case, ...] = ()

    @property
    def skus(self) -> tuple[str, ...]:
        """The products concerned, in the order found."""
        return tuple(dict.fromkeys(c.sku for c in self.cases if c.sku is not None))

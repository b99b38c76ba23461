"""How a file column is described: its canonical name, label and the other names it goes by,
and the name lists several kinds share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One canonical column.

    `names` are matched in order (the canonical name first); `weak` names are too generic to
    tell a file's kind by (e.g. "quantity" in a stock file) but are used once the kind is known.
    """

    name: str
    label: str
    names: tuple[str, ...]
    weak: tuple[str, ...] = ()
    required: bool = False


def column(name: str, label: str, names: str, weak: str = "", required: bool = False) -> Column:
    """A column from comma-separated header names (strong, then weak)."""
    return Column(name, label, _split(names), _split(weak), required)


def _split(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


SKU_NAMES = "sku, item code, article, article number, article no, product code, product id, "
SKU_NAMES += "item id, item number, item no, barcode, ean, upc, gtin, plu, lineitem sku, "
SKU_NAMES += "variant sku, product sku, code, artikel, artikelnummer, artikelnr, art nr"
SUPPLIER_NAMES = "supplier, supplier name, vendor, vendor name, lieferant"

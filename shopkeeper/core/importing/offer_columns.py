"""The columns of a supplier-offers file: other suppliers' terms for products already sold."""

from __future__ import annotations

from shopkeeper.core.importing.column_spec import SKU_NAMES as _SKU_NAMES
from shopkeeper.core.importing.column_spec import SUPPLIER_NAMES as _SUPPLIER
from shopkeeper.core.importing.column_spec import column as _col

# Other suppliers' terms for products already sold. The telling names are the offer's own, so
# a products file (supplier, sku, unit cost, pack size) is never read as offers.
SUPPLIER_OFFERS = (
    _col(
        "supplier",
        "alternative supplier",
        "alternative supplier, other supplier, offered by, offering supplier, alternative vendor, "
        "alternativer lieferant",
        weak=_SUPPLIER,
        required=True,
    ),
    _col("sku", "sku", _SKU_NAMES, required=True),
    _col(
        "unit_cost",
        "offered unit cost",
        "offered unit cost, offer cost, offered cost, quoted cost, quoted price, offer price, "
        "angebotspreis",
        weak="unit cost, cost, cost price, purchase price, price",
        required=True,
    ),
    _col(
        "pack_size",
        "offered pack size",
        "offered pack size, offer pack size",
        weak="pack size, pack, case size, units per pack",
    ),
    _col(
        "moq",
        "offered moq",
        "offered moq, offer moq, offered minimum order quantity",
        weak="moq, minimum order quantity, min order qty",
    ),
    _col(
        "lead_time_days",
        "offered lead time",
        "offered lead time, offer lead time, quoted lead time, stated lead time",
        weak="lead time, lead time days, delivery time, lieferzeit",
    ),
)

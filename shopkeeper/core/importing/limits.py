"""The range of numbers a till, web shop or supplier export can hold.

A quantity of 1e300 or a price of a billion is no sale any shop made: it is a broken
export or a file made to break the planner (the demand classification squares quantities),
so the importer refuses it. The limits are settings (`IMPORT_MAX_QUANTITY`,
`IMPORT_MAX_PRICE`) for the rare shop that sells by the gram or by the ton.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopkeeper.core.settings import Settings

# Columns holding money; every other number column holds a count of units or days.
MONEY_COLUMNS = frozenset(
    {"unit_price", "line_total", "unit_cost", "price", "min_order_value", "offer_value"}
)


@dataclass(frozen=True)
class Limits:
    """Largest absolute value an imported number may have.

    Attributes:
        max_quantity: Units, stock counts, pack sizes, days (default 1,000,000).
        max_money: Prices, costs and totals in the shop's currency (default 1,000,000).
    """

    max_quantity: float = 1_000_000.0
    max_money: float = 1_000_000.0

    def for_column(self, name: str) -> float:
        """The limit of one canonical column."""
        return self.max_money if name in MONEY_COLUMNS else self.max_quantity

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The shop's configured limits."""
        return cls(settings.import_max_quantity, settings.import_max_price)

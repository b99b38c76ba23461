"""The shop's derived data, computed once and reused while the data it comes from is unchanged.

Each `Slot` names one derived value (the stored forecast run, the replenishment plan, the
catalogue's names, basket rules, elasticities, the redactor) and the data kinds it is made
from. `ShopState.get` returns the value computed for the current versions of those kinds, or
computes it once. A data kind's version is the highest import-batch id of the imports that
change it, plus the writes the shop makes itself (orders placed by approving a proposal,
forecast runs); `read_versions` reads all of them in one query set, once per turn.

So an import is seen at once (it adds a batch), a renamed product too (a products import is
a batch even when no row is added), and nothing is recomputed while nothing changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopkeeper.core.store.models import (
    ForecastRun,
    ImportBatch,
    PurchaseOrder,
    SaleLine,
)

T = TypeVar("T")

# Which data kinds each import kind changes (a sales import may also add products).
IMPORT_CHANGES: dict[str, tuple[str, ...]] = {
    "sales": ("sales", "catalogue"),
    "products": ("catalogue",),
    "suppliers": ("catalogue",),
    "stock": ("stock",),
    "customers": ("customers",),
    "deliveries": ("deliveries",),
    "competitor_prices": ("prices",),
}
DATA_KINDS = ("sales", "catalogue", "stock", "customers", "deliveries", "prices", "forecasts")


@dataclass(frozen=True)
class DataVersions:
    """One version per data kind, read at the start of a turn."""

    by_kind: dict[str, Hashable] = field(default_factory=dict)

    def of(self, kinds: Iterable[str]) -> tuple[Hashable, ...]:
        return tuple(self.by_kind.get(k) for k in kinds)


def read_versions(session: Session) -> DataVersions:
    """The current version of every data kind (a handful of indexed aggregate queries)."""
    by_batch = select(ImportBatch.kind, func.max(ImportBatch.id)).group_by(ImportBatch.kind)
    batches = {kind: last for kind, last in session.execute(by_batch).all()}
    by_kind: dict[str, Any] = {k: 0 for k in DATA_KINDS}
    for kind, last in batches.items():
        for data_kind in IMPORT_CHANGES.get(kind, ()):
            by_kind[data_kind] = max(by_kind[data_kind], last or 0)
    # Rows written outside an import (the demo shop, the first load) still count: sales are
    # append-only, so their highest id moves with every write.
    by_kind["sales"] = (by_kind["sales"], session.scalar(select(func.max(SaleLine.id))))
    # Approving a purchase order adds on-order stock.
    orders = session.execute(
        select(PurchaseOrder.status, func.count(), func.max(PurchaseOrder.id)).group_by(
            PurchaseOrder.status
        )
    ).all()
    by_kind["stock"] = (by_kind["stock"], tuple(sorted(map(tuple, orders))))
    by_kind["forecasts"] = session.scalar(select(func.max(ForecastRun.id)))
    return DataVersions(by_kind)


@dataclass(frozen=True)
class Slot(Generic[T]):
    """A named derived value and the data kinds it is computed from."""

    name: str
    kinds: tuple[str, ...]


class ShopState:
    """Derived values of one shop, shared by every turn of the process (thread-safe)."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[tuple[Hashable, ...], dict[Hashable, Any]]] = {}
        self._lock = threading.RLock()

    def get(
        self,
        slot: Slot[T],
        versions: DataVersions,
        build: Callable[[], T],
        key: Hashable = None,
    ) -> T:
        """The slot's value for `versions` (and `key`, e.g. a SKU), computed once."""
        stamp = versions.of(slot.kinds)
        with self._lock:
            held = self._values.get(slot.name)
            if held is None or held[0] != stamp:
                held = (stamp, {})
                self._values[slot.name] = held
            if key in held[1]:
                value: T = held[1][key]
                return value
        value = build()
        with self._lock:
            if self._values.get(slot.name, (None,))[0] == stamp:
                self._values[slot.name][1][key] = value
        return value


@dataclass(frozen=True)
class Memo:
    """The shop state seen at one turn's data versions: what tools and services read through."""

    state: ShopState = field(default_factory=ShopState)
    versions: DataVersions = field(default_factory=DataVersions)

    @classmethod
    def read(cls, state: ShopState, session: Session) -> Memo:
        """The state at the versions `session` sees now."""
        return cls(state, read_versions(session))

    def get(self, slot: Slot[T], build: Callable[[], T], key: Hashable = None) -> T:
        """The slot's value (for `key`) at these versions, built once."""
        return self.state.get(slot, self.versions, build, key)

"""What a question is about: the whole shop, one product, a category or a supplier."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shopkeeper.core.store.models import Product, Supplier
from tools.context import ToolContext
from tools.resolve import Match, resolve_category, resolve_product, resolve_supplier


@dataclass(frozen=True)
class Scope:
    product: Match | None = None
    category: str | None = None
    supplier: str | None = None

    @property
    def is_shop(self) -> bool:
        return self.product is None and self.category is None and self.supplier is None

    @property
    def label(self) -> str:
        if self.product is not None:
            return self.product.label
        parts = []
        if self.category:
            parts.append(f"category {self.category}")
        if self.supplier:
            parts.append(f"supplier {self.supplier}")
        return " and ".join(parts) if parts else "the whole shop"


def resolve_scope(
    ctx: ToolContext,
    product: str | None = None,
    category: str | None = None,
    supplier: str | None = None,
) -> Scope:
    """The scope a tool's arguments name, each name matched against the catalogue.

    Raises:
        ToolError: a name matches nothing, or two things about equally well.
    """
    return Scope(
        product=resolve_product(ctx, product) if product else None,
        category=resolve_category(ctx, category) if category else None,
        supplier=resolve_supplier(ctx, supplier) if supplier else None,
    )


def scope_skus(ctx: ToolContext, scope: Scope, active_only: bool = False) -> list[str] | None:
    """The SKUs in scope, or None for the whole shop (no filter)."""
    if scope.product is not None:
        return [scope.product.value]
    if scope.is_shop and not active_only:
        return None
    stmt = select(Product.sku).outerjoin(Supplier, Product.supplier_id == Supplier.id)
    if scope.category:
        stmt = stmt.where(Product.category == scope.category)
    if scope.supplier:
        stmt = stmt.where(Supplier.name == scope.supplier)
    if active_only:
        stmt = stmt.where(Product.active.is_(True))
    return list(ctx.session.scalars(stmt))

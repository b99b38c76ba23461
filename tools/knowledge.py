"""Agent-only tools that search by meaning: the catalogue, past decisions; and open proposals.

They follow the registry's convention (a function of a ToolContext and typed arguments, a
docstring the model reads, a typed result) so the same wrapper exposes them. The chromadb
collections are kept in step with the database here, lazily: a collection is only
(re)embedded when a search needs it and its rows changed.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from shopkeeper.core import proposals
from shopkeeper.core.deps import SearchIndex
from shopkeeper.core.privacy import redactor_for
from shopkeeper.core.store.models import Product, Proposal, Supplier
from tools.context import ToolContext, ToolError
from tools.results import ToolResult


class FoundProduct(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    category: str
    supplier: str
    active: bool
    similarity: float


class ProductSearch(ToolResult):
    query: str
    products: list[FoundProduct]


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    status: str
    decided_on: str | None
    summary: str
    similarity: float


class DecisionSearch(ToolResult):
    query: str
    decisions: list[Decision]


class PendingProposals(ToolResult):
    proposals: list[Decision]


def knowledge(ctx: ToolContext) -> SearchIndex:
    """The search index of this run, or a ToolError saying search by meaning is off."""
    if ctx.index is None:
        raise ToolError("Search by meaning is not available right now; use exact names.")
    return ctx.index


def _catalogue(ctx: ToolContext) -> dict[str, tuple[str, str, str, bool]]:
    rows = ctx.session.execute(
        select(Product.sku, Product.name, Product.category, Supplier.name, Product.active)
        .outerjoin(Supplier, Product.supplier_id == Supplier.id)
        .order_by(Product.sku)
    ).all()
    return {r[0]: (r[1], r[2], r[3] or "no supplier", bool(r[4])) for r in rows}


def index_products(ctx: ToolContext) -> dict[str, tuple[str, str, str, bool]]:
    """Bring the product collection in step with the catalogue; returns the catalogue.

    Only new or renamed products are embedded (a few seconds per few hundred on a laptop),
    and the collection persists, so this is slow once per catalogue, not per question.
    """
    cat = _catalogue(ctx)
    knowledge(ctx).sync(
        "products",
        {sku: f"{name} ({category})" for sku, (name, category, _, _) in cat.items()},
        {sku: {"name": v[0]} for sku, v in cat.items()},
    )
    return cat


def similar_products(ctx: ToolContext, text: str, limit: int = 5) -> list[FoundProduct]:
    """Products closest in meaning to `text` (the catalogue is indexed on first use)."""
    kb = knowledge(ctx)
    cat = index_products(ctx)
    return [
        FoundProduct(
            sku=sku,
            name=cat[sku][0],
            category=cat[sku][1],
            supplier=cat[sku][2],
            active=cat[sku][3],
            similarity=score,
        )
        for sku, score in kb.search("products", text, limit)
        if sku in cat
    ]


def find_products(ctx: ToolContext, description: str, limit: int = 5) -> ProductSearch:
    """Find products in the catalogue by meaning when you don't know the exact name ("oat
    drink", "something for coffee", "Hafermilch"): the closest products with SKU, name,
    category and supplier, best first. Use the exact name it returns in the other tools.

    Args:
        description: what the person called the product.
        limit: at most this many products.
    """
    found = similar_products(ctx, description, max(1, min(limit, 10)))
    return ProductSearch(
        query=description,
        products=found,
        why=["Closest catalogue entries by meaning (similarity 0-1); the first is the best."],
    )


def _summary(p: Proposal) -> str:
    pay = p.payload
    if p.kind == "purchase_order":
        lines = ", ".join(f"{ln['name']} x {ln['quantity']:g}" for ln in pay.get("lines", []))
        what = f"purchase order to {pay.get('supplier_name')}: {lines}"
    else:
        what = p.kind.replace("_", " ") + f" {pay}"
    text = f"{what}. Reason: {p.reason}."
    if p.decision_note:
        text += f" Note from the decider: {p.decision_note}"
    return text


def _view(p: Proposal, summary: str, score: float) -> Decision:
    day = p.decided_at or p.created_at
    return Decision(
        id=p.id,
        kind=p.kind,
        status=p.status,
        decided_on=f"{day:%Y-%m-%d}" if isinstance(day, datetime) else None,
        summary=summary,
        similarity=score,
    )


def past_decisions(ctx: ToolContext, query: str, limit: int = 5) -> DecisionSearch:
    """Find earlier proposals people approved or rejected (what was ordered from whom, when,
    why, and any note the decider left), by meaning: "last oat milk order", "what did we
    order from Alpine before Christmas".

    Args:
        query: what to look for.
        limit: at most this many decisions.
    """
    kb = knowledge(ctx)
    redact = redactor_for(ctx.session, ctx.memo).redact
    decided = ctx.session.scalars(
        select(Proposal).where(Proposal.status.in_(["approved", "rejected"]))
    ).all()
    by_id = {str(p.id): p for p in decided}
    docs = {i: redact(f"{p.status} {_summary(p)}") for i, p in by_id.items()}
    kb.sync("decisions", docs, {i: {"status": by_id[i].status} for i in docs})
    hits = kb.search("decisions", query, max(1, min(limit, 10)))
    return DecisionSearch(
        query=query,
        decisions=[_view(by_id[i], docs[i], s) for i, s in hits if i in by_id],
        why=[f"{len(decided)} decided proposal(s) on file; the closest by meaning first."],
        notes=[] if decided else ["No proposal has been approved or rejected yet."],
    )


def pending_proposals(ctx: ToolContext) -> PendingProposals:
    """Proposals waiting for a person's decision (purchase orders and others), newest first.
    You cannot approve or reject them: people do, with the buttons or `approve N`."""
    redact = redactor_for(ctx.session, ctx.memo).redact
    proposals.list_proposals(ctx.session, ctx.now)  # marks overdue ones expired first
    rows = ctx.session.scalars(
        select(Proposal).where(Proposal.status == "pending").order_by(Proposal.id.desc())
    ).all()
    return PendingProposals(
        proposals=[_view(p, redact(_summary(p)), 1.0) for p in rows],
        why=[
            f"Undecided proposals expire after {ctx.settings.proposal_ttl_days} days; a newer "
            "plan for the same supplier replaces an older one."
        ],
    )

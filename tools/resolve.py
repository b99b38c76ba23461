"""Turn what a person typed ("oat milk", "dairy", "Alpine") into products, categories, suppliers.

Matching is fuzzy (rapidfuzz) over names, SKUs and categories; when two candidates are about
equally good, the caller gets both back to ask "did you mean ...?" instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from sqlalchemy import select

from shopkeeper.core.state import Slot
from shopkeeper.core.store.models import Product, Supplier
from tools.context import ToolContext, ToolError

SURE = 85.0
MAYBE = 70.0
CLOSE = 3.0


@dataclass(frozen=True)
class Catalogue:
    """Names to match against, read once per catalogue version (see CATALOGUE)."""

    skus: tuple[str, ...]
    names: tuple[str, ...]
    categories: tuple[str, ...]
    suppliers: tuple[str, ...]
    active: tuple[bool, ...]


@dataclass(frozen=True)
class Match:
    kind: str  # product | category | supplier
    value: str  # sku, category name or supplier name
    label: str  # what to show
    score: float


CATALOGUE: Slot[Catalogue] = Slot("catalogue names", ("catalogue",))


def catalogue(ctx: ToolContext) -> Catalogue:
    """The catalogue names, kept in the shop state until the catalogue changes."""
    return ctx.memo.get(CATALOGUE, lambda: _read_catalogue(ctx))


def _read_catalogue(ctx: ToolContext) -> Catalogue:
    rows = ctx.session.execute(
        select(Product.sku, Product.name, Product.category, Product.active).order_by(Product.sku)
    ).all()
    sups = ctx.session.scalars(select(Supplier.name).order_by(Supplier.name)).all()
    return Catalogue(
        skus=tuple(r[0] for r in rows),
        names=tuple(r[1] for r in rows),
        categories=tuple(sorted({r[2] for r in rows})),
        suppliers=tuple(sups),
        active=tuple(bool(r[3]) for r in rows),
    )


def _norm(text: str) -> str:
    text = re.sub(r"(\d)\s+(k?g|m?l|cl)\b", r"\1\2", text.lower())
    return str(utils.default_process(text))


def product_matches(ctx: ToolContext, text: str, limit: int = 5) -> list[Match]:
    """Best product matches for `text`, best first (scores 0-100)."""
    cat = catalogue(ctx)
    query = _norm(text)
    if not query:
        return []
    choices = [_norm(n) for n in cat.names]
    singular = re.sub(r"(?<=[a-z])s$", "", query)
    for sku, name, norm in zip(cat.skus, cat.names, choices, strict=True):
        # A SKU or the exact name (or its plural: "croissants") wins outright.
        if query == sku.lower() or query == norm or singular == norm:
            return [Match("product", sku, name, 100.0)]
    found = process.extract(query, choices, scorer=_score, limit=limit)
    return [Match("product", cat.skus[i], cat.names[i], float(s)) for _, s, i in found]


def _score(query: str, choice: str, **_: object) -> float:
    # token_set_ratio lets "oat milk" match "Oat Milk Barista 1L" fully; WRatio keeps typos
    # ("croisant") close. The small length term prefers the shorter of two full matches.
    full = max(fuzz.token_set_ratio(query, choice), fuzz.WRatio(query, choice))
    squashed_q, squashed_c = query.replace(" ", ""), choice.replace(" ", "")
    if len(squashed_q) >= 5:  # "oatmilk" for "Oat Milk Barista 1L"
        full = max(full, 0.95 * fuzz.partial_ratio(squashed_q, squashed_c))
    return float(full) - 0.01 * abs(len(choice) - len(query))


def resolve_product(ctx: ToolContext, text: str) -> Match:
    """The one product meant by `text`, or a ToolError with the candidates."""
    matches = product_matches(ctx, text)
    if not matches or matches[0].score < MAYBE:
        names = [m.label for m in matches[:3] if m.score >= 50]
        hint = f" Did you mean {_or(names)}?" if names else ""
        raise ToolError(f"I don't know a product called '{text}'.{hint}", names)
    best = matches[0]
    rivals = [m for m in matches[1:] if best.score - m.score < CLOSE]
    if best.score < SURE or rivals:
        names = [best.label, *(m.label for m in rivals)][:4]
        raise ToolError(f"Which product do you mean by '{text}': {_or(names)}?", names)
    return best


def resolve_category(ctx: ToolContext, text: str) -> str:
    """The category meant by `text` (fuzzy), or a ToolError listing the categories."""
    cats = catalogue(ctx).categories
    found = process.extractOne(_norm(text), [_norm(c) for c in cats], scorer=fuzz.WRatio)
    if found is None or found[1] < 80:
        raise ToolError(
            f"There is no category '{text}'. Categories: {', '.join(cats)}.", list(cats)
        )
    return cats[found[2]]


def resolve_supplier(ctx: ToolContext, text: str) -> str:
    """The supplier meant by `text` (fuzzy), or a ToolError listing the suppliers."""
    sups = catalogue(ctx).suppliers
    found = process.extractOne(_norm(text), [_norm(s) for s in sups], scorer=fuzz.WRatio)
    if found is None or found[1] < 80:
        raise ToolError(f"There is no supplier '{text}'. Suppliers: {', '.join(sups)}.", list(sups))
    return sups[found[2]]


def _or(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]

"""Rankings and coverage for `sales_summary`: "top 10", "worst sellers", "by category", and
saying when the data does not cover a period or the same dates a year earlier."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from shopkeeper.core.store.models import Product, SaleLine
from tools.context import ToolContext
from tools.results import ItemSales


def first_sale(ctx: ToolContext) -> date | None:
    """The day of the first recorded sale."""
    first = ctx.session.execute(select(func.min(SaleLine.ts))).scalar_one_or_none()
    return pd.Timestamp(first).date() if first is not None else None


def coverage_notes(
    start: date, end: date, ly_start: date, first: date | None, compare: str
) -> list[str]:
    """Say when the data does not cover the period, or a year before it."""
    if first is None:
        return ["No sales are recorded yet."]
    if end < first:
        return [f"The sales records start on {first:%d %b %Y}: nothing before that is known."]
    if start < first:
        return [f"The sales records start on {first:%d %b %Y}, part-way into this period."]
    if compare == "last_year" and ly_start < first:
        return [
            f"There is no full year of history (records start on {first:%d %b %Y}), so there "
            "is no like-for-like comparison with last year."
        ]
    return []


def ranking(
    ctx: ToolContext,
    cur: pd.DataFrame,
    skus: list[str] | None,
    top: int,
    order: str,
    by: str,
    rank_by: str,
) -> dict[str, Any]:
    """The ranked list ("top 10", "worst sellers", "by category"), what it ranks and how
    many were ranked: the `top`, `ranking` and `n_ranked` fields of the summary.

    `cur` is sales by SKU with name and margin (the products that sold in the period).
    """
    names = pd.DataFrame(
        ctx.session.execute(select(Product.sku, Product.category)).all(),
        columns=["sku", "category"],
    )
    table = cur.merge(names, on="sku", how="left")
    if order == "worst":  # products that sold nothing are the worst sellers of all
        stmt = select(Product.sku, Product.name, Product.category).where(Product.active.is_(True))
        if skus is not None:
            stmt = stmt.where(Product.sku.in_(skus))
        active = pd.DataFrame(ctx.session.execute(stmt).all(), columns=["sku", "name", "category"])
        table = active.merge(cur[["sku", "units", "revenue", "margin"]], on="sku", how="left")
        table = table.fillna({"units": 0.0, "revenue": 0.0, "margin": 0.0})
    if by == "category":
        table = (
            table.groupby("category", as_index=False)[["units", "revenue", "margin"]]
            .sum()
            .assign(sku=lambda d: d["category"], name=lambda d: d["category"])
        )
    table = table.sort_values(rank_by, ascending=order == "worst", kind="stable")
    items = [
        ItemSales(
            sku=str(r.sku),
            name=str(r.name),
            units=round(float(r.units), 2),
            revenue=round(float(r.revenue), 2),
            margin=round(float(r.margin), 2),
        )
        for r in table.head(max(1, min(top, 50))).itertuples()
    ]
    label = f"{'Worst' if order == 'worst' else 'Top'} {by}s by {rank_by}"
    return {"top": items, "ranking": label, "n_ranked": len(table)}

"""`data_quality`: is the shop's data good enough to plan on — gaps, duplicates, negative
or old stock counts, odd prices and quantities, missing suppliers or costs — with fixes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from analytics.data_quality import Finding
from shopkeeper.core.quality import DATA_QUALITY, check_store
from tools.context import ToolContext, ToolError
from tools.resolve import resolve_product
from tools.results import ToolResult

EXAMPLES = 5  # occurrences shown per finding (the count covers all)


class QualityFinding(BaseModel):
    """One kind of problem: how many rows, what it spoils, the fix, a few examples."""

    model_config = ConfigDict(frozen=True)

    check: str
    severity: str
    title: str
    rows: int
    matters: str
    fix: str
    occurrences: int
    examples: list[str]
    skus: list[str]


class DataQuality(ToolResult):
    scope: str
    findings: list[QualityFinding]
    n_high: int
    n_medium: int
    n_low: int
    looked_at: dict[str, int]


def data_quality(
    ctx: ToolContext, product: str | None = None, severity: str | None = None
) -> DataQuality:
    """Check the shop's data for problems that make answers wrong: days without sales,
    duplicated lines or receipts, prices or quantities far from usual, negative or old
    stock counts, products without supplier or cost, suppliers without deliveries, stale
    data. Each finding says how many rows, which recommendation it spoils, and the fix.

    Args:
        product: only problems concerning this product (name or SKU); shop-wide problems
            such as days without sales are included.
        severity: only "high" (must fix), "medium" (worth a look) or "low".
    """
    if severity is not None and severity not in ("high", "medium", "low"):
        raise ToolError(f"unknown severity '{severity}'; use high, medium or low")
    country = ctx.settings.country
    report = ctx.memo.get(
        DATA_QUALITY, lambda: check_store(ctx.session, ctx.today, country), (ctx.today, country)
    )
    sku = resolve_product(ctx, product).value if product else None
    findings = [
        f
        for f in report.findings
        if (severity is None or f.severity == severity)
        and (sku is None or not f.skus or sku in f.skus)
    ]
    shown = [_item(f, sku) for f in findings]
    high = sum(f.severity == "high" for f in findings)
    why = [
        "Each check compares a row with what the shop's own data makes usual: a product's "
        "median price and largest usual quantity, the weekdays the shop sells on, how often "
        "stock is counted.",
        "high = a recommendation is wrong until it is fixed; medium = worth a look; "
        "low = for information.",
    ]
    notes = [] if findings else ["No problems found in the data checked."]
    return DataQuality(
        scope=f"product {sku}" if sku else "the whole shop",
        findings=shown,
        n_high=high,
        n_medium=sum(f.severity == "medium" for f in findings),
        n_low=sum(f.severity == "low" for f in findings),
        looked_at=report.looked_at,
        why=why,
        notes=notes,
    )


def _item(f: Finding, sku: str | None) -> QualityFinding:
    cases = [c for c in f.cases if sku is None or c.sku in (None, sku)]
    return QualityFinding(
        check=f.check,
        severity=f.severity,
        title=f.title,
        rows=f.rows,
        matters=f.matters,
        fix=f.fix,
        occurrences=len(cases),
        examples=[c.detail for c in cases[:EXAMPLES]],
        skus=list(f.skus),
    )

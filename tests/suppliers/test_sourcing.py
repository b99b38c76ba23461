"""Alternative suppliers: proposed only when cheaper with their unreliability counted, and only
as a pending proposal the owner decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.importing import import_file
from shopkeeper.core.store.db import session_scope
from shopkeeper.core.store.models import Product
from tools.context import ToolContext, ToolError
from tools.sourcing import supplier_alternatives

HEADER = "alternative supplier,sku,offered unit cost,pack size,moq,lead time\n"


def offers(deps: Deps, tmp_path: Path, rows: str) -> None:
    file = tmp_path / "offers.csv"
    file.write_text(HEADER + rows)
    report = import_file(deps.engine, file)  # the kind is told from the header
    assert report.committed and report.kind == "supplier_offers", report.summary()


def test_a_cheaper_but_unreliable_supplier_is_not_proposed(shop: Deps, tmp_path: Path) -> None:
    # A cent cheaper, but it states 21 days against Alpine Dairy's 3: more safety stock to
    # hold and more sales lost while waiting cost more than the cent saves (about 44 a year).
    offers(shop, tmp_path, "Far Away Foods,OAT-1L,1.09,12,12,21\n")
    with session_scope(shop.sessions) as session:
        advice = supplier_alternatives(ToolContext.of(shop, session), product="oat milk")
        (line,) = advice.lines
        cheap = next(s for s in line.sources if s.supplier == "Far Away Foods")
        current = next(s for s in line.sources if s.current)
        assert cheap.unit_cost < current.unit_cost
        assert cheap.purchase < current.purchase
        assert cheap.total > current.total  # its unreliability costs more than it saves
        assert line.switch_to is None and advice.proposals_created == []


def test_a_cheaper_reliable_supplier_is_proposed_and_only_approval_switches(
    shop: Deps, tmp_path: Path
) -> None:
    offers(shop, tmp_path, "Far Away Foods,OAT-1L,1.09,12,12,21\nNear Dairy,OAT-1L,0.95,12,12,3\n")
    with session_scope(shop.sessions) as session:
        ctx = ToolContext.of(shop, session)
        advice = supplier_alternatives(ctx, product="oat milk")
        (line,) = advice.lines
        assert line.sources[0].supplier == "Near Dairy"  # cheapest first
        assert line.switch_to == "Near Dairy" and line.saving and line.saving > 0
        (pid,) = advice.proposals_created
        view = proposals.get(session, pid)
        assert view is not None and (view.kind, view.status) == ("supplier_switch", "pending")
        assert view.payload["to_supplier"] == "Near Dairy"
        assert view.payload["comparison"][0]["supplier"] == "Near Dairy"
        assert session.get(Product, "OAT-1L").supplier_id == 1  # nothing changed yet
        proposals.decide(session, pid, "approve", actor="Ana", role="owner", now=ctx.now)
        oat = session.get(Product, "OAT-1L")
        assert (oat.supplier_id, oat.unit_cost) == (view.payload["to_supplier_id"], 0.95)


def test_without_offers_the_owner_is_told_how_to_add_them(shop: Deps) -> None:
    with session_scope(shop.sessions) as session, pytest.raises(ToolError, match="supplier_offers"):
        supplier_alternatives(ToolContext.of(shop, session))

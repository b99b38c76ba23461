"""After four replayed weeks of the demo shop, the track record judges the forecasts that
were made then against what sold, and the owner's change to a suggested order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.demo import DemoShop
from shopkeeper.demo.replay import replay
from tests.trust.conftest import empty_shop, tool_context
from tools.context import ToolError
from tools.track_record import track_record


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory, small_shop: DemoShop) -> Iterator[Deps]:
    deps = empty_shop(tmp_path_factory.mktemp("replay"))
    volume = small_shop.sales.groupby("sku")["quantity"].sum().sort_values(ascending=False)
    made = replay(deps, small_shop, 4, only=list(volume.index[:12]))
    top = volume.index[0]
    supplier = int(small_shop.truth.products.set_index("sku").loc[top, "supplier_id"])
    with deps.sessions.begin() as s:
        view = proposals.create(
            s,
            kind="purchase_order",
            subject=f"supplier:{supplier}",
            payload={
                "supplier_id": supplier,
                "supplier_name": "x",
                "lead_time_days": 2,
                "order_value": 0.0,
                "lines": [{"sku": top, "name": top, "quantity": 40, "unit_cost": 1.0,
                           "order_value": 40.0}],
            },
            reason="test",
            created_by="assistant",
            now=made[0],
        )  # fmt: skip
        proposals.decide(
            s, view.id, "approve", actor="owner", role="owner", now=made[0], amend={top: 400}
        )
    yield deps
    deps.engine.dispose()


def test_four_weeks_of_forecasts_are_judged_against_the_naive_forecast(replayed):
    with replayed.sessions() as s:
        r = track_record(tool_context(replayed, s), weeks=4)

    assert (r.start, r.end, r.days_judged) == ("2026-10-30", "2026-11-26", 28)
    assert r.shop is not None and r.shop.actual > 0
    assert r.shop.relative_error is not None and r.shop.relative_error < 1.0  # beats naive
    assert len(r.categories) >= 2 and len(r.worst_products) == 5
    assert r.notes == []


def test_the_owners_tenfold_order_did_worse_than_the_suggestion(replayed):
    with replayed.sessions() as s:
        r = track_record(tool_context(replayed, s), weeks=4)

    assert [(o.suggested, o.approved, o.verdict) for o in r.overrides] == [(40.0, 400.0, "worse")]
    assert (r.overrides_better, r.overrides_worse, r.owner_beats_forecast) == (0, 1, [])


def test_twelve_weeks_say_how_much_of_the_window_the_stored_forecasts_cover(replayed):
    with replayed.sessions() as s:
        r = track_record(tool_context(replayed, s), weeks=12)
        with pytest.raises(ToolError, match="between 1 and 12"):
            track_record(tool_context(replayed, s), weeks=13)

    assert r.days_judged == 28
    assert r.notes == [
        "Stored forecasts cover 28 of the 84 days (runs are kept weekly from the day this "
        "version was installed)."
    ]

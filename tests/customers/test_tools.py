"""The customer, cross-sell and price tools on the generated demo shop (scale 0.1), checked
against what the generator planted, and against privacy and consent rules."""

import json
from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import select

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.models import Customer, Proposal
from shopkeeper.demo import DemoShop
from tools.context import ToolContext, ToolError
from tools.cross_sell import cross_sell
from tools.customers import customer_profile, customer_segments
from tools.pricing import price_advice
from tools.purchases import customer_model
from tools.registry import TOOLS


@pytest.fixture
def ctx(demo: Deps):  # type: ignore[no-untyped-def]
    with demo.sessions() as s:
        yield ToolContext.of(demo, s, actor="assistant for owner")
        s.rollback()


def _pii(shop: DemoShop) -> list[str]:
    p = shop.customer_pii
    values = pd.concat([p["name"], p["email"], p["phone"], p["external_ref"]]).dropna()
    return [str(v) for v in values]


def test_segments_match_the_planted_customer_types(ctx: ToolContext, demo_shop: DemoShop) -> None:
    model = customer_model(ctx)
    truth = demo_shop.truth.customers.set_index("customer_id")["segment"]
    c = model.customers.join(truth.rename("planted"))
    share = pd.crosstab(c["planted"], c["segment"], normalize="index")
    assert share.loc["regular", ["champions", "loyal"]].sum() >= 0.9
    assert share.loc["lapsed", ["at_risk", "hibernating", "lost"]].sum() >= 0.9
    assert share.loc["new", "new"] >= 0.8
    assert share.loc["one_off", ["lost", "hibernating"]].sum() >= 0.8
    risk = c.groupby("planted")["churn_risk"].median()
    assert risk["lapsed"] > 0.9 and risk["regular"] < 0.05


def test_segment_answer_adds_up_and_contacts_only_consenting_customers(ctx: ToolContext) -> None:
    result = customer_segments(ctx, "at risk")
    assert result.focus == "at_risk"
    assert sum(s.customers for s in result.segments) == result.n_customers
    assert sum(s.revenue_share for s in result.segments) == pytest.approx(1.0, abs=0.01)
    consent = dict(ctx.session.execute(select(Customer.id, Customer.marketing_consent)).all())
    for s in result.segments:
        assert s.action and s.rule
        assert all(consent[c] for c in s.contact_list)
        assert s.with_consent <= s.customers
    assert [c.segment for c in result.customers] == ["at_risk"] * len(result.customers)
    values = [c.expected_value for c in result.customers]
    assert values == sorted(values, reverse=True)  # most valuable first


def test_no_consent_customer_is_ever_in_a_contact_list(ctx: ToolContext) -> None:
    for name in ("champions", "loyal", "at_risk", "new", "occasional", "hibernating", "lost"):
        for seg in customer_segments(ctx, name).segments:
            for cid in seg.contact_list:
                assert ctx.session.get(Customer, cid).marketing_consent  # type: ignore[union-attr]


def test_no_personal_data_in_any_tool_result(ctx: ToolContext, demo_shop: DemoShop) -> None:
    champion = customer_segments(ctx, "champions").customers[0].customer_id
    results = [
        customer_segments(ctx),
        customer_segments(ctx, "champions"),
        customer_profile(ctx, champion),
        cross_sell(ctx, customer=champion),
        cross_sell(ctx, product="Croissant"),
        price_advice(ctx, "Croissant", propose=False),
    ]
    text = json.dumps([r.to_dict() for r in results])
    leaked = [v for v in _pii(demo_shop) if v in text]
    assert leaked == []
    assert champion in text


def test_owner_may_find_a_customer_by_name_and_still_gets_only_the_pseudonym(
    ctx: ToolContext, demo_shop: DemoShop
) -> None:
    model = customer_model(ctx)
    row = demo_shop.customer_pii[demo_shop.customer_pii["customer_id"].isin(model.customers.index)]
    names = row["name"].value_counts()
    pick = row[row["name"].isin(names[names == 1].index)].iloc[0]
    found = customer_profile(ctx, str(pick["name"]).upper())
    assert found.customer_id == pick["customer_id"] and found.personal is None
    assert str(pick["name"]) not in json.dumps(found.to_dict())
    staff = replace(ctx, actor="assistant for sam", role="staff")
    with pytest.raises(ToolError, match="only the owner"):
        customer_profile(staff, str(pick["name"]))
    assert customer_profile(staff, str(pick["customer_id"])).customer_id == pick["customer_id"]


def test_personal_data_only_for_the_owner_channel_flag(
    ctx: ToolContext, demo_shop: DemoShop
) -> None:
    cid = customer_segments(ctx, "champions").customers[0].customer_id
    flagged = replace(ctx)
    flagged.show_pii = True
    assert customer_profile(flagged, cid).personal is not None
    staff = replace(ctx, actor="assistant for sam", role="staff")
    staff.show_pii = True
    assert customer_profile(staff, cid).personal is None


def test_profile_tells_history_window_and_consent(ctx: ToolContext) -> None:
    cid = customer_segments(ctx, "champions").customers[0].customer_id
    p = customer_profile(ctx, cid.upper())
    assert p.customer_id == cid and p.segment == "champions"
    assert p.next_purchase is not None and ctx.today <= p.next_purchase[0] <= p.next_purchase[1]
    assert p.favourites and p.favourites[0].times >= p.favourites[-1].times
    assert p.churn_risk is not None and p.churn_risk < 0.2
    with pytest.raises(ToolError, match="no customer C-00000000"):
        customer_profile(ctx, "C-00000000")


def test_cross_sell_finds_the_planted_breakfast_group(
    ctx: ToolContext, demo_shop: DemoShop
) -> None:
    result = cross_sell(ctx, product="croissants")
    groups = demo_shop.truth.products.set_index("sku")["affinity_group"]
    assert result.product == "BAK-001" and len(result.suggestions) == 5
    planted = [groups[s.sku] for s in result.suggestions]
    assert planted.count("breakfast") >= 4
    for s in result.suggestions:
        assert s.lift and s.lift > 1 and s.baskets and s.baskets >= 5
        assert "baskets with Croissant" in s.why and f"lift {s.lift:.1f}" in s.why
    assert all(u.margin_gain and u.margin_gain > 0 for u in result.upsell)


def test_next_best_products_exclude_what_the_customer_bought(ctx: ToolContext) -> None:
    cid = customer_segments(ctx, "loyal").customers[0].customer_id
    result = cross_sell(ctx, customer=cid)
    lines = pd.read_sql(
        f"select distinct sku from sales where customer_id = '{cid}'", ctx.session.connection()
    )
    assert result.suggestions and not {s.sku for s in result.suggestions} & set(lines["sku"])
    assert all("customers whose purchases are most like" in s.why for s in result.suggestions)


def test_price_advice_proposes_one_price_change_for_approval(ctx: ToolContext) -> None:
    advice = price_advice(ctx, "Croissant")
    assert advice.action in {"raise", "lower", "test"} and advice.proposal_id
    lo, hi = advice.allowed_range
    assert lo <= advice.suggested_price <= hi
    assert advice.suggested_price <= advice.current_price * 1.1 + 1e-9
    proposal = ctx.session.get(Proposal, advice.proposal_id)
    assert proposal is not None and (proposal.kind, proposal.status) == ("price_change", "pending")
    assert proposal.payload["sku"] == "BAK-001"
    assert proposal.payload["new_price"] == advice.suggested_price
    again = price_advice(ctx, "Croissant")
    assert again.proposal_id == advice.proposal_id  # asking twice proposes nothing new


def test_all_new_tools_are_in_the_catalogue() -> None:
    kinds = {n: TOOLS[n].kind for n in ("customer_segments", "customer_profile", "cross_sell")}
    assert set(kinds.values()) == {"read"} and TOOLS["price_advice"].kind == "proposes"

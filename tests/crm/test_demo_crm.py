"""On the demo shop: themes recover the planted ones, campaign_report recovers each campaign's
true uplift within its interval, the next campaign targets the segment with the highest true
uplift, never a customer without consent, and keeps a holdout."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from shopkeeper.core.deps import Deps
from shopkeeper.core.store.crm_models import Feedback
from shopkeeper.core.store.models import Customer
from shopkeeper.demo import DemoShop, generate
from shopkeeper.demo.crm import UPLIFT
from tests.demo import loaded_demo
from tools.campaigns import campaign_report
from tools.context import ToolContext
from tools.crm_results import CampaignReport

END = date(2026, 11, 27)


@pytest.fixture(scope="module")
def shop() -> DemoShop:
    return generate(END, scale=0.3)


@pytest.fixture(scope="module")
def deps(tmp_path_factory: pytest.TempPathFactory, shop: DemoShop) -> Iterator[Deps]:
    deps = loaded_demo(tmp_path_factory.mktemp("crm"), shop, END)
    yield deps
    deps.engine.dispose()


def ctx_of(deps: Deps, session) -> ToolContext:  # type: ignore[no-untyped-def]
    return ToolContext.of(deps, session)


@pytest.fixture(scope="module")
def report(deps: Deps) -> CampaignReport:
    with deps.sessions() as s:
        out = campaign_report(ctx_of(deps, s))
        s.commit()
    return out


def test_the_other_demo_tables_are_unchanged_by_the_crm_stream(shop: DemoShop) -> None:
    again = generate(END, scale=0.3)
    pd.testing.assert_frame_equal(shop.sales, again.sales)
    assert shop.crm is not None and again.crm is not None
    pd.testing.assert_frame_equal(shop.crm.campaign_sales, again.crm.campaign_sales)
    assert not shop.sales["line_key"].isin(shop.crm.campaign_sales["line_key"]).any()


def test_each_campaign_with_a_list_recovers_its_true_uplift_within_the_interval(
    shop: DemoShop, report: CampaignReport
) -> None:
    assert shop.crm is not None
    truth = shop.crm.truth.set_index("campaign")
    by_name = {c.name: c for c in report.campaigns}
    for name, row in truth.iterrows():
        result = by_name[str(name)]
        if row["contacted"] == 0:
            assert result.method == "redemptions" and result.incremental_orders is None
            assert result.redemptions > 0
            continue
        assert result.method == "holdout"
        est = result.incremental_orders
        assert est is not None
        assert est.low <= row["true_orders"] <= est.high, (name, est, row["true_orders"])


def test_the_next_campaign_targets_the_segment_with_the_highest_true_uplift(
    deps: Deps, report: CampaignReport
) -> None:
    plan = report.next_campaign
    assert plan is not None
    assert plan.segment == max(UPLIFT, key=lambda s: UPLIFT[s])
    assert plan.proposal_id in report.proposals_created
    assert plan.holdout >= 1
    assert abs(plan.holdout / (plan.holdout + plan.contacted) - 0.10) < 0.05


def test_the_proposal_lists_only_customers_with_consent(deps: Deps, report: CampaignReport) -> None:
    from shopkeeper.core import proposals

    with deps.sessions() as s:
        view = proposals.get(s, report.proposals_created[0])
        assert view is not None
        listed = set(view.payload["customers"]) | set(view.payload["holdout"])
        consent = {c: ok for c, ok in s.execute(select(Customer.id, Customer.marketing_consent))}
    assert listed and all(consent[c] for c in listed)
    assert not set(view.payload["customers"]) & set(view.payload["holdout"])
    assert "{first_name}" in view.payload["message"]
    assert not any(c in view.payload["message"] for c in listed)


def test_feedback_themes_recover_the_planted_ones(deps: Deps, shop: DemoShop) -> None:
    from analytics.feedback import find_themes
    from shopkeeper.core.text_vectors import from_bytes

    assert shop.crm is not None
    with deps.sessions() as s:
        rows = s.execute(select(Feedback.text, Feedback.vector).order_by(Feedback.id)).all()
    planted = shop.crm.feedback["theme"].tolist()
    import numpy as np

    vectors = np.stack([from_bytes(v) for _, v in rows]).astype(float)
    themes = find_themes([t for t, _ in rows], vectors)
    majority = []
    for theme in themes.themes:
        counts = Counter(planted[i] for i in theme.rows)
        top, n = counts.most_common(1)[0]
        majority.append((top, n / len(theme.rows)))
    recovered = {top for top, purity in majority if purity >= 0.7}
    assert recovered == set(planted), (themes.method, majority)


def test_approval_checks_consent_again_and_exports_the_list(
    deps: Deps, report: CampaignReport
) -> None:
    from pathlib import Path

    from shopkeeper.app.workflows import decide
    from shopkeeper.core.store.crm_models import Campaign, CampaignTarget

    pid = report.proposals_created[0]
    with deps.sessions() as s:
        from shopkeeper.core import proposals

        view = proposals.get(s, pid)
        assert view is not None
        withdrawn = view.payload["customers"][0]
        s.get(Customer, withdrawn).marketing_consent = False  # changed their mind meanwhile
        s.commit()
    done = decide(deps, pid, "approve", actor="Olivia", role="owner")
    assert done.ok, done.refused
    assert done.contacts is not None
    path = Path(done.contacts)
    exported = path.read_text().splitlines()
    assert exported[0] == "customer,name,email,phone,message"
    assert len(exported) == len(view.payload["customers"])  # header + all but the withdrawn
    assert withdrawn not in path.read_text()
    with deps.sessions() as s:
        camp = s.scalars(select(Campaign).where(Campaign.proposal_id == pid)).one()
        listed = {
            c
            for (c,) in s.execute(
                select(CampaignTarget.customer_id).where(
                    CampaignTarget.campaign_id == camp.id, CampaignTarget.holdout.is_(False)
                )
            )
        }
    assert withdrawn not in listed and len(listed) == len(view.payload["customers"]) - 1


def test_feedback_summary_names_the_planted_complaint_products(deps: Deps) -> None:
    from tools.feedback import feedback_summary

    with deps.sessions() as s:
        everything = feedback_summary(ToolContext.of(deps, s), days=180)
        croissants = feedback_summary(ToolContext.of(deps, s), product="croissants", days=180)
    assert everything.messages > 100
    names = [c.name for c in everything.complaints]
    assert names[:2] == ["Croissant", "Oat Milk Barista 1L"]
    assert "Almond Croissant" not in names  # only praised in the demo
    assert 0.5 < (everything.negative_share or 0) < 0.8
    assert croissants.complaints[0].name == "Croissant"
    assert all(q for t in everything.themes for q in t.quotes)
    assert not any("+49" in q for t in everything.themes for q in t.quotes)


def test_the_timeline_shows_campaigns_received_and_redeemed(deps: Deps, shop: DemoShop) -> None:
    from tools.customers import customer_profile

    assert shop.crm is not None
    extra = shop.crm.campaign_sales
    cid = str(extra.loc[extra["discount_code"] == "WIN10", "customer_id"].iloc[0])
    with deps.sessions() as s:
        profile = customer_profile(ToolContext.of(deps, s), cid)
    kinds = {e.kind for e in profile.timeline}
    assert {"purchase", "campaign_received", "campaign_redeemed"} <= kinds
    redeemed = [e.detail for e in profile.timeline if e.kind == "campaign_redeemed"]
    assert "Spring win-back e-mail: code WIN10" in redeemed


def test_a_best_customers_complaint_reaches_the_owner_as_an_alert(deps: Deps) -> None:
    from datetime import datetime, timedelta

    from tools.campaign_data import margin_lines, standing
    from tools.feedback import feedback_summary

    with deps.sessions() as s:
        ctx = ToolContext.of(deps, s)
        seg = standing(margin_lines(ctx), ctx.today)["segment"]
        champion = str(seg[seg == "champions"].index[0])
        s.add(
            Feedback(
                key="alert-test",
                received_at=datetime.combine(ctx.today - timedelta(days=2), datetime.min.time()),
                customer_id=champion,
                channel="email",
                text="Rude staff and stale bread, not coming back.",
                sentiment="negative",
                score=-0.8,
                skus={"skus": []},
            )
        )
        s.flush()
        summary = feedback_summary(ctx, days=30)
        s.rollback()
    assert any(a.startswith(f"{champion} (Champions) was unhappy") for a in summary.alerts)

"""The fairness audit finds a rule that targets one area, and does not cry wolf when a gap
between areas comes from how customers buy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.fairness import audit_fairness

AREAS = np.array(["101", "104", "106", "120"])


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    """3,000 customers; those in area 106 live further away and come less often."""
    rng = np.random.default_rng(5)
    n = 3000
    area = rng.choice(AREAS, n)
    rate = np.where(area == "106", 0.6, 1.5)
    frequency = rng.poisson(rate * 6) + 1
    return pd.DataFrame(
        {
            "customer_id": [f"C-{i:08x}" for i in range(n)],
            "recency_days": rng.integers(1, 200, n) / np.sqrt(frequency),
            "frequency": frequency,
            "monetary": frequency * rng.gamma(4, 6, n),
            "area": area,
            "age_band": rng.choice(["18-29", "30-44", "45-64", "65+"], n),
            "gender": None,
        }
    )


def _decisions(c: pd.DataFrame, selected: np.ndarray) -> dict[str, pd.DataFrame]:
    value = np.where(selected, 5.0, np.nan)
    frame = pd.DataFrame({"customer_id": c["customer_id"], "selected": selected, "value": value})
    return {"campaign targeting": frame}


def test_a_rule_that_targets_one_area_is_found(customers):
    rng = np.random.default_rng(9)
    behaviour = customers["frequency"].to_numpy() >= 8
    # The planted bias: in area 101 half the customers are picked whatever they buy.
    planted = behaviour | (
        (customers["area"].to_numpy() == "101") & (rng.random(len(customers)) < 0.5)
    )
    audit = audit_fairness(
        customers, _decisions(customers, planted), ["area", "age_band", "gender"]
    )

    by_attr = {c.attribute: c for c in audit.checks}
    assert by_attr["area"].drives and by_attr["area"].four_fifths
    assert not by_attr["age_band"].drives
    assert audit.missing == ("gender",)
    assert "the area itself drives this recommendation" in by_attr["area"].explanation
    assert [c.attribute for c in audit.flagged] == ["area"]


def test_a_gap_explained_by_how_often_customers_buy_is_not_called_bias(customers):
    behaviour = customers["frequency"].to_numpy() >= 8  # targets frequent buyers only
    audit = audit_fairness(customers, _decisions(customers, behaviour), ["area", "age_band"])

    area = next(c for c in audit.checks if c.attribute == "area")
    worst = min(area.groups, key=lambda g: g.ratio)
    assert worst.group == "106" and worst.ratio < 0.8  # the four-fifths flag is raised ...
    assert area.four_fifths and not area.drives  # ... but the area does not drive it
    assert worst.adjusted_ratio >= 0.8
    assert (
        "because of how they buy (how recently, how often, how much), not because of the area"
        in (area.explanation)
    )
    assert audit.flagged == ()


def test_groups_too_small_to_judge_are_left_out(customers):
    small = customers.assign(
        area=np.where(np.arange(len(customers)) < 10, "999", customers["area"])
    )
    audit = audit_fairness(small, _decisions(small, small["frequency"].to_numpy() >= 8), ["area"])

    assert "999" not in {g.group for g in audit.checks[0].groups}


def test_the_demo_shops_recommendations_show_no_attribute_driven_gap(demo):
    from shopkeeper.assistant.render_trust import render_fairness
    from tests.trust.conftest import tool_context
    from tools.fairness import fairness_audit

    with demo.sessions() as s:
        report = fairness_audit(tool_context(demo, s))

    assert report.n_flagged == 0
    assert report.missing_attributes == ["gender"]
    assert {c.recommendation for c in report.checks} == {
        "segment offers",
        "top of the contact lists",
        "personal cross-sell",
    }
    assert render_fairness(report, "EUR").startswith("Fairness check: ")

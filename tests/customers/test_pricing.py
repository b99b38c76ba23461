"""Price suggestions: each guard-rail binds in turn, price endings, tests without data."""

import pytest

from analytics.pricing import GuardRails, candidate_prices, parse_endings, suggest_price

RAILS = GuardRails(max_change_pct=10, min_margin_pct=20, max_above_competitor_pct=5)


def test_price_endings_are_read_from_the_setting() -> None:
    assert parse_endings(".49,.99") == (0.49, 0.99)
    assert parse_endings(" .95 ") == (0.95,)
    assert parse_endings("") == ()
    assert candidate_prices(7.11, 8.69, (0.49, 0.99)) == [7.49, 7.99, 8.49]
    assert candidate_prices(1.00, 1.03, ()) == [1.0, 1.01, 1.02, 1.03]


def test_inelastic_demand_raises_by_the_maximum_step_to_an_ending() -> None:
    s = suggest_price(7.90, 3.20, -0.8, (-1.1, -0.5), RAILS)
    assert (s.action, s.suggested_price) == ("raise", 8.49)  # 8.69 is the cap; 8.49 ends in .49
    assert s.binding == ("max change", "price ending")
    assert s.units_change_pct == pytest.approx(((8.49 / 7.90) ** -0.8 - 1) * 100, abs=0.05)
    assert s.profit_change_pct > 0 and s.profit_change_range[0] > 0
    assert s.confidence == "high"


def test_the_competitor_limit_binds() -> None:
    s = suggest_price(7.90, 3.20, -0.8, (-1.1, -0.5), RAILS, competitor_price=7.70)
    assert s.upper_bound == pytest.approx(7.70 * 1.05, abs=0.01)  # 8.09
    assert (s.action, s.suggested_price, s.binding) == (
        "raise",
        7.99,
        ("competitor", "price ending"),
    )


def test_the_minimum_margin_binds() -> None:
    # Very elastic: the profit-best price is low, but 20 % margin on cost 7.00 needs 8.75.
    s = suggest_price(9.49, 7.00, -6.0, (-6.5, -5.5), RAILS)
    assert s.lower_bound == pytest.approx(8.75)
    assert (s.action, s.suggested_price) == ("lower", 8.99)
    assert s.binding == ("min margin", "price ending")
    assert s.margin_pct_new >= 20


def test_a_price_below_the_minimum_margin_is_raised_one_step_at_a_time() -> None:
    s = suggest_price(7.90, 7.00, -3.0, (-3.5, -2.5), RAILS)
    assert s.suggested_price == pytest.approx(8.69)  # +10 %, no .49/.99 price fits
    assert any("more than one step" in n for n in s.notes)


def test_margin_wins_over_a_cheap_competitor() -> None:
    s = suggest_price(8.99, 7.00, -1.5, (-2.0, -1.0), RAILS, competitor_price=7.00)
    assert s.suggested_price >= 8.75  # never below the minimum margin
    assert any("margin rule wins" in n for n in s.notes)


def test_elastic_demand_with_a_high_margin_lowers_the_price() -> None:
    s = suggest_price(7.90, 1.00, -5.0, (-5.5, -4.5), RAILS)
    assert (s.action, s.suggested_price, s.binding) == (
        "lower",
        7.49,
        ("max change", "price ending"),
    )


def test_a_small_gain_keeps_the_price() -> None:
    # With e = -1.68 the profit-best price cost·e/(1+e) = 3.20·1.68/0.68 = 7.91: keep 7.90.
    s = suggest_price(7.90, 3.20, -1.68, (-1.8, -1.55), RAILS)
    assert (s.action, s.suggested_price, s.units_change_pct) == ("keep", 7.90, 0.0)


def test_no_estimate_means_a_small_test_not_a_guess() -> None:
    s = suggest_price(7.90, 3.20, None, None, RAILS)
    # Half a step up (+5 % = 8.30), at the nearest price ending: 8.49.
    assert (s.action, s.confidence, s.suggested_price) == ("test", "low", 8.49)
    assert s.profit_change_pct is None
    wide = suggest_price(7.90, 3.20, -1.2, (-4.0, 1.6), RAILS)
    assert wide.action == "test"
    above = suggest_price(9.99, 3.20, None, None, RAILS, competitor_price=8.50)
    assert above.action == "test" and above.suggested_price < 9.99  # towards the competitor


def test_one_price_for_everyone() -> None:
    # The suggestion takes no customer argument at all: only product facts and rails.
    import inspect

    assert set(inspect.signature(suggest_price).parameters) == {
        "current_price",
        "unit_cost",
        "elasticity",
        "interval",
        "rails",
        "competitor_price",
    }

"""The supplier answers as the owner reads them: shares with their counts."""

from __future__ import annotations

from shopkeeper.assistant.render_suppliers import count
from tools.supplier_results import Count


def test_a_share_is_said_with_its_count_and_only_from_five_on() -> None:
    assert count(Count(k=3, n=4, of="deliveries"), "late") == "3 of 4 deliveries late"
    assert count(Count(k=30, n=40, of="deliveries"), "late") == "30 of 40 deliveries late (75%)"
    assert count(Count(k=10, n=1878, of="order lines")) == "10 of 1878 order lines (under 1%)"
    assert count(Count(k=0, n=0, of="deliveries")) == "no deliveries"

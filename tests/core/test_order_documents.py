"""A decision and its order document are one outcome: a committed approval is never
reported as a failure, and its document can always be made again from the database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shopkeeper.app.scan import run_scan
from shopkeeper.cli import main
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.db import session_scope


def _first_order(shop: Deps) -> int:
    plan = run_scan(shop).plan
    return next(o.proposal_id for o in plan.orders if o.proposal_id)


def _run(shop: Deps, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv), settings=shop.settings)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("blocked", ["read-only folder", "a file in the way"])
def test_an_approval_stands_when_its_document_cannot_be_written(
    shop: Deps, capsys: pytest.CaptureFixture[str], blocked: str
) -> None:
    pid = _first_order(shop)
    orders = shop.settings.data_dir / "orders"
    if blocked == "read-only folder":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        orders.mkdir()
        orders.chmod(0o500)
    else:
        orders.write_text("not a folder")
    code, said = _run(shop, capsys, "approve", str(pid), "--as", "Ana")
    assert code == 0 and "Nothing was changed" not in said
    first, second = said.splitlines()
    assert first.startswith(f"#{pid} purchase order to ") and first.endswith(
        "[approved by Ana at 2026-11-27 12:00]"
    )
    assert second.startswith(
        "The approval stands and the order counts as on order, but its document could not be "
        f"saved in {orders} ("
    )
    assert second.endswith(
        f"). Fix that, then run `shopkeeper proposals --show {pid}` to write it."
    )
    with shop.sessions() as s:
        view = proposals.get(s, pid)
    assert view is not None and view.status == "approved"

    # Fixed: the document is made from the stored decision.
    if orders.is_dir():
        orders.chmod(0o700)
    else:
        orders.unlink()
    code, said = _run(shop, capsys, "proposals", "--show", str(pid))
    path = orders / f"SK-{pid:05d}.csv"
    assert code == 0 and said.splitlines()[1] == (
        f"Order document: {path}. It is counted as on order now; send it to the supplier."
    )
    assert f"order reference,SK-{pid:05d}" in path.read_text()


def test_a_crash_between_the_decision_and_its_document_loses_nothing(
    shop: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = _first_order(shop)
    # The decision committed, then the process died before writing the document.
    with session_scope(shop.sessions) as s:
        proposals.decide(s, pid, "approve", actor="Ana", role="owner", now=shop.now())
    path = shop.settings.data_dir / "orders" / f"SK-{pid:05d}.csv"
    assert not path.exists()

    code, said = _run(shop, capsys, "approve", str(pid), "--as", "Ana")  # the retry
    assert code == 1
    assert said == (
        f"Proposal #{pid} was already approved by Ana at 2026-11-27 12:00.\n"
        f"Order document: {path}. It is counted as on order now; send it to the supplier.\n"
    )
    first = path.read_bytes()
    path.unlink()
    code, said = _run(shop, capsys, "proposals", "--show", str(pid))
    assert code == 0 and said.endswith(f"Order document: {path}. It is counted as on order "
                                       "now; send it to the supplier.\n")  # fmt: skip
    assert path.read_bytes() == first  # the same document, whoever makes it and when
    assert _run(shop, capsys, "proposals", "--show", "99999") == (
        1,
        "There is no proposal #99999.\n",
    )


def test_only_approved_purchase_orders_have_a_document(
    shop: Deps, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pid = _first_order(shop)
    code, said = _run(shop, capsys, "proposals", "--show", str(pid))
    assert code == 0 and said.splitlines()[1] == (
        f"Proposal #{pid} is pending: its order document is made when it is approved."
    )
    assert not (shop.settings.data_dir / "orders").exists()

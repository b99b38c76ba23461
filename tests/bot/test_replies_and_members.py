"""Reading replies to proposals, and joining with invite codes (no Telegram needed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.replies import ReplyDecision, parse_reply
from shopkeeper.core import members
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.chat_models import Invite

ONE = [{"sku": "OAT-1L", "name": "Oat Milk Barista 1L", "quantity": 24.0}]
TWO = [*ONE, {"sku": "MILK-1L", "name": "Whole Milk 1L", "quantity": 12.0}]
CHOC = [{"sku": "CHOC-70", "name": "Dark Chocolate 70% 100g", "quantity": 48.0}, *ONE]


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        ("yes", ONE, ReplyDecision("approve")),
        ("Approve!", ONE, ReplyDecision("approve")),
        ("ok, go ahead", ONE, ReplyDecision("approve")),
        ("👍", ONE, ReplyDecision("approve")),
        ("no", ONE, ReplyDecision("reject")),
        ("No, we have enough.", ONE, ReplyDecision("reject", note="we have enough.")),
        ("reject", TWO, ReplyDecision("reject")),
        ("order 20 instead", ONE, ReplyDecision("approve", amend={"OAT-1L": 20.0})),
        ("20", ONE, ReplyDecision("approve", amend={"OAT-1L": 20.0})),
        ("no, make it 18", ONE, ReplyDecision("approve", amend={"OAT-1L": 18.0})),
        ("make it 30 of oat milk", TWO, ReplyDecision("approve", amend={"OAT-1L": 30.0})),
        ("36 whole milk and 0 oat milk", TWO,
         ReplyDecision("approve", amend={"MILK-1L": 36.0, "OAT-1L": 0.0})),
        ("make it 2,5 of MILK-1L", TWO, ReplyDecision("approve", amend={"MILK-1L": 2.5})),
        ("24 of the 70% chocolate", CHOC, ReplyDecision("approve", amend={"CHOC-70": 24.0})),
        ("why so many?", ONE, None),
        ("what about oat milk 1l", ONE, None),
    ],
)  # fmt: skip
def test_replies_that_decide(text: str, lines: list[dict], expected: ReplyDecision | None) -> None:  # type: ignore[type-arg]
    assert parse_reply(text, lines) == expected


def test_replies_that_need_a_question_back() -> None:
    which = parse_reply("make it 30", TWO)
    assert which is not None and which.problem is not None
    assert which.problem.startswith("Which product? This order has 2 lines")
    milk = parse_reply("30 milk", TWO)  # both lines are milk
    assert milk is not None and milk.problem == (
        "Which product do you mean by “milk”? This order has: Oat Milk Barista 1L, Whole Milk 1L."
    )
    absent = parse_reply("30 croissants", TWO)
    assert (
        absent is not None and absent.problem is not None and "not in this order" in absent.problem
    )
    assert parse_reply("30", TWO, focus_sku="MILK-1L") == ReplyDecision(
        "approve", amend={"MILK-1L": 30.0}
    )
    negative = parse_reply("-5", ONE)
    assert negative is not None and negative.problem == "A quantity cannot be negative."


def test_the_first_setup_code_makes_the_owner_and_works_once(deps: Deps) -> None:
    first = members.create_invite(deps, role="owner", created_by="command line", days=7)
    spare = members.create_invite(deps, role="owner", created_by="command line", days=7)
    with deps.sessions() as s:
        hashes = s.scalars(select(Invite.code_hash)).all()
    assert first not in hashes and len(hashes) == 2  # only hashes are stored
    joined = members.redeem(deps, first.lower().replace("-", " "), "1", "Olga")
    assert joined.member is not None and joined.member.role == "owner" and joined.new
    assert members.redeem(deps, first, "2", "Eve").member is None  # used
    late = members.redeem(deps, spare, "2", "Eve")
    assert late.member is None and "already has an owner" in late.message
    again = members.redeem(deps, "whatever", "1", "Olga")
    assert again.member is not None and again.message == "You are already in, Olga, as owner."


def test_invites_expire_and_roles_are_checked(deps: Deps) -> None:
    code = members.create_invite(deps, role="staff", created_by="Olga", days=1)
    with deps.sessions.begin() as s:
        inv = s.scalars(select(Invite)).one()
        inv.expires_at = deps.now() - timedelta(minutes=1)
    assert members.redeem(deps, code, "3", "Sam").member is None
    with pytest.raises(ValueError):
        members.create_invite(deps, role="admin", created_by="x")
    staff = members.create_invite(deps, role="staff", created_by="Olga")
    sam = members.redeem(deps, staff, "3", "Sam").member
    assert sam is not None and not members.can_decide(deps, sam.role)
    assert members.can_decide(deps, "manager")


def test_the_only_owner_cannot_be_removed_but_staff_can(deps: Deps) -> None:
    owner = members.redeem(deps, members.create_invite(deps, "owner", "cli"), "1", "Olga").member
    sam = members.redeem(deps, members.create_invite(deps, "staff", "Olga"), "3", "Sam").member
    assert owner is not None and sam is not None
    with pytest.raises(ValueError, match="only owner"):
        members.deactivate(deps, owner.id, "Olga")
    assert members.deactivate(deps, sam.id, "Olga") is not None
    assert members.member(deps, "3") is None
    assert [m.display_name for m in members.members(deps)] == ["Olga"]

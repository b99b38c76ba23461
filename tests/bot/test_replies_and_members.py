"""Joining with invite codes (no Telegram needed); replies are read by the decision grammar
(tests/core/test_decision_grammar.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shopkeeper.core import members
from shopkeeper.core.deps import Deps
from shopkeeper.core.store.chat_models import Invite


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

"""Who may use the shop's assistant in a chat channel, with which role, and how they join.

A person joins with a one-time invite code: `shopkeeper invite --role owner` prints the setup
code that makes the first owner; the owner then invites managers and staff from the chat.
Codes are shown once and stored only as a hash; each works once and expires.

Roles: the owner and managers may decide proposals (see `Settings.approver_roles`); staff may
ask and read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopkeeper.core.deps import Shop
from shopkeeper.core.proposals import audit, may_decide
from shopkeeper.core.store.chat_models import Invite, Member
from shopkeeper.core.store.db import session_scope

ROLES = ("owner", "manager", "staff")
# No 0/O, 1/I/L: a code read off a screen or dictated over the phone is typed right.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS, GROUP_LEN = 3, 4


@dataclass(frozen=True)
class MemberView:
    """A member as a channel needs it (no ORM object leaves the session)."""

    id: int
    channel: str
    external_id: str
    display_name: str
    role: str
    joined_at: datetime
    active: bool

    @classmethod
    def of(cls, m: Member) -> MemberView:
        return cls(
            m.id, m.channel, m.external_id, m.display_name, m.role, m.joined_at, bool(m.active)
        )


@dataclass(frozen=True)
class Redeemed:
    """The outcome of `/start CODE`: the member (when it worked) and what to tell the person."""

    member: MemberView | None
    message: str
    new: bool = False


def _hash(code: str) -> str:
    """The stored form of a code; case, spaces and dashes do not matter when typing it."""
    norm = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(norm.encode()).hexdigest()


def new_code() -> str:
    """A random code such as ``K7QX-3M9P-T2WD`` (about 59 bits; usable in a /start link)."""
    chars = [secrets.choice(ALPHABET) for _ in range(CODE_GROUPS * GROUP_LEN)]
    return "-".join("".join(chars[i : i + GROUP_LEN]) for i in range(0, len(chars), GROUP_LEN))


def create_invite(shop: Shop, role: str, created_by: str, days: int = 7) -> str:
    """Create a one-time invite code for `role`; only its hash is stored.

    Args:
        shop: The shop.
        role: owner, manager or staff.
        created_by: Who made it (a name, or "command line"), for the audit log.
        days: Days until the code expires (1-90).

    Returns:
        The code, to be shown once to the person who asked for it.

    Raises:
        ValueError: unknown role or days out of range.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role '{role}'; use one of: {', '.join(ROLES)}")
    if not 1 <= days <= 90:
        raise ValueError("an invite expires after 1 to 90 days")
    code = new_code()
    now = shop.now()
    with session_scope(shop.sessions) as s:
        invite = Invite(
            code_hash=_hash(code),
            role=role,
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        s.add(invite)
        s.flush()
        audit(s, now, created_by, "invite", f"invite:{invite.id}", role=role, days=days)
    return code


def redeem(
    shop: Shop, code: str, external_id: str, display_name: str, channel: str = "telegram"
) -> Redeemed:
    """Join with an invite code (once). An existing member keeps their role.

    A setup code for an owner made before the shop had an owner stops working once somebody
    has become the owner with another one, so an old code found later cannot take over.
    """
    now = shop.now()
    with session_scope(shop.sessions) as s:
        known = _find(s, channel, external_id)
        if known is not None and known.active:
            return Redeemed(
                MemberView.of(known), f"You are already in, {known.display_name}, as {known.role}."
            )
        invite = s.scalars(select(Invite).where(Invite.code_hash == _hash(code))).first()
        refusal = _refusal(s, invite, now)
        if invite is None or refusal:
            return Redeemed(None, refusal or BAD_CODE)
        if known is None:
            known = Member(
                channel=channel,
                external_id=external_id,
                display_name=display_name[:200] or "member",
                role=invite.role,
                joined_at=now,
                active=True,
            )
            s.add(known)
        else:  # a former member invited again
            known.active, known.role, known.display_name = True, invite.role, display_name[:200]
            known.joined_at = now
        s.flush()
        invite.used_by, invite.used_at = known.id, now
        audit(s, now, known.display_name, "join", f"member:{known.id}", role=known.role)
        view = MemberView.of(known)
    return Redeemed(view, f"Welcome, {view.display_name}! You are in as {view.role}.", new=True)


BAD_CODE = (
    "That code does not work: it may be mistyped, already used or expired. "
    "Ask the shop owner for a new one."
)


def _refusal(s: Session, invite: Invite | None, now: datetime) -> str | None:
    if invite is None or invite.used_at is not None or invite.expires_at < now:
        return BAD_CODE
    if invite.role == "owner":
        first = s.scalars(
            select(Member).where(Member.role == "owner").order_by(Member.joined_at).limit(1)
        ).first()
        if first is not None and invite.created_at <= first.joined_at:
            return (
                "That setup code is no longer valid: the shop already has an owner. "
                "Ask them for an invite."
            )
    return None


def _find(s: Session, channel: str, external_id: str) -> Member | None:
    return s.scalars(
        select(Member).where(Member.channel == channel, Member.external_id == external_id)
    ).first()


def member(shop: Shop, external_id: str, channel: str = "telegram") -> MemberView | None:
    """The active member with this id in this channel, or None for anyone else."""
    with shop.sessions() as s:
        m = _find(s, channel, external_id)
        return MemberView.of(m) if m is not None and m.active else None


def members(
    shop: Shop, channel: str = "telegram", roles: tuple[str, ...] = ROLES
) -> list[MemberView]:
    """Active members with one of `roles`, owners first, then by joining time."""
    with shop.sessions() as s:
        rows = s.scalars(
            select(Member)
            .where(Member.channel == channel, Member.active.is_(True), Member.role.in_(roles))
            .order_by(Member.joined_at, Member.id)
        ).all()
        found = [MemberView.of(m) for m in rows]
    return sorted(found, key=lambda m: ROLES.index(m.role) if m.role in ROLES else len(ROLES))


def can_decide(shop: Shop, role: str) -> bool:
    """Whether `role` may decide proposals (Settings.approver_roles; see proposals)."""
    return may_decide(role, shop.settings.approver_roles)


def deactivate(shop: Shop, member_id: int, by: str) -> MemberView | None:
    """Remove a member's access (kept for the audit trail); None if there is no such member.

    Raises:
        ValueError: the last active owner cannot be removed.
    """
    now = shop.now()
    with session_scope(shop.sessions) as s:
        m = s.get(Member, member_id)
        if m is None or not m.active:
            return None
        if m.role == "owner":
            owners = s.scalars(
                select(Member).where(Member.role == "owner", Member.active.is_(True))
            ).all()
            if len(owners) <= 1:
                raise ValueError("The shop's only owner cannot be removed.")
        m.active = False
        audit(s, now, by, "remove_member", f"member:{m.id}", role=m.role)
        return MemberView.of(m)

"""The decision step every channel takes once the grammar has read a line: which proposal it
means now, whether it must be confirmed first, and doing it.

A bare "yes" (no number), a number that was replaced by a newer proposal, a price change, or
an order above `CONFIRM_ABOVE_AMOUNT` is never decided at once: the person is first told what
will happen ("Approve #8: price of Dark Chocolate 85% 100g 3.29 -> 3.49 EUR? yes/no") and a
second yes decides. The question's text is the confirmation's key: if the proposal changed
in between, the question is asked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shopkeeper.app.decision_grammar import Said, resolve
from shopkeeper.app.workflows import Decision, decide
from shopkeeper.assistant.text import money, qty
from shopkeeper.core import proposal_changes, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalError, ProposalView
from shopkeeper.core.store.db import session_scope

CONFIRM_RX = re.compile(r"^Approve #(\d+): [^\n]+\? yes/no$", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    """What to say after a line about a proposal, and the proposal as it stands."""

    text: str  # with a decision made: what comes before the channel's words for it
    ok: bool = False  # a decision or a change was made
    view: ProposalView | None = None
    before: dict[str, Any] | None = None  # the payload before a change
    confirm: bool = False  # `text` ends with a yes/no question about `view`
    decision: Decision | None = None


def what(view: ProposalView, currency: str) -> str:
    """The proposal's effect in a few words."""
    pay = view.payload
    if view.kind == "price_change":
        old, new = float(pay.get("old_price", 0)), float(pay.get("new_price", 0))
        return f"price of {pay.get('name')} {old:.2f} -> {new:.2f} {currency}"
    if view.kind == "purchase_order":
        n = len(pay.get("lines", []))
        return (
            f"purchase order to {pay.get('supplier_name')}, {n} line{'s' if n != 1 else ''}, "
            f"{money(float(pay.get('order_value', 0)), currency)}"
        )
    return view.subject


def confirm_question(view: ProposalView, currency: str) -> str:
    """The question a second yes answers."""
    return f"Approve #{view.id}: {what(view, currency)}? yes/no"


def needs_confirmation(view: ProposalView, deps: Deps) -> bool:
    """Price changes always; anything whose value is above the configured amount."""
    value = float(view.payload.get("order_value", view.payload.get("cost", 0)) or 0)
    return view.kind == "price_change" or value > deps.settings.confirm_above_amount


def changes(before: dict[str, Any], after: ProposalView, currency: str) -> str:
    """ "House Blend 1kg: 23 -> 10. New total 90.00 EUR (was 207.00 EUR)." """
    new = {ln["sku"]: ln for ln in after.payload.get("lines", [])}
    said = []
    for ln in before.get("lines", []):
        now = new.get(ln["sku"])
        was = float(ln["quantity"])
        if now is None:
            said.append(f"{ln.get('name', ln['sku'])}: left out (was {qty(was)})")
        elif float(now["quantity"]) != was:
            said.append(f"{ln.get('name', ln['sku'])}: {qty(was)} -> {qty(float(now['quantity']))}")
    total = money(float(after.payload.get("order_value", 0)), currency)
    old = money(float(before.get("order_value", 0)), currency)
    return f"{'; '.join(said) or 'No quantity changed'}. New total {total} (was {old})."


def _get(deps: Deps, proposal_id: int) -> ProposalView | None:
    with session_scope(deps.sessions) as s:
        return proposals.current(s, proposal_id, deps.now())


def act(
    deps: Deps,
    said: Said,
    proposal_id: int,
    *,
    actor: str,
    role: str,
    focus_sku: str | None = None,
    echo: bool | None = None,
) -> Outcome:
    """Carry out what `said` asks of proposal `proposal_id` (or the one that replaced it).

    Approvals that need a second yes come back with `confirm=True` and the question.

    Args:
        echo: ask before approving even a small order (default: when no number was given).
    """
    cur = deps.settings.currency
    with session_scope(deps.sessions) as s:
        proposals.expire_due(s, deps.now())
        found = proposal_changes.follow(s, proposal_id)
    view, lead = found.view, f"{found.note}\n" if found.note else ""
    if view is None:
        return Outcome(f"There is no proposal #{proposal_id}.")
    if view.status != "pending":
        return Outcome(lead + _state(view, cur), view=view)
    if not proposals.may_decide(role, deps.settings.approver_roles):
        return Outcome(proposals.refusal(role, deps.settings.approver_roles))
    req = resolve(said, list(view.payload.get("lines", [])), focus_sku)
    if req.problem:
        return Outcome(lead + req.problem, view=view)
    verb, amend, note = req.verb, req.amend, req.note
    lines = view.payload.get("lines", [])
    if amend and lines and all(amend.get(ln["sku"], ln["quantity"]) <= 0 for ln in lines):
        verb, amend, note = "reject", {}, "every quantity set to 0"  # a no, not an empty order
    if verb == "reject":
        return _decide(deps, view, "reject", actor, role, note, lead=lead)
    before = None
    if amend:
        try:
            with session_scope(deps.sessions) as s:
                view, before = proposal_changes.amend(
                    s, view.id, amend, actor=actor, now=deps.now()
                )
        except ProposalError as err:
            return Outcome(lead + str(err), view=view)
        lead += f"#{view.id} changed: {changes(before, view, cur)}\n"
        if verb == "change":
            tail = f"It is still waiting for a decision: “approve {view.id}” orders it."
            return Outcome(lead + tail, ok=True, view=view, before=before)
    if (said.bare if echo is None else echo) or found.replaced or needs_confirmation(view, deps):
        return Outcome(
            lead + confirm_question(view, cur), ok=bool(amend), view=view, before=before,
            confirm=True,
        )  # fmt: skip
    return _decide(deps, view, "approve", actor, role, note, lead=lead, before=before)


def confirm(deps: Deps, proposal_id: int, question: str, *, actor: str, role: str) -> Outcome:
    """A yes to `question` (a `confirm_question` asked earlier): approve if it still holds."""
    view = _get(deps, proposal_id)
    if view is None:
        return Outcome(f"There is no proposal #{proposal_id}.")
    if view.status != "pending":
        return Outcome(_state(view, deps.settings.currency), view=view)
    now = confirm_question(view, deps.settings.currency)
    if now != question.strip():
        return Outcome(f"#{view.id} changed since I asked.\n{now}", view=view, confirm=True)
    return _decide(deps, view, "approve", actor, role, None)


def _decide(
    deps: Deps,
    view: ProposalView,
    verb: str,
    actor: str,
    role: str,
    note: str | None,
    *,
    lead: str = "",
    before: dict[str, Any] | None = None,
) -> Outcome:
    done = decide(deps, view.id, verb, actor, role, note=note)
    text = lead + (done.refused or "")
    return Outcome(text, ok=done.ok, view=done.view, before=before, decision=done)


def _state(view: ProposalView, currency: str) -> str:
    if view.status == "pending":
        return confirm_question(view, currency)
    if view.status == "expired":
        return f"Proposal #{view.id} expired on {view.expires_at:%Y-%m-%d}; run a new plan."
    at = f"{view.decided_at:%Y-%m-%d %H:%M}" if view.decided_at else "earlier"
    return f"Proposal #{view.id} was already {view.status} by {view.decided_by} at {at}."

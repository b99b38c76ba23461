"""The order document of an approved purchase order (the CSV a person sends to the supplier),
made from the stored decision.

A decision and its document are one outcome: the decision is committed first, and the
document is derived from it, the same text whoever asks and whenever (the deciding call, a
later press or retry, `shopkeeper proposals --show N`, the bot's "send the order again"
button). So a document that could not be written or sent is never lost, only late, and a
decision that committed is never reported as a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shopkeeper.assistant.render import proposal_line
from shopkeeper.core import orders, proposals
from shopkeeper.core.deps import Deps
from shopkeeper.core.proposals import ProposalView
from shopkeeper.core.store.private_files import write_private


@dataclass(frozen=True)
class OrderDocument:
    """One approved purchase order, as the supplier gets it."""

    proposal_id: int
    reference: str
    supplier: str
    text: str

    @property
    def filename(self) -> str:
        return f"{self.reference}.csv"


@dataclass(frozen=True)
class Saved:
    """Where an order's document is kept on disk, and why it is not there when it could not
    be written (`problem` is None once it is)."""

    proposal_id: int
    path: Path
    problem: str | None = None


def document_of(deps: Deps, view: ProposalView) -> OrderDocument | None:
    """The document of an approved purchase order; None for any other proposal."""
    if view.kind != "purchase_order" or view.status != "approved":
        return None
    ordered_on = (view.decided_at or deps.now()).date()  # the decision's day, not today's
    return OrderDocument(
        proposal_id=view.id,
        reference=orders.order_reference(view.id),
        supplier=str(view.payload.get("supplier_name") or "the supplier"),
        text=orders.order_document(view, deps.settings.shop_name, ordered_on),
    )


def save(deps: Deps, doc: OrderDocument) -> Saved:
    """Keep the document in the data folder's `orders/` (written only when missing or
    different, so asking again changes nothing); a failed write is reported, not raised."""
    path = deps.settings.data_dir / "orders" / doc.filename
    try:
        if not (path.is_file() and path.read_bytes() == doc.text.encode("utf-8")):
            write_private(path, doc.text)
    except OSError as err:
        return Saved(doc.proposal_id, path, err.strerror or type(err).__name__)
    return Saved(doc.proposal_id, path)


def saved_text(saved: Saved) -> str:
    """Where the document is, or why it is not there and how to get it."""
    if saved.problem is None:
        return (
            f"Order document: {saved.path}. It is counted as on order now; send it to the supplier."
        )
    return (
        "The approval stands and the order counts as on order, but its document could not be "
        f"saved in {saved.path.parent} ({saved.problem}). Fix that, then run "
        f"`shopkeeper proposals --show {saved.proposal_id}` to write it."
    )


def show_text(deps: Deps, proposal_id: int) -> str | None:
    """`shopkeeper proposals --show N`: the proposal, and its order document saved again
    when it has one; None when there is no such proposal."""
    if not 0 < proposal_id <= proposals.MAX_ID:
        return None
    with deps.sessions() as s:
        view = proposals.get(s, proposal_id)
    if view is None:
        return None
    line = proposal_line(view, deps.settings.currency)
    doc = document_of(deps, view)
    if doc is not None:
        return f"{line}\n{saved_text(save(deps, doc))}"
    if view.kind == "purchase_order" and view.status == "pending":
        return (
            f"{line}\nProposal #{view.id} is pending: its order document is made when it is "
            "approved."
        )
    return line

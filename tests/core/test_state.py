"""The shop state: derived data is computed once per data version, and every import is seen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from shopkeeper.app.workflows import after_import
from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.core.deps import Deps
from shopkeeper.core.importing import import_file
from tools.context import ToolContext
from tools.knowledge import find_products
from tools.resolve import resolve_product


class FakeIndex:
    """A search index that finds every product whose name shares a word with the query."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, str]] = {}

    def sync(self, kind: str, docs: dict[str, str], meta: dict[str, dict[str, Any]]) -> int:
        self.docs[kind] = docs
        return len(docs)

    def search(self, kind: str, query: str, limit: int = 5) -> list[tuple[str, float]]:
        words = set(query.lower().split())
        hits = [
            k for k, text in self.docs.get(kind, {}).items() if words & set(text.lower().split())
        ]
        return [(k, 1.0) for k in hits[:limit]]

    def add_note(self, note_id: int, text: str) -> None: ...

    def search_notes(self, query: str, limit: int) -> list[tuple[int, float]]:
        return []

    def sync_notes(self, notes: dict[int, str]) -> int:
        return 0


def test_search_by_meaning_still_works_after_a_sales_import(shop: Deps) -> None:
    shop.index = FakeIndex()
    after_import(shop)  # what every sales import runs
    with shop.sessions() as s:
        found = find_products(ToolContext.of(shop, s), "oat")
    assert [p.name for p in found.products] == ["Oat Milk Barista 1L"]


def test_a_product_renamed_by_an_import_is_found_by_its_new_name(
    shop: Deps, tmp_path: Path
) -> None:
    with shop.sessions() as s:
        assert resolve_product(ToolContext.of(shop, s), "croissant").label == "Croissant"
    path = tmp_path / "products.csv"
    path.write_text("SKU,Name\nCRO,Butter Croissant Deluxe\n")
    report = import_file(shop.engine, path, now=shop.now())
    assert report.committed and report.rows_updated == 1
    with shop.sessions() as s:
        match = resolve_product(ToolContext.of(shop, s), "Butter Croissant Deluxe")
    assert (match.value, match.label) == ("CRO", "Butter Croissant Deluxe")


def count_reads(deps: Deps, table: str) -> list[str]:
    """Every SELECT on `table` the engine runs from now on."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and f"FROM {table}" in statement:
            seen.append(statement)

    event.listen(deps.engine, "before_cursor_execute", note)
    return seen


def test_one_reorder_question_reads_the_forecast_run_once(shop: Deps) -> None:
    after_import(shop)  # a stored forecast run, as after every import
    fresh = Deps(shop.settings, shop.engine, shop.sessions)  # a new process: empty state
    reads = count_reads(fresh, "forecast_values")
    answer = OfflineAssistant(fresh).ask("what should I reorder this week?")
    assert answer.tool_calls[0].name == "reorder_plan"
    assert len(reads) == 1
    OfflineAssistant(fresh).ask("what's running low?")  # nothing changed: nothing is re-read
    assert len(reads) == 1

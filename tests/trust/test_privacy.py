"""Forgetting a customer: a proposal the owner approves; afterwards the name, e-mail and
phone are nowhere on disk (database, chat memory, search index, log), the sales stay."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

from langgraph.checkpoint.base import empty_checkpoint
from sqlalchemy import insert, select

from shopkeeper.app.privacy import export_customer
from shopkeeper.app.workflows import decide
from shopkeeper.assistant.embeddings import HashingEmbedding
from shopkeeper.assistant.knowledge import Knowledge
from shopkeeper.assistant.memory import beside_database, open_checkpointer
from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.chat import decision_text
from shopkeeper.core.erasure import set_consent
from shopkeeper.core.store.chat_models import Note
from shopkeeper.core.store.models import AuditEntry, Customer, CustomerPII, SaleLine
from shopkeeper.demo import DemoShop
from tests.trust.conftest import tool_context
from tools.customers import customer_segments


def _someone(shop: DemoShop) -> tuple[str, str, str, str]:
    """A member with a unique name, an e-mail and a phone, who bought something."""
    pii = shop.customer_pii.dropna(subset=["email", "phone"])
    pii = pii[~pii["name"].duplicated(keep=False)]
    buyers = set(shop.sales["customer_id"].dropna())
    row = pii[pii["customer_id"].isin(buyers)].iloc[0]
    return row["customer_id"], row["name"], row["email"], row["phone"]


def _grep(paths: list[Path], *needles: str) -> list[str]:
    found = []
    for needle in needles:
        for path in paths:
            out = subprocess.run(["grep", "-rlaiF", needle, str(path)], capture_output=True)
            found += [f"{needle} in {p}" for p in out.stdout.decode().split()]
    return found


def _plant_mentions(demo, name: str, email: str, phone: str) -> list[Path]:  # type: ignore[no-untyped-def]
    """The customer named in a note, a chat, the search index and the log (written before
    the customer list was imported, so nothing could replace the name by the code)."""
    text = f"{name} ({email}, {phone}) wants oat milk kept aside"
    with demo.sessions.begin() as s:
        s.execute(
            insert(Note).values(text=text, created_by="owner", created_at=datetime(2026, 11, 1))
        )
    chat = beside_database(demo.settings, ".chat.sqlite")
    saver = open_checkpointer(chat)
    checkpoint = empty_checkpoint()
    checkpoint["channel_values"] = {"messages": [f"what did {name} buy?"]}
    saver.put({"configurable": {"thread_id": "42", "checkpoint_ns": ""}}, checkpoint, {}, {})
    saver.conn.close()
    index = beside_database(demo.settings, ".knowledge")
    Knowledge(index, HashingEmbedding()).add_note(1, text)
    log = demo.settings.data_dir / "shopkeeper.log"
    log.write_text(f"INFO earlier version logged {email}\nINFO started\n")
    db = Path(demo.settings.db_url.removeprefix("sqlite:///"))
    return [db, chat, index, log]


def test_after_forget_the_customer_is_nowhere_on_disk_and_the_sales_stay(demo, small_shop):
    cid, name, email, phone = _someone(small_shop)
    files = _plant_mentions(demo, name, email, phone)
    assert len(_grep(files, name, email, phone)) >= 6  # the test plants what it looks for
    with demo.sessions() as s:
        sales = len(s.scalars(select(SaleLine.id).where(SaleLine.customer_id == cid)).all())

    asked = OfflineAssistant(demo).ask(f"forget customer {cid}", role="owner")
    pid = asked.proposals[0].id
    refused = decide(demo, pid, "approve", "Mia", "manager")
    done = decide(demo, pid, "approve", "owner", "owner")
    text = decision_text(done, "EUR")
    demo.engine.dispose()

    assert [c.name for c in asked.tool_calls] == ["forget_customer"]
    assert refused.refused == "Only the owner may approve erasing a customer's personal data."
    assert done.ok and f"Personal data of {cid} erased" in text
    assert _grep(files, name, email, phone) == []
    with demo.sessions() as s:
        assert s.get(CustomerPII, cid) is None
        assert s.get(Customer, cid).marketing_consent is False
        kept = s.scalars(select(SaleLine.id).where(SaleLine.customer_id == cid)).all()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "forget_customer")).one()
        note = s.scalars(select(Note)).one()
    assert len(kept) == sales > 0
    assert audit.subject == f"customer:{cid}" and audit.details["notes_rewritten"] == 1
    assert note.text.startswith(f"{cid} (") and "oat milk" in note.text


def test_only_the_owner_may_ask_to_forget(demo, small_shop):
    cid = small_shop.customers["id"].iloc[5]
    answer = OfflineAssistant(demo).ask(f"forget customer {cid}", role="staff")

    assert answer.proposals == []
    assert "Only the owner" in answer.text


def test_the_export_holds_everything_stored_about_one_customer(demo, small_shop, tmp_path):
    cid = _someone(small_shop)[0]
    path = export_customer(demo, cid, tmp_path)
    record = json.loads(path.read_text())

    assert record["customer"] == cid
    assert record["personal data"]["email"] is None  # forgotten in the first test
    assert record["history"][0]["what"] == "forget_customer"
    assert len(record["purchases"]) > 0
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_withdrawn_consent_counts_at_the_next_question(demo):
    # demo.state, the process's shop state, keeps the customer model between the questions.
    with demo.sessions() as s:
        before = customer_segments(tool_context(demo, s))
        listed = next(seg.contact_list[0] for seg in before.segments if seg.contact_list)
    with demo.sessions.begin() as s:
        assert set_consent(s, listed, False, datetime(2026, 11, 27, 9), "owner")
    with demo.sessions() as s:
        after = customer_segments(tool_context(demo, s))

    assert all(listed not in seg.contact_list for seg in after.segments)

"""Writing customer feedback: pseudonymised text, sentiment, vector and mentioned products.

Names, e-mails and phone numbers of known customers become their pseudonym before the text
is stored (unknown e-mails and phone numbers are removed), so everything later read from the
table is safe to show a model. A message's key is a SHA-1 of its date, customer ref and raw
text: importing the same file again adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from analytics.feedback import mentioned_products
from shopkeeper.core import text_vectors
from shopkeeper.core.importing.load_customers import known_refs
from shopkeeper.core.importing.writing import T, Written, cell
from shopkeeper.core.privacy import Redactor, build_redactor

PSEUDONYM = re.compile(r"\bC-[0-9a-f]{8}\b")


def shop_redactor(conn: Connection) -> Redactor:
    """The redactor for the customers in the database behind `conn`."""
    pii = T["customer_pii"]
    rows = conn.execute(
        select(pii.c.customer_id, pii.c.name, pii.c.email, pii.c.phone, pii.c.external_ref)
    ).all()
    return build_redactor([tuple(r) for r in rows])


def feedback_rows(
    conn: Connection, messages: list[dict[str, Any]], source: str
) -> list[dict[str, Any]]:
    """Table rows for `messages` (received_at, customer_id, channel, rating, text, key)."""
    if not messages:
        return []
    redactor = shop_redactor(conn)
    texts = [redactor.redact(str(m["text"])) for m in messages]
    products = T["products"]
    names = {sku: name for sku, name in conn.execute(select(products.c.sku, products.c.name))}
    skus = mentioned_products(texts, names)
    vectors = text_vectors.passage_vectors(texts)
    sentiment = text_vectors.sentiment_of(vectors, [m.get("rating") for m in messages])
    return [
        {
            "key": m["key"],
            "received_at": m["received_at"],
            "customer_id": m.get("customer_id"),
            "channel": m.get("channel") or "other",
            "rating": m.get("rating"),
            "text": text,
            "sentiment": sentiment.labels[i],
            "score": sentiment.scores[i],
            "skus": {"skus": skus[i]},
            "vector": None if vectors is None else text_vectors.to_bytes(vectors[i]),
            "source": source,
        }
        for i, (m, text) in enumerate(zip(messages, texts, strict=True))
    ]


def message_key(when: datetime, ref: str | None, text: str) -> str:
    """The stable key of one message."""
    return hashlib.sha1(f"{when.isoformat()}\x1f{ref or ''}\x1f{text}".encode()).hexdigest()


def write_feedback(conn: Connection, good: pd.DataFrame) -> Written:
    """Add the file's new messages; messages already stored are counted as unchanged."""
    table = T["feedback"]
    ids = known_refs(conn)
    known = set(conn.execute(select(table.c.key)).scalars())
    messages: list[dict[str, Any]] = []
    for row in good.itertuples(index=False):
        when, ref = cell(row.date), cell(row.customer_ref)
        key = message_key(when, ref, str(row.text))
        if key in known:
            continue
        known.add(key)
        messages.append(
            {
                "key": key,
                "received_at": when,
                "customer_id": ids.get(ref) if ref else None,
                "channel": cell(row.channel),
                "rating": cell(row.rating),
                "text": str(row.text),
            }
        )
    rows = feedback_rows(conn, messages, "import")
    if rows:
        conn.execute(insert(table), rows)
    # A ref the shop does not know is kept as "no customer" (the message still counts).
    return Written(added=len(rows), unchanged=len(good) - len(rows))


def record_message(engine: Engine, text: str, now: datetime, channel: str) -> dict[str, Any]:
    """Store one customer message passed on by a member of staff (e.g. in Telegram).

    The customer is recognised when the text names exactly one known customer (name, e-mail,
    phone or customer number), which the stored text then shows as their pseudonym.

    Returns:
        The stored row's text, sentiment, score, customer_id and skus.
    """
    with engine.begin() as conn:
        redacted = shop_redactor(conn).redact(text)
        found = sorted(set(PSEUDONYM.findall(redacted)))
        message = {
            "key": message_key(now, None, text),
            "received_at": now,
            "customer_id": found[0] if len(found) == 1 else None,
            "channel": channel,
            "text": text,
        }
        (row,) = feedback_rows(conn, [message], "telegram")
        conn.execute(insert(T["feedback"]), [row])
    return {k: row[k] for k in ("text", "sentiment", "score", "customer_id", "skus")}

"""Keep customer names, e-mails and phone numbers away from the model, the logs and chromadb.

Tools already speak in pseudonyms (customers.id, e.g. "C-3f9a1c2b"). This is the second line:
any text on its way out — the question, a tool result, a note to index — is scanned for the
shop's known customer PII (the customer_pii table) and for anything shaped like an e-mail
address or phone number. Known values become the customer's pseudonym, so "what did
anna@example.com buy?" still names the right customer; unknown e-mails and phone numbers are
removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopkeeper.core.state import Memo, Slot
from shopkeeper.core.store.models import CustomerPII

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: an international one (+49 170 5550123), or a national one with a separator
# (0170 5550123, 030/1234567). Bare digit runs are left alone: they are quantities and codes.
PHONE = re.compile(r"(?<![\w+])(?:\+\d[\d\s()./-]{6,}\d|0\d{2,4}[\s/-][\d\s/-]{4,}\d)(?!\w)")
TOKEN = re.compile(r"[\w-]+")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MAX_NAME_WORDS = 4


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass(frozen=True)
class Redactor:
    """Replaces known customer PII by pseudonyms and unknown e-mails/phones by a marker."""

    names: dict[str, str] = field(default_factory=dict)  # "anna schmidt" -> "C-..."
    emails: dict[str, str] = field(default_factory=dict)
    phones: dict[str, str] = field(default_factory=dict)  # last 9 digits -> "C-..."
    refs: dict[str, str] = field(default_factory=dict)

    def redact(self, text: str) -> str:
        """`text` with customer PII replaced (idempotent; pseudonyms pass through)."""
        text = EMAIL.sub(lambda m: self.emails.get(m.group().lower(), "[e-mail removed]"), text)
        text = PHONE.sub(self._phone, text)
        if self.refs:
            text = TOKEN.sub(lambda m: self.refs.get(m.group().lower(), m.group()), text)
        return self._names(text) if self.names else text

    def _phone(self, m: re.Match[str]) -> str:
        digits = _digits(m.group())
        if len(digits) < 7:
            return m.group()
        return self.phones.get(digits[-9:], "[phone removed]")

    def _names(self, text: str) -> str:
        words = list(WORD.finditer(text))
        out: list[str] = []
        pos = i = 0
        while i < len(words):
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                span = words[i : i + n]
                key = " ".join(w.group().lower() for w in span)
                if key in self.names and (n > 1 or span[0].group()[:1].isupper()):
                    out += [text[pos : span[0].start()], self.names[key]]
                    pos, i = span[-1].end(), i + n
                    break
            else:
                i += 1
        return "".join([*out, text[pos:]])


Row = tuple[str, str | None, str | None, str | None, str | None]


def build_redactor(rows: list[Row]) -> Redactor:
    """A redactor from (customer_id, name, email, phone, external_ref) rows."""
    names: dict[str, str] = {}
    emails: dict[str, str] = {}
    phones: dict[str, str] = {}
    refs: dict[str, str] = {}
    for cid, name, email, phone, ref in rows:
        if name:
            key = " ".join(w.lower() for w in WORD.findall(name))
            # One-word names must be capitalised in the text and at least 4 letters long, so
            # that ordinary words are not taken for a customer.
            if key and (" " in key or len(key) >= 4):
                names[key] = cid
        if email:
            emails[email.strip().lower()] = cid
        if phone and len(_digits(phone)) >= 7:
            phones[_digits(phone)[-9:]] = cid
        # Short numeric references ("4711") look like quantities; only distinctive ones count.
        if ref and (len(ref) >= 6 or re.search(r"[A-Za-z]", ref)):
            refs[ref.strip().lower()] = cid
    return Redactor(names, emails, phones, refs)


REDACTOR: Slot[Redactor] = Slot("redactor", ("customers",))


def redactor_for(session: Session, memo: Memo | None = None) -> Redactor:
    """The redactor for this shop's customers, kept in the shop state until customers change."""
    if memo is None:
        return _build(session)
    return memo.get(REDACTOR, lambda: _build(session))


def _build(session: Session) -> Redactor:
    rows = session.execute(
        select(
            CustomerPII.customer_id,
            CustomerPII.name,
            CustomerPII.email,
            CustomerPII.phone,
            CustomerPII.external_ref,
        )
    ).all()
    return build_redactor([tuple(r) for r in rows])  # type: ignore[misc]

"""What a question is about: a product, a category, a supplier or a customer.

A subject is a run of adjacent words that a catalogue name explains, never words collected
from all over the question: "worst", "category", "10" or "reliable" are asking words (they
appear in the intent examples or the stop list), and an asking word only counts inside a run
that also holds a naming word ("Christmas Stollen"). Spelling slips are matched fuzzily
("buter" -> Butter); words no name explains are tried by meaning (e5: "Hafermilch" -> oat
milk). When several products fit equally well, the best seller is used and the others are
returned as alternatives for the answer to offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process
from sqlalchemy import func, select

from shopkeeper.core.state import Slot
from shopkeeper.core.store.models import SaleLine
from tools.context import ToolContext
from tools.resolve import Catalogue, catalogue

SIZE = re.compile(r"^\d+([.,]\d+)?(k?g|m?l|cl|cm|m|l|er)?$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PSEUDONYM = re.compile(r"\bC-[0-9a-f]{8}\b", re.IGNORECASE)
GENERIC = {"gmbh", "ltd", "inc", "co", "foods", "fine", "import", "the", "and", "of", "au"}
CATEGORY_ALIASES = {
    "Dairy & Alternatives": ("dairy", "alternatives", "milk products"),
    "Coffee & Tea": ("coffee", "tea", "coffees", "teas"),
    "Snacks & Sweets": ("snacks", "sweets", "snack", "candy", "confectionery"),
    "Seasonal & Gifts": ("seasonal", "gifts", "gift"),
    "Drinks": ("drinks", "beverages", "drink"),
    "Bakery": ("bakery", "baked goods", "pastries", "pastry"),
    "Pantry": ("pantry", "groceries", "dry goods"),
    "Household": ("household", "cleaning"),
}


INDEX: Slot[Index] = Slot("subject words", ("catalogue",))
SALES_RANK: Slot[dict[str, float]] = Slot("best sellers of 90 days", ("sales", "catalogue"))


@dataclass(frozen=True)
class Subject:
    """One thing the question names, with the words it used."""

    kind: str  # product | category | supplier | customer
    value: str  # the catalogue's own spelling, or a customer code / e-mail
    words: str
    score: float
    alternatives: tuple[str, ...] = ()


def tokens(text: str) -> list[str]:
    """Lower-case words, sizes joined ("1 l" -> "1l"), plurals left as typed."""
    t = re.sub(r"(\d)\s+(k?g|m?l|cl)\b", r"\1\2", text.lower())
    return re.findall(r"[\w][\w'.%-]*[\w%]|[\w]", t)


def singular(w: str) -> str:
    """ "croissants" -> "croissant"; sizes and words like "glass" stay."""
    if SIZE.match(w) or w.endswith(("ss", "mas", "us")):
        return w
    return re.sub(r"(?<=[a-zà-ÿ]{3})s$", "", w)


@dataclass(frozen=True)
class Index:
    """Catalogue names split into words, for run matching."""

    names: dict[str, tuple[str, ...]]  # display name -> words
    kinds: dict[str, str]  # display name -> product | category | supplier
    words: tuple[str, ...]  # every distinct naming word
    distinct: dict[str, frozenset[str]]  # supplier -> the words only it has


def build_index(cat: Catalogue) -> Index:
    """Words of every product, category (with aliases) and supplier."""
    names: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, str] = {}
    distinct: dict[str, frozenset[str]] = {}
    for name in cat.names:
        names[name] = tuple(singular(w) for w in tokens(name))
        kinds[name] = "product"
    for category in cat.categories:
        for alias in (*CATEGORY_ALIASES.get(category, ()), category):
            key = f"{category}\x00{alias}"
            names[key] = tuple(singular(w) for w in tokens(alias) if w not in GENERIC)
            kinds[key] = "category"
    category_words = {w for key, k in kinds.items() if k == "category" for w in names[key]}
    product_words = {w for key, k in kinds.items() if k == "product" for w in names[key]}
    for supplier in cat.suppliers:
        # A supplier is named by its own words: "dairy" alone is the category, while
        # "Alpine Dairy" is the supplier (its run holds "alpine").
        names[supplier] = tuple(singular(t) for t in tokens(supplier) if t not in GENERIC)
        distinct[supplier] = frozenset(names[supplier]) - category_words - product_words
        kinds[supplier] = "supplier"
    words = tuple(sorted({w for ws in names.values() for w in ws}))
    return Index(names, kinds, words, distinct)


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or SIZE.match(a) or SIZE.match(b):
        return False
    return fuzz.ratio(a, b) >= (88 if min(len(a), len(b)) < 6 else 84)


def _runs(
    q: list[str], asking: list[bool], name: tuple[str, ...], need: frozenset[str] | None = None
) -> tuple[int, int, float, float]:
    """(start, end, weight, coverage) of the longest run of question words the name explains;
    a word matched only fuzzily ("croisant") weighs 0.9, so an exact match wins a tie."""
    best: tuple[int, int, float, float] = (0, 0, 0.0, 0.0)
    core = [w for w in name if not SIZE.match(w)] or list(name)
    i = 0
    while i < len(q):
        j = i
        used: set[str] = set()
        while j < len(q) and any(_same(q[j], w) and w not in used for w in name):
            used.add(next(w for w in name if _same(q[j], w) and w not in used))
            j += 1
        named = need is None or any(w in need for w in used)
        if (
            named
            and j > i
            and any(not a and not SIZE.match(w) for a, w in zip(asking[i:j], q[i:j], strict=True))
        ):
            cover = len([w for w in core if w in used]) / len(core)
            weight = sum(1.0 if w in name else 0.9 for w in q[i:j])
            if (weight, cover) > (best[2], best[3]):
                best = (i, j, weight, cover)
        i = max(j, i + 1)
    return best


def find_subjects(
    ctx: ToolContext, text: str, asking_words: frozenset[str], hidden: list[tuple[int, int]]
) -> list[Subject]:
    """Products/categories/suppliers named in `text` (best first; at most one of each kind).

    `hidden` are character spans already read as dates or amounts.
    """
    for a, b in sorted(hidden, reverse=True):
        text = text[:a] + " " * (b - a) + text[b:]
    index = subject_index(ctx)
    q = _split_joined([singular(w) for w in tokens(text)], index)
    asking = [w in asking_words or _is_asking(w, asking_words, index) for w in q]
    scored: list[tuple[float, str, str]] = []
    for name, words in index.names.items():
        start, end, weight, cover = _runs(q, asking, words, index.distinct.get(name))
        if weight:
            sized = any(SIZE.match(w) for w in q[start:end])
            # The words explained count first; a whole name (all its words) beats a partial
            # one; among partial ones the best seller is chosen below, not the shortest name.
            score = weight + (1.0 if cover == 1.0 else 0.0) + (0.2 if sized else 0.0)
            scored.append((score, name, " ".join(q[start:end])))
    out: list[Subject] = []
    for kind in ("supplier", "category", "product"):
        mine = sorted((s for s in scored if index.kinds[s[1]] == kind), reverse=True)
        if not mine:
            continue
        top = mine[0][0]
        tied = [s for s in mine if top - s[0] < 0.01]
        if kind == "product" and len(tied) > 1:
            tied.sort(key=lambda s: -_sales_rank(ctx).get(s[1], 0.0))
        value = tied[0][1].split("\x00")[0]
        alts = tuple(dict.fromkeys(n for s in tied[1:6] if (n := s[1].split("\x00")[0]) != value))
        out.append(Subject(kind, value, tied[0][2], top, alts))
    return _prefer(out)


def _split_joined(q: list[str], index: Index) -> list[str]:
    """ "oatmilk" -> "oat", "milk" when both halves are catalogue words."""
    out: list[str] = []
    known = set(index.words)
    for w in q:
        cut = (
            next(
                (i for i in range(3, len(w) - 2) if w[:i] in known and singular(w[i:]) in known),
                None,
            )
            if len(w) >= 6 and w not in known
            else None
        )
        out += [w] if cut is None else [w[:cut], singular(w[cut:])]
    return out


def unknown_words(text: str, asking: frozenset[str], index: Index) -> list[str]:
    """Words in a naming place ("how much sauerkraut") that no catalogue name explains."""
    found = re.findall(
        r"\b(?:much|many|of|for|any|some|our|the|forecast|predict|sell|sold|stock|price|with)\s+([a-zà-ÿ]{4,})\b",
        text.lower(),
    )
    return [
        w
        for w in found
        if singular(w) not in asking
        and not _is_asking(singular(w), asking, index)
        and not process.extractOne(singular(w), index.words, scorer=fuzz.ratio, score_cutoff=84)
    ]


def _prefer(found: list[Subject]) -> list[Subject]:
    """A product beats a category or supplier only when it explains more words."""
    cat = next((s for s in found if s.kind == "category"), None)
    prod = next((s for s in found if s.kind == "product"), None)
    sup = next((s for s in found if s.kind == "supplier"), None)
    if cat and prod:
        if prod.score > cat.score + 0.001 and len(prod.words) >= len(cat.words):
            cat = None
        else:
            prod = None
    if sup and cat and set(cat.words.split()) <= set(sup.words.split()):
        cat = None  # "Alpine Dairy": the supplier, not also the category
    return [s for s in (prod, cat, sup) if s is not None]


def _is_asking(word: str, asking_words: frozenset[str], index: Index) -> bool:
    """A typo of an asking word ("stok", "reordr") is asking unless a name fits better."""
    if len(word) < 4 or word in index.words:
        return False
    ask = process.extractOne(word, asking_words, scorer=fuzz.ratio, score_cutoff=80)
    if ask is None:
        return False
    name = process.extractOne(word, index.words, scorer=fuzz.ratio)
    return name is None or ask[1] >= name[1]


def subject_index(ctx: ToolContext) -> Index:
    """The catalogue's words, built once per catalogue version."""
    return ctx.memo.get(INDEX, lambda: build_index(catalogue(ctx)))


def _sales_rank(ctx: ToolContext) -> dict[str, float]:
    """Product name -> revenue over the last 90 days: which of several matches sells most."""
    return ctx.memo.get(SALES_RANK, lambda: _read_sales_rank(ctx), key=ctx.today)


def _read_sales_rank(ctx: ToolContext) -> dict[str, float]:
    since = datetime.combine(ctx.today - timedelta(days=90), datetime.min.time())
    rows = ctx.session.execute(
        select(SaleLine.sku, func.sum(SaleLine.quantity * SaleLine.unit_price))
        .where(SaleLine.ts >= since)
        .group_by(SaleLine.sku)
    ).all()
    cat = catalogue(ctx)
    names = dict(zip(cat.skus, cat.names, strict=True))
    return {names.get(sku, sku): float(v or 0) for sku, v in rows}


def customer_in(text: str) -> str | None:
    """A customer code (normalised) or an e-mail address in `text`."""
    if found := PSEUDONYM.search(text):
        return "C-" + found.group()[2:].lower()
    if found := EMAIL.search(text):
        return found.group().rstrip(".").lower()
    return None

"""Assistant answers and bot replies -> Telegram HTML text. Pure: no Telegram, no I/O.

Telegram counts a message's length after the HTML is parsed, in UTF-16 code units, and
refuses more than 4096; answers are split on line boundaries before any markup is added, so
a tag never spans two messages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from shopkeeper.core.settings import Settings

LIMIT = 4096  # characters of visible text per message
CAPTION_LIMIT = 1024
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LABEL = re.compile(r"^(Why|Note|Method):", re.MULTILINE)
TAG = re.compile(r"<[^>]+>")


def esc(text: str) -> str:
    """Text made safe for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """A value made safe inside an HTML attribute."""
    return html.escape(text, quote=True)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (emoji and other astral characters count twice)."""
    return len(text.encode("utf-16-le")) // 2


def visible(html_text: str) -> str:
    """What a person sees of an HTML message: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", html_text))


def visible_len(html_text: str) -> int:
    return utf16_len(visible(html_text))


def split_text(text: str, limit: int = LIMIT) -> list[str]:
    """Split plain text into parts of at most `limit` (UTF-16) on line boundaries.

    A single line longer than the limit is cut at the last space that fits (or hard, for a
    line without spaces). Blank parts are dropped.
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in _fit_lines(text.split("\n"), limit):
        add = utf16_len(line) + (1 if current else 0)
        if current and size + add > limit:
            parts.append("\n".join(current))
            current, size = [], 0
            add = utf16_len(line)
        current.append(line)
        size += add
    if current:
        parts.append("\n".join(current))
    return [p.strip("\n") for p in parts if p.strip()]


def _fit_lines(lines: Iterable[str], limit: int) -> Iterable[str]:
    for line in lines:
        while utf16_len(line) > limit:
            cut = _cut(line, limit)
            yield line[:cut].rstrip()
            line = line[cut:].lstrip()
        yield line


def _cut(line: str, limit: int) -> int:
    """The largest index whose prefix fits in `limit`, moved back to a space if there is one."""
    hi = limit
    while utf16_len(line[:hi]) > limit:
        hi -= 1
    space = line.rfind(" ", 0, hi)
    return space if space > hi // 2 else hi


def line_html(line: str) -> str:
    """One line of an answer: escaped, `code` spans and Why:/Note: labels marked up."""
    out = esc(line)
    out = CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    return LABEL.sub(lambda m: f"<i>{m.group(1)}:</i>", out)


def answer_parts(text: str, *, has_cards: bool = False, limit: int = LIMIT) -> list[str]:
    """The assistant's plain-text answer as one or more HTML messages.

    With `has_cards` (the proposals follow as their own messages with buttons), it says how
    to decide them here.
    """
    if has_cards:
        text = text.rstrip() + (
            "\n\nThe proposed orders follow, each with Approve / Reject / Change quantity "
            "buttons; nothing is ordered until someone approves."
        )
    text = text.strip() or "I have no answer to that; try /help for examples."
    return ["\n".join(line_html(ln) for ln in part.split("\n")) for part in split_text(text, limit)]


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def _service(s: Settings) -> str:
    if s.service_scope == "product":
        return f"{s.service_level:.0%} chance of not running out, for every product"
    return (
        f"{s.service_level:.0%} of products not running out, shared out at the least stock "
        f"(no product below {s.min_product_service_level:.0%})"
    )


def settings_html(s: Settings) -> str:
    """The shop's settings as the bot uses them (read-only)."""
    rows = [
        ("Shop", s.shop_name),
        ("Time zone", s.timezone),
        ("Daily stock-out scan", f"{s.daily_scan_time} shop time"),
        ("Service level", _service(s)),
        ("Review period", f"{s.review_period_days} days between orders (unless a supplier's own)"),
        ("Currency", s.currency),
        ("Proposals expire after", f"{s.proposal_ttl_days} days"),
        ("Who may approve", ", ".join(s.approver_roles)),
        ("Largest file to import", f"{s.max_upload_mb:g} MB"),
    ]
    lines = [f"⚙️ {bold('Settings')}"]
    lines += [f"{esc(k)}: {esc(str(v))}" for k, v in rows]
    lines.append("")
    lines.append(
        "<i>These are read from the .env file on the computer that runs the bot; "
        "change them there and restart the bot.</i>"
    )
    return "\n".join(lines)


def help_html(shop_name: str, role: str) -> str:
    """What to ask and which commands there are, for this person's role."""
    lines = [
        f"I am the planning assistant of {bold(shop_name)}. Ask me in your own words, e.g.:",
        "• what should I reorder this week?",
        "• what's running low?",
        "• how will oat milk sell over Christmas?",
        "• how were sales last month? (then: and the month before?)",
        "• what's waiting for approval?",
        "",
        "Commands:",
        "/stock [product] - stock, days of cover, what may run out",
        "/forecast [product] - expected sales for the next two weeks, with a chart",
        "/reorder - what to order now, per supplier",
        "/pending - orders waiting for a decision",
        "/settings - the shop's settings",
    ]
    if role in {"owner", "manager"}:
        lines += [
            "/import - send a CSV or XLSX export (sales, products, stock, ...)",
            "/snooze product days - no stock-out warnings for a product for a while",
            "",
            "Approve an order with its buttons, or reply to it: “yes”, “no”, "
            "“order 20 instead”, “make it 30 of oat milk”.",
        ]
    if role == "owner":
        lines += ["/invite manager or /invite staff - a code for a colleague to join"]
        lines += ["/members - who has access; /remove name - take it away"]
    if role == "staff":
        lines += ["", "<i>Orders are approved by the owner or a manager.</i>"]
    return "\n".join(lines)


STRANGER = (
    "Sorry, this is a shop's private assistant. If you work there, ask the owner for an "
    "invite code and send /start followed by the code."
)


def error_html(error_id: str) -> str:
    return (
        f"Sorry, something went wrong on my side (error {esc(error_id)}). Please try again; "
        "if it keeps happening, tell whoever runs the bot this error id."
    )

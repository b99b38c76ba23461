"""Telegram's HTML parse mode, as strict as Telegram: HTML text -> plain text + entities.

Unsupported tags, unclosed or crossed tags, a raw '<' or '&' and named entities other than
&lt; &gt; &amp; &quot; are errors ("Bad Request: can't parse entities"), so a message the
bot forgot to escape fails here as it would in Telegram.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
RAW_LT = re.compile(r"<(?![a-zA-Z/])")
RAW_AMP = re.compile(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class HtmlError(ValueError):
    """What Telegram would answer: can't parse entities."""


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.text = ""
        self.stack: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}"')
        extra: dict[str, Any] = {}
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise HtmlError("a tag without href")
            if href.startswith("tg://user?id="):
                user = {"id": int(href.split("=")[1]), "is_bot": False, "first_name": "x"}
                extra = {"type": "text_mention", "user": user}
            else:
                extra = {"url": href}
        self.stack.append((tag, utf16(self.text), extra))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            raise HtmlError(f'Unmatched end tag "{tag}"')
        _, start, extra = self.stack.pop()
        length = utf16(self.text) - start
        if length:
            entity = {"type": TAGS[tag], "offset": start, "length": length, **extra}
            if tag == "code" and self.stack and self.stack[-1][0] == "pre":
                return  # <pre><code> is one pre entity
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_entityref(self, name: str) -> None:
        if name not in NAMED:
            raise HtmlError(f"Unsupported HTML entity &{name};")
        self.text += NAMED[name]

    def handle_charref(self, name: str) -> None:
        self.text += chr(int(name[1:], 16) if name.lower().startswith("x") else int(name))


def parse_html(html_text: str) -> tuple[str, list[dict[str, Any]]]:
    """(plain text, entities) as Telegram would store the message."""
    if RAW_LT.search(html_text):
        raise HtmlError("Unexpected '<'")
    if RAW_AMP.search(html_text):
        raise HtmlError("Unexpected '&'")
    p = _Parser()
    p.feed(html_text)
    p.close()
    if p.stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{p.stack[-1][0]}"')
    return p.text, sorted(p.entities, key=lambda e: (e["offset"], -e["length"]))

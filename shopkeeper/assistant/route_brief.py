"""Questions about the week as a whole ("how did last week go?", "weekly summary") go to
`weekly_brief` before the general router looks for a product or a period in them."""

from __future__ import annotations

from datetime import date

from shopkeeper.assistant.intents import best_intent
from shopkeeper.assistant.periods import parse_period
from shopkeeper.assistant.router import Route


def brief_route(text: str, today: date) -> Route | None:
    """The weekly brief's route for `text`, or None when it asks for something else.

    A week named in the question ("the week of 16 November") is reviewed; otherwise the last
    full one.
    """
    if best_intent(text) != "weekly_brief":
        return None
    return Route("weekly_brief", brief_args(text, today))


def brief_args(text: str, today: date) -> dict[str, date]:
    """`week_start` when the question names a past week ("the week of 16 November"); none
    for the last full week."""
    span = parse_period(text, today)
    if span is None or span.future or span.end >= today or (span.end - span.start).days != 6:
        return {}
    return {"week_start": span.start}

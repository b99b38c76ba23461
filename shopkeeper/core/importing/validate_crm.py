"""Checks of the customer-relationship files: feedback and campaigns (see validate.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopkeeper.core.importing.checks import Checker

if TYPE_CHECKING:
    from shopkeeper.core.importing.validate import Catalog

CAMPAIGN_CHANNELS = ("email", "sms", "telegram", "social", "in-store")
_CHANNEL_NAMES = {
    "e-mail": "email",
    "mail": "email",
    "text": "sms",
    "instore": "in-store",
    "in store": "in-store",
    "store": "in-store",
    "shop": "in-store",
}


def check_feedback(check: Checker, catalog: Catalog) -> None:
    """A feedback file: date, optional customer, channel, a rating up to 10, the text."""
    check.date("date", required=True)
    check.text("customer_ref", max_len=120)
    channel = check.text("channel", max_len=40)
    check.frame["channel"] = channel.str.casefold().fillna("other")
    rating = check.number("rating", minimum=0)
    check.report(rating.gt(10).fillna(False).to_numpy(bool), "rating", "rating is above 10")
    check.text("text", required=True, max_len=5000)


def check_campaigns(check: Checker, catalog: Catalog) -> None:
    """A campaigns file: one line per targeted customer, the campaign's details on its first."""
    name = check.text("name", required=True, max_len=200)
    # A campaign's details are often on its first line only; its customer list follows.
    for col in ("channel", "start", "end", "cost", "offer", "discount_code"):
        if check.has(col):
            raw = check.raw(col)
            check.table.frame[check.positions[col]] = raw.fillna(
                raw.groupby(name).transform("first")
            ).fillna("")
    channel = check.text("channel", required=True, max_len=20).str.casefold().str.strip()
    channel = channel.replace(_CHANNEL_NAMES)
    unknown = channel.notna() & ~channel.isin(CAMPAIGN_CHANNELS)
    check.report(
        unknown.to_numpy(bool),
        "channel",
        (f"channel '{c}' is not one of {', '.join(CAMPAIGN_CHANNELS)}" for c in channel[unknown]),
    )
    check.frame["channel"] = channel
    start, end = check.date("start", required=True), check.date("end", required=True)
    check.report((end < start).to_numpy(), "end", "the end date is before the start date")
    check.number("cost", minimum=0)
    check.text("offer", max_len=200)
    check.text("discount_code", max_len=40)
    ref = check.text("customer_ref", max_len=120)
    check.frame["holdout"] = check.flag("holdout").astype("boolean").fillna(False).astype(bool)
    check.duplicates([name.str.casefold(), ref], "customer_ref", "customer of this campaign")

"""The columns of feedback and campaign files (turned into `Column`s by `columns.py`).

Each spec is (name, label, other names, weak names, required).
"""

from __future__ import annotations

# Not "discount" or "voucher" alone: exports use those for amounts.
CODE_NAMES = (
    "discount code, promo code, coupon, coupon code, voucher code, rabattcode, gutscheincode"
)
_CUSTOMER = "customer id, customer, customer no, customer number, customer ref, "
_CUSTOMER += "customer reference, client id, client, member id, loyalty id, kundennummer, kunde"

Spec = tuple[str, str, str, str, bool]

CRM_SPECS: dict[str, tuple[Spec, ...]] = {
    "feedback": (
        (
            "date",
            "date",
            "date, received, received at, received on, feedback date, submitted at, "
            "created at, datum, fecha",
            "",
            True,
        ),
        ("customer_ref", "customer", _CUSTOMER, "", False),
        ("channel", "channel", "channel, source, via, kanal, canal", "", False),
        (
            "rating",
            "rating",
            "rating, stars, score, rating 1 5, sterne, bewertung, puntuacion",
            "",
            False,
        ),
        (
            "text",
            "text",
            "feedback, comment, comments, message, review, review text, feedback text, remarks, "
            "kommentar, nachricht, rückmeldung, comentario, opinion, text",
            "",
            True,
        ),
    ),
    "campaigns": (
        ("name", "campaign", "campaign, campaign name, kampagne, aktion name", "", True),
        ("channel", "channel", "channel, medium, kanal", "", True),
        ("start", "start", "start, start date, starts, from, beginn, von", "", True),
        ("end", "end", "end, end date, ends, until, to, ende, bis", "", True),
        ("cost", "cost", "cost, costs, budget, spend, kosten", "", False),
        ("offer", "offer", "offer, discount offer, angebot", "", False),
        ("discount_code", "discount code", CODE_NAMES, "", False),
        ("customer_ref", "customer", _CUSTOMER, "", False),
        (
            "holdout",
            "holdout",
            "holdout, control, control group, hold out, kontrollgruppe",
            "",
            False,
        ),
    ),
}

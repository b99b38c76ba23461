"""Phrasings of the trust questions: is the data OK, are the recommendations fair, how good
were the forecasts, and a customer's privacy rights (scored like intents.PATTERNS)."""

from __future__ import annotations

_DATA_WORDS = (
    r"(ok|okay|good|clean|quality|right|correct|reliable|trust\w*|problems?|issues?|errors?|"
    r"wrong|mess\w*|broken|complete|fine|check\w*|sound|healthy|accurate|bad|dirty|"
    r"mistakes?|up to date|fix\w*|missing)"
)

TRUST_PATTERNS: dict[str, list[tuple[str, float]]] = {
    "data_quality": [
        (r"\bdata\b.*\b" + _DATA_WORDS + r"\b", 5),
        (r"\b" + _DATA_WORDS + r"\b.*\b(data|records|figures|numbers|files?|imports?)\b", 5),
        (r"\bimports?\b.*\b(complete|ok|right|wrong|problems?|fail\w*)\b", 5),
        (r"\btill\b.*\b(record\w*|miss\w*|lost)\b", 5),
        (r"\bdata[- ]?quality\b|\bdata check\b|\bcheck (my|the|our) (data|records|files?)", 6),
        (r"\bduplicat|\bdouble[- ]counted\b|\bcounted twice\b|\bentered twice\b", 6),
        (r"\bnegative stock\b|\bstock counts?\b.*\b(wrong|old|odd)\b", 4),
        (r"\btypos?\b|\btyping (errors?|mistakes?)\b|\bwrong (prices|quantities)\b", 4),
        (r"\btill (was )?(down|broken|outage|offline)\b|\bmissing (sales|days)\b", 4),
        (r"\bgaps?\b.*\b(sales|data|till|records)\b|\bdays? without (any )?sales?\b", 4),
        (r"\bcan i (trust|rely on)\b.*\b(numbers|figures|data)\b", 5),
        (r"\bgarbage in\b|\bsanity check\b|\bdata hygiene\b|\bout of date data\b", 5),
    ],
    "fairness_audit": [
        (r"\bfair(ness|ly)?\b|\bunfair\w*\b|\bbias(ed|es)?\b|\bdiscriminat\w*", 6),
        (r"\bfour[- ]fifths\b|\b80 ?% rule\b|\bdisparate\b|\bequal(ly)? treat|\bprejudice", 6),
        (r"\b(postcodes?|areas?|neighbou?rhoods?|districts?|ages?|gender|women|men|older|"
         r"younger|elderly|pensioners|students)\b.*\b(offers?|campaigns?|targeted|treated|"
         r"discounts?|excluded|left out|favou?r\w*|deals?)\b", 5),
        (r"\b(offers?|campaigns?|discounts?|deals?)\b.*\b(postcodes?|areas?|neighbou?rhoods?|"
         r"ages?|gender|women|men|older|younger)\b", 4),
        (r"\btreat\w* (all )?(my )?customers (equally|the same|alike|evenly)\b", 6),
        # "does the postcode decide who gets a discount?": an attribute deciding, not a report
        (r"\b(postcodes?|areas?|ages?|gender)\b.*\b(decides?|drives?|chooses?)\b", 4),
        (r"\bsame (chance|treatment)\b|\bleft out\b|\bfavou?r(it\w*|s?)\b", 3),
        (r"\b(groups?|long-standing|new customers|postcodes?)\b.*\b(more|fewer|less) "
         r"(offers?|deals?|discounts?)\b", 6),
    ],
    "track_record": [
        (r"\btrack record\b|\bhindsight\b|\bin retrospect\b|\bscorecard of (your|the)", 6),
        (r"\bhow (good|accurate|reliable|right|well|close|far off|wrong)\b.*\b(forecasts?|"
         r"predictions?|recommendations?|suggestions?|advice|estimates?|plans?)\b", 6),
        (r"\b(forecasts?|predictions?) (errors?|accuracy|quality|bias)\b|\baccura(te|cy)\b", 4),
        (r"\bover-?forecast\w*|\bunder-?forecast\w*|\bover-?predict\w*|\bunder-?predict\w*", 6),
        (r"\b(were|was) you (right|wrong|accurate|close)\b|\byou got (it )?(right|wrong)\b", 5),
        (r"\bdid (your|the) (forecasts?|suggestions?|advice|plans?|orders?) "
         r"(work|pay off|turn out|hold up|come true)\b", 6),
        (r"\b(my|our) (changes|overrides|edits|corrections)\b|\bbeat (the|your) forecast", 5),
        (r"\bnaive\b|\bbaseline\b|\bdespite the plan\b|\b(ran|run) out anyway\b", 6),
        (r"\b(forecast|prediction)s? bias\b", 8),
        (r"\bhow wrong were you\b|\bpay off\b|\b(plan|forecast|advice) (was )?right\b", 6),
    ],
    "forget_customer": [
        (r"\b(forget|erase|delete|remove|wipe|anonymi[sz]e)\b.*\b(customer|client|c-[0-9a-f]{8}|"
         r"their data|personal data|details|record)\b", 7),
        (r"\bright to be forgotten\b|\bgdpr\b.*\b(erase|delete|forget)|\berasure request\b", 8),
        (r"\bwants? (us )?to (forget|delete|erase)\b|\b(be|being) forgotten\b", 8),
        (r"^\s*(please )?(forget|erase)\b", 7),
    ],
}  # fmt: skip

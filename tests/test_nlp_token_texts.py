"""Token texts taken by offset (no spaCy Token objects) are the tokens' own texts, and the names found with them
are those found token by token."""

from __future__ import annotations

import pytest

from pipeline.extract.actors import capitalized_words
from pipeline.nlp.sentences import get_nlp, segment, token_texts

TEXTS = [
    "Dr. Smith moved to the U.S. in 1999.  Then Élodie Durand (née Roy) joined   IBM's board.",
    "Line one\n\nLine two\n \n[[x]] {{y}} — “Quoted Title” and 'Single' – São Paulo, 3 May 2001.",
    "", " ", "\n\n", "A", "end.", "x" * 150 + " Big Word", "¿Qué? ¡Sí! Café-Bar e.g. St. Louis",
]


@pytest.mark.parametrize("text", TEXTS)
def test_token_texts_are_the_tokens_texts(text: str) -> None:
    doc = get_nlp().make_doc(text)
    assert token_texts(doc) == [t.text for t in doc]


def test_capitalized_words_are_mid_sentence_capitalized_alphabetic_tokens() -> None:
    spans = [s.span for sentences in segment(TEXTS) for s in sentences]
    expected = frozenset(t.text for s in spans for t in list(s)[1:] if t.text[:1].isupper() and t.is_alpha)
    found = capitalized_words(spans)
    assert found == expected
    assert {"Smith", "Durand", "IBM", "Paulo", "Louis"} <= found  # mid-sentence, capitalized, letters only
    assert "Dr" not in found and "Then" not in found and "Line" not in found  # sentence-initial words
    assert "U.S." not in found and "Café-Bar" not in found  # not only letters


@pytest.mark.parametrize("text", TEXTS)
def test_token_texts_of_a_segmented_doc_are_kept_and_are_the_tokens_texts(text: str) -> None:
    """A Doc the pipeline segmented keeps the texts its sentence rule read; they are its tokens' texts."""
    doc = get_nlp()(text)
    assert token_texts(doc) == [t.text for t in doc]
    assert token_texts(doc) is token_texts(doc)  # kept, not built again
    plain = get_nlp().make_doc(text)  # not segmented: built on each call
    assert token_texts(plain) is not token_texts(plain)

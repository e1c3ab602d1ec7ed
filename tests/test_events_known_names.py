"""Known names (actors): paragraphs without a date are segmented only when a looked-up word needs them, and the
answers are those of ``capitalized_words`` over every sentence of every paragraph."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.article import Paragraph
from pipeline.extract.actors import capitalized_words
from pipeline.extract.events import _KnownNames, _one_sentence
from pipeline.nlp.sentences import segment


def _full_set(paragraphs: list[Paragraph]) -> frozenset[str]:
    spans: list[Span] = []
    for paragraph, sentences in zip(paragraphs, segment(p.text for p in paragraphs), strict=True):
        if paragraph.context == "table":
            sentences = _one_sentence(sentences)
        spans.extend(s.span for s in sentences)
    return capitalized_words(spans)


PARAGRAPHS = [
    Paragraph(text="The king met Durbar there. Smith left with Ogilvy.", section=None, anchors=[]),
    Paragraph(text="Row one. Keswick | Penrith", section=None, anchors=[], context="table"),
    Paragraph(text="Ambleside stands here. Grasmere too.", section=None, anchors=[]),
]


@pytest.mark.parametrize("word", ["Durbar", "Ogilvy", "Keswick", "Penrith", "Smith", "The", "Ambleside",
                                  "Grasmere", "Row", "Windermere", "king", "Dur"])
def test_known_names_answer_as_the_set_over_all_sentences(word: str) -> None:
    known = _KnownNames(frozenset(), list(PARAGRAPHS))
    assert (word in known) == (word in _full_set(PARAGRAPHS))


def test_known_names_hold_mid_sentence_words_only() -> None:
    known = _KnownNames(frozenset(), list(PARAGRAPHS))
    assert "Durbar" in known and "Keswick" in known  # mid-sentence; in a table row the whole row is one sentence
    assert "Smith" not in known and "Ambleside" not in known and "Grasmere" not in known  # sentence-initial only
    assert "Windermere" not in known  # nowhere


def test_known_names_segment_only_the_paragraphs_a_lookup_needs() -> None:
    unsegmented = list(PARAGRAPHS)
    known = _KnownNames(frozenset({"Ogilvy"}), unsegmented)
    assert "Ogilvy" in known and len(unsegmented) == 3  # already known: nothing segmented
    assert "Windermere" not in known and len(unsegmented) == 3  # in no text: nothing segmented
    assert "Penrith" in known and len(unsegmented) == 2  # only the table row was segmented


def test_known_names_remember_a_miss_without_segmenting_again() -> None:
    unsegmented = list(PARAGRAPHS)
    known = _KnownNames(frozenset(), unsegmented)
    assert "Smith" not in known and len(unsegmented) == 2  # its paragraph was segmented: Smith opens a sentence
    assert "Durbar" in known and len(unsegmented) == 2  # found in that paragraph: nothing more segmented
    assert "Smith" not in known and len(unsegmented) == 2

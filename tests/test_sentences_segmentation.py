"""Sentence segmentation: abbreviations, initials and company suffixes do not split sentences; real ends do."""

from __future__ import annotations

import random
from typing import Any, cast

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.nlp.sentences import TOKENIZER_CACHE_CHUNKS, get_nlp, segment, split_sentences


@pytest.mark.parametrize(("text", "expected"), [
    ("On 15 February 1992, public health scientist Dr. Smarajit Jana visited Sonagachi. A team was formed.",
     ["On 15 February 1992, public health scientist Dr. Smarajit Jana visited Sonagachi.", "A team was formed."]),
    ("Alsea S.A.B. de C.V. is a company. It is big.", ["Alsea S.A.B. de C.V. is a company.", "It is big."]),
    ("Grupo Alsea S.A. was founded in the U.S. in 1990. It grew.",
     ["Grupo Alsea S.A. was founded in the U.S. in 1990.", "It grew."]),
    ("K. Nicole Mitchell was born c. 1950 in St. Louis, i.e. in Missouri.",
     ["K. Nicole Mitchell was born c. 1950 in St. Louis, i.e. in Missouri."]),
    ("Apple Inc. was founded on Jan. 5, 1976. No. 5 was fine.",
     ["Apple Inc. was founded on Jan. 5, 1976.", "No. 5 was fine."]),
    ("Seats rose through the Act, 2010 (Act No. X of 2010). It passed.",
     ["Seats rose through the Act, 2010 (Act No. X of 2010).", "It passed."]),
    ("Warner Bros. Pictures released it approx. 1950. Sgt. Pepper sold well.",
     ["Warner Bros. Pictures released it approx. 1950.", "Sgt. Pepper sold well."]),
    # the capitalized abbreviations and the listed one-letter ones keep their sentence
    ("The meeting is on Sat. March 3 at noon.", ["The meeting is on Sat. March 3 at noon."]),
    ("It was built c. The church stands.", ["It was built c. The church stands."]),
    ("See p. 5 of the book.", ["See p. 5 of the book."]),
])
def test_sentences_abbreviations_do_not_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("He joined Apple Inc. The company grew.", ["He joined Apple Inc.", "The company grew."]),
    ("He moved to the U.S. In 1990 he came back.", ["He moved to the U.S.", "In 1990 he came back."]),
    ("It was after World War I. The war had ended.", ["It was after World War I.", "The war had ended."]),
    ("He played (1974–79). Then \"he left.\" Next year he returned.",
     ["He played (1974–79).", "Then \"he left.\"", "Next year he returned."]),
    ("First line without a stop\nSecond line.", ["First line without a stop", "Second line."]),
    # a lower-case word that is also an abbreviation ('Sun.', 'Sat.', 'Mar.'), a unit symbol of one letter
    ("They sat in the sun. The next day they left.", ["They sat in the sun.", "The next day they left."]),
    ("He sat. The rain fell on him.", ["He sat.", "The rain fell on him."]),
    ("The ship displaced 1200 t. The crew was 40 men.", ["The ship displaced 1200 t.", "The crew was 40 men."]),
])
def test_sentences_real_ends_still_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_sentences_offsets_point_into_the_paragraph() -> None:
    texts = ["  Leading space. Second one.  ", "Another paragraph."]
    out = list(segment(texts))
    assert [[texts[i][s.start:s.end] for s in sents] for i, sents in enumerate(out)] == [
        ["Leading space.", "Second one."], ["Another paragraph."]]


def test_sentences_pipeline_is_built_once() -> None:
    assert get_nlp() is get_nlp()
    assert get_nlp().pipe_names == ["wikirecords_sentences"]


@pytest.mark.parametrize(("text", "count"), [
    ("Hi! Yes?! No way?\" He said. Quiet!) Then more", 6),
    ("Wait… What?? Go! 'Really!' She said. End", 5),
    ("Ja。Nein！Vielleicht？ Ok", 2),
    ("No ends here", 1),
    ("!!! ?", 1),
    ("Hi! Yes?! No way?\" he said. Quiet!) then more", 4),  # lower-case words start no sentence
    ("Wait… what?? Go! 'Really!' she said. End", 4),
])
def test_sentence_starts_follow_spacys_sentencizer_where_no_abbreviation_rule_applies(text: str, count: int) -> None:
    """spaCy's sentencizer rule, except that a lower-case word never starts a sentence (it joins the one before)."""
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    expected: list[str] = []
    for sent in reference(text).sents:
        if expected and sent[0].text[:1].islower():
            expected[-1] += " " + sent.text
        else:
            expected.append(sent.text)
    assert [s.text for s in get_nlp()(text).sents] == expected
    assert len(expected) == count


def test_lexemes_keep_the_attributes_the_rules_read() -> None:
    """Only some lexeme attributes are computed (speed); those the rules read equal a full pipeline's."""
    words = "Zyxwvut qqqzzz-Blorp 1,234 twelve … \n\n Ünïcödé 3rd MCMXC e-mail@x.org"
    full = spacy.blank("en").make_doc(words)
    ours = get_nlp().make_doc(words)
    def read(doc: Doc) -> list[tuple[object, ...]]:
        return [(t.text, t.is_alpha, t.is_punct, t.is_space, t.like_num, t.lower_) for t in doc]
    assert read(ours) == read(full)
    assert any(t.like_num for t in ours) and any(t.is_alpha for t in ours) and any(t.is_space for t in ours)


@pytest.mark.parametrize(("text", "expected"), [
    # a lower-case word after a mark starts no sentence: the mark ends a title or an abbreviation
    ("They appeared in a Got Milk? advertisement in 2002. It ran.",
     ["They appeared in a Got Milk? advertisement in 2002.", "It ran."]),
    ("After a doctorate (Dr. rer. nat.) for her thesis in 1986, she worked. Then more.",
     ["After a doctorate (Dr. rer. nat.) for her thesis in 1986, she worked.", "Then more."]),
    # a bracket after a sentence end, with a capitalized word in it, opens a sentence
    ("The record was set from 1993–95. (His streak continued to 20 in 2004.) Next.",
     ["The record was set from 1993–95.", "(His streak continued to 20 in 2004.)", "Next."]),
    # a doubled period typed for one ends the sentence
    ("He missed only the Wimbledon title.. 2000 also saw him reach the final.",
     ["He missed only the Wimbledon title..", "2000 also saw him reach the final."]),
    # 'etc.' closes a list: a capitalized word after it starts a sentence
    ("Names such as Téton, La Ramie, etc. John Colter described the region in 1807.",
     ["Names such as Téton, La Ramie, etc.", "John Colter described the region in 1807."]),
])
def test_sentences_boundaries_read_the_word_after_the_mark(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("What a Widow! (1930) was a film.", ["What a Widow! (1930) was a film."]),  # a year in the bracket
    ("He asked why? Nobody knew.", ["He asked why?", "Nobody knew."]),  # a capital after '?' still splits
    ("It covers fruit, nuts, etc. and more.", ["It covers fruit, nuts, etc. and more."]),
    ("He joined Apple Inc. (The firm was young.)", ["He joined Apple Inc. (The firm was young.)"]),
    ("He won on Jeopardy! (The show aired in 2011.)", ["He won on Jeopardy! (The show aired in 2011.)"]),
])
def test_sentences_boundaries_negatives(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def _chunk_texts(seed: int, count: int) -> list[str]:
    """Texts of random chunks: words with brackets, quotes, hyphens, periods and spaCy's special cases ("Dr.",
    "don't", ":)") glued on, so that chunks are split by every kind of rule and specials fall anywhere in a text."""
    rng = random.Random(seed)
    plain = ["word", "Smith", "1990", "x", "well-known", "3rd", "1990–95", "co-op", "5,000", "…", "€5", "pre-war",
             "O'Neill"]
    special = ["U.S.", "Dr.", "don't", "it's", ":)", "e.g.", "A.", "St.", "''", "Jan.", "vs.", "Smith's", "Ross’s"]
    marks = ["", "", "(", ")", ",", ".", "\"", "'", "[", "]", "-", ";", "?!", ")."]
    texts = []
    for i in range(count):
        # spaCy stops caching in a text once it meets a special case: half the texts have none, so that their
        # chunks fill the cache
        stems = plain if i % 2 else plain + special
        chunks = [rng.choice(marks) + rng.choice(stems) + f"{rng.randrange(10_000)}"[:rng.randrange(3)]
                  + rng.choice(marks) + rng.choice(marks) for _ in range(rng.randrange(1, 40))]
        texts.append(rng.choice([" ", "  ", "\n"]).join(chunks))
    return texts


def test_tokenizer_cache_changes_no_token() -> None:
    """The tokenizer keeps up to TOKENIZER_CACHE_CHUNKS chunks (spaCy's default: 10,000); the tokens of a text are
    those a tokenizer that caches nothing gives, the first time and when every chunk comes from the cache."""
    ours = get_nlp().tokenizer
    assert cast(Any, ours).max_cache_size >= TOKENIZER_CACHE_CHUNKS > 10_000
    reference = cast(Any, spacy.blank("en").tokenizer)
    reference.max_cache_size = 0  # every chunk split by the rules
    texts = _chunk_texts(7, 3000)  # ~60,000 chunks, most of them distinct: past spaCy's default limit
    def read(doc: Doc) -> list[tuple[str, str, int]]:
        return [(t.text, t.whitespace_, t.idx) for t in doc]
    expected = [read(reference(text)) for text in texts]
    assert [read(ours(text)) for text in texts] == expected
    assert [read(ours(text)) for text in texts] == expected  # the second time, from the cache
    assert any(len(tokens) > 3 for tokens in expected)

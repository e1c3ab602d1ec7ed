"""Sentence segmentation: spaCy's blank English tokenizer and sentencizer rule, plus abbreviation rules kept as data.

The pipeline is built once per process; callers segment many paragraphs in one ``nlp.pipe`` pass, so each
paragraph is tokenized exactly once and sentences are token spans of that single Doc.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, cast

import spacy
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from pipeline.dates.regex_facts import with_first_chars
from pipeline.resources import load_json

BATCH_SIZE = 64
_ROMAN = re.compile(r"[IVXLCDM]{1,6}")
MAX_DOC_CHARS = 100_000
_PUNCT_RUN_MAX = 8
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{_PUNCT_RUN_MAX + 1},}}")
_LONG_WORD_MAX = 100
_LONG_WORD = re.compile(rf"\S{{{_LONG_WORD_MAX + 1},}}")
_COMPONENT = "wikirecords_sentences"
_SENTENCE_FINAL = frozenset(Sentencizer.default_punct_chars)
_OPENING_BRACKETS = frozenset({"(", "["})
_LEXEME_ATTRS = (IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER)
_TOKEN_TEXTS = "wikirecords.token_texts"
"""The key of a segmented Doc's ``user_data`` entry holding ``token_texts(doc)``."""
_DOC_TEXT = "wikirecords.text"
"""The key of the ``user_data`` entry holding the text a Doc of ``segment`` was made from (``doc_text``)."""
TOKENIZER_CACHE_CHUNKS = 100_000
"""How many whitespace-delimited chunks spaCy's tokenizer keeps the tokens of (its default: 10,000). A chunk found
there is not split again by the prefix, suffix and infix rules; the 62 wikitext articles of the bench corpus hold
45,000 distinct chunks, so with the default most repeated words were split anew every time. About 210 bytes a
chunk: at most ~21 MB, reached after a few hundred articles and bounded from there."""


@dataclass(frozen=True)
class AbbreviationRules:
    """Lower-case abbreviations without their final period, by how they behave at a sentence boundary."""

    never_end: frozenset[str]
    before_number: frozenset[str]
    may_end: frozenset[str]
    starters: frozenset[str]
    ends_before_capital: frozenset[str]
    capitalized_only: frozenset[str]


@cache
def abbreviation_rules() -> AbbreviationRules:
    """The abbreviation lists from ``resources/abbreviations.json``."""
    data = load_json("abbreviations.json")
    return AbbreviationRules(*(frozenset(s.lower() for s in data[k])
                               for k in ("never_end", "before_number", "may_end", "starters",
                                         "ends_before_capital", "capitalized_only")))


def _abbreviation_before(doc: Doc, i: int) -> str | None:
    """The word before a period that ends right before token ``i`` ("Dr." or "Dr" + "."), as written."""
    prev = doc[i - 1]
    if prev.text == "." and i >= 2 and not doc[i - 2].whitespace_ and not doc[i - 2].is_space:
        return doc[i - 2].text
    if len(prev.text) > 1 and prev.text.endswith(".") and not prev.is_punct:
        return prev.text[:-1]
    return None


def _boundary(word: str, nxt: spacy.tokens.Token, rules: AbbreviationRules) -> bool | None:
    """Whether a sentence starts at ``nxt`` after ``word.``; None leaves the decision to the sentencizer."""
    lower = word.lower()
    starts_sentence = nxt.text[:1].isupper() and nxt.lower_ in rules.starters
    if len(word) == 1 and word.isupper():  # an initial: "K. Nicole Mitchell", but "World War I. The ..."
        return starts_sentence
    if word[:1].islower() and lower in rules.capitalized_only:
        return nxt.text[:1].isupper()  # "They sat in the sun. The next day": a word, not "Sun." (Sunday)
    if len(word) == 1 and word.islower() and starts_sentence and lower not in rules.never_end | rules.before_number:
        return True  # a unit symbol: "displaced 1200 t. The crew"
    if lower in rules.never_end:
        return False
    if lower in rules.before_number and (nxt.like_num or _ROMAN.fullmatch(nxt.text)):
        return False
    if lower in rules.may_end:
        return starts_sentence
    if lower in rules.ends_before_capital:
        return nxt.text[:1].isupper()
    if nxt.text[:1].islower():
        return False
    return None


@Language.component(_COMPONENT)
def mark_sentences(doc: Doc) -> Doc:
    """Set every token's sentence start: abbreviation and line-break rules first, then spaCy's sentencizer rule
    (a sentence ends after a run of ``.``/``!``/``?``... and the punctuation that follows it) for the rest.

    One pass over token arrays instead of spaCy's ``sentencizer`` component, which makes a ``Token`` object per
    token; the result is the same as that component's after the abbreviation rules (``overwrite=False``).
    """
    rules = abbreviation_rules()
    starts = doc.to_array([SENT_START]).astype("int64")
    texts = doc.user_data[_TOKEN_TEXTS] = token_texts(doc)
    for i in range(1, len(doc)):
        prev_text = texts[i - 1]
        if prev_text in _OPENING_BRACKETS:
            starts[i] = -1  # "What a Widow! (1930)": a bracket just opened, its content starts no sentence
            if _bracketed_sentence(texts, i - 1):
                starts[i - 1] = 1  # "... from 1993–95. (Agassi's streak continued ...)": the bracket opens one
            continue
        # Only a period or a line break before a token can matter: skip the rest without building Token objects.
        if not prev_text.endswith(".") and "\n" not in prev_text:
            continue
        token = doc[i]
        if token.is_space:
            continue
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text:
            starts[i] = 1
            continue
        word = _abbreviation_before(doc, i)
        if word is None:
            continue
        decision = _boundary(word, token, rules)
        if decision is not None:
            starts[i] = 1 if decision else -1
    undecided = [i for i, value in enumerate(starts.tolist()) if value == 0]
    if undecided:
        guesses = _sentencizer_starts(texts, doc.to_array([IS_PUNCT]).tolist())
        for i in undecided:
            # A lower-case word starts no sentence: the mark before it ends a title or an abbreviation ("a
            # [[Got Milk?]] advertisement", "(Dr. rer. nat.) for her thesis").
            starts[i] = 1 if i in guesses and not texts[i][:1].islower() else -1
    # One array write: the Token.is_sent_start setter scans the whole Doc each time (quadratic on long texts).
    doc.from_array([SENT_START], cast(Any, starts.astype("uint64")))  # a 1-d array: spaCy's stub says Ints2d
    return doc


def _bracketed_sentence(texts: list[str], i: int) -> bool:
    """Whether the bracket ``texts[i]`` opens a sentence of its own: it follows a period (or a typed '..') and a
    capitalized word follows it ('... in 1995. (Agassi's streak continued ...)'). Not after '!' or '?', which
    end titles as often as sentences ('He won on Jeopardy! (The show ...)', 'What a Widow! (1930)')."""
    if i < 2 or i + 1 >= len(texts) or not texts[i + 1][:1].isupper() or not texts[i + 1][:1].isalpha():
        return False
    before = texts[i - 1] if texts[i - 1].strip() else texts[i - 2]
    return before.endswith(".") and set(before) == {"."}


def _sentencizer_starts(texts: list[str], is_punct: list[int]) -> set[int]:
    """The tokens spaCy's ``Sentencizer.predict`` marks as sentence starts: the first token, and each token that
    is neither punctuation nor a sentence-final character after a sentence-final character."""
    out = {0} if texts else set()
    seen_period = False
    for i, text in enumerate(texts):
        final = text in _SENTENCE_FINAL or text == ".."  # a doubled period typed for one
        if seen_period and not is_punct[i] and not final:
            out.add(i)
            seen_period = False
        elif final:
            seen_period = True
    return out


def doc_text(doc: Doc) -> str:
    """The Doc's text: for a Doc ``segment`` made, the string it was made from, kept (``Doc.text`` joins every
    token, making a spaCy ``Token`` object for each)."""
    kept = doc.user_data.get(_DOC_TEXT)
    if isinstance(kept, str) and doc and len(kept) == doc[-1].idx + len(doc[-1].text_with_ws):
        return kept
    return doc.text


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, looked up by its ORTH id: no spaCy Token object is made (faster than ``t.text``).

    A Doc segmented here keeps the list its sentence rule read (``doc.user_data``): the actors' known names read it
    again. The list is shared: callers must not change it.
    """
    kept = doc.user_data.get(_TOKEN_TEXTS)
    if kept is not None and len(kept) == len(doc):
        return cast("list[str]", kept)
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array([ORTH]).tolist()]


@cache
def get_nlp() -> Language:
    """The shared blank English pipeline: tokenizer, then sentence starts (no model download)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
    # A word seen for the first time gets a lexeme with every attribute the getters compute (shape, norm, stop
    # word, URL, e-mail ...): a third of the tokenizer's time on new text. Keep only those read here and in
    # pipeline.extract (Token.is_alpha, is_punct, is_space, like_num, lower_); the others stay unset.
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # a Cython attribute spaCy's stub omits
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in _LEXEME_ATTRS}  # type: ignore[attr-defined]
    # The cache holds exactly what splitting the chunk again would give (spaCy stops caching in a text once a special
    # case such as "Dr." or "don't" was met in it): a larger one changes no token, only how often the rules run.
    tokenizer = cast(Any, nlp.tokenizer)  # spaCy's stub types it as any callable; it is spacy.tokenizer.Tokenizer
    tokenizer.max_cache_size = max(tokenizer.max_cache_size, TOKENIZER_CACHE_CHUNKS)
    nlp.add_pipe(_COMPONENT)
    return nlp


_TOKENIZER = "wikirecords.Tokenizer.v1"


def _with_start_set(method: Any, name: str) -> Any:
    """A suffix or infix search (a bound ``search``/``finditer`` of a compiled pattern) through the same pattern
    with the characters its matches start with as its start set (``with_first_chars``): the same matches, but the
    engine skips in C the positions where none can start (spaCy's affix patterns begin each of their branches with
    a lookbehind, so every position of every new chunk was tried). Anything else is kept."""
    pattern = getattr(method, "__self__", None)
    if not isinstance(pattern, re.Pattern) or getattr(method, "__name__", None) != name:
        return method
    return getattr(with_first_chars(pattern), name)


def _create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer factory (``spacy.Tokenizer.v1``, the language's defaults) with the suffix and infix searches
    of ``_with_start_set``, given to the constructor: setting a search on a built tokenizer reloads its special cases
    (~0.1 CPU s each time)."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        prefixes, suffixes, infixes = defaults.prefixes, defaults.suffixes, defaults.infixes
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=_with_start_set(compile_suffix_regex(suffixes).search, "search") if suffixes else None,
            infix_finditer=_with_start_set(compile_infix_regex(infixes).finditer, "finditer") if infixes else None,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return tokenizer_factory


spacy.registry.tokenizers.register(_TOKENIZER, func=_create_tokenizer)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph: character offsets into the paragraph text, and its tokens."""

    start: int
    end: int
    text: str
    span: Span


def sentences_of(doc: Doc, text: str | None = None) -> list[Sentence]:
    """The sentences of a segmented Doc, with surrounding whitespace trimmed; blank ones dropped.

    ``text`` is the original text when the Doc was made from a same-length ``spacy_safe`` copy of it.
    """
    out: list[Sentence] = []
    text = doc.text if text is None else text  # doc.text joins every token: once per doc, not per sentence
    for sent in doc.sents:
        first, last = sent.start, sent.end - 1
        while first <= last and doc[first].is_space:
            first += 1
        while last >= first and doc[last].is_space:
            last -= 1
        if first > last:
            continue
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        out.append(Sentence(start, end, text[start:end], doc[first: last + 1]))
    return out


def segment(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[list[Sentence]]:
    """Sentences of each text, in order; one tokenization pass over all texts with ``nlp.pipe``.

    A text longer than ``MAX_DOC_CHARS`` is tokenized in windows cut at line or sentence ends (spaCy refuses
    texts over 1M characters); sentence offsets stay relative to the whole text.
    """
    windows = ((i, offset, piece, spacy_safe(piece)) for i, text in enumerate(texts)
               for offset, piece in _windows(text))
    meta, pieces = itertools.tee(windows)
    docs = get_nlp().pipe((safe for _, _, _, safe in pieces), batch_size=batch_size)
    current: int | None = None
    sentences: list[Sentence] = []
    for (i, offset, piece, safe), doc in zip(meta, docs, strict=True):
        doc.user_data[_DOC_TEXT] = safe  # the Doc's text, for ``doc_text``
        if i != current:
            if current is not None:
                yield sentences
            current, sentences = i, []
        sentences.extend(s if not offset else replace(s, start=s.start + offset, end=s.end + offset)
                         for s in sentences_of(doc, piece))
    if current is not None:
        yield sentences


def spacy_safe(text: str) -> str:
    """``text`` with punctuation runs over 8 characters and words over 100 broken by spaces, same length.

    spaCy's tokenizer strips prefix/suffix punctuation one character at a time with a regex search over the
    rest of the token: quadratic in the run (runs of brackets, braces or quotes from unrendered markup took
    minutes).
    """
    text = _PUNCT_RUN.sub(lambda m: _break(m.group(0), _PUNCT_RUN_MAX + 1), text)
    return _LONG_WORD.sub(lambda m: _break(m.group(0), _LONG_WORD_MAX + 1), text)


def _break(run: str, k: int) -> str:
    """Every k-th character of ``run`` replaced by a space (same length)."""
    return "".join(run[i:i + k - 1] + " " if i + k <= len(run) else run[i:] for i in range(0, len(run), k))


def _windows(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) windows of at most ``MAX_DOC_CHARS``, cut after a line or sentence end when possible."""
    start = 0
    while len(text) - start > MAX_DOC_CHARS:
        low, limit = start + MAX_DOC_CHARS // 2, start + MAX_DOC_CHARS
        cut = max(text.rfind("\n", low, limit) + 1, text.rfind(". ", low, limit) + 1)
        if cut <= low:
            cut = text.rfind(" ", low, limit) + 1
        if cut <= low:
            cut = limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def split_sentences(text: str) -> list[str]:
    """The sentences of one text, as strings (convenience for callers and tests)."""
    return [s.text for s in next(segment([text]))]

"""Actors of an event: the people and organizations named in its sentence.

Wikitext: each link inside the sentence is an actor (its label and article title), unless its target is a
date, a year-titled page, a list, a namespace page, a country or a "City, Region" place. Plain text: runs of
capitalized words ("Dr. Smarajit Jana", "All India Institute of Hygiene and Public Health", "DMSC").
Rules and word lists live in ``resources/actors.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from pipeline.article import LinkSpan
from pipeline.nlp.sentences import doc_text, token_texts
from pipeline.resources import load_json
from schemas.record import Actor


@dataclass(frozen=True)
class ActorRules:
    """The vocabulary of the actor rules."""

    not_actor_targets: tuple[re.Pattern[str], ...]
    countries: frozenset[str]
    connectors: frozenset[str]
    org_words: frozenset[str]
    honorifics: frozenset[str]
    not_name_words: frozenset[str]


@cache
def actor_rules() -> ActorRules:
    """The rules from ``resources/actors.json``."""
    data = load_json("actors.json")
    return ActorRules(
        not_actor_targets=tuple(re.compile(p) for p in data["not_actor_target_patterns"]),
        countries=frozenset(data["countries"]),
        connectors=frozenset(data["connectors"]),
        org_words=frozenset(data["org_words"]),
        honorifics=frozenset(data["honorifics"]),
        not_name_words=frozenset(data["not_name_words"]),
    )


def is_actor_link(label: str, target: str) -> bool:
    """Whether a link names a person or organization (not a date, year page, list, country, place or concept)."""
    rules = actor_rules()
    target = target.strip().replace("_", " ")
    label = label.strip()
    if not label or not target or (not label[0].isupper() and not label[0].isdigit()):
        return False
    if label[0].isdigit() or target in rules.countries or label in rules.countries:
        return False
    return not any(p.search(target) for p in rules.not_actor_targets)


def link_actors(text: str, links: Sequence[LinkSpan], start: int, end: int) -> list[Actor]:
    """Actors from the links whose label lies inside ``text[start:end]``, in order, without repeats.

    ``links`` must be sorted by start; they are searched by bisection, so a paragraph with many sentences and
    links stays linear.
    """
    ordered = links
    out: list[Actor] = []
    seen: set[tuple[str, str]] = set()
    for link in ordered[bisect_left(ordered, start, key=lambda k: k.start):]:
        if link.start >= end:
            break
        if link.end > end:
            continue
        label = " ".join(text[link.start:link.end].split())
        if not is_actor_link(label, link.target) or (label, link.target) in seen:
            continue
        seen.add((label, link.target))
        out.append(Actor(name=label, article=link.target))
    return out


def name_actors(sent: Span, known_names: Container[str] = frozenset(),
                skip: Sequence[tuple[int, int]] = ()) -> list[Actor]:
    """Actors from runs of capitalized words in a sentence of plain text.

    A single capitalized word opening the sentence counts only when ``known_names`` holds it (it was seen
    capitalized in mid-sentence elsewhere), so that "Established on ..." is not taken for a name. Runs that
    overlap a ``skip`` span (character offsets relative to the sentence, e.g. its links) are left out.

    The runs are found on the token texts (``token_texts``; a token's ``is_alpha`` and ``lower_`` are its text's
    ``isalpha()`` and ``lower()``: the lexeme getters of ``get_nlp``) and texts are cut from the Doc's text
    (``doc_text``): spaCy ``Token`` objects are made only for the words of a run and for a dash inside one.
    """
    rules = actor_rules()
    doc, first = sent.doc, sent.start
    texts = token_texts(doc)[first:sent.end]
    named = [text[:1].isupper() and _name_text(text, rules) for text in texts]  # most words fail the first test
    n = len(texts)
    out: list[Actor] = []
    seen: set[str] = set()
    quotes: list[tuple[int, int, str]] | None = None
    full: str | None = None
    i = 0
    while i < n:
        if not named[i]:
            i += 1
            continue
        j, has_of = i + 1, False
        while j < n:
            text = texts[j]
            if named[j] and not _is_title_after(texts, i, j, rules):
                j += 1
                continue
            if (text in {"-", "–"} and j + 1 < n and not doc[first + j - 1].whitespace_
                    and not doc[first + j].whitespace_ and named[j + 1]):
                j += 1  # "All-Star", "Hewlett-Packard"
                continue
            lower = text.lower()
            if lower in rules.connectors and j + 1 < n and _joinable(texts, named, i, j, has_of, rules):
                has_of = has_of or lower in {"of", "for"}
                j += 1
                continue
            break
        while j > i + 1 and texts[j - 1].lower() in rules.connectors:
            j -= 1
        start = i + 1 if j - i > 1 and i == 0 and texts[0].lower() == "the" else i  # the sentence's opening "The"
        words = [doc[first + k] for k in range(start, j)]
        if full is None:
            full = doc_text(doc)
        end_char = words[-1].idx + len(texts[j - 1])
        name = full[words[0].idx:end_char]
        lo, hi = words[0].idx - sent.start_char, end_char - sent.start_char
        overlaps = any(a < hi and lo < b for a, b in skip)
        if not overlaps and _keep_name(words, name, sent, known_names, rules) and name not in seen:
            if quotes is None:  # once per sentence, and only for a sentence with a name
                quotes = _quotes(full[sent.start_char:sent.end_char])
            if not _in_slogan(quotes, words, sent.start_char):
                seen.add(name)
                out.append(Actor(name=name))
        i = j
    return out


def capitalized_words(sents: Iterable[Span]) -> frozenset[str]:
    """Capitalized words seen in mid-sentence: evidence that a sentence-initial word is a name."""
    found: set[str] = set()
    doc, texts = None, []
    for s in sents:
        if s.doc is not doc:  # token texts sliced once per Doc, no Token objects (see token_texts)
            doc, texts = s.doc, token_texts(s.doc)
        found.update(t for t in texts[s.start + 1:s.end] if t[:1].isupper() and t.isalpha())
    return frozenset(found)


_NAME_SHAPE = re.compile(r"[A-Z]\.|(?:[A-Z]\.){2,}[A-Z]?\.?|[A-Z][\w'’.-]*\w")
"""An initial ("K."), dotted initials ("U.S."), or a capitalized word with inner marks ("O'Neill", "Jean-Luc")."""


def _name_text(text: str, rules: ActorRules) -> bool:
    """Whether a token's text can be a word of a name: capitalized, and letters only, a honorific, or a name shape."""
    if not text[:1].isupper() or text in rules.not_name_words:
        return False
    return text.isalpha() or text in rules.honorifics or _NAME_SHAPE.fullmatch(text) is not None


def _is_title_after(texts: list[str], i: int, j: int, rules: ActorRules) -> bool:
    """A honorific in mid-run starts a new name ("Secretary Dr. Smith" keeps "Dr. Smith" whole)."""
    return texts[j] in rules.honorifics and j > i and texts[j - 1] not in rules.honorifics


def _joinable(texts: list[str], named: list[bool], i: int, j: int, has_of: bool, rules: ActorRules) -> bool:
    """A connector joins two capitalized runs only inside an organization-like name."""
    if not named[j + 1] and not (texts[j + 1].lower() == "the" and j + 2 < len(texts) and named[j + 2]):
        return False
    word = texts[j].lower()
    if word in {"of", "for"}:
        return any(t in rules.org_words for t in texts[i:j])
    if word in {"and", "&"}:
        return has_of
    return word != "the"


def _keep_name(words: list[Token], name: str, sent: Span, known_names: Container[str], rules: ActorRules) -> bool:
    if all(w.text in rules.honorifics for w in words) or not any(c.isalpha() for c in name):
        return False
    if len(words) == 1 and (_DOTTED.fullmatch(name) or name in rules.org_words):
        return False  # "B.A.", "U.S.", a lone "President"
    first = words[0]
    if first.i == sent.start and len(words) == 1:
        return first.lower_ not in STOP_WORDS and first.text in known_names  # a cheap test first: see events
    return not (len(words) == 1 and first.lower_ in STOP_WORDS)


_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.){2,}")
_QUOTE = re.compile(r"(?<!\w)'([^']{1,200})'(?!\w)|\"([^\"]{1,200})\"|“([^”]{1,200})”|‘([^’]{1,200})’")


def _quotes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quoted passage of a sentence, in order."""
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTE.finditer(text)]


def _in_slogan(quotes: list[tuple[int, int, str]], words: list[Token], offset: int) -> bool:
    """The name lies inside a quoted title or slogan (a quote with lower-case words), not a quoted name.

    ``quotes`` are the sentence's (``_quotes``); ``offset`` is the sentence's start in its Doc's text.
    """
    start, end = words[0].idx - offset, words[-1].idx + len(words[-1].text) - offset
    rules = actor_rules()
    for quote_start, quote_end, inner in quotes:
        if quote_start < start and end < quote_end:
            return any(w[:1].islower() and w not in rules.connectors for w in inner.split())
    return False

"""In-process measurements: the parse floor, the library loop and the date tagger against dateparser."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import mwparserfromhell
import spacy

from bench.corpus import page_text
from pipeline.api import extract_document, read_documents
from pipeline.errors import WikirecordsError


@dataclass
class Timing:
    """Wall-clock seconds of one measured loop, with what it processed."""

    seconds: float
    items: int
    parts: dict[str, float] = field(default_factory=dict)
    notes: dict[str, object] = field(default_factory=dict)


def blank_nlp():  # type: ignore[no-untyped-def]
    """spaCy's blank English pipeline (tokenizer only), accepting whole articles."""
    nlp = spacy.blank("en")
    nlp.max_length = 100_000_000
    return nlp


def measure_floor(paths: list[Path]) -> Timing:
    """The least any extractor must do: mwparserfromhell parse of each article, then tokenize its plain text."""
    nlp = blank_nlp()
    parse = strip = tokenize = 0.0
    tokens = 0
    for path in paths:
        text = page_text(path)  # reading the export is not timed: the floor is parsing and tokenizing
        t0 = time.perf_counter()
        code = mwparserfromhell.parse(text)
        t1 = time.perf_counter()
        plain = code.strip_code()
        t2 = time.perf_counter()
        tokens += len(nlp.make_doc(plain))
        t3 = time.perf_counter()
        parse, strip, tokenize = parse + t1 - t0, strip + t2 - t1, tokenize + t3 - t2
    return Timing(parse + strip + tokenize, len(paths),
                  {"parse_s": parse, "strip_code_s": strip, "tokenize_s": tokenize}, {"tokens": tokens})


def measure_library(paths: list[Path]) -> Timing:
    """Full extraction of every source through the public API (read_documents, extract_document), one process."""
    records = failed = 0
    t0 = time.perf_counter()
    for path in paths:
        try:
            with path.open("rb") as stream:
                for doc in read_documents(str(path), stream):
                    try:
                        extract_document(doc)
                        records += 1
                    except WikirecordsError:
                        failed += 1
        except WikirecordsError:
            failed += 1
    return Timing(time.perf_counter() - t0, len(paths), notes={"records": records, "failed": failed})


def tagger_texts(paths: list[Path], max_chars: int) -> list[str]:
    """Plain-text paragraphs of the first articles, up to ``max_chars`` in all: the texts both taggers see."""
    out: list[str] = []
    total = 0
    for path in paths:
        plain = mwparserfromhell.parse(page_text(path)).strip_code()
        for para in plain.split("\n"):
            para = para.strip()
            if len(para) < 40:
                continue
            out.append(para)
            total += len(para)
            if total >= max_chars:
                return out
    return out


def measure_tagger(texts: list[str]) -> tuple[Timing, Timing, Timing]:
    """(tag-dates' tag_document, find_dates, dateparser's search_dates in English) over the same paragraphs.

    ``tag_document`` (pipeline/dates/timex.py) is what ``wikirecords tag-dates`` runs: find_dates plus TimeML
    references and durations. dateparser gets its fastest setting (English only, no language detection).
    """
    from dateparser.search import search_dates

    from pipeline.dates import find_dates
    from pipeline.dates.timex import tag_document

    chars = sum(len(t) for t in texts)
    for warm_up in (tag_document, find_dates, lambda t: search_dates(t, languages=["en"])):
        warm_up(texts[0])  # vocabularies and compiled patterns are built on first use: not timed
    t0 = time.perf_counter()
    tagged = sum(len(tag_document(t)) for t in texts)
    t1 = time.perf_counter()
    found = sum(len(find_dates(t)) for t in texts)
    t2 = time.perf_counter()
    theirs = sum(len(search_dates(t, languages=["en"]) or []) for t in texts)
    t3 = time.perf_counter()
    return (Timing(t1 - t0, chars, notes={"dates": tagged}), Timing(t2 - t1, chars, notes={"dates": found}),
            Timing(t3 - t2, chars, notes={"dates": theirs}))

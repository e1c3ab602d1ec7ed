"""Dated-events extractor (first cut): one event per (sentence, date expression)."""

from __future__ import annotations

from functools import cache

import spacy

from pipeline.article import ParsedArticle
from pipeline.dates import find_dates
from pipeline.ids import event_id
from schemas.record import Event


@cache
def _nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def extract_events(article: ParsedArticle, record_id: str) -> list[Event]:
    events: list[Event] = []
    seen: dict[tuple[str, str], int] = {}
    for paragraph in article.paragraphs:
        for sent in _nlp()(paragraph.text).sents:
            for match in find_dates(sent.text):
                if match.value is None:
                    continue
                key = (sent.text, match.text)
                seen[key] = seen.get(key, -1) + 1
                start = paragraph.source_offset(sent.start_char)
                end = paragraph.source_offset(sent.end_char)
                events.append(Event(
                    id=event_id(record_id, sent.text, match.text, seen[key]), date=match.value,
                    sentence=sent.text, section=paragraph.section, source_span=(start, end), actors=[],
                ))
    return events

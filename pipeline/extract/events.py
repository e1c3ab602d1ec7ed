"""Dated events: one per (sentence, date expression) where the sentence says something happened or held then.

Paragraphs are segmented in one ``nlp.pipe`` pass; each sentence's date expressions come from
``pipeline.dates.find_dates``, anchored to the narrative year (the last explicit year of the article so far,
or one a heading states), never to today. Dates inside names, identifiers, counts, URLs, list entries and
apparatus sections are dropped (``event_filters``); dates that cannot be normalized become
``unnormalized_date`` warnings. See docs/events.md.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import cast

from pydantic import ValidationError

from pipeline.article import CELL_SEPARATOR, LinkSpan, Paragraph, ParsedArticle
from pipeline.dates import NEW_CLAUSE, RESTATING_APPOSITION, DateMatch, Narrative, attributive, find_dates
from pipeline.dates.grammar import may_contain_date
from pipeline.dates.vocabulary import vocabulary
from pipeline.extract.actors import capitalized_words, link_actors, name_actors
from pipeline.extract.event_filters import (
    in_italic_title,
    is_skipped_section,
    law_year,
    non_event_reason,
    trailing_number_end,
    year_closes_name,
    year_in_name,
    year_opens_description,
)
from pipeline.extract.life_spans import (
    Kind,
    PersonNames,
    Subject,
    article_subject,
    birth_or_death,
    life_events,
    parenthesis_end,
)
from pipeline.ids import event_id, normalize_sentence
from pipeline.nlp.sentences import Sentence, segment
from schemas.record import Actor, DateValue, Event, EventContext, RecordWarning, chronological_key

EVENT_TYPES = frozenset({"DATE", "TIME"})
"""TIMEX3 types that can date an event; DURATION and SET ("for ten years", "every year") cannot."""
TABLE = "table"
"""The context of a table row (``Paragraph.context``): the whole row is one sentence."""
PROSE = "prose"
"""Only prose moves the narrative: a caption or a table row sits beside the text, not in its time line."""

_EXPLICIT_YEAR = re.compile(r"(?<![\d,.])\d{3,4}(?![\d,])|'\d{2}\b")
_DATEISH = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_ERA_WORDS = frozenset(word for group in ("bc", "ad") for word in vocabulary()["eras"][group])
TOP_LEVEL = 2
"""Sections of this level (== Title ==) or above restart the narrative year from the article title's year."""
_APPOSITION = re.compile(r"\s*[,(]\s*")
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")


@dataclass
class _State:
    """What the extractor carries from sentence to sentence: the narrative (``pipeline.dates.Narrative``, the one
    model of the year, era and month the text is in, moved by ``find_dates``) and id occurrence counts."""

    record_id: str
    narrative: Narrative = field(default_factory=Narrative)
    occurrences: dict[tuple[str, str], int] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    warnings: list[RecordWarning] = field(default_factory=list)


def extract_events(article: ParsedArticle, record_id: str) -> list[Event]:
    """The dated events of an article's prose, in document order."""
    return extract_events_and_warnings(article, record_id)[0]


_INFOBOX_SPAN_DAYS = 62
"""Every day of an infobox's day range up to this long is the article's own ("July 1–3, 1863", a battle; "11 June –
11 July 2010", a tournament); a longer range is a period, not days the prose restates."""


def infobox_days(article: ParsedArticle) -> dict[tuple[int, int], int]:
    """(month, day) -> year of every full AD date of the article's infoboxes (and every day of a short day range)
    whose day and month name one year only: the dates the prose may restate without their year ("the treaty was
    ratified on 2 July", "The battle began on the morning of July 1")."""
    years: dict[tuple[int, int], set[int]] = {}
    for box in article.infoboxes:
        for raw in box.fields:
            values = raw.dates or [m.value for m in find_dates(raw.value, mode="value") if m.value is not None]
            for value in values:
                if value.precision != "day" or value.start.startswith("-"):  # BC, or '--07-04' (no year)
                    continue
                first = date.fromisoformat(value.start)
                last = date.fromisoformat(value.end) if value.end and len(value.end) == 10 else first
                if not 0 <= (last - first).days <= _INFOBOX_SPAN_DAYS:
                    continue
                for k in range((last - first).days + 1):
                    day = first + timedelta(days=k)
                    years.setdefault((day.month, day.day), set()).add(day.year)
    return {key: next(iter(found)) for key, found in years.items() if len(found) == 1}


def extract_events_and_warnings(article: ParsedArticle, record_id: str) -> tuple[list[Event], list[RecordWarning]]:
    """The dated events of an article's prose, and warnings for date expressions that could not be normalized."""
    kept = [(p, level) for p, (skipped, level) in zip(article.paragraphs, _outline(article), strict=True)
            if p.text.strip() and not skipped]
    paragraphs = [p for p, _ in kept]
    state = _State(record_id)
    state.narrative.known_days = infobox_days(article)
    # A paragraph without a digit, a month, a season ... (``may_contain_date``) has no sentence with a date either
    # (its sentences are substrings of it): it is segmented only if the actors' known names need it.
    maybe = [may_contain_date(p.text) for p in paragraphs]
    dated = [i for i, flag in enumerate(maybe) if flag]
    undated = [p for p, flag in zip(paragraphs, maybe, strict=True) if not flag]
    segmented: list[list[Sentence]] = [[] for _ in paragraphs]
    for i, sentences in zip(dated, segment(paragraphs[i].text for i in dated), strict=True):
        segmented[i] = sentences if paragraphs[i].context != TABLE else _one_sentence(sentences)
    use_links = any(p.links for p in article.paragraphs)
    known = _KnownNames(capitalized_words(s.span for i in dated for s in segmented[i]), undated)
    subject = article_subject(article.title, (p.text for p in paragraphs))
    people = PersonNames()  # surnames met so far as full names: "[[Charles Hawtrey]] … Hawtrey (1905–1985) led"
    first = segmented[0][0] if paragraphs and paragraphs[0].section is None and segmented[0] else None
    title_year = _heading_year(article.title, Narrative())
    state.narrative.restart(*title_year)
    section: str | None = None
    for (paragraph, level), sentences in zip(kept, segmented, strict=True):
        if paragraph.section != section:
            section = paragraph.section
            if level <= TOP_LEVEL:  # a new top-level section starts from the title's year, not the last one's
                state.narrative.restart(*title_year)
            year = _heading_year(section, state.narrative)
            if year != (state.narrative.year, state.narrative.bc):
                state.narrative.restart(*year)
        links = sorted(paragraph.links, key=lambda k: k.start)
        taken = 0  # the paragraph's links ``people`` has read: those up to the sentence's end
        for sentence in sentences:
            while taken < len(links) and links[taken].end <= sentence.end:
                people.add_link(paragraph.text[links[taken].start:links[taken].end], links[taken].target)
                taken += 1
            _sentence_events(paragraph, sentence, state, use_links, known, links,
                             _Lives(subject, sentence is first, people))
        for link in links[taken:]:
            people.add_link(paragraph.text[link.start:link.end], link.target)
    return state.events, state.warnings


class _KnownNames:
    """``capitalized_words`` of every sentence of the article's paragraphs, segmenting the paragraphs that were
    not segmented (no date in them) only when a word is looked up that the others do not hold and that occurs in
    their text: the same answers as the set over all paragraphs."""

    def __init__(self, found: frozenset[str], unsegmented: list[Paragraph]) -> None:
        self._found = set(found)
        self._missing: set[str] = set()
        self._unsegmented = unsegmented
        self._text = "\n".join(p.text for p in unsegmented)  # one scan answers most misses

    def __contains__(self, word: object) -> bool:
        if word in self._found:
            return True
        if not isinstance(word, str) or word in self._missing:
            return False
        # A token's text is a substring of its paragraph (``spacy_safe`` only turns characters into spaces).
        if word in self._text:
            while (i := next((i for i, p in enumerate(self._unsegmented) if word in p.text), None)) is not None:
                paragraph = self._unsegmented.pop(i)
                sentences = next(segment([paragraph.text]))
                if paragraph.context == TABLE:
                    sentences = _one_sentence(sentences)
                self._found.update(capitalized_words(s.span for s in sentences))
                if word in self._found:
                    return True
        self._missing.add(word)  # no paragraph left holds it: a later lookup cannot find it either
        return False


def _outline(article: ParsedArticle) -> list[tuple[bool, int]]:
    """For each paragraph: whether it lies in an apparatus section or in a subsection of one ("Further reading" >
    "Articles"), and its section's level (1 for the lead), following the section outline in document order."""
    outline: list[tuple[str, bool, int]] = []
    stack: list[tuple[int, bool]] = []
    for title, level in article.sections:
        while stack and stack[-1][0] >= level:
            stack.pop()
        skipped = any(flag for _, flag in stack) or is_skipped_section(title)
        stack.append((level, skipped))
        outline.append((title, skipped, level))
    out: list[tuple[bool, int]] = []
    at = -1
    for paragraph in article.paragraphs:
        if paragraph.section is None:
            out.append((False, 1))
            continue
        if at < 0 or outline[at][0] != paragraph.section:
            at = next((j for j in range(at + 1, len(outline)) if outline[j][0] == paragraph.section), at)
        if 0 <= at < len(outline) and outline[at][0] == paragraph.section:
            out.append((outline[at][1], outline[at][2]))
        else:
            out.append((is_skipped_section(paragraph.section), TOP_LEVEL))
    return out


def _sentence_italics(paragraph: Paragraph, sentence: Sentence) -> tuple[tuple[int, int], ...]:
    """The paragraph's italic spans that fall in the sentence, relative to it."""
    spans = paragraph.italics  # sorted and disjoint: both ends ascend
    first = bisect_right(spans, (sentence.start, sentence.start))
    if first and spans[first - 1][1] > sentence.start:
        first -= 1
    out = []
    for s, e in spans[first:]:
        if s >= sentence.end:
            break
        out.append((max(s, sentence.start) - sentence.start, min(e, sentence.end) - sentence.start))
    return tuple(out)


def _one_sentence(sentences: list[Sentence]) -> list[Sentence]:
    """A table row is one sentence, whatever periods its cells hold ("1990 | Arsenal | Won the F.A. Cup.")."""
    if len(sentences) < 2:
        return sentences
    first, last = sentences[0], sentences[-1]
    text = first.span.doc.text if first.span.doc is last.span.doc else None
    if text is None:
        return sentences
    span = first.span.doc[first.span.start:last.span.end]
    return [Sentence(first.start, last.end, text[first.start:last.end], span)]


@dataclass(frozen=True)
class _Lives:
    """What the life-span rule needs beyond the sentence: the article's subject, whether this is the
    article's first sentence (where the subject's own birth and death stand), and the surnames of people met so far."""

    subject: Subject
    first_sentence: bool
    people: PersonNames


def _sentence_events(paragraph: Paragraph, sentence: Sentence, state: _State, use_links: bool,
                     known: Container[str], links: list[LinkSpan], lives: _Lives) -> None:
    actors: list[Actor] | None = None
    kept: list[tuple[DateMatch, DateValue]] = []
    try:
        # a caption ('Lincoln's second inaugural address in 1865') read next to the 1864 text it illustrates,
        # or a table row, reads the narrative but must not move it for the prose that follows
        narrative = state.narrative if paragraph.context == PROSE else state.narrative.copy()
        matches = _dates(sentence.text, narrative)
    except ValidationError as exc:  # the grammar built a date value the record model refuses: keep the record
        state.warnings.append(RecordWarning(
            code="invalid_date",
            message=f"a date of this sentence could not be made a valid date value and was skipped: "
                    f"{exc.errors()[0]['msg']} (section {paragraph.section or 'lead'}: {sentence.text[:80]!r})"))
        return
    italics = _sentence_italics(paragraph, sentence)
    for match in matches:
        if match.timex_type not in EVENT_TYPES:
            continue
        if _not_an_event(sentence.text, match.start, match.end):
            continue
        if italics and in_italic_title(sentence.text, match.start, match.end, italics):
            continue  # ''1984 Revisited'': a title of a work, set in italics
        if match.value is None:
            if _DATEISH.search(match.text):
                why = ("could not be normalized" if _EXPLICIT_YEAR.search(match.text) else
                       "has no year and none is stated before it in its section (not anchored to today)")
                state.warnings.append(RecordWarning(
                    code="unnormalized_date",
                    message=f"date expression {match.text!r} {why} "
                            f"(section {paragraph.section or 'lead'}: {sentence.text[:80]!r})"))
            continue
        kept.append((match, match.value))
    if paragraph.context == TABLE:
        kept = _cell_ranges(sentence.text, kept)
    previous_span: int | None = None  # where the sentence's last life span closed: "Tom (…) and Ned (…)"
    for match, value in _without_name_years(sentence.text, kept):
        if actors is None:
            actors = _actors(paragraph, sentence, use_links, known, links)
        ends = life_events(sentence.text, match, value, lives.subject, lives.first_sentence, previous_span,
                           lives.people)
        if ends is not None:  # a person's life span: a birth and a death, each with its own date
            previous_span = parenthesis_end(sentence.text, match.end)
            for end in ends:
                state.events.append(_event(paragraph, sentence, end.text, end.value, actors, state, end.kind))
            continue
        kind = birth_or_death(sentence.text, match.start, match.end) if not match.parts else None
        state.events.append(_event(paragraph, sentence, match.text, value, actors, state, kind))


@lru_cache(maxsize=1024)
def _not_an_event(text: str, start: int, end: int) -> bool:
    """What the event filters drop (names, counts, identifiers) does not move the narrative either.

    Cached: ``find_dates`` asks it for every expression (``reject``), and the sentence loop asks again for the
    dates that passed.
    """
    return non_event_reason(text, start, end) is not None


def _dates(text: str, narrative: Narrative) -> list[DateMatch]:
    """The sentence's date expressions (moving ``narrative``); a date whose "year" is really a count loses it
    ("16 August, 450 new")."""
    before = narrative.copy()
    out: list[DateMatch] = []
    for match in find_dates(text, narrative=narrative, reject=_not_an_event):
        cut = trailing_number_end(text, match.start, match.end)
        if cut is not None and text[cut:match.end].strip() in _ERA_WORDS:
            cut = None  # the grammar has decided the era ("In 331 BC Alexander"; not "the 2010 BC Green Party")
        if cut is not None:
            shorter = [m for m in find_dates(text[match.start:cut], narrative=before.copy(), reject=_not_an_event)
                       if m.start == 0]
            if not shorter:
                continue
            match = replace(shorter[0], start=match.start, end=match.start + shorter[0].end)
        out.append(match)
    return out


_CELL_BETWEEN = re.compile(re.escape(CELL_SEPARATOR))
_CELL_OPENS = re.compile(rf"(?:\A|{re.escape(CELL_SEPARATOR.lstrip())})\Z")
_CELL_CLOSES = re.compile(rf"(?:{re.escape(CELL_SEPARATOR.rstrip())}|\Z)")


def _cell_ranges(text: str, kept: list[tuple[DateMatch, DateValue]]) -> list[tuple[DateMatch, DateValue]]:
    """Two neighbouring cells of a table row that each hold only a date, the second later and of the same
    precision, are one period ("First Globe | 1599 | 1613 | Destroyed by fire": built 1599, burnt 1613; "England
    | 1016 | 1035 | Edmund Ironside": a reign), as a range written in one cell would be."""
    out: list[tuple[DateMatch, DateValue]] = []
    i = 0
    while i < len(kept):
        (a, v), pair = kept[i], kept[i + 1] if i + 1 < len(kept) else None
        if pair is not None and _cells_of_one_period(text, (a, v), pair):
            surface = text[a.start:pair[0].end]
            value = DateValue(text=surface, start=v.start, end=pair[1].end, precision=v.precision)
            out.append((replace(a, end=pair[0].end, text=surface, value=value, parts=(a, pair[0]), kind="range"),
                        value))
            i += 2
            continue
        out.append((a, v))
        i += 1
    return out


def _cells_of_one_period(text: str, first: tuple[DateMatch, DateValue], second: tuple[DateMatch, DateValue]) -> bool:
    """Neighbouring whole cells, single dates (no range, no qualifier) of one precision, the second later."""
    (a, v), (b, w) = first, second
    return not a.parts and not b.parts and _whole_cell(text, a) and _whole_cell(text, b) \
        and _CELL_BETWEEN.fullmatch(text, a.end, b.start) is not None and v.qualifier is None \
        and w.qualifier is None and v.precision == w.precision and v.end is not None \
        and chronological_key(v.end) < chronological_key(w.start)


def _whole_cell(text: str, match: DateMatch) -> bool:
    return _CELL_OPENS.search(text, 0, match.start) is not None and _CELL_CLOSES.match(text, match.end) is not None


def _without_name_years(text: str, kept: list[tuple[DateMatch, DateValue]]) -> list[tuple[DateMatch, DateValue]]:
    """Drop a repeat of a date already given, in parentheses or in apposition ("In 2002, she published X (2002)",
    "on December 25, Christmas Day"); drop years that
    only open a name ("the 1962 Constitution was abrogated on 25 March 1969") when the
    sentence has another date; of several such names alone, keep one per date ("The 2008 ... Grand Prix was the
    eighth round of the 2008 MotoGP championship")."""
    kept = [(m, v) for i, (m, v) in enumerate(kept)
            if not (i and _same(v, kept[i - 1][1]) and (_parenthesised(text, m) or _APPOSITION.fullmatch(
                text[kept[i - 1][0].end:m.start])))
            and not (_parenthesised(text, m) and any(_same(v, w) for _, w in kept[:i]))]
    # "Three days later, on 27 November": the day stated in apposition is the event; the relative one only counts
    # towards it (and may disagree with it).
    kept = [(m, v) for i, (m, v) in enumerate(kept)
            if not (m.kind == "relative" and i + 1 < len(kept) and kept[i + 1][0].kind != "relative"
                    and kept[i + 1][1].precision == v.precision
                    and RESTATING_APPOSITION.fullmatch(text, m.end, kept[i + 1][0].start))]
    # "resumed on 17 May 2021, fourteen months later, with": a relative that is the whole apposition after a date
    # restates that date, counted from an earlier one; the date is the event.
    kept = [(m, v) for i, (m, v) in enumerate(kept)
            if not (m.kind == "relative" and i and kept[i - 1][0].kind != "relative"
                    and _APPOSITION_OPENS.fullmatch(text, kept[i - 1][0].end, m.start)
                    and _APPOSITION_CLOSES.match(text, m.end))]
    # A relative expression that only restates a period its clause already dates ("Mid-November 2016, ... a loss for
    # that year") adds no event; in a clause of its own it says that something else happened then, an event of its
    # own ("On 10 December the government was sworn in, and Husák resigned the same day"; "In February 2011, Asda
    # bought six stores; five were converted later that year"), as is one that moves away from the narrative's date
    # ("The relationship broke down the following year, and they collided in October 1989"). A year used as an
    # adjective dates what its noun names, not the clause ("Lawes's 1932 memoir was filmed the same year": two).
    kept = [(m, v) for m, v in kept
            if not (m.kind == "relative" and any(
                o is not m and o.kind != "relative" and not attributive(text, o.start, o.end) and _within(w, v)
                and _one_clause(text, m, o)
                for o, w in kept))]
    # A law's year that repeats a date the sentence already gives is no second event ("Also in 1861, Lincoln
    # signed the Revenue Act of 1861").
    kept = [(m, v) for m, v in kept
            if not (law_year(text, m.start, m.end) and any(o is not m and _same(v, w) and not law_year(
                text, o.start, o.end) for o, w in kept))]
    # A year closing a name after "of" says when the named thing was ("the Alamo Canal of 1901", "the Diplomatic
    # Revolution of 1756"): an event of its own, unless the sentence dates something within that year otherwise
    # ("On October 23, 1929, one day before the Wall Street Crash of 1929").
    kept = [(m, v) for m, v in kept
            if not (dated_by_name(text, m) and any(o is not m and _within(w, v) for o, w in kept))]
    named = [year_in_name(text, m.start, m.end) and not dated_by_name(text, m) for m, _ in kept]
    if not all(named):
        return [pair for pair, is_name in zip(kept, named, strict=True) if not is_name]
    out: list[tuple[DateMatch, DateValue]] = []
    for match, value in kept:
        if not any(_same(v, value) for _, v in out):
            out.append((match, value))
    return out


def dated_by_name(text: str, match: DateMatch) -> bool:
    """A year that dates what a name or description names: "the Alamo Canal of 1901", "a 1975 American film"."""
    return year_closes_name(text, match.start) or year_opens_description(text, match.start, match.end)


_APPOSITION_OPENS = re.compile(r"\s{0,3}[,(—–]\s{0,3}")
_APPOSITION_CLOSES = re.compile(r"\s{0,3}(?:[,;.)—–]|\Z)")


def _parenthesised(text: str, match: DateMatch) -> bool:
    return text[match.start - 1:match.start] == "(" and text[match.end:match.end + 1] == ")"


def _one_clause(text: str, a: DateMatch, b: DateMatch) -> bool:
    """No new clause (', and the two collided') and no ';' stands between the two dates."""
    between = text[min(a.end, b.end):max(a.start, b.start)]
    return ";" not in between and NEW_CLAUSE.search(between) is None


def _within(inner: DateValue, outer: DateValue) -> bool:
    """True when ``inner`` lies inside ``outer``, each date cut to the precision of the bound it is compared with;
    BC years compare by number ('-0356' is before '-0327', though it sorts after it as a string)."""
    inner_end = inner.end or inner.start
    if any(iso.startswith("--") for iso in (inner.start, inner_end, outer.start, outer.end or "")):
        return False  # a day and month without a year ('--07-04') lies in no year
    start = chronological_key(outer.start)
    if chronological_key(inner.start)[:len(start)] < start:
        return False
    if outer.end is None:  # an open period ('2013–') holds every later date
        return True
    end = chronological_key(outer.end)
    return chronological_key(inner_end)[:len(end)] <= end


def _same(a: DateValue, b: DateValue) -> bool:
    return a.start == b.start and a.end == b.end and a.precision == b.precision


def _event(paragraph: Paragraph, sentence: Sentence, date_text: str, value: DateValue, actors: list[Actor],
           state: _State, kind: Kind | None = None) -> Event:
    key = (normalize_sentence(sentence.text), date_text)
    occurrence = state.occurrences.get(key, -1) + 1
    state.occurrences[key] = occurrence
    start = paragraph.source_offset(sentence.start)
    end = paragraph.source_offset(sentence.end - 1) + 1
    return Event(id=event_id(state.record_id, sentence.text, date_text, occurrence), date=value,
                 sentence=sentence.text, section=paragraph.section, source_span=(start, max(end, start)),
                 actors=list(actors), kind=kind, context=cast("EventContext", paragraph.context))


def _actors(paragraph: Paragraph, sentence: Sentence, use_links: bool, known: Container[str],
            links: list[LinkSpan]) -> list[Actor]:
    """Linked actors first (wikitext), then capitalized names outside the links; plain text: names only."""
    if not use_links:
        return name_actors(sentence.span, known)
    linked = link_actors(paragraph.text, links, sentence.start, sentence.end)
    inside = [(k.start - sentence.start, k.end - sentence.start) for k in links
              if k.start < sentence.end and sentence.start < k.end]
    named = [a for a in name_actors(sentence.span, known, inside) if a.name not in {x.name for x in linked}]
    return linked + named


def _heading_year(heading: str | None, narrative: Narrative) -> tuple[int | None, bool]:
    """The year (and era) a title or section heading states ("August 2020", "1994–1997: Rise to the top"),
    else the narrative's."""
    if heading:
        probe = narrative.copy()
        probe.restart(None)
        for match in find_dates(heading, narrative=probe):
            if match.value is not None and match.value.precision in ("year", "month", "day") \
                    and probe.year is not None:
                first = match.value.start
                return int(first[1:5]) if first.startswith("-") else int(first[:4]), first.startswith("-")
    return narrative.year, narrative.bc

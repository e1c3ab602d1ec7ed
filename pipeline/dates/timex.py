"""TIMEX3 tagger over whole documents: the pure function behind ``wikirecords tag-dates``.

Input lines are ``{"id", "text", "dct"}``; output lines ``{"id", "timexes": [{start, end, text, type, value}]}``.
Two domains (``domain``): 'narrative' anchors month-only and relative expressions to the year the narrative
is in (the year most recently mentioned before them), never to the document creation time (Wikipedia);
'news' anchors year-less dates and deictic expressions ('Friday', 'last year', 'this week', 'two years ago')
to the document creation time (dct). 'auto' chooses news when the document has a dct and the years it states
are mostly close to the dct's year (see ``choose_domain``).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from pipeline.dates import DateMatch, Narrative, find_dates
from pipeline.dates.narrative import DOMAINS, NarrativeError, parse_dct
from pipeline.dates.periods import premodified_quarters, year_periods, year_timexes
from pipeline.dates.regex_facts import ascii_fold, max_width, right_reach, with_first_chars
from pipeline.dates.relative import (
    SENTENCE_END,
    Timex,
    deictic_timexes,
    in_name,
    quarter_anaphora,
    set_timexes,
    time_timexes,
    titled_day_word,
)
from pipeline.dates.vocabulary import alternation, entries, fast_alternation, load, vocabulary
from pipeline.errors import TimexInputError

__all__ = ["TimexInputError", "choose_domain", "tag_document", "tag_jsonl_lines"]

NEWS_DEICTIC_PER_YEARS = 10
"""'auto' reads a document as news when it has a dct and one deictic expression per this many stated years."""
NEWS_YEARS_WITHIN = 5
"""... or, without any such expression, when no year it states lies farther than this from its dct."""


def _spans(match: DateMatch) -> Iterator[DateMatch]:
    if match.parts:
        yield from match.parts
    else:
        yield match


@lru_cache(maxsize=1)
def _references() -> tuple[re.Pattern[str], Mapping[str, list[str]]]:
    table = entries(vocabulary()["timex_references"])
    return with_first_chars(re.compile(r"(?<![\w-])" + fast_alternation(list(table)) + r"(?![\w-])")), table


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping spans ``taken`` (binary search)."""
    i = bisect_right(taken, (start, float("inf"))) - 1
    if i >= 0 and taken[i][1] > start:
        return True
    return i + 1 < len(taken) and taken[i + 1][0] < end


def _reference_timexes(text: str, taken: list[tuple[int, int]], domain: str) -> list[dict[str, Any]]:
    """'the future' (FUTURE_REF), 'now' (PRESENT_REF), 'former' (PAST_REF): TimeML references, tagger only.

    TimeML and TempEval-3 (news) type them DATE; WikiWars (narrative) annotates present and past references
    as DURATION."""
    regex, table = _references()
    types = entries(load("deictic")["reference_types"])
    skip = frozenset(load("deictic")["references_not_in_news"]["words"]) if domain == "news" else frozenset()
    days = entries(load("deictic")["day_words"])
    out = []
    for m in regex.finditer(text):
        if _overlaps(taken, m.start(), m.end()) or m.group(0).lower() in skip or (
                m.group(0).lower() in days and (in_name(text, m.start(), m.end())  # "the Today Show"
                                                or titled_day_word(text, m.start()))):  # "USA Today"
            continue
        kind, value = table[" ".join(m.group(0).lower().split())]
        kind = types[domain] if value in ("PRESENT_REF", "PAST_REF") else kind
        out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "type": kind, "value": value})
    return out


def _by_first_letter(words: list[str], render: Callable[[str], str], ignore_case: bool) -> str:
    """``'|'.join(render(w) for w in words)`` as one branch per first character, each branch's words in their order
    (the engine skips a branch on its first letter instead of trying every word). The branches start with different
    characters (letters compared lowercased for a case-insensitive group, then ASCII only), so the same word
    matches first; else the words are joined as they are."""
    if (ignore_case and not all(w[:1].isascii() for w in words)) or not all(words):
        return "|".join(map(render, words))
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0].lower() if ignore_case else word[0], []).append(render(word)[len(render(word[0])):])
    return "|".join(f"{render(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _escaped_phrase(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s{1,3}")


@lru_cache(maxsize=1)
def _durations() -> tuple[re.Pattern[str], Mapping[str, Any]]:
    voc = vocabulary()
    table = entries(voc["durations"])
    numbers = [w for w in entries(voc["number_words"])]
    counts = _by_first_letter(sorted(numbers + table["vague_counts"], key=len, reverse=True), re.escape, True)
    units = "|".join(sorted(table["units"], key=len, reverse=True)).replace("century", "centur(?:y|ies)")
    modifiers = _by_first_letter(sorted(table["modifiers"], key=len, reverse=True), _escaped_phrase, False)
    values = entries(voc["number_words"])
    tens = "|".join(w for w, v in values.items() if v in range(20, 100, 10) and " " not in w)
    ones = "|".join(w for w, v in values.items() if v in range(1, 10) and w not in ("a", "an"))
    compound = rf"(?:{tens})[\s-]{{1,3}}(?:{ones})"  # "twenty-four hours", "the last twenty four hours"
    regex = with_first_chars(re.compile(
        rf"(?<![\w-])(?:(?:{modifiers})\s{{1,3}})?(?P<n>\d{{1,3}}|(?i:{compound})|(?i:{counts}))[\s-]{{1,3}}"
        rf"(?P<unit>(?i:{units}))s?(?:-long)?(?![\w-])"))
    return regex, table


@lru_cache(maxsize=1)
def _age_regex() -> re.Pattern[str]:
    return re.compile(r"\s{1,3}" + alternation(vocabulary()["durations"]["not_after"]) + r"(?![\w-])")


def _age_after(text: str, end: int) -> bool:
    """Whether the duration ending at ``end`` is an age ('52 years old', 'five years of age')."""
    return bool(_age_regex().match(text, end))


def _counted_quarters(m: re.Match[str]) -> bool:
    """'the past two quarters', 'the next three quarters': quarters of a year only after a modifier and with a
    number ('three quarters of the vote', 'some quarters' are parts or places)."""
    words = m.group(0).lower().split()
    return len(words) > 2 and words[-1] == "quarters" and m.group("n").lower() not in vocabulary()["durations"][
        "vague_counts"] and m.group(0).lower().startswith(tuple(vocabulary()["durations"]["modifiers"]))


def _duration_timexes(text: str, taken: list[tuple[int, int]], narrative: bool = True) -> list[dict[str, Any]]:
    """'two months' (P2M), 'several years' (PXY), 'almost an hour' (PT1H): TIMEX3 durations, tagger only."""
    regex, table = _durations()
    folded = ascii_fold(text)
    stems = _unit_stems()
    first = min([at for at in map(folded.find, stems) if at >= 0], default=-1)
    if first < 0:
        return []  # every duration names its unit: most paragraphs need no case-insensitive search at all
    last = max(map(folded.rfind, stems))
    same_offsets = len(folded) == len(text)
    numbers = entries(vocabulary()["number_words"])
    out: list[dict[str, Any]] = []
    for m in regex.finditer(text, *_near_units(len(text), first, last, _unit_windows()[0], same_offsets)):
        if _overlaps(taken, m.start(), m.end()) or (narrative and _POINT_AFTER.match(text, m.end())):
            continue  # narrative: "a few days later" is a point (FUTURE_REF, as WikiWars annotates it)
        raw = " ".join(m.group("n").lower().split())
        parts = re.split(r"[\s-]+", raw)
        if raw.isdigit():
            count = raw
        elif raw in numbers:
            count = str(numbers[raw])
        elif len(parts) == 2 and all(p in numbers for p in parts):
            count = str(numbers[parts[0]] + numbers[parts[1]])
        else:
            count = "X"
        unit = ascii_fold(m.group("unit"))  # "mınute" (dotless i) matched the case-insensitive unit too
        unit = "century" if unit.startswith("centur") else unit
        if (not narrative and _age_after(text, m.end())) or (unit == "quarter" and not _counted_quarters(m)):
            continue  # news: "52 years old" is an age (TimeBank); "three quarters of", "some quarters": fractions
        designator, is_time = table["units"][unit]
        value = f"PT{count}{designator}" if is_time else f"P{count}{designator}"
        out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "type": "DURATION", "value": value})
    taken = sorted([*taken, *((t["start"], t["end"]) for t in out)])
    bare = _near_units(len(text), first, last, _unit_windows()[1], same_offsets)
    for m in _bare_plural_regex().finditer(text, *bare):
        unit = m.group("unit").lower().removesuffix("s")
        unit = "century" if unit == "centurie" else unit
        if not _overlaps(taken, m.start("unit"), m.end()):
            designator, is_time = table["units"][unit]
            out.append({"start": m.start("unit"), "end": m.end(), "text": m.group("unit"), "type": "DURATION",
                        "value": f"PTX{designator}" if is_time else f"PX{designator}"})
    return out


@lru_cache(maxsize=1)
def _unit_windows() -> tuple[tuple[int | None, int | None], ...]:
    """(the most a match consumes, how far past its start the engine reads) of the duration regex and of the bare
    plural one; each match consumes a unit word, which in the ``ascii_fold`` of the text holds a stem of
    ``_unit_stems`` at the same offsets."""
    return tuple((max_width(regex), right_reach(regex)) for regex in (_durations()[0], _bare_plural_regex()))


def _near_units(length: int, first: int, last: int, facts: tuple[int | None, int | None],
                same_offsets: bool) -> tuple[int, int]:
    """Where a duration regex can match: from the first unit stem less the most a match consumes to the reach past
    the last stem (the whole text when a bound is unknown or folding moved offsets)."""
    width, reach = facts
    if not same_offsets or width is None:
        return 0, length
    return max(0, first - width), length if reach is None else last + reach + 1


@lru_cache(maxsize=1)
def _unit_stems() -> tuple[str, ...]:
    """The lowercase stem of every duration unit ('centur' for century and centuries): one is in every match."""
    return tuple(unit.removesuffix("y") if unit == "century" else unit for unit in vocabulary()["durations"]["units"])


@lru_cache(maxsize=1)
def _bare_plural_regex() -> re.Pattern[str]:
    """'for centuries', 'within weeks', 'the first time in years': a plural unit without a count after a
    preposition of extent is a vague DURATION (TimeML PXY); not before 'ago', 'later', 'old' (points, ages)."""
    table = vocabulary()["durations"]
    preps = alternation(table["bare_plural_after"])
    units = alternation([u + "s" if u != "century" else "centuries" for u in table["units"] if u != "quarter"])
    return with_first_chars(re.compile(rf"(?<![\w-]){preps}\s{{1,3}}(?P<unit>{units})(?![\w-])"
                                       r"(?!\s{1,3}(?:ago|later|earlier|before|after|old|of\s{1,3}age|past)\b)"))


def choose_domain(text: str, dct: str | None) -> str:
    """'news' when the document has a dct and speaks from it: at least one expression that needs the dct
    ('today', 'yesterday', a weekday, 'this week', 'last year', ...) per ``NEWS_DEICTIC_PER_YEARS`` years it
    states, or no such expression but no stated year farther than ``NEWS_YEARS_WITHIN`` from the dct (a short
    dated report). Otherwise 'narrative': a history told from afar, like a Wikipedia article, which states many
    years and rarely says 'yesterday'."""
    when = parse_dct(dct)
    if when is None:
        return "narrative"
    years = [int(p.value.start[:5] if p.value.start.startswith("-") else p.value.start[:4])
             for m in find_dates(text) for p in _spans(m)
             if p.value is not None and p.value.precision in ("year", "month", "day") and p.kind != "relative"
             and any(c.isdigit() for c in p.text)]
    deictic = sum(1 for _ in _deictic_words().finditer(text))
    if deictic:
        return "news" if deictic * NEWS_DEICTIC_PER_YEARS >= len(years) else "narrative"
    return "news" if all(abs(y - when.year) <= NEWS_YEARS_WITHIN for y in years) else "narrative"


@lru_cache(maxsize=1)
def _deictic_words() -> re.Pattern[str]:
    words = [*entries(load("deictic")["day_words"]), *vocabulary()["weekdays"]]
    units = "|".join(load("deictic")["units"])
    return re.compile(r"(?<![\w-])(?:(?i:" + "|".join(words) + r")|(?i:this|last|next)\s{1,3}(?:" + units
                      + r"))(?![\w-])")


def _add(out: list[dict[str, Any]], taken: list[tuple[int, int]], text: str, found: Iterable[Timex]) -> None:
    """Add the spans of ``found`` (sorted by start) that overlap nothing already tagged (earlier sources win)."""
    last_end = -1
    for t in sorted(found, key=lambda t: (t.start, -t.end)):
        if t.start >= last_end and not _overlaps(taken, t.start, t.end):
            out.append(t.as_dict(text))
            last_end = t.end
    taken[:] = sorted((t["start"], t["end"]) for t in out)


def _inside_longer(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside a strictly longer span of the sorted ``spans`` (which may overlap)."""
    i = bisect_right(spans, (start, float("inf")))
    for j in range(i - 1, max(-1, i - 4), -1):  # deictic phrases are a few words: look at the nearest starts
        s, e = spans[j]
        if s <= start and end <= e and e - s > end - start:
            return True
    return False


_POINT_AFTER = re.compile(r"\s{1,3}(?:later|earlier|ago|afterwards?|before)\b")
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _on_narrative_day(text: str, times: Iterable[Timex], dates: list[dict[str, Any]]) -> Iterator[Timex]:
    """A clock time without a day of its own ('at 11 a.m.') is on the day written right after it ('11 a.m. on
    11 November 1918'), else on the last day the text named before it."""
    days = sorted((t["start"], t["value"]) for t in dates if _DAY_VALUE.fullmatch(t["value"] or ""))
    for t in times:
        if t.value.startswith("XXXX-XX-XX"):
            i = bisect_right(days, (t.start, "")) - 1
            if i + 1 < len(days) and _TIME_DATE_GAP.fullmatch(text, t.end, days[i + 1][0]):
                i += 1
            if i >= 0:
                t = Timex(t.start, t.end, t.type, days[i][1] + t.value[len("XXXX-XX-XX"):])
        yield t


_TIME_DATE_GAP = re.compile(r",?\s{1,3}(?:on\s{1,3})?")
_CLOCK_VALUE = re.compile(r"(?:\d{4}-\d{2}-\d{2}|XXXX-XX-XX)(T\d{2}(?::\d{2})?)")


def _times_on_dates(text: str, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """'5 p.m. EST Nov. 9', '5 p.m. EST, Nov. 6': a clock time right before a full date is one TIME on that day
    (TimeML extent), not a time on the dct's day and a second date."""
    ordered = sorted(out, key=lambda t: (t["start"], t["end"]))
    merged: list[dict[str, Any]] = []
    skip = -1
    for i, t in enumerate(ordered):
        if i == skip:
            continue
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        clock = _CLOCK_VALUE.fullmatch(t["value"] or "") if t["type"] == "TIME" else None
        gap = _TIME_DATE_GAP.fullmatch(text, t["end"], nxt["start"]) if nxt is not None and clock else None
        if clock and nxt is not None and gap and _DAY_VALUE.fullmatch(nxt["value"] or ""):
            merged.append({"start": t["start"], "end": nxt["end"], "text": text[t["start"]:nxt["end"]],
                           "type": "TIME", "value": nxt["value"] + clock.group(1)})
            skip = i + 1
            continue
        merged.append(t)
    return merged


@lru_cache(maxsize=1)
def _part_of_day_before() -> re.Pattern[str]:
    tods = alternation(list(load("deictic")["times_of_day"]))
    return re.compile(rf"(?:(?:[Ee]arly|[Ll]ate)\s{{1,3}}(?:in\s{{1,3}})?)?[Tt]he\s{{1,3}}(?:(?:early|late)\s{{1,3}})?"
                      rf"(?P<tod>{tods})(?:\s{{1,3}}hours)?\s{{1,3}}of\s{{1,3}}\Z")


def _part_of_day_of_date(text: str, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Narrative: 'the morning of April 19', 'the night of April 18, 1775' is one TIME (1775-04-18TNI), as WikiWars
    (TIMEX2) writes it; TimeML news corpora mark the date alone."""
    tods = load("deictic")["times_of_day"]
    result = []
    for t in out:
        if t["type"] == "DATE" and _DAY_VALUE.fullmatch(t["value"] or ""):
            m = _part_of_day_before().search(text, max(0, t["start"] - 50), t["start"])
            if m is not None:
                t = {"start": m.start(), "end": t["end"], "text": text[m.start():t["end"]], "type": "TIME",
                     "value": f"{t['value']}T{tods[m.group('tod').lower()]}"}
        result.append(t)
    return result


_EARLY_LATE_BEFORE = re.compile(r"(?:[Ee]arly|[Ll]ate)\s{1,3}\Z")


def _relative_parts_of_day(text: str, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """'the next morning', 'early the following evening': a relative day named by its part of the day is a TIME
    (1865-04-15TMO), as TimeML and WikiWars write it; the pipeline keeps the day."""
    tods = load("deictic")["times_of_day"]
    result = []
    for t in out:
        last = t["text"].split()[-1].lower() if t["text"].split() else ""
        if t["type"] == "DATE" and last in tods and _DAY_VALUE.fullmatch(t["value"] or ""):
            m = _EARLY_LATE_BEFORE.search(text, max(0, t["start"] - 10), t["start"])
            start = m.start() if m is not None else t["start"]
            t = {"start": start, "end": t["end"], "text": text[start:t["end"]], "type": "TIME",
                 "value": f"{t['value']}T{tods[last]}"}
        result.append(t)
    return result


_OWN_DAY = re.compile(r"(?i)(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|tonight")


def _news_times_on_sentence_day(text: str, out: list[dict[str, Any]], dct_day: str) -> list[dict[str, Any]]:
    """News: a clock time without a day of its own ('at 11 a.m.') is on the full date stated before it in the same
    sentence ('On Nov. 9 at 11 a.m.'), else on the dct's day."""
    days = sorted((t["start"], t["end"], t["value"]) for t in out if _DAY_VALUE.fullmatch(t["value"] or ""))
    result = []
    for t in out:
        value = t["value"] or ""
        if t["type"] == "TIME" and value.startswith(dct_day + "T") and not _OWN_DAY.search(t["text"]):
            i = bisect_right(days, (t["start"], -1, "")) - 1
            if i >= 0 and not SENTENCE_END.search(text, days[i][1], t["start"]):
                t = {**t, "value": days[i][2] + value[len(dct_day):]}
        result.append(t)
    return result


@lru_cache(maxsize=1)
def _signalled_duration_regex() -> re.Pattern[str]:
    table = load("deictic")["signalled_durations"]
    return re.compile(rf"\S.{{0,20}}?\s{{1,3}}{alternation(table['units'])}s?\s{{1,3}}{alternation(table['signals'])}")


def _signalled_durations(out: list[dict[str, Any]], relative: set[tuple[int, int]]) -> list[dict[str, Any]]:
    """News (TimeML): drop the resolved date of 'three days later', 'a day earlier': the count of hours, days or
    weeks is a DURATION of its own (tagged with the other durations) and 'later' a signal."""
    regex = _signalled_duration_regex()
    return [t for t in out if (t["start"], t["end"]) not in relative or not regex.fullmatch(t["text"])]


def _relative_days_after_deictic(out: list[dict[str, Any]], found: set[tuple[int, int]],
                                 relative: set[tuple[int, int]], dct_day: str) -> list[dict[str, Any]]:
    """News: 'the following day' counts from the day last named before it. ``find_dates`` resolved it against the
    last full date it read (or the dct); when a weekday or 'yesterday' (tagged later, from the dct) stands between,
    that day is the anchor: 'On Tuesday ... The next day' is the Wednesday after that Tuesday."""
    days = sorted((t["start"], t["value"], (t["start"], t["end"]) in found) for t in out
                  if _DAY_VALUE.fullmatch(t["value"] or "") and (t["start"], t["end"]) not in relative)
    result = []
    for t in out:
        if (t["start"], t["end"]) in relative and _DAY_VALUE.fullmatch(t["value"] or ""):
            before = [d for d in days if d[0] < t["start"]]
            if before and not before[-1][2]:  # the nearest day before is a deictic one
                stated = [d[1] for d in before if d[2]]
                anchor = date.fromisoformat(stated[-1] if stated else dct_day)
                shift = date.fromisoformat(before[-1][1]) - anchor
                t = {**t, "value": (date.fromisoformat(t["value"]) + shift).isoformat()}
        result.append(t)
    return result


def tag_document(text: str, dct: str | None = None, domain: str = "auto") -> list[dict[str, Any]]:
    """TIMEX3 expressions of ``text``: offsets (end exclusive), surface text, type and value.

    ``domain`` 'news' anchors deictic expressions to ``dct``; 'narrative' to the narrative (never the dct);
    'auto' picks one with ``choose_domain``.
    """
    if domain == "auto":
        domain = choose_domain(text, dct)
    if domain not in DOMAINS:
        raise NarrativeError(f"unknown date domain {domain!r}: use auto or one of {', '.join(DOMAINS)}")
    narrative = Narrative.starting(dct=dct, domain=domain)
    news = narrative.dct if narrative.news else None
    out: list[dict[str, Any]] = []
    relative: list[tuple[int, int]] = []
    for match in find_dates(text, narrative=narrative):
        for part in _spans(match):
            if part.timex_value is None:
                continue
            out.append({"start": part.start, "end": part.end, "text": part.text,
                        "type": part.timex_type, "value": part.timex_value})
            if match.kind == "relative":
                relative.append((part.start, part.end))
    found = {(t["start"], t["end"]) for t in out}
    if news is not None:
        # "the 1988 third quarter", "the 1988 period": one expression in the year named (TimeML extent).
        quarter_timexes = sorted((t for t in out if re.fullmatch(r"\d{4}-Q[1-4]", t["value"] or "")),
                                 key=lambda t: t["start"])
        periods = sorted([*premodified_quarters(text, quarter_timexes, news),
                          *year_periods(text, quarter_timexes, news), *year_timexes(text, news)],
                         key=lambda t: (t.start, -t.end))
        period_spans = sorted((p.start, p.end) for p in periods)
        out = [t for t in out if not _inside_longer(period_spans, t["start"], t["end"])]
        _add(out, sorted((t["start"], t["end"]) for t in out), text, periods)
        # "a year earlier" after a quarter names the year-ago quarter, not the year before the last date.
        quarters = sorted((t["start"], t["value"]) for t in out if re.fullmatch(r"\d{4}-Q[1-4]", t["value"] or ""))
        anaphora = list(quarter_anaphora(text, quarters, news))
        spans = sorted((a.start, a.end) for a in anaphora)
        relative_spans = set(relative)
        out = [t for t in out if (t["start"], t["end"]) not in relative_spans
               or not _overlaps(spans, t["start"], t["end"])]
    # "each July", "every Thursday": a set that holds a shorter date is the one expression.
    sets = sorted(set_timexes(text), key=lambda t: (t.start, -t.end))
    set_spans = sorted((t.start, t.end) for t in sets)
    out = [t for t in out if not _inside_longer(set_spans, t["start"], t["end"])]
    taken = sorted((t["start"], t["end"]) for t in out)
    _add(out, taken, text, sets)
    _add(out, taken, text, _on_narrative_day(text, time_timexes(text, news), out))
    if news is not None:
        _add(out, taken, text, anaphora)
        deictic = sorted(deictic_timexes(text, news), key=lambda t: (t.start, -t.end))
        # "January this year": a deictic phrase that holds a shorter date is the one expression.
        longer = sorted((d.start, d.end) for d in deictic)
        out = [t for t in out if not _inside_longer(longer, t["start"], t["end"])]
        taken[:] = sorted((t["start"], t["end"]) for t in out)
        _add(out, taken, text, deictic)
        out = _relative_days_after_deictic(out, found, relative_spans, news.isoformat())
        out = _signalled_durations(out, relative_spans)

    out = _relative_parts_of_day(text, out)
    if news is None:  # WikiWars (TIMEX2) writes 'the night of Oct. 23' as one TIME; TimeML news the date alone
        out = _part_of_day_of_date(text, out)
    if news is not None:  # TimeML writes '5 p.m. EST Nov. 9' as one TIME; WikiWars (TIMEX2) as two expressions
        out = _news_times_on_sentence_day(text, _times_on_dates(text, out), news.isoformat())
    taken[:] = sorted((t["start"], t["end"]) for t in out)
    out.extend(_duration_timexes(text, taken, narrative=domain == "narrative"))
    out.extend(_reference_timexes(text, sorted((t["start"], t["end"]) for t in out), domain))
    out.sort(key=lambda t: (t["start"], t["end"]))
    return out


def tag_jsonl_lines(lines: Iterable[str], source: str = "<input>", domain: str = "auto") -> Iterator[dict[str, Any]]:
    """One output object per non-empty input line (``domain``: auto, news or narrative, see ``tag_document``);
    raises ``TimexInputError`` naming the bad line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TimexInputError(f"{source}:{number}", f"not JSON: {exc.msg}") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise TimexInputError(f"{source}:{number}", "expected an object with a string 'text'")
        dct = doc.get("dct")
        if dct is not None and (not isinstance(dct, str) or (dct.strip() and parse_dct(dct) is None)):
            raise TimexInputError(f"{source}:{number}",
                                  f"'dct' {dct!r} is not a date: give it as YYYY-MM-DD (or leave it out)")
        dct = dct or None
        yield {"id": doc.get("id"), "timexes": tag_document(doc["text"], dct, domain)}

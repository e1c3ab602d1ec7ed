"""Reporting periods of news text (TIMEX3, tagger only): 'the year', 'the fiscal year', 'year-end', and quarters
named with their year in front ('the 1988 third quarter', 'this year's third quarter', 'the year-ago quarter').

TimeML writes a premodified quarter as one expression whose value carries the premodifier's year
(``1988-Q3``), and 'the year' of a business report as the report's own year (the dct's) unless it is a span
of twelve months ('the year ended March 31': ``P1Y``). The words are in ``deictic.json`` (``periods``).
Pure functions; see docs/dates.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from pipeline.dates.relative import Timex
from pipeline.dates.vocabulary import alternation, entries, load

_QUARTER = re.compile(r"(?P<year>\d{4})-Q(?P<q>[1-4])")


@lru_cache(maxsize=1)
def _table() -> Mapping[str, Any]:
    return entries(load("deictic")["periods"])


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern[str]]:
    t = _table()
    preps = alternation(t["year_prepositions"])
    return {
        "year": re.compile(rf"(?<![\w-])(?P<prep>{preps})\s{{1,3}}(?P<noun>{alternation(list(t['year_nouns']))})"
                           r"(?![\w'’-])(?!\s{1,3}(?:\d|[Tt]wo\s))"),
        "span_after": re.compile(r"\s{1,3}" + alternation(t["span_after"]) + r"\b"),
        "year_end": re.compile(rf"(?<![\w-])(?P<prep>{alternation(t['year_end_prepositions'])})\s{{1,3}}"
                               rf"(?P<end>{alternation(t['year_end'])})"
                               r"(?![\w-])"),
        "premodifier": re.compile(
            r"(?:(?P<det>[Tt]he|[Ii]ts|[Tt]heir)\s{1,3})?"
            r"(?:(?P<year>\d{4})|(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s{1,3}year['’]s|"
            rf"(?P<ago>{alternation(t['year_before_words'])}))\s{{1,3}}(?:fiscal[\s-]{{1,3}})?\Z"),
        "year_period": re.compile(
            r"(?<![\w-])(?:(?P<det>[Tt]he)\s{1,3})?(?:(?P<year>\d{4})|(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s{1,3}"
            r"year['’]s)\s{1,3}(?:period|quarter)(?![\w-])"),
    }


def year_timexes(text: str, dct: date) -> Iterator[Timex]:
    """'for the year' (the dct's year, DATE), 'the year ended March 31' (P1Y, DURATION), 'by year-end' (the dct's
    year; 'since year-end' the year before): the reporting year of a news story."""
    t = _table()
    regex = _regexes()
    for m in regex["year"].finditer(text):
        noun = " ".join(m.group("noun").lower().split())
        prep = m.group("prep").lower()
        if regex["span_after"].match(text, m.end()) or prep in t["span_prepositions"]:
            yield Timex(m.start("noun"), m.end(), "DURATION", "P1Y")
        else:
            yield Timex(m.start("noun"), m.end(), "DATE", f"{dct.year + t['year_nouns'][noun]:04d}")
    for m in regex["year_end"].finditer(text):
        back = m.group("prep").lower() in t["since_words"]
        yield Timex(m.start("end"), m.end(), "DATE", f"{dct.year - back:04d}")


def premodified_quarters(text: str, quarters: list[dict[str, Any]], dct: date) -> Iterator[Timex]:
    """A quarter with its year in front is one expression: 'the 1988 third quarter' (1988-Q3), 'this year's third
    quarter', 'next year's first quarter', 'the year-ago third quarter' (a year before the quarter it names).
    ``quarters`` are the tagged quarter timexes ({start, end, value}); each yields at most one longer timex."""
    premodifier = _regexes()["premodifier"]
    for q in quarters:
        found = _QUARTER.fullmatch(q["value"] or "")
        if not found:
            continue
        m = premodifier.search(text, max(0, q["start"] - 40), q["start"])
        if m is None or m.end() != q["start"]:
            continue
        year = _premodifier_year(m, int(found["year"]), dct)
        yield Timex(m.start(), q["end"], "DATE", f"{year:04d}-Q{found['q']}")


def _premodifier_year(m: re.Match[str], quarter_year: int, dct: date) -> int:
    if m.group("year"):
        return int(m.group("year"))
    if m.group("rel"):
        return dct.year + {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
    return quarter_year - 1


def year_periods(text: str, quarters: list[dict[str, Any]], dct: date) -> Iterator[Timex]:
    """'the 1988 period', 'last year's quarter': the quarter last named before it, in the year named (TimeML
    writes 1988-Q3 after a story about the third quarter). Nothing when no quarter was named before."""
    starts = [q["start"] for q in quarters]
    for m in _regexes()["year_period"].finditer(text):
        i = bisect_left(starts, m.start())
        if i == 0:
            continue
        found = _QUARTER.fullmatch(quarters[i - 1]["value"])
        if found is None:
            continue
        year = int(m.group("year")) if m.group("year") else dct.year + {"this": 0, "last": -1, "next": 1}[
            m.group("rel").lower()]
        yield Timex(m.start(), m.end(), "DATE", f"{year:04d}-Q{found['q']}")

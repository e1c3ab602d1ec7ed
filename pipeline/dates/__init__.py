"""Date expressions: find them in prose, normalize them to ISO start/end with precision and qualifier.

Public interface (stable): ``find_dates``, ``parse_date``, ``DateMatch``; templates in
``pipeline.dates.templates``; the TIMEX3 tagger in ``pipeline.dates.timex``. The grammar is data
(``pipeline/resources/dates/``); see docs/dates.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import cast

from pipeline.dates.grammar import (
    Candidate,
    born_or_died_before,
    clause_opens_after,
    in_parenthesis,
    last_word_set,
    may_contain_date,
    scan,
    word_before,
)
from pipeline.dates.narrative import Narrative
from pipeline.dates.normalize import (
    Atom,
    atom_from_fields,
    floating_holiday,
    part_of_period,
    resolve_relative,
    season_first_month,
    to_date_value,
    to_timex,
)
from pipeline.dates.relative import QUOTED_SENTENCE_END as _QUOTED_SENTENCE_END
from pipeline.dates.relative import SENTENCE_END as _SENTENCE_END
from pipeline.dates.relative import completed_before, named_month_year, tense, year_of_month
from pipeline.dates.vocabulary import entries, vocabulary
from schemas.record import DateValue, Precision, Qualifier

__all__ = ["NEW_CLAUSE", "RESTATING_APPOSITION", "DateMatch", "Narrative", "attributive", "find_dates",
           "may_contain_date", "parse_date"]

_ROLL_FORWARD_MONTHS = 8
_AHEAD_MONTHS = 2
_STALE_YEARS = 2
_RESTATED_WITHIN = 10
"""A year-less day date takes the year of the article's own date with that day and month (``Narrative.known_days``)
only when the narrative is at most this many years from it: an aside's jump, not another part of the story."""
_WINTER_AFTER_MONTH = 9
_AUTUMNS = frozenset({"fall", "autumn"})
_AUTUMN_END = 11  # an autumn the narrative read reached November
_SHORT_YEAR_NARRATIVE_BEFORE = 1000
_APOSTROPHE_YEAR_AHEAD = 5
_ASIDE_QUALIFIERS = frozenset({"since", "before", "after", "until"})
_ASIDE_WINDOW = 200
_IRREALIS = re.compile(r"\b(?:plann?(?:ed|ing)?|would|will|expected|scheduled|intended|projected|envisioned|"
                       r"proposed|predicted|hoped)\b", re.IGNORECASE)
_LIST_ITEM_WORDS = 3
NEW_CLAUSE = re.compile(r",\s{1,3}(?:and|but|while|whereas)\s{1,3}(?:(?:when|after|once|as|until|because)\s{1,3})?"
                        r"(?=(?:the|a|an|its|his|her|their|it|he|she|they|we|this|that|these|those)\b|[A-Z])")
"""', and' with a subject after it (perhaps after a subordinator: ', and when the league was founded'): a new
clause, whose dates a plan or a 'would' before it does not reach."""
_FRONTED_CLAUSE = re.compile(r"\s{0,3}(?:[A-Z][a-z]{1,30}ing|Although|Though|Because)\b[^,;]{0,200},\s{1,3}"
                             r"(?=[A-Z]|(?:he|she|it|they|we|the)\b)")
"""A participle or concessive clause opening the sentence and the comma before its main clause ("Fearing he would
die in the war, Fitzgerald wrote a novel in 1918"): a 'would' in it does not reach the main clause's dates."""
_PRECISION_ORDER = ["day", "month", "year", "decade", "century", "millennium"]
_DASH_BETWEEN = re.compile(r"\s{0,3}[-–—‐‑]{1,2}\s{0,3}")
_TO_BETWEEN = re.compile(r"\s{1,3}(?:to|until|till|through)\s{1,3}")
_AND_BETWEEN = re.compile(r"\s{1,3}and\s{1,3}")
_COMMA_TO_BETWEEN = re.compile(r",\s{1,3}(?:to|until|through)\s{1,3}")
_LIST_GAP = re.compile(r"\s{0,3},?\s{1,3}(?:and|or)\s{1,3}|\s{0,3},\s{1,3}")
_OPEN_END = re.compile(r"\s{0,3}(?:[-–—]|\bto\b|\buntil\b)\s{0,3}(?:present|the present|now|today|date)\b")
_THIS_BEFORE = re.compile(r"[Tt]his\s")
_FROM_ONLY_BEFORE = re.compile(r"(?<!\w)[Ff]rom\s{1,3}(?:the\s{1,3})?\Z")
_START_ONLY_AFTER = re.compile(r",?\s{1,3}(?:onwards?\b|(?:until|till)\s{1,3}(?:his|her|their|its)\s)")
"""After a start date, words that say it is only a start: 'From 1764 onwards', 'from 1937 until his death'."""
_FROM_BEFORE = re.compile(r"(?<!\w)(?:[Ff]rom|[Bb]etween)\s{1,3}\Z")
_POSSESSIVES = r"its|his|her|their|our|my|your"
_ATTRIBUTIVE_BEFORE = re.compile(rf"(?:\b(?:{_POSSESSIVES})|'s)\s{{1,3}}\Z", re.IGNORECASE)
_LOWER_WORD_AFTER = re.compile(r"\s{1,3}[a-z]")
_SENTENCE_END_AFTER_WORD = re.compile(r"(?<!\b[A-Z])[.!?]\s|\n")
"""A sentence end that is no initial's or abbreviation's full stop ("the U.S. Supreme Court")."""
_NAMED_YEAR_BEFORE = re.compile(r"(?<![\w.'’])[A-Z][\w.'’]{0,30}(?:''|”|\"|\]\])?\s{0,2}\(\Z")
"""A capitalized word (a title's or a name's last word, perhaps closing italics or quotes) and the parenthesis a year
follows: "Naim v. Naim (1955)", "Debut (1993)"."""
_DETERMINER_BEFORE = re.compile(rf"(?:\b(?:the|a|an|{_POSSESSIVES})|'s)\s{{1,3}}\Z", re.IGNORECASE)
_PERIOD_PAIRS = frozenset({"range_centuries", "range_decades"})
_COORDINATED = re.compile(r"\s{1,3}(?:and|or|&)\s{1,3}(?:the\s{1,3})?")
_COORDINATED_KINDS = {"range_days_month": ("day_month_year", "day_month"),
                      "range_month_days": ("month_day_year", "month_day"),
                      "range_months_year": ("month_year", "month_year")}
"""Day and month ranges that 'and' joins are two dates ('on August 6 and 9, 1945'): the kind of each part, with and
without a year."""
_MODERN_YEARS = (1900, 2099)
_GREGORIAN = 1583  # floating holidays are computed in the Gregorian calendar
"""A sentence end also after a closing quote or parenthesis ('called it "justified." While ...'); news only."""
_CAPITALIZED_AFTER = re.compile(r"[ \t]{1,3}[A-Z][a-z]")


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in text: character offsets, normalized value and TIMEX3 reading.

    ``parts`` holds the TIMEX3 spans the expression is made of when they differ from the whole:
    both ends of a range ("from 1939 to 1945"), or the date without its signal word ("by 2012").
    ``kind`` names the grammar rule: "day_month_year", "month", "year", "decade", "range", "relative"
    ("the next day", "that year", "two years later": resolved against the narrative), ...
    """

    start: int
    end: int
    text: str
    value: DateValue | None
    timex_type: str = "DATE"
    timex_value: str | None = None
    parts: tuple[DateMatch, ...] = ()
    kind: str = ""


@dataclass
class _Item:
    """A date expression being built: its span and its atom(s) (two for a range)."""

    start: int
    end: int
    atoms: list[tuple[int, int, Atom]]
    prefix_start: int | None = None
    qualifier: Qualifier | None = None
    kind: str = ""
    narrative: bool = True  # False for asides that do not move the narrative's year ("(1790)", "since 1995")
    planned: bool = False  # an aside because a plan or a 'would' speaks of it ("planned for 1995")
    attributive: bool = False  # an aside because it is used as an adjective ("Lawes's 1932 memoir")


@lru_cache(maxsize=1)
def _signal_regex() -> re.Pattern[str]:
    words = entries(vocabulary()["signals"])
    alts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        body = r"\s{1,3}".join(re.escape(p) for p in word.split(" "))
        body = f"[{word[0].upper()}{word[0].lower()}]" + body[1:] if word[0].isalpha() else body
        alts.append(body if word.endswith("-") else body + r"\s{1,3}")
    return re.compile(r"(?<![\w.])(?P<sig>" + "|".join(alts) + r")\Z")


@lru_cache(maxsize=1)
def _signal_gate() -> frozenset[str]:
    return last_word_set(list(entries(vocabulary()["signals"])))


def _signal_qualifier(text: str) -> Qualifier | None:
    words = entries(vocabulary()["signals"])  # vocabulary.json: signal phrase -> qualifier name of the schema
    key = " ".join(text.lower().split())
    return cast("Qualifier | None", words.get(key) or words.get(key.rstrip()))


def _items_from(text: str, cands: list[Candidate]) -> list[_Item]:
    items = []
    for c in cands:
        if c.parts:
            (a_start, a_end), (b_start, b_end) = c.parts
            a = atom_from_fields(c.fields, "a_")
            b = atom_from_fields(c.fields, "b_")
            if c.fields.get("b_dec2") and a.decade is not None:
                b = replace(b, decade=a.decade // 100 * 100 + int(c.fields["b_dec2"]))  # "the 1880s–90s"
            a, b = _inherit(a, b)
            if c.name in _PERIOD_PAIRS and _COORDINATED.fullmatch(text[a_end:b_start]) \
                    and word_before(text, c.start) != "between":
                # "the 17th and 18th centuries", "the 1960s and 1970s": two periods, each a date of its own, each
                # with its own part of the period ("the late 7th and early 8th centuries")
                a, b = (replace(atom, qualifier=part_of_period(c.fields.get(key))[0] or atom.qualifier)
                        for atom, key in ((a, "pp"), (b, "b_pp")))
                kind = "century" if a.century is not None else "decade"
                items.append(_Item(a_start, a_end, [(a_start, a_end, a)], kind=kind))
                items.append(_Item(b_start, b_end, [(b_start, b_end, b)], kind=kind))
                continue
            if c.name in _COORDINATED_KINDS and _AND_BETWEEN.fullmatch(text[a_end:b_start]) \
                    and word_before(text, c.start) != "between":
                kind = _COORDINATED_KINDS[c.name][b.year is None]
                items.append(_Item(a_start, a_end, [(a_start, a_end, a)], kind=kind))
                items.append(_Item(b_start, b_end, [(b_start, b_end, b)], kind=kind))
                continue
            kind = "short_range" if c.name == "short_range" else "range"
            items.append(_Item(c.start, c.end, [(a_start, a_end, a), (b_start, b_end, b)], kind=kind))
        else:
            kind = "relative" if c.name.startswith("relative") or c.name == "day_ref" else c.name
            items.append(_Item(c.start, c.end, [(c.start, c.end, atom_from_fields(c.fields))], kind=kind))
    return items


_DAYS_AFTER = re.compile(r"((?:,[ \t]{1,3}\d{1,2}(?!\d)){1,5}),?[ \t]{1,3}(?:and|&)[ \t]{1,3}(\d{1,2})(?![\d:.,]\d)"
                         r"(?![ \t]{1,3}(?!(?:in|at|on|for|with|by|from|to|and|or|when|while|after|before|as|the|a|an|"
                         r"respectively|he|she|it|they|we)\b)[a-z])(?:,[ \t]{1,3}(\d{4})(?![\d:.,]\d))?")
"""After "December 11": ", 12 and 13", ", 12, 13 and 14, 1972": more days of a list (the year, if given, closes it);
not a count ("December 11, 12 and 13 people": a lower-case word other than a preposition, conjunction, article or
pronoun after it)."""
_DAYS_BEFORE = re.compile(r"(?<![\d,.])((?:\d{1,2},[ \t]{1,3}){1,5})\Z")
"""Before "12" of "12 and 13 December": "11, " — the first days of a list whose last two "and" joins."""
_DAY_NUMBER = re.compile(r"\d{1,2}")
_THE_BEFORE = re.compile(r"[Tt]he\s")
_DAY_LIST_KINDS = frozenset({"month_day", "month_day_year", "day_month", "day_month_year"})


def _day_lists(text: str, items: list[_Item]) -> list[_Item]:
    """Lists of three or more days of one month are a date each: "on December 11, 12 and 13", "11, 12 and 13
    December 1972" (two days joined by "and" are split by ``_items_from``); the days must rise."""
    if len(items) == 0 or "," not in text:
        return items
    out: list[_Item] = []
    skip_until = -1
    for i, item in enumerate(items):
        if item.start < skip_until:
            continue
        a = item.atoms[0][2] if len(item.atoms) == 1 else None
        if a is None or item.kind not in _DAY_LIST_KINDS or a.day is None or a.month is None:
            out.append(item)
            continue
        m = _DAYS_AFTER.match(text, item.end) if item.kind == "month_day" else None
        if m is not None:
            days = [int(d) for d in _DAY_NUMBER.findall(m.group(1))] + [int(m.group(2))]
            if _rising([a.day, *days]):
                year = int(m.group(3)) if m.group(3) else None
                if year is not None:
                    a = replace(a, year=year, explicit_year=True)
                out.append(_Item(item.start, item.end, [(item.start, item.end, a)], item.prefix_start, item.qualifier,
                                 kind=item.kind))
                spans = [at.span() for at in _DAY_NUMBER.finditer(text, m.start(1), m.end(1))] + [m.span(2)]
                for start, end in spans:
                    out.append(_Item(start, end, [(start, end, replace(a, day=int(text[start:end])))], kind=item.kind))
                if year is not None:
                    skip_until = m.end(3)
                continue
        before = _DAYS_BEFORE.search(text, max(0, item.start - 30), item.start) \
            if item.kind in ("day_month", "day_month_year") and i + 1 < len(items) \
            and items[i + 1].kind == item.kind and _AND_BETWEEN.fullmatch(text[item.end:items[i + 1].start]) else None
        if before is not None:
            firsts = list(_DAY_NUMBER.finditer(text, before.start(1), before.end(1)))
            if _rising([*(int(f.group()) for f in firsts), a.day or 0]):
                for f in firsts:
                    out.append(_Item(f.start(), f.end(), [(f.start(), f.end(), replace(a, day=int(f.group())))],
                                     kind=item.kind))
        out.append(item)
    return out


def _rising(days: list[int]) -> bool:
    return all(1 <= d <= 31 for d in days) and all(x < y for x, y in pairwise(days))


def _inherit(a: Atom, b: Atom) -> tuple[Atom, Atom]:
    """Elliptic ranges: '6–7 January 1916' gives the first day its month and year, '1955–56' the century."""
    if b.two_digit_year and b.year is not None and a.year is not None:
        year = a.year // 100 * 100 + b.year
        b = replace(b, year=year + 100 if year < a.year else year, two_digit_year=False)
    if a.day is not None and a.month is None and b.month is not None:
        a = replace(a, month=b.month)
    if b.day is not None and b.month is None and a.month is not None:
        b = replace(b, month=a.month)
    if a.year is None and b.year is not None and (a.month is not None or a.day is not None):
        a = replace(a, year=b.year, bc=b.bc)
    if b.year is None and a.year is not None and (b.month is not None or b.day is not None):
        b = replace(b, year=a.year, bc=a.bc, explicit_year=False)
    if b.bc and not a.bc and a.year is not None and b.year is not None and a.year >= b.year:
        a = replace(a, bc=True)
    if b.bc and not a.bc and a.century is not None and b.century is not None and a.century >= b.century:
        a = replace(a, bc=True)  # "the 5th and 4th centuries BC"
    return a, b


@lru_cache(maxsize=1)
def _approximation_words() -> frozenset[str]:
    """One-word signals of an approximate date ('about', 'around', 'roughly'), from the vocabulary's signals."""
    return frozenset(w for w, kind in entries(vocabulary()["signals"]).items() if kind == "circa" and " " not in w)


def _word_before_approximation(text: str, start: int) -> str:
    """The word before ``start``, looking past an approximation word: 'between' in 'between about 300 BCE and …'."""
    before = word_before(text, start)
    if before in _approximation_words():
        at = text.lower().rfind(before, max(0, start - 40), start)
        return word_before(text, at) if at >= 0 else before
    return before


def _merge_ranges(text: str, items: list[_Item]) -> list[_Item]:
    """'from 1939 to 1945', 'between 1941 and 1945', '26 July – 3 August 1940' become one range item."""
    out: list[_Item] = []
    i = 0
    while i < len(items):
        cur = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is not None and len(cur.atoms) == 1 and len(nxt.atoms) == 1:
            gap = text[cur.end:nxt.start]
            before = _word_before_approximation(text, cur.start)
            joined = (_DASH_BETWEEN.fullmatch(gap) is not None
                      or _TO_BETWEEN.fullmatch(gap) is not None
                      or (_AND_BETWEEN.fullmatch(gap) is not None and before == "between")
                      # "from February 18, 2013, to September 4, 2016": the comma closes the first date's year
                      or (_COMMA_TO_BETWEEN.fullmatch(gap) is not None and before == "from"))
            a, b = cur.atoms[0][2], nxt.atoms[0][2]
            if joined and a.relative is None and b.relative is None:
                a, b = _inherit(a, b)
                lead = _FROM_BEFORE.search(text, max(0, cur.start - 15), cur.start)
                prefix = lead.start() if lead else None
                out.append(_Item(cur.start, nxt.end, [(cur.start, cur.end, a), (nxt.start, nxt.end, b)],
                                 prefix_start=prefix, kind="range"))
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


def _share_years(text: str, items: list[_Item]) -> None:
    """'the spring and early summer of 1943', 'June, July and August 1916': the stated year covers the list."""
    for i in range(len(items) - 2, -1, -1):
        cur, nxt = items[i], items[i + 1]
        if len(cur.atoms) != 1 or not _LIST_GAP.fullmatch(text[cur.end:nxt.start]):
            continue
        a, b = cur.atoms[0][2], nxt.atoms[0][2]
        if _needs_year(a) and b.year is not None and (b.month is not None or b.season is not None):
            start, end, _ = cur.atoms[0]
            cur.atoms = [(start, end, replace(a, year=b.year, bc=b.bc))]


def _needs_year(a: Atom) -> bool:
    return a.year is None and a.decade is None and a.century is None and a.relative is None and (
        a.month is not None or a.day is not None or a.season is not None or a.quarter is not None
        or a.floating is not None)


def _month_of(a: Atom) -> int | None:
    if a.month is not None:
        return a.month
    if a.season is not None:
        return season_first_month(a.season)
    return None


def _last_clause_start(clause: str) -> re.Match[str] | None:
    """The last ', and' of ``clause`` that opens a new clause, not the last item of a list ('a school, a park,
    and the library in 2015': the part after the comma before it is a short list item)."""
    last = None
    for m in NEW_CLAUSE.finditer(clause):
        previous = clause.rfind(",", 0, m.start())
        if previous < 0 or len(clause[previous + 1:m.start()].split()) > _LIST_ITEM_WORDS:
            last = m
    return last


def _mark_asides(text: str, items: list[_Item]) -> None:
    """Dates in parentheses and dates after 'since', 'before', 'after' are asides, not the narrative's year."""
    for item in items:
        start = item.prefix_start if item.prefix_start is not None else item.start
        if item.qualifier in _ASIDE_QUALIFIERS:
            item.narrative = False
            continue
        before = text[max(0, start - _ASIDE_WINDOW):start]
        after = text[item.end:item.end + _ASIDE_WINDOW]
        if before.rfind("(") > before.rfind(")") and after.find(")") >= 0 and (
                after.find("(") < 0 or after.find(")") < after.find("(")):
            item.narrative = False
            continue
        clause = before[max(before.rfind("."), before.rfind(";"), before.rfind("\n")) + 1:]
        if (joined := _last_clause_start(clause)) is not None:
            clause = clause[joined.end():]  # "announced it would convert them, and the first began in April 2013"
        elif (fronted := _FRONTED_CLAUSE.match(clause)) is not None:
            clause = clause[fronted.end():]  # "Fearing he would die, Fitzgerald wrote a novel in 1918"
        if _IRREALIS.search(clause):
            item.narrative = False  # "a campaign planned for 1976", "would be held in 1980", "before the end of 1969"
            item.planned = True
        elif attributive(text, start, item.end):
            item.narrative = False  # "in his 1994 book", "its 1969 landing goal": a year used as an adjective
            item.attributive = True


def attributive(text: str, start: int, end: int) -> bool:
    """A year used as an adjective after a possessive ("Lawes's 1932 memoir", "in his 1994 book"): it dates what
    the noun names, not its clause."""
    return _ATTRIBUTIVE_BEFORE.search(text, max(0, start - 12), start) is not None \
        and _LOWER_WORD_AFTER.match(text, end) is not None


@lru_cache(maxsize=1)
def _deictic_relative() -> frozenset[str]:
    return frozenset(vocabulary()["relative_deictic"]["words"])


def _speaks_from_now(phrase: str) -> bool:
    """'next year', 'this year' (not 'the next year'): relative to the writer's now, which in news is the dct."""
    return " ".join(phrase.lower().split()) in _deictic_relative()


def _restated_year(a: Atom, narrative: Narrative) -> int | None:
    """The year of the article's own full date with this atom's day and month (its infobox's), when an aside took the
    narrative past it by at most ``_RESTATED_WITHIN`` years (AD): a year-less day date that restates it."""
    if narrative.known_days is None or a.day is None or narrative.bc or narrative.year is None:
        return None
    month = _month_of(a)
    known = narrative.known_days.get((month, a.day)) if month is not None else None
    if known is None or not 0 < narrative.year - known <= _RESTATED_WITHIN:
        return None  # a date ahead of the narrative is the story's future ("On April 15" of 1861, not his death's)
    return known


def _own_day_year(a: Atom, narrative: Narrative) -> int | None:
    """For a year-less day date read where the narrative has no year yet (a section that opens with "On July 1"):
    the year of the article's own full date with this day and month (its infobox's), or, when all of the
    article's own days lie in one year, that year for a day within a month of them ("On the evening of July 4"
    after a battle of July 1–3, 1863)."""
    if not narrative.known_days or a.day is None or a.relative is not None:
        return None
    month = _month_of(a)
    if month is None:
        return None
    if (month, a.day) in narrative.known_days:
        return narrative.known_days[(month, a.day)]
    years = set(narrative.known_days.values())
    if len(years) == 1 and any(abs(month - m) <= 1 for m, _d in narrative.known_days):
        return next(iter(years))
    return None


def _years_ahead(text: str, items: list[_Item]) -> list[tuple[int, int] | None]:
    """For each item, (year, month) of the first later date of its sentence that states an AD year and a month and is
    no aside: the year a year-less date before it in the same sentence can belong to."""
    out: list[tuple[int, int] | None] = [None] * len(items)
    found: tuple[int, int] | None = None
    for i in range(len(items) - 1, -1, -1):
        if i + 1 < len(items) and _SENTENCE_END.search(text, items[i].end, items[i + 1].start):
            found = None
        out[i] = found
        item = items[i]
        stated = [a for _s, _e, a in item.atoms if a.explicit_year and a.year is not None and a.relative is None]
        if stated:
            a = stated[0]
            attributive = _DETERMINER_BEFORE.search(text, max(0, item.start - 12), item.start) is not None \
                and _LOWER_WORD_AFTER.match(text, item.end) is not None  # "surpassing the May 2007 high"
            found = None
            if item.narrative and not attributive and not a.bc and a.year is not None and a.month is not None \
                    and not a.two_digit_year:
                found = (a.year, a.month)
    return out


def _sentence_year_ahead(a: Atom, narrative: Narrative, ahead: tuple[int, int] | None) -> int | None:
    """The year of a year-less month or day date taken from a date stated later in its own sentence, at most
    ``_AHEAD_MONTHS`` months after it, when the narrative's year would put it after that date or is
    ``_STALE_YEARS`` or more years away from it; None to keep the narrative's year."""
    if ahead is None or narrative.bc or narrative.year is None or a.season is not None or a.year_shift \
            or a.month is None:
        return None
    ahead_year, ahead_month = ahead
    if (ahead_month - a.month) % 12 > _AHEAD_MONTHS:
        return None
    year = ahead_year if a.month <= ahead_month else ahead_year - 1
    if year == narrative.year:
        return None
    if (narrative.year, a.month) > (ahead_year, ahead_month) or abs(narrative.year - ahead_year) >= _STALE_YEARS:
        return year
    return None


def _anchor(text: str, items: list[_Item], narrative: Narrative) -> None:
    """Give month-only, day-month and relative expressions the year the narrative is in (never today), and move
    ``narrative`` along the dates read.

    The narrative year is the year most recently stated; a month that falls well before the last month the
    narrative reached ("December 1941 ... In January") moves on to the next year. In the news domain a
    year-less month takes the document creation time's year unless its own sentence states one.
    """
    stated_end = 0
    anchored_month_end: int | None = None  # where a year-less month last set the month reached, in this text
    planned: tuple[int, tuple[int, int | None, int | None, bool]] | None = None  # (end, date) of a plan's date
    named: tuple[int, tuple[int, int | None, int | None, bool]] | None = None  # (end, date) of a "Title (1955)"
    latest: tuple[int, int] | None = None  # (end, signed year) of the latest year stated in the current sentence
    local: tuple[int, int | None, bool] | None = None  # (end, year, bc) of a look-back date of the sentence
    ahead = _years_ahead(text, items)
    for index, item in enumerate(items):
        if latest is not None and _SENTENCE_END.search(text, latest[0], item.start):
            latest = None
        if item.kind in ("short_range", "short_year"):
            _read_short_years(text, item, narrative)  # first: a number that is no year ("in 409 theaters") looks
            # back to nothing
        years = [-a.year if a.bc else a.year for _s, _e, a in item.atoms
                 if a.explicit_year and a.year is not None and a.relative is None and not a.invalid]
        if local is not None and _SENTENCE_END.search(text, local[0], item.start):
            local = None
        if item.narrative and latest is not None and years and max(years) < latest[1]:
            # "On June 5, 1931, he was indicted … for the years 1925 through 1929": within its sentence, a year
            # before one already stated looks back; the narrative stays where the sentence took it, though a
            # year-less date right after it in the sentence is of that year ("on September 12, 2001 (after the
            # September 11 attacks)")
            item.narrative = False
            years_bc = [a for _s, _e, a in item.atoms if a.explicit_year and a.year is not None and not a.invalid]
            local = (item.end, years_bc[-1].year, years_bc[-1].bc) if years_bc else None
        elif item.narrative and years:
            latest = (item.end, max(years) if latest is None else max(latest[1], *years))
        new_atoms = []
        for start, end, a in item.atoms:
            if a.invalid:
                new_atoms.append((start, end, a))
                continue
            if item.kind == "apostrophe_year":
                # "the Class of '89": the narrative's century, or the one before if that would be in the future.
                if narrative.year is None or narrative.bc or a.year is None:
                    new_atoms.append((start, end, replace(a, invalid=True)))
                    continue
                year = narrative.year // 100 * 100 + a.year
                a = replace(a, year=year - 100 if year > narrative.year + _APOSTROPHE_YEAR_AHEAD else year,
                            two_digit_year=False)
            if item.kind == "year_era" and a.bc and _era_is_a_name(text, end, a, narrative):
                # "the 2010 BC Green Party": BC is British Columbia; the year is an AD year.
                end = start + len(text[start:end].rstrip("BCE. ").rstrip())
                item.end = end
                a = replace(a, bc=False)
            if a.relative is not None and _speaks_from_now(text[start:end]) and (
                    narrative.news or text.startswith(("'s", "’s"), end) or _reported(text, start, end)):
                # news: "next year" is the dct's (relative.py); "next year's winner" is an adjective; in a quote
                # or a plan ("would break it in a referendum next year") it counts from the speaker's now
                new_atoms.append((start, end, replace(a, invalid=True)))
                continue
            backward = a.relative is not None and a.relative[1] < 0
            if a.relative is not None:
                forward = a.relative[1] > 0 and not _irrealis_sentence(text, end)
                # "The first flight, planned for 1995, slipped to the following year": within its sentence, a
                # relative counts from the planned date just before it, though the plan moved no narrative
                from_plan = planned is not None and not _SENTENCE_END.search(text, planned[0], start) \
                    and not ((m := NEW_CLAUSE.search(text, planned[0], start + 12)) and m.start() < start)
                from_name = named is not None and latest is None \
                    and not _SENTENCE_END_AFTER_WORD.search(text, named[0], start)
                base = planned[1] if from_plan and planned is not None else \
                    named[1] if from_name and named is not None else narrative.full
                a = resolve_relative(a, base)
                if item.narrative and a.relative is None and a.year is not None and not a.bc:
                    # "The next day, … to mark the 50th anniversary of … in 1939": a resolved relative dates its
                    # sentence too, so an earlier year after it looks back
                    latest = (end, a.year if latest is None else max(latest[1], a.year))
                if forward and item.narrative and a.relative is None and a.year is not None:
                    # "The following year", "two years later": the narrative moves there ("the previous year",
                    # "two years earlier" look back without moving it)
                    narrative.move_to_year(a.year, a.bc)
            elif _needs_year(a) and narrative.news and narrative.dct is not None and (
                    not stated_end or _QUOTED_SENTENCE_END.search(text, stated_end, start)):
                # News: a year-less month is the dct's year, or the one before/after by tense ("in October",
                # written in January about what happened) - unless the same sentence states a year.
                news_month = a.quarter * 3 if a.quarter is not None else _month_of(a) or (
                    floating_holiday(a.floating, narrative.dct.year)[0] if a.floating else 1)
                when = tense(text, start, end)
                if completed_before(text, start):  # "the year ended March 31": a period that is over
                    year = narrative.dct.year - ((news_month, a.day or 0) > (narrative.dct.month, narrative.dct.day))
                elif a.year_shift or _THIS_BEFORE.match(text, start):
                    # "last May", "next spring": the nearest one before or after the dct; "this September": the dct's
                    year = named_month_year(news_month, a.year_shift, narrative.dct)
                else:
                    year = year_of_month(news_month, narrative.dct, when)
                a = replace(a, year=year, bc=False)
            elif _needs_year(a) and local is not None and local[1] is not None and item.kind != "relative":
                a = replace(a, year=local[1], bc=local[2])
            elif _needs_year(a) and latest is None and narrative.year is not None and (
                    restated := _restated_year(a, narrative)):
                # "The closing ceremony was held on 24 October": the article's own 24 October 1964, though an
                # aside ("in 1965 she was banned") moved the narrative; the narrative goes back there. A year
                # stated before it in its own sentence wins ("In 1919 … filmed on independence day, 28 May")
                a = replace(a, year=restated, bc=False)
                narrative.move_to_year(restated, False)
            elif _needs_year(a) and narrative.year is None and (own := _own_day_year(a, narrative)):
                # "The battle began on the morning of July 1": a section that states no year yet, in an article
                # whose infobox dates that day ("July 1–3, 1863"); the narrative starts there
                a = replace(a, year=own, bc=False)
                narrative.move_to_year(own, False)
            elif _needs_year(a) and narrative.year is not None:
                year = narrative.year
                month = _month_of(a)
                listed = anchored_month_end is not None and not _SENTENCE_END.search(text, anchored_month_end, start)
                reached = max(narrative.month or 0, _AUTUMN_END if narrative.autumn_reached else 0)
                if latest is None and (own_sentence := _sentence_year_ahead(a, narrative, ahead[index])):
                    # "captured at Sedan on 1 and 2 September, and the Republic was proclaimed on 4 September
                    # 1870" after a sentence about 1866; "beaten at Orléans in December and at Le Mans on 10–12
                    # January 1871": the sentence's own year, which the narrative left stale or put after it
                    year = own_sentence
                elif (a.season is None and month is not None and reached and not listed
                        and reached - month >= _ROLL_FORWARD_MONTHS and not narrative.bc):
                    # "December 1941 ... In January", "the fall of 1861 ... In January": the next year's
                    year += 1
                    narrative.move_to_year(year, False)
                elif a.season == "winter" and (narrative.autumn_reached or (
                        narrative.month is not None and narrative.month >= _WINTER_AFTER_MONTH
                        and narrative.month_stated)):
                    year += -1 if narrative.bc else 1  # TimeML names a winter by its January: Dec 1914 -> 1915-WI;
                    # "the fall and winter" of 1774: the winter after that fall, 1775-WI
                if a.year_shift:
                    year += -a.year_shift if narrative.bc else a.year_shift
                    if a.year_shift > 0 and item.narrative and _THE_BEFORE.match(text, start) \
                            and not _irrealis_sentence(text, end):
                        # "the following May": the narrative moves on to it ("that September" after it is of that
                        # year); "the previous May" looks back, and "by next summer" speaks from a speaker's now
                        narrative.move_to_year(year, narrative.bc)
                a = replace(a, year=year, bc=narrative.bc)
            if a.floating is not None and a.year is not None and not a.bc and a.year >= _GREGORIAN:
                month_day = floating_holiday(a.floating, a.year)
                a = replace(a, month=month_day[0], day=month_day[1], floating=None)
            if item.narrative and a.explicit_year and a.year is not None and a.decade is None and a.century is None:
                narrative.move_to_year(a.year, a.bc)
                stated_end = end
            month = _month_of(a)
            if item.narrative and a.season in _AUTUMNS and a.year == narrative.year and a.bc == narrative.bc:
                narrative.autumn_reached = True
            if item.narrative and month is not None and a.year is not None and a.year == narrative.year \
                    and a.bc == narrative.bc and a.season is None:
                narrative.month, narrative.month_stated = month, a.explicit_year
                anchored_month_end = None if a.explicit_year else end
            if item.narrative and a.year is not None and a.relative is None and not a.two_digit_year and not backward:
                # "from 200,000 the previous day": a look back does not move the narrative's date
                narrative.full = (a.year, a.month, a.day, a.bc)
                planned = named = None
            elif (item.planned or item.attributive) and a.year is not None and a.relative is None \
                    and not a.two_digit_year:
                # "planned for 1995, slipped to the following year"; "Lawes's 1932 memoir was filmed the same
                # year": a relative of the same clause counts from it, though it moved no narrative
                planned = (end, (a.year, a.month, a.day, a.bc))
            elif (not item.narrative and len(item.atoms) == 1 and a.explicit_year and a.year is not None
                  and a.relative is None and _NAMED_YEAR_BEFORE.search(text, max(0, start - 40), start)
                  and text.startswith(")", end)):
                # "In Naim v. Naim (1955) the court upheld the act, and … declined to hear an appeal the following
                # year": a work's or a case's year in parentheses is what a relative of its sentence counts from,
                # when the sentence states no year of the narrative
                named = (end, (a.year, a.month, a.day, a.bc))
            if a.explicit_year and a.year is not None:
                narrative.note_year(a.year, a.bc)  # also from an aside: "Mahavira (c. 599 – c. 527 BC)"
            new_atoms.append((start, end, a))
        item.atoms = new_atoms


@lru_cache(maxsize=1)
def _circa_words() -> frozenset[str]:
    return frozenset(vocabulary()["short_year_context"]["circa_words"])


@lru_cache(maxsize=1)
def _name_parenthesis_words() -> frozenset[str]:
    """'born', 'died', 'fl.', ...: a word that opens a parenthesis after a name and says its one year is a year."""
    return frozenset(vocabulary()["short_year_context"]["name_parenthesis_before"])


def _read_short_years(text: str, item: _Item, narrative: Narrative) -> None:
    """Years of one to three digits ("in 430", "(454–526)", "c. 311", "between 103 and 105"): decide whether they
    are years at all and in which era, from the narrative and the context; mark them invalid when not.

    * In a narrative already before AD 1000 a three-digit year is a year; in a BC narrative a single year is BC
      when it does not go back in time (years count down: after 146 BC, "in 429" is AD 429; two digits, "In 48
      he defeated Pompey", only there).
    * A span counts up in AD and down in BC ("100–44 BC"): a falling span in a BC narrative is BC; a rising one
      without an era ("(53–117)", "between 103 and 105") is AD, even right after a BC narrative.
    * Without a narrative year, or in one after AD 1000, only a strong context makes them years: "c."/"circa"
      before the number ("c. 311"; in a narrative after AD 1000 only as a whole parenthesis after a name,
      "Wulfila (c. 311 – 383)"), or a rising span of three-digit years that is the whole parenthesis right after a
      capitalized name ("Theodoric the Great (454–526)": a life span or a reign; not a score or a win-loss record
      of a team in a modern narrative).

    A span or year read on such a context moves the narrative into its era, also from a parenthesis, which
    otherwise is an aside: what follows ("in 341") is read in AD. A BC narrative has an era for short years
    already: a rising span moves it to AD only when it is no aside ("between 103 and 105; the following year" is
    106), as any stated year does; a life span in parentheses ("Trajan (53–117)") leaves it where it is.
    """
    atoms = [(s, e, replace(a, year=int(text[s:e]), two_digit_year=False) if text[s:e].isdigit() else a)
             for s, e, a in item.atoms]
    years = [a.year for _, _, a in atoms]
    first, last = years[0], years[-1]
    if first is None or last is None:
        item.atoms = [(s, e, replace(a, invalid=True)) for s, e, a in atoms]
        return
    bc_narrative = narrative.year is not None and narrative.bc
    if len(atoms) > 1:
        last = _elliptic_end(text, atoms, bc_narrative)
        atoms[-1] = (atoms[-1][0], atoms[-1][1], replace(atoms[-1][2], year=last))
    circa = word_before(text, item.start) in _circa_words()
    named = in_parenthesis(text, item.start, item.end, after_name=True)
    # "Hild (died 680)", "Arius (born 256)", "Sweyn Forkbeard (r. 986–1014)": a year, or a rising span, that a
    # birth, a death or a reign word marks, after a name
    marked = (named and (len(atoms) == 1 or last > first) and word_before(text, item.start) in _name_parenthesis_words()
              ) or (len(atoms) == 1 and born_or_died_before(text, item.start))  # "was born around 990"
    bc, switch = False, False
    connector = text[atoms[0][1]:atoms[1][0]] if len(atoms) > 1 else ""
    if len(atoms) > 1 and last >= _SHORT_YEAR_NARRATIVE_BEFORE and last > first and (
            connector.strip().lower() in _until_words() or (
                _DASH_BETWEEN.fullmatch(connector) and word_before(text, item.start) in _short_year_words())):
        # "from 861 until 1539", "in 980–1016": the second end is a year of four digits; not "from 500 to 1200"
        # or "between 300 and 1500", which are counts as often ("the population grew from 500 to 1200")
        ok = True
    elif bc_narrative:
        if len(atoms) == 1:
            ok, bc = True, narrative.year is not None and first <= narrative.year
        else:
            ok, bc = True, last < first
    elif len(atoms) > 1 and last < first:
        ok = False  # a falling span is BC: only a BC narrative can give it its era
    elif narrative.year is not None and narrative.year < _SHORT_YEAR_NARRATIVE_BEFORE:
        ok = first >= 100 or len(atoms) > 1
    elif narrative.early_era and len(atoms) == 1 and first >= 100 \
            and word_before(text, item.start) in _early_era_words() and clause_opens_after(text, item.end):
        # "erected in 983;", "In 988, Borrell II" in an article that has stated early years, wherever its narrative
        # stands; not "in 108 congregations": a lower-case word after it may be what it counts
        ok = True
    elif narrative.year is None:
        # a bracketed span after a name with no other sign is a life or a reign only when it lasts as long as one
        # ("Theodoric the Great (454–526)"); a short one is a record or a score as often ("Alabama (123–140)")
        ok = switch = first >= 100 and (circa or marked or (named and len(atoms) > 1
                                                            and _MIN_LIFE_YEARS <= last - first
                                                            <= _LIFE_OR_REIGN_YEARS + 20))
    else:
        ok = first >= 100 and ((circa and named) or marked)
        switch = ok and circa and named  # a marked year in a modern narrative is an aside: "In 1990 Hild (died 680)"
    if not ok:
        item.atoms = [(s, e, replace(a, invalid=True)) for s, e, a in atoms]
        return
    item.atoms = [(s, e, replace(a, bc=bc)) for s, e, a in atoms]
    if switch:
        narrative.move_to_year(last, bc)
        narrative.full = (last, None, None, bc)


@lru_cache(maxsize=1)
def _until_words() -> frozenset[str]:
    """The one-word signals of the vocabulary that end a span ('until', 'till', 'through')."""
    return frozenset(w for w, q in entries(vocabulary()["signals"]).items() if q == "until" and " " not in w)


@lru_cache(maxsize=1)
def _early_era_words() -> frozenset[str]:
    """The short-year words that place an event in a year ("in 983", "by 472"; not "from", "after", "until")."""
    return frozenset(vocabulary()["short_year_context"]["early_era_words"])


@lru_cache(maxsize=1)
def _short_year_words() -> frozenset[str]:
    return frozenset(vocabulary()["short_year_context"]["words"])


_LIFE_OR_REIGN_YEARS = 100
_MIN_LIFE_YEARS = 20


def _elliptic_end(text: str, atoms: list[tuple[int, int, Atom]], bc_narrative: bool) -> int:
    """The second year of a span written shorter than the first: '(359–61)' is 359–361, as '1955–56' is 1955–1956;
    but in a BC narrative a falling span of a life or a reign stays as written ('Mithridates (120–63)': BC)."""
    (a_start, a_end, a), (b_start, b_end, b) = atoms
    first, last = a.year or 0, b.year or 0
    digits = b_end - b_start
    if digits >= a_end - a_start or (bc_narrative and 0 < first - last <= _LIFE_OR_REIGN_YEARS):
        return last
    full = first - first % 10 ** digits + last
    return full if full > first else full + 10 ** digits


def _reported(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is inside a quotation or a clause about plans or hypotheticals of its sentence."""
    lo = max(0, start - _ASIDE_WINDOW)
    cut = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    left = cut[-1] if cut else lo
    quotes = sum(text.count(q, left, start) for q in ('"', "“", "”"))
    return quotes % 2 == 1 or _IRREALIS.search(text, left, start) is not None or _irrealis_sentence(text, end)


def _irrealis_sentence(text: str, end: int) -> bool:
    """'Sixteen months later, Lovell would ...': the rest of the sentence speaks of what would or will be."""
    stop = _SENTENCE_END.search(text, end, min(len(text), end + _ASIDE_WINDOW))
    return _IRREALIS.search(text, end, stop.start() if stop else min(len(text), end + _ASIDE_WINDOW)) is not None


def _era_is_a_name(text: str, end: int, a: Atom, narrative: Narrative) -> bool:
    """'2010 BC Green Party': a modern four-digit year, 'BC' and a capitalized word, outside a BC narrative."""
    if a.year is None or not _MODERN_YEARS[0] <= a.year <= _MODERN_YEARS[1] or narrative.bc:
        return False
    if narrative.year is not None and narrative.year < _MODERN_YEARS[0]:
        return False
    return _CAPITALIZED_AFTER.match(text, end, min(len(text), end + 40)) is not None


def _single(text: str, start: int, end: int, atom: Atom, kind: str) -> DateMatch:
    surface = text[start:end]
    timex_type, timex_value = to_timex(atom)
    return DateMatch(start, end, surface, to_date_value(atom, surface), timex_type, timex_value, kind=kind)


def _coarser(p: Precision, q: Precision) -> Precision:
    return p if _PRECISION_ORDER.index(p) >= _PRECISION_ORDER.index(q) else q


def _cut(iso: str, precision: str) -> str:
    """An ISO date cut to a precision ('1975-11' at year precision is '1975'): both ends of a range share one."""
    sign = "-" if iso.startswith("-") and not iso.startswith("--") else ""
    return sign + iso[len(sign):][: {"day": 10, "month": 7}.get(precision, 4)]


def _inverted(first: DateValue, last: DateValue) -> bool:
    """A 'range' whose end comes before its start ('1945 – 1939') is two dates, not a range."""
    def key(iso: str) -> tuple[int, str]:
        negative = iso.startswith("-")
        year = int(iso[1:5]) if negative else int(iso[:4])
        return (-year if negative else year, iso[5:] if negative else iso[4:])
    last_end = last.end or last.start  # an open end ('2013–') is later than any start: compare its start
    try:
        return key(first.start)[0] > key(last_end)[0] or (
            key(first.start)[0] == key(last_end)[0] and key(first.start)[1] > key(last_end)[1] != "")
    except ValueError:
        return False


def _build(text: str, item: _Item) -> list[DateMatch]:
    part_kind = "range_part" if len(item.atoms) > 1 else item.kind
    parts = [_single(text, s, e, a, part_kind) for s, e, a in item.atoms]
    start = item.prefix_start if item.prefix_start is not None else item.start
    surface = text[start:item.end]
    if len(parts) == 1:
        core = parts[0]
        if start == core.start and item.qualifier is None:
            return [core]
        value = core.value
        if value is not None:
            value = value.model_copy(update={"text": surface, "qualifier": item.qualifier or value.qualifier})
        return [DateMatch(start, item.end, surface, value, core.timex_type, core.timex_value, (core,), item.kind)]
    first, last = parts[0], parts[-1]
    value = None
    if first.value is not None and last.value is not None and _inverted(first.value, last.value):
        return list(parts)
    if first.value is not None and last.value is not None:
        precision = _coarser(first.value.precision, last.value.precision)
        value = DateValue(text=surface, start=_cut(first.value.start, precision),
                          end=None if last.value.end is None else _cut(last.value.end, precision),
                          precision=precision,
                          qualifier=item.qualifier or ("circa" if first.value.qualifier == "circa" else None))
    return [DateMatch(start, item.end, surface, value, first.timex_type, first.timex_value, tuple(parts), "range")]


def _apply_open_ends(text: str, items: list[_Item]) -> None:
    """'1969–present', 'since 2001 to date': an open range is the start date with qualifier 'since'. So is a
    start with no date for its end: 'From 1764 onwards', 'from 1937 until his death', a sentence opening 'From the
    2000s' ('data from 2010 show' is no start)."""
    for item in items:
        if len(item.atoms) != 1:
            continue
        m = _OPEN_END.match(text, item.end, min(len(text), item.end + 20))
        if m:
            item.end = m.end()
            item.qualifier = "since"
            continue
        if item.qualifier is not None or item.prefix_start is not None or item.atoms[0][2].qualifier is not None:
            continue  # "From the early 1830s": the part of the period says more than the start
        lead = _FROM_ONLY_BEFORE.search(text, max(0, item.start - 12), item.start)
        if lead is None:
            continue
        opening = not text[:lead.start()].strip() or _SENTENCE_END.search(text[max(0, lead.start() - 3):lead.start()])
        if opening or _START_ONLY_AFTER.match(text, item.end):
            item.prefix_start = lead.start()
            item.qualifier = "since"


def _apply_signals(text: str, items: list[_Item]) -> None:
    regex = _signal_regex()
    gate = _signal_gate()
    for item in items:
        if item.prefix_start is not None:
            continue
        if len(item.atoms) == 2:
            lead = _FROM_BEFORE.search(text, max(0, item.start - 15), item.start)
            if lead:
                item.prefix_start = lead.start()
                continue
        if word_before(text, item.start) not in gate:
            continue
        m = regex.search(text, max(0, item.start - 30), item.start)
        if m:
            qualifier = _signal_qualifier(m.group("sig"))
            if qualifier:
                item.prefix_start = m.start("sig")
                item.qualifier = qualifier


_UNCERTAIN_YEAR_KINDS = frozenset({"short_year", "short_range", "apostrophe_year"})
RESTATING_APPOSITION = re.compile(r"\s{0,3}[,(—–]\s{0,3}(?:(?:early|late)\s{1,3})?(?:(?:on|in|at)\s{1,3})?"
                                  r"(?:the\s{1,3})?(?:(?:morning|afternoon|evening|night)\s{1,3}of\s{1,3})?")
"""What stands between a date and the date that restates it in apposition: "three days later, on 27 November",
"the next day (the morning of 5 May"."""
_APPOSITION = re.compile(RESTATING_APPOSITION.pattern + r"|\s{1,3}(?:on|in)\s{1,3}")
_ON_BETWEEN = re.compile(r"\s{1,3}on\s{1,3}")


def _without_restated_relatives(text: str, items: list[_Item]) -> list[_Item]:
    """'two days later, on 6 October 2008', 'the following year, in 1815', 'six hours later on July 21': a relative
    expression that a date with its own year (or, for a day, a day and month) restates in apposition is that date;
    only the stated one is kept (the relative one, counted from the narrative, may disagree with it)."""
    out: list[_Item] = []
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (nxt is not None and item.kind == "relative" and len(item.atoms) == 1
                and item.atoms[0][2].relative is not None and (nxt.atoms[0][2].explicit_year or (
                    # "six hours later on July 21": a day restates a relative day without a year of its own
                    item.atoms[0][2].relative[0] == "day" and nxt.atoms[0][2].day is not None
                    and nxt.atoms[0][2].month is not None and _ON_BETWEEN.fullmatch(text, item.end, nxt.start)))
                and nxt.kind not in _UNCERTAIN_YEAR_KINDS  # "The following year, in 300 he crossed": may be no year
                and _APPOSITION.fullmatch(text, item.end, nxt.prefix_start if nxt.prefix_start is not None
                                          else nxt.start)):
            continue
        out.append(item)
    return out


def find_dates(text: str, anchor_year: int | None = None, *, narrative: Narrative | None = None,
               mode: str = "prose", reject: Callable[[str, int, int], bool] | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, left to right.

    Month-only, day-month and relative expressions take the narrative's year: the year most recently stated
    before them in ``text``, else the one ``narrative`` is in (or ``anchor_year``); without one their
    ``value`` is None. ``narrative`` is updated in place to where the text leaves it, so that a caller reading
    sentence after sentence passes the same object. ``mode='value'`` adds the formats only seen in short
    infobox values (numeric 10/01/2007, two-digit years). ``reject(text, start, end)`` lets a caller drop
    expressions it knows are no dates in its context (the events extractor's filters) before they can move
    the narrative.
    """
    if narrative is None:
        narrative = Narrative.starting(anchor_year)
    if not text:
        return []
    items = _merge_ranges(text, _day_lists(text, _items_from(text, scan(text, mode))))
    _apply_signals(text, items)
    _apply_open_ends(text, items)
    _mark_asides(text, items)
    _share_years(text, items)
    if reject is not None:
        items = [item for item in items
                 if not reject(text, item.prefix_start if item.prefix_start is not None else item.start, item.end)]
    items = _without_restated_relatives(text, items)
    _anchor(text, items, narrative)
    out = []
    for item in items:
        if item.kind == "relative" and item.atoms[0][2].relative is not None:
            continue  # "the next day" with no date before it: nothing to resolve it against
        if item.kind in ("short_year", "short_range", "apostrophe_year") and item.atoms[0][2].invalid:
            continue
        out.extend(_build(text, item))
    return out


def parse_date(text: str) -> DateValue | None:
    """The first date in a short value such as an infobox field, or None.

    A day and month without a year ("4th of July") give ISO '--07-04' (precision day).
    """
    matches = find_dates(text, mode="value")
    for match in matches:
        if match.value is not None:
            return match.value
    for match in matches:
        timex = match.timex_value or ""
        if re.fullmatch(r"XXXX-\d\d-\d\d", timex):
            iso = "--" + timex[5:]
            return DateValue(text=match.text, start=iso, end=iso, precision="day")
    return None

"""Deictic and relative expressions anchored to a reference date: 'Friday', 'last year', 'this week', 'two years
ago', '3 p.m. Friday', 'every year' (TIMEX3 DATE, TIME, SET), and the tense of a clause.

In the news domain the reference is the document creation time (dct); the values follow the TempEval-3 / TimeML
guidelines ('2013-W12', '2012-SU', '2013-Q1', '1998-01-08TNI'). The vocabulary is
``pipeline/resources/dates/deictic.json``. Pure functions; see docs/dates.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from pipeline.dates.regex_facts import could_match, with_first_chars
from pipeline.dates.vocabulary import entries, load, trie_alternation, vocabulary

TENSE_DECIDES_FROM = 5
"""Months between a year-less month and the dct from which the sentence's tense, not nearness, picks its year."""
SENTENCE_END = re.compile(r"[.!?]\s|\n")
"""A sentence end: final punctuation before a space, or a line break."""
QUOTED_SENTENCE_END = re.compile(r"[.!?][\"”’')]{0,2}\s|\n")
"""A sentence end that may close a quotation or parenthesis first ('... we win."')."""

_TITLE_UNITS = frozenset({"Week", "Weekend", "Month", "Year", "Quarter"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Timex:
    """One TIMEX3 span found by this module."""

    start: int
    end: int
    type: str
    value: str

    def as_dict(self, text: str) -> dict[str, Any]:
        """The tagger's output form."""
        return {"start": self.start, "end": self.end, "text": text[self.start:self.end], "type": self.type,
                "value": self.value}


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return load("deictic")


def _words(words: list[str]) -> str:
    return trie_alternation(words)  # every use below is case-sensitive


@lru_cache(maxsize=1)
def _tense_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = _vocab()
    future = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in v["future_words"]) + r")(?!\w)",
                        re.IGNORECASE)
    words = "|".join(re.escape(w) for w in v["past_words"])
    # a lowercase word in -ed (not -eed: "need", "indeed"); "United" is a name, not a verb
    past = re.compile(r"(?<![\w'])(?:(?i:" + words + r")|[a-z]{2,}(?<!e)ed)(?!\w)")
    return future, past


def clause_around(text: str, start: int, end: int) -> str:
    """The sentence around [start, end) with the span replaced by a NUL mark (bounded to 300 characters each side)."""
    lo = max(0, start - 300)
    before = text[lo:start]
    cut = [m.end() for m in QUOTED_SENTENCE_END.finditer(before)]
    left = lo + cut[-1] if cut else lo
    after = text[end:end + 300]
    m = QUOTED_SENTENCE_END.search(after)
    right = end + (m.start() if m else len(after))
    return text[left:start] + "\0" + text[end:right]


def tense(text: str, start: int, end: int) -> str | None:
    """'future' when the sentence around the span speaks of what will happen, 'past' when of what happened:
    the tense marker nearest to the span decides ('said on Friday it will ...': past)."""
    clause = clause_around(text, start, end)
    at = clause.index("\0")
    future, past = _tense_regexes()
    best: tuple[int, str] | None = None
    for regex, name in ((past, "past"), (future, "future")):
        for m in regex.finditer(clause):
            distance = at - m.end() if m.end() <= at else m.start() - at
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _governing() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], frozenset[str], int]:
    v = _vocab()
    g = v["governing_verb"]
    future = re.compile(r"(?i:" + "|".join(re.escape(w) for w in v["future_words"] + g["scheduled_present"]) + r")")
    words = "|".join(re.escape(w) for w in v["past_words"] if w not in ("ago", "last", "earlier", "since"))
    past = re.compile(r"(?i:" + words + r")|[a-z]{2,}(?<!e)ed")
    return future, past, frozenset(g["between"]), frozenset(g["determiners"]), g["max_words"]


_WORDS = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|['’]s\b|[^\sA-Za-z]")


def governing_tense(text: str, start: int) -> str | None:
    """The tense of the verb right before a weekday at ``start`` ('was told Wednesday': past; 'will meet Monday',
    'meet Monday', 'opens Tuesday': future), skipping a few adverbs and prepositions ('met separately on Monday');
    None when no verb stands there (within ``governing_verb.max_words`` words, in the same clause)."""
    future, past, between, determiners, max_words = _governing()
    present_aux = _vocab()["governing_verb"]["present_auxiliaries"]
    words = _WORDS.findall(text, max(0, start - 60), start)
    for back in range(1, min(max_words, len(words)) + 1):
        word = words[-back]
        if not word[0].isalpha():
            return None  # punctuation closes the clause
        before = words[-back - 1] if back < len(words) else ""
        if before.lower() in determiners:
            return None  # 'the vote Monday', 'his visit Tuesday': a noun
        pair = f"{before} {word}"
        if before.lower() == "to" and future.fullmatch(word):
            # an infinitive has no tense of its own: 'plans to meet Monday' (future), 'had been due to expire Friday'
            plan = " ".join(words[max(0, len(words) - back - 2):len(words) - back])
            return "future" if future.fullmatch(plan) else None
        if future.fullmatch(word) or future.fullmatch(pair):
            two_back = words[-back - 2].lower() if back + 2 <= len(words) else ""
            if two_back in determiners and not word.endswith("s"):
                return None  # 'a final vote Monday', 'a strong start Monday': a noun after an adjective ('the
                # trial opens Tuesday': after a noun, the form in -s is the verb)
            return "future"
        if past.fullmatch(word):
            if before.lower() in present_aux:
                return None  # "is told Wednesday": a present passive, no tense to go by
            if before.lower() == "be":  # "will be told Wednesday", "to be signed Monday"
                aux = words[-back - 2] if back + 2 <= len(words) else ""
                return "future" if future.fullmatch(aux) or aux.lower() == "to" else None
            return "past"
        if word.lower() not in between:
            return None
    return None


@lru_cache(maxsize=1)
def _completed_regex() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _words(_vocab()["completed_words"]) + r"\s{1,3}\Z")


def completed_before(text: str, start: int) -> bool:
    """Whether the date at ``start`` closes a period that is over ('the year ended March 31', 'the quarter that
    closed Sept. 30'): such a year-less date lies before the dct, whatever the nearest reading."""
    return bool(_completed_regex().search(text, max(0, start - 20), start))


def year_of_month(month: int, dct: date, when: str | None) -> int:
    """The year of a year-less month in news: the one that puts the month nearest the dct ('in December' written
    in October 1989 is 1989-12, 'Jan. 2' is 1990-01-02); when even the nearest is ``TENSE_DECIDES_FROM`` or more
    months away, the sentence's tense picks the one before (past) or after (future)."""
    before = dct.year if month <= dct.month else dct.year - 1
    after = dct.year if month >= dct.month else dct.year + 1
    back = (dct.month - month) % 12
    ahead = (month - dct.month) % 12
    if back == 0:
        return dct.year
    if min(back, ahead) >= TENSE_DECIDES_FROM and when in ("past", "future"):
        return before if when == "past" else after
    return before if back < ahead else after


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _weekday_date(dct: date, weekday: int, modifier: str | None, when: str | None,
                  verb: str | None = None) -> date:
    """The date a weekday names seen from the dct: 'last Friday', 'next Friday'; a bare weekday is the dct's own
    day, else the next one when its verb speaks of the future ('will meet Monday', 'meet Monday': ``verb``, see
    ``governing_tense``), else the day before or after the dct, else the nearest one before (or after, in a
    sentence about the future)."""
    delta = weekday - dct.weekday()
    if modifier in ("next", "coming"):
        return dct + timedelta(days=delta if delta > 0 else delta + 7)
    if modifier is None:
        back, ahead = (-delta) % 7, delta % 7
        if back == 0:
            return dct
        if verb == "future" and when != "past":  # "will meet Monday", "meet Monday": the next one; not in a past
            # clause, where the verb's present form is an adjective or a noun ("stores were open Monday")
            return dct + timedelta(days=ahead)
        if min(back, ahead) == 1:
            return dct + timedelta(days=-1 if back == 1 else 1)  # the day before or after the dct, whatever the tense
        if when == "future":
            return dct + timedelta(days=ahead)
    if modifier == "this":
        return dct + timedelta(days=delta)
    if modifier in ("last", "past", "previous"):
        return dct + timedelta(days=delta if delta < 0 else delta - 7)
    return dct + timedelta(days=delta if delta <= 0 else delta - 7)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    voc = vocabulary()
    mods = _words(list(entries(v["modifiers"])))
    parts = r"(?:(?P<pp>" + _words([w for w in entries(v["part_words"]) if not w.endswith("-")]) + r")\s{1,3}|" \
        r"(?P<pph>[Mm]id-))?"
    units = _words(v["units"])
    weekdays = "|".join(w.title() for w in _WEEKDAYS)
    months = "|".join(w.title() for w in voc["month_full_names"])
    seasons = _words(list(entries(voc["seasons"])))
    tod = _words(list(v["times_of_day"]))
    numbers = _words([w for w in entries(voc["number_words"])] + ["a few", "several", "many", "some"])
    count_mods = _words(v["count_modifiers"])
    sets = _words(list(entries(v["sets"])))
    zones = "|".join(v["time_zones"])
    clock = _words(list(v["clock_words"]))
    day_words = _words(list(entries(v["day_words"])))
    patterns = {
        "unit": re.compile(rf"(?<![\w-]){parts}(?P<mod>{mods})\s{{1,3}}(?P<unit>{units}|{seasons}|(?:{weekdays})|"
                           rf"(?:{months}))(?!\w)(?:\s{{1,3}}(?P<tod>{tod})(?!\w))?"),
        "month_mod": re.compile(rf"(?<![\w-])(?P<month>{months})\s{{1,3}}(?P<mod>this|last|next)\s{{1,3}}year(?!\w)"),
        "day": re.compile(rf"(?<![\w-]){parts}(?P<word>{day_words})(?!\w)(?:\s{{1,3}}(?P<tod>{tod})(?!\w))?"),
        "this_tod": re.compile(rf"(?<![\w-])(?:[Tt]his|[Ll]ast)\s{{1,3}}(?P<tod>{tod})(?!\w)"),
        "weekday": re.compile(rf"(?<![\w-])(?P<weekday>{weekdays})(?!\w)(?:\s{{1,3}}(?P<tod>{tod})(?!\w))?"),
        "ago": re.compile(rf"(?<![\w-])(?:(?P<cmod>{count_mods})\s{{1,3}})?(?P<n>\d{{1,3}}|{numbers})[\s-]{{1,3}}"
                          rf"(?P<unit>day|week|month|year|decade)s?\s{{1,3}}ago(?!\w)"),
        "set": re.compile(rf"(?<![\w-]){sets}(?!\w)"),
        "the_weekend": re.compile(r"(?<![\w-])[Tt]he\s{1,3}weekend(?!\w)(?!\s{1,3}(?:of|before|after)\b)"),
        "set_named": re.compile(rf"(?<![\w-])(?:[Ee]very|[Ee]ach)\s{{1,3}}(?P<name>{weekdays}|{months})(?!\w)"
                                rf"(?:\s{{1,3}}(?P<tod>{tod})(?!\w))?"),
        "clock": re.compile(rf"(?<![\w.:])(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5]\d))?\s{{0,2}}"
                            rf"(?P<ampm>[ap]\.\s?m\.?|[ap]m\b)|(?P<word>{clock}))"
                            rf"(?:\s{{1,3}}(?P<zone>{zones})\b)?"
                            rf"(?:,?\s{{1,3}}(?P<wd>{weekdays}|{day_words})(?!\w))?"),
    }
    return {name: with_first_chars(pattern) for name, pattern in patterns.items()}


def _count(n: str) -> int | None:
    numbers = entries(vocabulary()["number_words"])
    n = " ".join(n.lower().split())
    if n.isdigit():
        return int(n)
    return numbers.get(n)


def _unit_value(unit: str, offset: int, dct: date) -> str | None:
    """'this/last/next week|weekend|month|year|quarter' seen from the dct."""
    if unit == "week":
        return _week(dct + timedelta(weeks=offset))
    if unit == "weekend":
        return _week(dct + timedelta(weeks=offset)) + "-WE"
    if unit == "month":
        y, m = _add_months(dct, offset)
        return f"{y:04d}-{m:02d}"
    if unit == "year":
        return f"{dct.year + offset:04d}"
    if unit == "quarter":
        index = dct.year * 4 + _quarter(dct) - 1 + offset
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    return None


def _season_value(season: str, offset: int, dct: date) -> str:
    """'this/last/next summer': last = the most recent one before the dct, next = the first after it."""
    seasons = entries(vocabulary()["seasons"])
    first, last = seasons[season]["months"]
    code = seasons[season]["timex"]
    year = dct.year
    if season == "winter":  # a winter is named by its January
        in_winter = dct.month in (12, 1, 2)
        current = dct.year + 1 if dct.month == 12 else dct.year
        if in_winter:
            year = current + offset
        else:
            year = dct.year + (1 if offset >= 0 else 0) + (1 if offset > 0 else 0) - (1 if offset > 0 else 0)
        return f"{year:04d}-{code}"
    if offset < 0 and dct.month <= last:
        year -= 1
    elif offset > 0 and dct.month >= first:
        year += 1
    return f"{year:04d}-{code}"


def named_month_year(month: int, offset: int, dct: date) -> int:
    """The year of 'last May' (the most recent May before the dct), 'next May' (the first after it), 'this May'
    (the dct's year). The month right before the dct's is 'last month', so 'last February' written in March is a
    year back; likewise 'next April' written in March is a year ahead."""
    if offset < 0:
        return dct.year if month < dct.month - 1 else dct.year - 1
    if offset > 0:
        return dct.year if month > dct.month + 1 else dct.year + 1
    return dct.year


def _month_value(month: int, offset: int, dct: date) -> str:
    """'last May', 'next May', 'this May' (``named_month_year``)."""
    return f"{named_month_year(month, offset, dct):04d}-{month:02d}"


def deictic_timexes(text: str, dct: date) -> Iterator[Timex]:
    """Deictic expressions of a news text anchored to ``dct``, left to right (overlaps are resolved by the caller)."""
    v = _vocab()
    pats = _patterns()
    mods = entries(v["modifiers"])
    tods = v["times_of_day"]
    day_words = entries(v["day_words"])
    months = {m: i + 1 for i, m in enumerate(vocabulary()["month_full_names"])}
    seasons = entries(vocabulary()["seasons"])
    for m in pats["unit"].finditer(text):
        if m.group("unit") in _TITLE_UNITS:
            continue  # "ABC's 'This Week'", "Last Week Tonight": a capitalized unit word is a title, not a date
        mod = m.group("mod").lower()
        offset = mods[mod]
        unit = " ".join(m.group("unit").lower().split())
        when = tense(text, m.start(), m.end())
        tod = m.group("tod")
        if unit in _WEEKDAYS:
            day = _weekday_date(dct, _WEEKDAYS.index(unit), mod, when)
            if tod:
                yield Timex(m.start(), m.end(), "TIME", f"{day.isoformat()}T{tods[tod.lower()]}")
            else:
                yield Timex(m.start(), m.end(), "DATE", day.isoformat())
            continue
        if tod:
            continue
        if unit in months:
            yield Timex(m.start(), m.end(), "DATE", _month_value(months[unit], offset, dct))
        elif unit in seasons:
            yield Timex(m.start(), m.end(), "DATE", _season_value(unit, offset, dct))
        else:  # "the past year" is the year before the dct's, as "last year" (TimeBank writes 1988 in 1989)
            value = _unit_value(unit, offset, dct)
            if value is not None:
                yield Timex(m.start(), m.end(), "DATE", value)
    for m in pats["month_mod"].finditer(text):
        offset = {"this": 0, "last": -1, "next": 1}[m.group("mod").lower()]
        yield Timex(m.start(), m.end(), "DATE", f"{dct.year + offset:04d}-{months[m.group('month').lower()]:02d}")
    for m in pats["day"].finditer(text):
        if in_name(text, m.start(), m.end()) or titled_day_word(text, m.start("word")):
            continue
        offset, tod = day_words[m.group("word").lower()]
        day = dct + timedelta(days=offset)
        tod = tods[m.group("tod").lower()] if m.group("tod") else tod
        if tod:
            yield Timex(m.start(), m.end(), "TIME", f"{day.isoformat()}T{tod}")
        else:
            yield Timex(m.start(), m.end(), "DATE", day.isoformat())
    for m in pats["this_tod"].finditer(text):
        tod = tods[m.group("tod").lower()]
        last = m.group(0)[0].lower() == "l"
        if last and tod != "NI":
            continue  # "last evening" is rare; "last night" is the night before
        day = dct - timedelta(days=1) if last else dct
        yield Timex(m.start(), m.end(), "TIME", f"{day.isoformat()}T{tod}")
    for m in pats["weekday"].finditer(text):
        if in_name(text, m.start(), m.end()):
            continue
        day = _weekday_date(dct, _WEEKDAYS.index(m.group("weekday").lower()), None, tense(text, m.start(), m.end()),
                            governing_tense(text, m.start()))
        if m.group("tod"):
            yield Timex(m.start(), m.end(), "TIME", f"{day.isoformat()}T{tods[m.group('tod').lower()]}")
        else:
            yield Timex(m.start(), m.end(), "DATE", day.isoformat())
    for m in pats["the_weekend"].finditer(text):
        yield Timex(m.start(), m.end(), "DATE", _weekend(dct, tense(text, m.start(), m.end())))
    yield from _ago(text, dct)


def _weekend(dct: date, when: str | None) -> str:
    """'over the weekend': the weekend the dct is in, else the one before it, or the one after it in a sentence
    about the future ('ahead of the weekend' in a story about what will happen)."""
    if dct.weekday() >= 5:
        return _week(dct) + "-WE"
    saturday = dct + timedelta(days=5 - dct.weekday())
    return _week(saturday if when == "future" else saturday - timedelta(weeks=1)) + "-WE"


def quarter_anaphora(text: str, quarters: list[tuple[int, str]], dct: date | None = None) -> Iterator[Timex]:
    """News: 'the quarter', 'the year-ago quarter', 'a year earlier' name the quarter last mentioned before them
    (``quarters``: (offset, 'YYYY-Qn') of the quarters already tagged), or a year before it. 'The latest quarter'
    (or period) is one that has been reported, so it is over: the last one named if it ended before the dct's
    quarter, else (none named, or the one named is still running or ahead) the quarter before the dct's."""
    table = entries(_vocab()["quarter_anaphora"])
    regex = _anaphora_regex()
    starts = [at for at, _ in quarters]
    spans = [m.end() for m in _MONTHS_PERIOD.finditer(text)]
    completed = None
    if dct is not None:
        index = dct.year * 4 + _quarter(dct) - 2
        completed = f"{index // 4:04d}-Q{index % 4 + 1}"
    for m in regex.finditer(text):
        i = bisect_left(starts, m.start())
        phrase = " ".join(m.group(0).lower().split())
        named = quarters[i - 1][1] if i else None
        if completed is not None and phrase.split()[1:2] == ["latest"] and (named is None or named > completed):
            yield Timex(m.start(), m.end(), "DATE", completed)
            continue
        if named is None:
            continue
        year, q = named.split("-Q")
        offset = table[phrase]
        j = bisect_left(spans, m.start())
        if offset and "quarter" not in phrase and "period" not in phrase and j and spans[j - 1] > starts[i - 1]:
            # "the first nine months ... a year earlier": the months are nearer than the quarter, the year is meant
            yield Timex(m.start(), m.end(), "DATE", f"{int(year) + offset:04d}")
            continue
        yield Timex(m.start(), m.end(), "DATE", f"{int(year) + offset:04d}-Q{q}")


@lru_cache(maxsize=1)
def _anaphora_regex() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _words(list(entries(_vocab()["quarter_anaphora"]))) + r"(?![\w-])")


_MONTHS_PERIOD = re.compile(r"(?<![\w-])(?:[Tt]he\s{1,3})?(?:first|latest|past)\s{1,3}(?:six|nine)\s{1,3}months(?!\w)")
_THE_BEFORE = re.compile(r"\b[Tt]he\s{1,3}\Z")
_CAPITALIZED_NEXT = re.compile(r"\s{1,3}[A-Z][a-z]")


def in_name(text: str, start: int, end: int) -> bool:
    """'the Friday Club', 'the Today show': a day word after 'the' and before a capitalized word is a name."""
    return bool(_THE_BEFORE.search(text, max(0, start - 8), start)) and bool(_CAPITALIZED_NEXT.match(text, end))


_CAPITALIZED_WORD_BEFORE = re.compile(r"(?<![.!?:;\"“])\b[A-Z][\w'’&-]{0,30}\s{1,2}\Z")


def titled_day_word(text: str, start: int) -> bool:
    """'USA Today', 'VOA Today': a capitalized 'Today'/'Tonight' right after a capitalized word (no punctuation
    between) ends a name, a newspaper or a programme, not the dct."""
    return text[start:start + 1].isupper() and bool(_CAPITALIZED_WORD_BEFORE.search(text, max(0, start - 40), start))


def _ago(text: str, dct: date | None) -> Iterator[Timex]:
    """'two years ago' (a DATE counted back from the dct); 'several years ago' is PAST_REF."""
    for m in _patterns()["ago"].finditer(text):
        n = _count(m.group("n"))
        unit = m.group("unit").lower()
        if n is None:
            yield Timex(m.start(), m.end(), "DATE", "PAST_REF")
            continue
        if dct is None:
            continue
        if unit == "day":
            value = (dct - timedelta(days=n)).isoformat()
        elif unit == "week":
            value = _week(dct - timedelta(weeks=n))
        elif unit == "month":
            y, mo = _add_months(dct, -n)
            value = f"{y:04d}-{mo:02d}"
        elif unit == "year":
            value = f"{dct.year - n:04d}"
        else:
            value = f"{(dct.year - 10 * n) // 10:03d}"
        yield Timex(m.start(), m.end(), "DATE", value)


def set_timexes(text: str) -> Iterator[Timex]:
    """'every year' (P1Y), 'daily' (P1D), 'per month' (P1M), 'every Thursday' (XXXX-WXX-4), 'each July' (XXXX-07):
    TIMEX3 SETs, in any domain."""
    table = entries(_vocab()["sets"])
    for m in _patterns()["set"].finditer(text):
        value = table.get(" ".join(m.group(0).lower().split()))
        if value:
            yield Timex(m.start(), m.end(), "SET", value)
    if not could_match(_patterns()["set_named"], text):
        return  # no "every" or "each": most texts need no search
    months = {name: i + 1 for i, name in enumerate(vocabulary()["month_full_names"])}
    tods = _vocab()["times_of_day"]
    for m in _patterns()["set_named"].finditer(text):
        name = m.group("name").lower()
        if name in _WEEKDAYS:  # "every Thursday" (XXXX-WXX-4), "each Monday night" (XXXX-WXX-1TNI)
            tod = f"T{tods[m.group('tod').lower()]}" if m.group("tod") else ""
            yield Timex(m.start(), m.end(), "SET", f"XXXX-WXX-{_WEEKDAYS.index(name) + 1}{tod}")
        elif not m.group("tod"):  # "each July" (XXXX-07)
            yield Timex(m.start(), m.end(), "SET", f"XXXX-{months[name]:02d}")


def time_timexes(text: str, dct: date | None) -> Iterator[Timex]:
    """'3 p.m. Friday', '10:35 a.m.', 'noon Thursday': TIMEX3 TIMEs; the day comes from the words after the clock
    time, else the dct (news), else it stays unknown (XXXX-XX-XX)."""
    v = _vocab()
    day_words = entries(v["day_words"])
    for m in _patterns()["clock"].finditer(text):
        if m.group("word"):
            clock = v["clock_words"][m.group("word").lower()]
            if not m.group("wd"):
                continue  # "noon" alone is too often no time expression of its own
        else:
            hour = int(m.group("h")) % 12 + (12 if m.group("ampm").lower().startswith("p") else 0)
            clock = f"{hour:02d}:{m.group('min') or '00'}"
        day = "XXXX-XX-XX"
        wd = (m.group("wd") or "").lower()
        if dct is not None:
            if wd in _WEEKDAYS:
                day = _weekday_date(dct, _WEEKDAYS.index(wd), None, tense(text, m.start(), m.end())).isoformat()
            elif wd in day_words:
                day = (dct + timedelta(days=day_words[wd][0])).isoformat()
            else:
                day = dct.isoformat()
        yield Timex(m.start(), m.end(), "TIME", f"{day}T{clock}")

"""The date grammar: regex patterns compiled from data (patterns.json + vocabulary.json), scanned over text.

A scan returns non-overlapping candidates (longest leftmost wins), each with its named fields
(d, m, y, era, season, ...). Every repetition in the patterns is bounded and contexts are read from
bounded windows, so a scan is linear in the input length.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.dates.regex_facts import (
    max_width,
    needed_strings,
    right_reach,
    starts_in_common_text,
    starts_with_digit,
    with_first_chars,
)
from pipeline.dates.vocabulary import (
    alternation,
    entries,
    fast_alternation,
    first_letter_any_case,
    load,
    vocabulary,
)
from pipeline.resources import load_json

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_WORD_AFTER = re.compile(r"^\s{0,3}([^\W\d_]+|[%°$£€×])")
_NEXT_CAPITALIZED = re.compile(r"\s{1,3}([A-Z][\w'’-]*)")
_INITIAL_BEFORE = re.compile(r"\b[A-Z]\.\s{1,3}\Z")
_COMMA_BEFORE_YEAR = re.compile(r",\s{0,3}\Z")
_LOWER_WORD_AFTER_NUMBER = re.compile(r"\s{1,3}([a-z]+)")
_TWO_WORDS_AFTER = re.compile(r"^\s{0,3}[a-z]+\s{1,3}([^\W\d_]+)")
_MODIFIED_NOUN_AFTER = re.compile(r"^\s{0,3}[a-z]{2,}ly\s{1,3}[a-z]+\s{1,3}([^\W\d_]+)")
"""An adverb in -ly, a modifier, then the noun: '1500 heavily armed men', '300 newly built houses'."""
_WATER_SPRING_AFTER = re.compile(r"\s{1,3}(?:(?:of|at|near)\s{1,3}(?:the\s{1,3})?[A-Z]|(?:which|whose)\b)")
_HYPHEN_WORD_AFTER = re.compile(r"^[-‐‑]([a-z]+)(?:-([a-z]+))?(?![\w-])")
_PREFIX_HYPHEN = re.compile(r"(?:^|\W)(?:pre|post|mid|early|late|c|ca|circa)-\Z", re.IGNORECASE)
_SPAN_ON = re.compile(r"\s{0,3}(?:[-–—]|to\b|and\b|until\b)\s{0,3}\d{1,4}(?!\d)")
_ERA_RANGE_MAX = 1000
"""The longest span "AD 300–500" may have: both numbers are full years after the era, the second the later."""
_POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")
_LOWER_WORD_NEXT = re.compile(r"[ \t\u00a0]{1,3}[a-z]")
_CAPITALIZED_BEFORE = re.compile(r"(?<![.!?:;]\s)(?<![.!?:;])\b([A-Z][\w'’-]*)(,?)[ \t\u00a0]{1,3}\Z")


@dataclass
class Candidate:
    """A pattern match: span, pattern name, named fields, and the spans of range parts a/b."""

    start: int
    end: int
    name: str
    fields: dict[str, str]
    priority: int
    parts: list[tuple[int, int]] = field(default_factory=list)


@lru_cache(maxsize=2)
def _placeholders(mode: str) -> dict[str, str]:
    voc = vocabulary()
    months = entries(voc["months"])
    full = voc["month_full_names"]
    abbrev = [m for m in months if m not in full]
    full_alt = "|".join(sorted({w.title() for w in full} | {w.upper() for w in full}, key=lambda w: (-len(w), w)))
    abbr_alt = "|".join(sorted({w.title() for w in abbrev} | {w.upper() for w in abbrev}, key=lambda w: (-len(w), w)))
    month_full = rf"(?<!\w)(?:{full_alt})(?!\w)"
    month = rf"(?<!\w)(?:(?:{full_alt})(?!\w)|(?:{abbr_alt})(?!\w)\.?)"
    weekdays = "|".join(sorted({w.title() for w in voc["weekdays"]} | {w.upper() for w in voc["weekdays"]}))
    eras = voc["eras"]
    era_words = eras["bc"] + eras["ad"] + (eras["bc_value_only"] if mode == "value" else [])
    pp_words = list(entries(voc["part_of_period"]))
    pp_parts = []
    for word in sorted(pp_words, key=lambda w: (-len(w), w)):
        regex = first_letter_any_case(word)
        pp_parts.append(regex if word.endswith("-") else regex + r"(?:-|\s{1,3})")
    relative_words = [w for group in entries(voc["relative"]).values() for w in group]
    return {
        "S": r"\s{1,3}",
        "S0": r"\s{0,3}",
        "DASH": r"[-–—‐‑]{1,2}",
        "DAY": r"(?<![\w.,/])(?:0?[1-9]|[12]\d|3[01])(?!\d)",
        "ORD": r"(?:st|nd|rd|th)?",
        "MONTH": month,
        "MONTHFULL": month_full,
        "YEAR4": r"(?<!\d)(?:1\d{3}|20\d{2}|2100)(?!\d)",
        "YEAR": r"(?<!\d)\d{2,4}(?!\d)",
        "ERA": "(?:" + "|".join(re.escape(e) for e in sorted(era_words, key=lambda w: (-len(w), w))) + r")(?![\w])",
        "ERA_BEFORE": "(?:" + "|".join(re.escape(e) for e in eras["ad_before_year"]) + ")",
        "WEEKDAY": rf"(?:{weekdays})",
        "PP": "(?:" + "|".join(pp_parts) + ")",
        "SEASON": alternation(list(entries(voc["seasons"]))),
        "ORDWORD": fast_alternation(list(entries(voc["ordinal_words"]))),
        "DECADEWORD": alternation(list(entries(voc["decade_words"]))),
        **{f"YW_{part.upper()}": "|".join(sorted(entries(voc["year_words"][part]), key=lambda w: (-len(w), w)))
           for part in ("hundreds", "tens", "teens", "units")},
        "CIRCA": "(?:" + "|".join(re.escape(c) for c in ("circa", "Circa", "ca.", "Ca.", "c.", "C.")) + ")",
        "RELATIVE": fast_alternation(relative_words),
        "COUNTED_FROM": alternation([w for group in entries(voc["relative_counted_from"]).values() for w in group],
                                    any_case_first=False),
        "NUMWORD": alternation([w for w in entries(voc["number_words"]) if w not in ("a", "an")]),
        "THE": alternation(voc["determiners_before_date"]),
        "HOLIDAY": "(?:" + "|".join(re.escape(h) for h in sorted(
            [*entries(voc["holidays"]), *entries(voc["floating_holidays"])], key=lambda h: (-len(h), h)))
        + ")",
    }


def _expand(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


_PREFIX_ORDER = ("weekday", "number", "pp", "circa", "the")


def _prefix_regex(prefixes: list[str], values: dict[str, str]) -> re.Pattern[str] | None:
    """Words a match may extend over to its left, outermost first, anchored at the match start."""
    if not prefixes:
        return None
    groups = {
        "weekday": r"(?:(?P<weekday>{WEEKDAY}),?\s{1,3})?",
        "number": r"(?:(?P<n>\d{1,2}|{NUMWORD}|[Aa]n?)\s{1,3})?",
        "pp": r"(?P<pp>{PP})?",
        "circa": r"(?:(?P<circa>{CIRCA})\s{0,3})?",
        "the": r"(?:(?P<the>{THE})\s{1,3})?",
    }
    body = "".join(groups[name] for name in _PREFIX_ORDER if name in prefixes)
    return re.compile(r"(?<![\w.])" + _expand(body, values) + r"\Z")


@lru_cache(maxsize=2)
def compiled(mode: str) -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None, str | None, frozenset[str]]]:
    """The patterns of ``mode`` ('prose' or 'value'), compiled, in priority order, with their prefix regex."""
    values = _placeholders(mode)
    out = []
    for spec in load("patterns")["patterns"]:
        if mode in spec["modes"]:
            out.append((spec["name"], with_first_chars(re.compile(_expand(spec["regex"], values))),
                        _prefix_regex(spec.get("prefixes", []), values), spec.get("requires"),
                        frozenset(spec.get("needs", []))))
    return out


_MAX_GATE_STRINGS = 12  # testing more substrings than this costs about as much as the pattern's own search


@lru_cache(maxsize=2)
def _text_gates(mode: str) -> list[tuple[str, ...] | None]:
    """Per pattern of ``compiled(mode)``: strings one of which every match contains (``needed_strings``), when
    there are few enough to test before the search; a text holding none of them is not searched.

    ``scan`` tests the same strings once per text for all the patterns that share them (``_gate_slots``), so a
    gate shared by k patterns may hold k times as many: the capitalized month names (24 strings, 7 patterns)
    spare the month patterns the texts whose only 'month' is in 'market', 'decided' or 'may'."""
    needed = [needed_strings(pattern) for _name, pattern, *_rest in compiled(mode)]
    reduced = [_without_containers(strings) if strings is not None else None for strings in needed]
    sharers = Counter(strings for strings in reduced if strings is not None)
    return [strings if strings is not None and len(strings) <= _MAX_GATE_STRINGS * sharers[strings] else None
            for strings in reduced]


@lru_cache(maxsize=2)
def _gate_slots(mode: str) -> tuple[list[int], int]:
    """Per pattern of ``compiled(mode)``: the index of its gate among the distinct gates of ``_text_gates`` (-1 for
    none), and how many distinct gates there are: ``scan`` keeps one answer per distinct gate and text."""
    slots: dict[tuple[str, ...], int] = {}
    out = [-1 if strings is None else slots.setdefault(strings, len(slots)) for strings in _text_gates(mode)]
    return out, len(slots)


def _without_containers(strings: tuple[str, ...]) -> tuple[str, ...]:
    """``strings`` less those that contain another of them: a text holding 'B.C.E.' holds 'B.C', so testing the
    shorter one answers for both ('AD', 'BC', 'CE', 'A.D', 'B.C', 'C.E.', 'B. C.' for the eleven era strings)."""
    return tuple(s for s in strings if not any(other != s and other in s for other in strings))


@lru_cache(maxsize=2)
def _digit_reaches(mode: str) -> list[int | None]:
    """Per pattern of ``compiled(mode)``: for one whose every match starts with a digit, how far after a match's start
    the engine reads (``right_reach``); else None. Such a pattern is searched only from the text's first digit to
    that far after its last (``scan``)."""
    return [right_reach(pattern) if starts_with_digit(pattern) else None for _name, pattern, *_rest in compiled(mode)]


_MAX_WINDOW_STRINGS = 24


@lru_cache(maxsize=2)
def _string_windows(mode: str) -> list[tuple[tuple[str, ...], int, int | None] | None]:
    """Per pattern of ``compiled(mode)`` not searched by its digits: (the strings one of which every match consumes,
    the most a match consumes, ``right_reach``) when there are few such strings; else None. A match starts at most
    that width before the first occurrence of one of them and at the latest at the last (``scan``)."""
    out: list[tuple[tuple[str, ...], int, int | None] | None] = []
    for (_name, pattern, *_rest), digit_reach in zip(compiled(mode), _digit_reaches(mode), strict=True):
        strings = needed_strings(pattern)
        if strings is not None:  # a match that consumes "later" consumes "ater": the shorter string suffices
            strings = _without_containers(strings)
        width = max_width(pattern)
        usable = digit_reach is None and strings is not None and len(strings) <= _MAX_WINDOW_STRINGS \
            and starts_in_common_text(pattern)  # the months, 'AD 300': their start sets already skip most of prose
        out.append((strings, width, right_reach(pattern)) if usable and strings and width is not None else None)
    return out


_ASCII_DIGITS = "0123456789"


def _digit_span(text: str) -> tuple[int, int]:
    """(the offset of the first digit of ``text``, one past the last), or (len, len) without one; for a text that is
    not ASCII the end is the text's end (other scripts' digits are digits too)."""
    first = _DIGIT.search(text)
    if first is None:
        return len(text), len(text)
    return first.start(), max(map(text.rfind, _ASCII_DIGITS)) + 1 if text.isascii() else len(text)


@lru_cache(maxsize=1)
def _feature_words() -> dict[str, tuple[str, ...]]:
    """Lowercase substrings whose presence makes a family of patterns possible (a gate, so false alarms are fine)."""
    voc = vocabulary()
    return {
        "month": tuple(sorted({m[:3] for m in entries(voc["months"])})),
        "season": tuple(entries(voc["seasons"])),
        "century": ("centur",),
        "millennium": ("millenni",),
        "quarter": ("quarter", "q1", "q2", "q3", "q4"),
        "decade_word": tuple(entries(voc["decade_words"])),
        "year_words": ("teen ", "teen-", "thousand"),
        # every relative phrase names its unit or a part of the day
        "relative": ("day", "month", "year", "decade", "morning", "afternoon", "evening", "night", "hour", "minute"),
        "relative_count": ("later", "earlier", "previously", "afterwards"),
        "holiday": tuple(sorted({h.lower() for h in [*entries(voc["holidays"]), *entries(voc["floating_holidays"])]})),
    }


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _all_feature_words() -> tuple[str, ...]:
    """The words of every family of ``_feature_words``: one of them (or a digit) is in any text with a feature."""
    return tuple(w for words in _feature_words().values() for w in words)


def _cover(words: tuple[str, ...]) -> tuple[str, ...]:
    """Few strings one of which each of ``words`` contains (greedily: the substring of three or more characters
    that most of the words left hold, the longest of those): 'day', 'christmas', ... for the holidays."""
    left = list(words)
    keys: list[str] = []
    while left:
        counts = Counter(sub for word in left for sub in {word[i:j] for i in range(len(word))
                                                          for j in range(i + min(3, len(word)), len(word) + 1)})
        key = max(sorted(counts), key=lambda k: (counts[k], len(k)))
        keys.append(key)
        left = [word for word in left if key not in word]
    return tuple(keys)


@lru_cache(maxsize=1)
def _feature_plan() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Per family of ``_feature_words``: (name, words, a cover of the words when it is much shorter, else ())."""
    plan = []
    for name, words in _feature_words().items():
        keys = _cover(words)
        plan.append((name, words, keys if len(keys) * 2 <= len(words) else ()))
    return tuple(plan)


def features(text: str) -> frozenset[str]:
    """Cheap facts about ``text`` (a digit, a month name, ...) that decide which patterns can match at all.

    Plain substring tests on the lowercased text, iterated in C (``map``; no Python frame per word): this runs on
    every sentence. A family with a short cover (``_feature_plan``) tests its words only where one of the cover's
    strings occurs: one of them is in each word, so the answer is the same.
    """
    has = text.lower().__contains__
    found = {name for name, words, keys in _feature_plan()
             if (not keys or any(map(has, keys))) and any(map(has, words))}
    if _DIGIT.search(text) is not None:
        found.add("digit")
    return frozenset(found)


def may_contain_date(text: str) -> bool:
    """Cheap check run before the grammar: a digit, a month, a season, 'century' or a relative phrase
    (``features`` is not empty; stops at the first hit)."""
    return _DIGIT.search(text) is not None or any(map(text.lower().__contains__, _all_feature_words()))


@lru_cache(maxsize=1)
def _context() -> dict[str, frozenset[str]]:
    voc = vocabulary()
    ctx = voc["year_context"]
    quantities = load_json("quantities.json")  # one list with the event filter: '2000 people', 'No. 1995'
    return {
        "month_context": frozenset(voc["month_context"]["words"]),
        "allowed_cap": frozenset(ctx["allowed_capitalized_before"])
        | frozenset(voc["month_full_names"]) | frozenset(entries(voc["months"])) | frozenset(voc["weekdays"]),
        "name_comma": frozenset(ctx["name_before_comma"]),
        "demonyms": frozenset(ctx["demonyms_before_year"]) | frozenset(ctx["possessive_determiners_before_year"]),
        "blocked_before": frozenset(w.lower() for key in ("identifier_labels_before", "quantity_words_before",
                                                          "currency_before") for w in quantities[key]),
        "count_nouns": frozenset(quantities["count_nouns_after"])
        | frozenset(w for w, after in quantities["count_heads"].items() if after),
        "count_heads": frozenset(quantities["count_heads"]),
        "count_links": frozenset(quantities["count_links_before"]),
        "season_names_not": frozenset(w.lower() for w in voc["season_context"]["name_words_after"]),
        "day_ref_before": frozenset(voc["day_reference"]["before"]),
        "day_ref_not_after": frozenset(voc["day_reference"]["not_after"]),
        "short_year_words": frozenset(voc["short_year_context"]["words"]),
        "two_digit_year_words": frozenset(voc["short_year_context"]["two_digit_words"]),
        "circa_words": frozenset(voc["short_year_context"]["circa_words"]),
        "name_parenthesis_words": frozenset(voc["short_year_context"]["name_parenthesis_before"]),
        "function_words": frozenset(quantities["count_function_words"]),
        "ambiguous_months": frozenset(voc["month_context"]["ambiguous_months"]),
        "floating_holidays": frozenset(entries(voc["floating_holidays"])),
        "name_months": frozenset(voc["month_context"]["given_name_months"]),
        "year_prepositions": frozenset(["in", "by", "until", "till", "since", "from", "during", "of", "after",
                                        "before", "between", "to", "through", "throughout",
                                        "early", "late", "mid", "around", "circa", "c.", "ca.", "("]),
    }


_ARTICLES = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your"})
_TOKEN_CHARS = frozenset("._'’-")


def clause_opens_after(text: str, end: int) -> bool:
    """No lower-case word follows a short number, or one that opens a clause ('he', 'the', 'and' ...: the date
    vocabulary's ``two_digit_lower_after``), so the number is no count of it: "In 48 he defeated", "erected in 983;"
    (not "in 12 battles", "in 108 congregations")."""
    m = _LOWER_WORD_AFTER_NUMBER.match(text, end, end + 40)
    return m is None or m.group(1) in _clause_openers()


@lru_cache(maxsize=1)
def _clause_openers() -> frozenset[str]:
    return frozenset(vocabulary()["short_year_context"]["two_digit_lower_after"])


def word_before(text: str, start: int) -> str:
    """The token just before ``start`` (a word, a number or one punctuation mark), lowercased; '' at the start.

    Plain string scanning (no regex search over a window): it runs for every candidate match.
    """
    window = text[max(0, start - 40):start]
    stripped = window.rstrip()
    if not stripped or len(window) - len(stripped) > 3:
        return ""
    k = len(stripped)
    while k > 0 and (stripped[k - 1].isalnum() or stripped[k - 1] in _TOKEN_CHARS):
        k -= 1
    token = stripped[k:].lstrip("._'’-")
    return token.lower() if token else stripped[-1]


def last_word_set(phrases: list[str]) -> frozenset[str]:
    """The lowercase last words of ``phrases`` as ``word_before`` reports them (with and without a hyphen)."""
    out: set[str] = set()
    for phrase in phrases:
        last = phrase.lower().split()[-1] if phrase.split() else ""
        out.update({last, last.rstrip("-"), last.rstrip("-") + "-"})
    return frozenset(w for w in out if w)


@lru_cache(maxsize=1)
def _prefix_gate() -> frozenset[str]:
    """Words a prefix (weekday, part of period, determiner, circa, count) can end with, to skip hopeless searches."""
    voc = vocabulary()
    words = list(entries(voc["part_of_period"])) + voc["determiners_before_date"] + voc["weekdays"]
    words += [*entries(voc["number_words"]), "c.", "ca.", "circa", ","]
    return last_word_set(words)


def word_after(text: str, end: int) -> str:
    """The word (or unit sign) just after ``end``, lowercased; '' when none."""
    m = _WORD_AFTER.match(text[end:end + 40])
    return m.group(1).lower() if m else ""


def _counts_follow(text: str, end: int, ctx: dict[str, frozenset[str]]) -> bool:
    """'2000 people', '1666 new cases': a count noun right after the number or after one more word (two when the first
    is an adverb in -ly: '1500 heavily armed men'); or joined to it
    by a hyphen in the singular, as a compound adjective ('the 1000-franc note', 'a 1500-seat arena')."""
    if word_after(text, end) in ctx["count_nouns"]:
        return True
    if (m := _HYPHEN_WORD_AFTER.match(text[end:end + 30])) is not None:
        word = m.group(1)
        nouns = ctx["count_nouns"] - ctx["function_words"]
        return (word in nouns or word + "s" in nouns or word + "es" in nouns
                or (word.endswith("man") and word[:-3] + "men" in nouns)  # 'a 1200-man army' (not '2005 Man Booker')
                or f"{word}-{m.group(2)}" in nouns)  # 'a 1000-year-old tree'

    nouns = ctx["count_nouns"] - ctx["function_words"]
    m = _TWO_WORDS_AFTER.match(text[end:end + 60])
    if m is not None and m.group(1).lower() in nouns:
        return True
    m = _MODIFIED_NOUN_AFTER.match(text[end:end + 80])
    return m is not None and m.group(1).lower() in nouns


def _bare_year_ok(text: str, start: int, end: int, ctx: dict[str, frozenset[str]],
                  allow_capitalized: bool = False) -> bool:
    """A year standing alone (no month, no era): reject identifiers, quantities, prices, page numbers."""
    before_char = text[start - 1] if start else ""
    if before_char and before_char in "$£€¥#/.,":
        return False
    if before_char and before_char in "-‐‑–—" and not _PREFIX_HYPHEN.search(text[max(0, start - 8):start]):
        return False
    prev = word_before(text, start)
    if prev in ctx["blocked_before"] or prev.rstrip(".") in ctx["blocked_before"]:
        return False
    cap = _CAPITALIZED_BEFORE.search(text, max(0, start - 40), start)
    if cap and not allow_capitalized:
        word = cap.group(1).lower()
        if cap.group(2) and word in ctx["name_comma"]:
            return False
        if not cap.group(2) and word not in ctx["allowed_cap"] and not (
                (word.endswith(_POSSESSIVE_ENDS) or word in ctx["demonyms"]) and _LOWER_WORD_NEXT.match(text, end)):
            # "Windows 2000", "Kopp's 1987 Chevrolet" (a model's year); not "Braubach's 2010 documentary", "the
            # Italian 1976 edition"
            return False
    if _count_phrase_before(text, start, prev, ctx):
        return False
    return not (_counts_follow(text, end, ctx) and prev not in ctx["year_prepositions"])


def _count_phrase_before(text: str, start: int, prev: str, ctx: dict[str, frozenset[str]]) -> bool:
    """'the number of confirmed cases rose to 1572', 'attendance was 1850': a link word right before the number and
    a count head (``quantities.json``, shared with the event filter) up to eight words before it."""
    if prev not in ctx["count_links"] or prev in ctx["year_prepositions"]:
        return False  # "fell from 1830 to 1872", "the death toll of the war of 1945": the event filter decides
    window = text[max(0, start - 80):start].split()[-9:-1]
    return any(w.strip(",.;:()").lower() in ctx["count_heads"] for w in window)


def _range_years_ok(f: dict[str, str]) -> bool:
    first, second = int(f["a_y"]), f["b_y"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if len(second) == 2 and last < first:
        last += 100
    return first < last <= first + 100 if len(second) == 2 else first < last


@lru_cache(maxsize=1)
def _name_parenthesis_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What may stand between '(' and a date that is the whole content of its parenthesis ('(c. 311 – 383)',
    '(born c. 311)'), with and without a capitalized word right before the '(' ('Wulfila (…)')."""
    ctx = vocabulary()["short_year_context"]
    words = "|".join(re.escape(w) for w in sorted(ctx["name_parenthesis_before"], key=lambda w: (-len(w), w)))
    circa = "|".join(re.escape(w) for w in sorted(ctx["circa_words"], key=lambda w: (-len(w), w)))
    inside = rf"\(\s{{0,3}}(?:(?:{words})\s{{1,3}})?(?:(?:{circa})\s{{0,3}})?\Z"
    return re.compile(inside), re.compile(r"[A-Z][\w'’.-]*\s{0,3}" + inside)


@lru_cache(maxsize=1)
def _born_died_before() -> re.Pattern[str]:
    """A birth, death or reign word of ``name_parenthesis_before`` ('born', 'died', 'reigned'; written out, not
    'b.'/'d.'), then perhaps 'in', 'around', 'about' or a circa word, right before a number."""
    ctx = vocabulary()["short_year_context"]
    words = "|".join(re.escape(w) for w in sorted(ctx["name_parenthesis_before"], key=lambda w: (-len(w), w))
                     if w.isalpha())
    circa = "|".join(re.escape(w) for w in sorted(ctx["circa_words"], key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])(?:{words})\s{{1,3}}(?:(?:in|around|about)\s{{1,3}}|(?:{circa})\s{{0,3}})?\Z")


def born_or_died_before(text: str, start: int) -> bool:
    """Whether 'born'/'died' (and 'in', 'around', 'about' or a circa) stands right before ``start``: the number
    after it is a year ('was born around 990', 'died in 880')."""
    return _born_died_before().search(text, max(0, start - 24), start) is not None


def in_parenthesis(text: str, start: int, end: int, *, after_name: bool = False) -> bool:
    """Whether the date at [start, end) is the whole content of a parenthesis ('(454–526)', '(c. 311 – 383)',
    '(born c. 311)'); with ``after_name``, one right after a capitalized word ('Theodoric the Great (454–526)':
    a life span or a reign)."""
    if not re.match(r"\s{0,3}\)", text[end:end + 4]):
        return False
    regex = _name_parenthesis_regexes()[1 if after_name else 0]
    return regex.search(text, max(0, start - 60), start) is not None


@lru_cache(maxsize=1)
def _month_after_regex() -> re.Pattern[str]:
    return re.compile(r"\s{1,3}" + _placeholders("prose")["MONTH"])  # the grammar's own month names


def _month_word_after(text: str, end: int) -> bool:
    """Whether a month name follows ``end`` ('12 November': the number before it is a day)."""
    return _month_after_regex().match(text, end, min(len(text), end + 16)) is not None


def _short_range_ok(text: str, cand: Candidate, ctx: dict[str, frozenset[str]]) -> bool:
    """'(454–526)', '(c. 311 – 383)', 'from 493 to 526', 'between 103 and 105', 'in 103–105': two years of one to
    three digits (the second up to four); the narrative decides whether they are years (``_anchor``). Not a count,
    score, age or page range: 'from 100 to 200 people', 'Ages 12–18', 'pp. 454–526', 'won 53–117', '(10–12)'."""
    f = cand.fields
    first, second = int(f["a_y"]), int(f["b_y"])
    if first == second or (len(f["b_y"]) == 4 and (second < first or second > 2100)):
        return False
    if len(f["a_y"]) == len(f["b_y"]) == 2:
        return False  # "In 48-49 he fought", "(10–12)": two two-digit numbers are a score or a count, not years
    (_, a_end), (b_start, _) = cand.parts
    joiner = text[a_end:b_start].strip()
    prev = word_before(text, cand.start)
    if prev in ctx["blocked_before"] or prev.rstrip(".") in ctx["blocked_before"]:
        return False
    if _counts_follow(text, cand.end, ctx):
        return False
    if _month_word_after(text, cand.end):
        return False  # "(c. 990 – 12 November 1035)": the second number is the day of the end date
    joiners = vocabulary()["short_year_context"]["span_joiners"]
    if joiner in joiners:  # "from 493 to 526", "between 103 and 105"
        return prev == joiners[joiner]
    return prev in ctx["short_year_words"] or in_parenthesis(text, cand.start, cand.end)


def _month_alone_ok(text: str, cand: Candidate, ctx: dict[str, frozenset[str]]) -> bool:
    """'in March', 'September saw', 'the February Revolution' yes; 'the Long March', 'Theresa May' no."""
    prev = word_before(text, cand.start)
    determiner = " ".join(cand.fields.get("the", "").lower().split())
    if prev in ctx["month_context"] or cand.fields.get("that") or determiner not in ("", "the"):
        return not (cand.fields["m"].lower() == "may" and prev in ("i", "you", "we", "they", "it", "he", "she"))
    month = cand.fields["m"].lower()
    if month in ctx["ambiguous_months"]:
        return False
    if month in ctx["name_months"]:
        after = text[cand.end:cand.end + 4]
        return not re.match(r"\s{1,3}[A-Z]", after)
    return True


def _season_alone_ok(text: str, cand: Candidate, ctx: dict[str, frozenset[str]]) -> bool:
    """'the Spring Offensive', 'winter quarters' yes; 'the Winter Olympics', 'Charles E. Winter', 'every winter' no;
    nor a spring of water: 'the spring of Mount Ida', 'the spring at Delphi', 'the spring which emitted vapors'."""
    if cand.fields.get("season", "").lower() == "spring" and _WATER_SPRING_AFTER.match(text, cand.end):
        return False
    after = _NEXT_CAPITALIZED.match(text, cand.end, min(len(text), cand.end + 40))
    if after and after.group(1).lower() in ctx["season_names_not"]:
        return False
    if _INITIAL_BEFORE.search(text, max(0, cand.start - 10), cand.start):
        return False
    return word_before(text, cand.start) not in ("every", "each")


def _day_ref_ok(text: str, cand: Candidate, ctx: dict[str, frozenset[str]]) -> bool:
    """'on the 20th, the Germans ...' yes; 'the 20th Division', 'the 4th floor', 'the 19th century' no."""
    if " ".join(cand.fields.get("the", "").lower().split()) != "the":
        return False
    if word_before(text, cand.start) not in ctx["day_ref_before"]:
        return False
    following = text[cand.end:cand.end + 20]
    if re.match(r"\s{0,3}[,.;:)]", following):
        return True
    return word_after(text, cand.end) not in ctx["day_ref_not_after"] and not re.match(r"\s{1,3}[A-Z]", following)


def _valid(text: str, cand: Candidate, ctx: dict[str, frozenset[str]], mode: str) -> bool:
    f = cand.fields
    short_year = len(f.get("y", f.get("b_y", "0000"))) == 2 and not f.get("era") and not f.get("b_era")
    if mode == "prose" and short_year and cand.name not in ("range_years", "era_year", "year_era", "short_year",
                                                            "short_range"):
        return False  # "5 May 45" is a year only in a short infobox value
    if cand.name == "range_years" and not _range_years_ok(f):
        return False
    if cand.name == "range_years_era" and len(f["a_y"]) < len(f["b_y"]) and f["b_era"].startswith("B"):
        return False
    if cand.name == "range_era_years" and not int(f["a_y"]) < int(f["b_y"]) <= int(f["a_y"]) + _ERA_RANGE_MAX:
        return False  # "AD 300–500"; not "AD 300-2" (a page, a score), nor "AD 1990–91" (a short end)
    if cand.start and text[cand.start - 1].isalnum() and cand.name not in ("numeric_dmy", "slash_ymd"):
        return False
    name = cand.name
    if name == "range_years":
        return _bare_year_ok(text, cand.start, cand.end, ctx, allow_capitalized=True)
    if name == "year":
        if f.get("circa"):
            return True
        if f.get("pp"):  # "late 1937 more than 100 people died": a function word after the year is no count noun
            return word_after(text, cand.end) not in ctx["count_nouns"] - ctx["function_words"]
        return _bare_year_ok(text, cand.end - len(f["y"]), cand.end, ctx)
    if name == "day_ref":
        return _day_ref_ok(text, cand, ctx)
    if name == "year_words":
        # "in nineteen ninety-six", "by the year two thousand"; not "two thousand people", "nineteen twenty"
        before = word_before(text, cand.start)
        return (before in ctx["year_prepositions"] or before == "year" or bool(f.get("the") or f.get("pp"))) \
            and not _counts_follow(text, cand.end, ctx)
    if name == "short_range":
        return _short_range_ok(text, cand, ctx)
    if name == "short_year":  # "in 430", "In 48" (two digits: only these words; the narrative decides, _anchor)
        if len(f["y"]) == 2:  # "In 48 he defeated", "In 48, Caesar": not "In 12 battles", "in 30 days"
            after = text[cand.end:cand.end + 40]
            return (word_before(text, cand.start) in ctx["two_digit_year_words"] and clause_opens_after(text, cand.end)
                    and not re.match(r"\s{0,3}(?:[-–—%]|\d)", after))
        span = _SPAN_ON.match(text, cand.end, min(len(text), cand.end + 20))  # "from 400 to 670 mm": a measure
        before = word_before(text, cand.start)
        if before in ctx["name_parenthesis_words"]:  # "Hild (died 680)": the whole parenthesis after a name
            return in_parenthesis(text, cand.start, cand.end, after_name=True)
        if born_or_died_before(text, cand.start):  # "Cnut was born around 990"
            return not _counts_follow(text, cand.end, ctx)
        return before in ctx["short_year_words"] and not _counts_follow(text, cand.end, ctx) \
            and not (span is not None and _counts_follow(text, span.end(), ctx))
    if name == "month" and not f.get("pp"):
        return _month_alone_ok(text, cand, ctx)
    if name == "holiday" and not f.get("y") and _NEXT_CAPITALIZED.match(text, cand.end, min(len(text), cand.end + 40)):
        return False  # "the Easter Rising", "the Christmas Truce": a holiday opening a name
    if name == "holiday" and not f.get("y") and f["holiday"] in ctx["floating_holidays"] and (
            " ".join(f.get("the", "").lower().split()) == "the" or word_before(text, cand.start) in _ARTICLES):
        return False  # "the Thanksgiving holiday", "an Easter egg": the holiday itself, not a day of it
    if name == "season" and not f.get("y") and not _season_alone_ok(text, cand, ctx):
        return False
    if name == "season" and not f.get("y") and f["season"].lower() == "fall":
        # "fall" is a noun and a verb far more often than a season: only "the fall", "in the fall", ...
        after_text = text[cand.end:cand.end + 8]
        if re.match(r"\s{1,3}of\b", after_text) or re.match(r"[-‐]", after_text):
            return False
        prev = word_before(text, cand.start)
        return bool(f.get("the") or f.get("pp")) and prev in ctx["month_context"] | {"the"}
    if name in ("day_month_year", "month_year", "month_day_year") and not f.get("era"):
        if len(f["y"]) == 3 and mode == "prose" and name != "month_year" and (
                name == "month_day_year" or not _COMMA_BEFORE_YEAR.search(
                    text, max(0, cand.end - len(f["y"]) - 4), cand.end - len(f["y"]))):
            # "On 31 December 406 the Vandals crossed", "on March 3, 703.": three digits right after a day and
            # month (the American order writes its comma), before what opens a clause (punctuation, a capital, a
            # pronoun or determiner); not "On 3 May 300 protesters", "On 22 May, 190 new cases"
            return clause_opens_after(text, cand.end) and not _counts_follow(text, cand.end, ctx)
        if len(f["y"]) < 4:
            # "On 22 May, 190 new cases": in prose a short number after a month is a year only with its era.
            return mode == "value" and not _counts_follow(text, cand.end, ctx)
        if _COMMA_BEFORE_YEAR.search(text, max(0, cand.end - len(f["y"]) - 4), cand.end - len(f["y"])):
            return not _counts_follow(text, cand.end, ctx)  # "On 22 May, 1500 troops landed"
    return True


def scan(text: str, mode: str = "prose") -> list[Candidate]:
    """Valid, non-overlapping pattern matches in ``text``, left to right (longest leftmost wins)."""
    ctx = _context()
    cands: list[Candidate] = []
    present = features(text)
    if not present:
        return []
    gate = _prefix_gate()
    text_gates = _text_gates(mode)
    reaches = _digit_reaches(mode)
    windows = _string_windows(mode)
    digits: tuple[int, int] | None = None
    slots, distinct = _gate_slots(mode)
    passed: list[bool | None] = [None] * distinct  # per distinct gate: whether the text holds one of its strings
    has = text.__contains__
    for priority, (name, pattern, prefix, requires, needs) in enumerate(compiled(mode)):
        if not needs <= present:
            continue
        slot = slots[priority]
        if slot >= 0:
            held = passed[slot]
            if held is None:
                held = passed[slot] = any(map(has, text_gates[priority]))  # type: ignore[arg-type]
            if not held:
                continue
        reach = reaches[priority]
        window = windows[priority]
        if reach is not None:  # no match starts before the first digit or after the last, nor reads past ``reach``
            if digits is None:
                digits = _digit_span(text)
            matches = pattern.finditer(text, digits[0], digits[1] + reach)
        elif window is not None:  # every match consumes one of the strings: it starts near one
            needed, width, needed_reach = window
            first = min([at for at in map(text.find, needed) if at >= 0], default=-1)
            if first < 0:
                continue
            last = len(text) if needed_reach is None else max(map(text.rfind, needed)) + needed_reach + 1
            matches = pattern.finditer(text, max(0, first - width), last)
        else:
            matches = pattern.finditer(text)
        for m in matches:
            if m.end() <= m.start():
                continue
            fields = {k: v for k, v in m.groupdict().items() if v is not None}
            start = m.start()
            if prefix is not None and start and ((before := word_before(text, start)) in gate or before.isdigit()):
                ext = prefix.search(text, max(0, start - 60), start)
                if ext is not None and ext.start() < start:
                    extra = {k: v for k, v in ext.groupdict().items() if v is not None}
                    plain_the = extra.get("the", "").lower() == "the" and len(extra) == 1
                    if plain_the and (name == "month" or (name == "season" and "y" not in fields
                                                          and _NEXT_CAPITALIZED.match(text, m.end()))):
                        extra = {}  # "the February Revolution", "the Spring Offensive": the article is the name's
                    if extra:
                        fields.update(extra)
                        start = ext.start()
            if requires and requires not in fields and not (requires == "number" and "n" in fields):
                continue
            parts = []
            if "a" in fields and "b" in fields:
                parts = [(start, m.end("a")), m.span("b")]
            cand = Candidate(start, m.end(), name, fields, priority, parts)
            if _valid(text, cand, ctx, mode):
                cands.append(cand)
    cands.sort(key=lambda c: (c.start, -c.end, c.priority))
    chosen: list[Candidate] = []
    last_end = -1
    for cand in cands:
        if cand.start >= last_end:
            chosen.append(cand)
            last_end = cand.end
    return chosen

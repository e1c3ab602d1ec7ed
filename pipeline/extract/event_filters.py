"""Rules that tell a date expression in a sentence that is no event: years in names, identifiers, counts.

The date grammar already skips many of these; this layer re-checks each match in its sentence so that an
event is never dated from "The Immoral Traffic (Prevention) Act, 1956", "ASA X3.4-1963" or "2000 people".
Word lists live in ``resources/event_filters.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.resources import load_json

_BARE_YEAR = re.compile(r"\d{3,4}|['’]\d{2}")
_WORD_BEFORE = re.compile(r"(?<!\S)(\S+)\s*$")  # starts only at a word start: linear
_WORD_AFTER = re.compile(r"^\s*([^\s,;:()]+)")
_CONTEXT = 300
"""Characters on each side of a date that the filters look at."""
_QUOTED = re.compile(r"\"([^\"]{1,160})\"|“([^”]{1,160})”|‘([^’]{1,160})’|(?<!\w)'([^']{1,160})'(?!\w)")
_DATE_PREFIXES = frozenset({"mid", "early", "late", "pre", "post", "c.", "ca.", "circa", "the", "since"})
_CITATION_BEFORE = re.compile(r"(?:^|\(|[.;)]\s+)[A-Z][\w .'&-]{1,40}:\s*[A-Z][^,:()]{1,80},\s*$")
_LIST_WORD = re.compile(r"[^\s()\[\],;:\"'“”–—-]+")
_AUTHOR_BEFORE = re.compile(r"\((?:[A-Z][\w'’-]+)(?:(?: and | & |, )[A-Z][\w'’-]+)*(?: et al\.)?,?\s*$")
_PAGES_AFTER = re.compile(r"[a-z]?(?:\)|,?\s*(?:p|pp)\.\s*\d)")
_HYPHEN_CENTURY = re.compile(r"-centur(?:y|ies)$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r":\s+[A-Z]")
_PLURAL = re.compile(r"[a-z]{3,}s")
_CAPITAL_OF = re.compile(r"\b([A-Z][\w'’-]*) of\s+$")
_SET_APART = frozenset("(,–—-:")
_SIGNAL_YEAR = re.compile(r"[A-Za-z][A-Za-z ]{0,20}?\s(\d{3,4})")
_YEAR_OR_SEASON = re.compile(r"\d{4}(?:\s?[–-]\s?\d{2,4})?")
_NAME_OPENERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my"})
_TRAILING_ERA = re.compile(r"(?<!\s)\s+(?:BC|AD|BCE|CE)$")
_TRAILING_NUMBER = re.compile(r",\s*(\d{1,4})$")
_COUNT_MODIFIERS = frozenset({"new", "more", "additional", "other", "further", "confirmed", "total", "of"})
_GLUED_BEFORE = re.compile(r"(?<!\S)\S*$")  # starts only at a word start: linear
_TITLE_WORD = re.compile(r"[(\[]?([A-Za-z][\w'-]*)")


@dataclass(frozen=True)
class FilterRules:
    """The vocabulary of the non-event rules."""

    law_words: frozenset[str]
    name_year_exempt: frozenset[str]
    label_before: frozenset[str]
    count_nouns: frozenset[str]
    currency_before: frozenset[str]
    date_words_before: frozenset[str]
    file_extensions: frozenset[str]
    skip_sections: frozenset[str]
    generic_before: frozenset[str]
    quantity_context: frozenset[str]
    quantity_link: frozenset[str]
    year_subject_verbs: frozenset[str]
    ambiguous_months: frozenset[str]
    yearless_joiners: frozenset[str]
    publishers: frozenset[str]
    list_entry_lowercase_ratio: float
    list_entry_max_words: int


@cache
def filter_rules() -> FilterRules:
    """The rules from ``resources/event_filters.json``."""
    data = load_json("event_filters.json")
    return FilterRules(
        law_words=frozenset(data["law_words"]),
        name_year_exempt=frozenset(data["name_year_exempt_lower"]),
        label_before=frozenset(data["label_before"]),
        count_nouns=frozenset(data["count_nouns_lower"]),
        currency_before=frozenset(data["currency_before"]),
        date_words_before=frozenset(data["date_words_before_lower"]),
        file_extensions=frozenset(data["file_extensions"]),
        skip_sections=frozenset(data["skip_sections_lower"]),
        generic_before=frozenset(data["generic_before_lower"]),
        quantity_context=frozenset(data["quantity_context_lower"]),
        quantity_link=frozenset(data["quantity_link_lower"]),
        year_subject_verbs=frozenset(data["year_subject_verbs_lower"]),
        ambiguous_months=frozenset(data["ambiguous_month_words"]),
        yearless_joiners=frozenset(data["yearless_joiners_lower"]),
        publishers=frozenset(data["publisher_words"]),
        list_entry_lowercase_ratio=float(data["list_entry"]["max_lowercase_ratio"]),
        list_entry_max_words=int(data["list_entry"]["max_words"]),
    )


def is_skipped_section(section: str | None) -> bool:
    """Sections whose text is apparatus, not narrative (references, external links, ...)."""
    return section is not None and section.strip().lower() in filter_rules().skip_sections


def is_list_entry(sentence: str, date_starts: list[int]) -> bool:
    """A title-like entry of a list or table, not a sentence: "The Gold Lust (1911)", "Bureaucracy (1987) (game)".

    No final punctuation, few words, and either hardly any lower-case words or every date set apart in
    parentheses or after a comma or dash (a sentence dates with a preposition: "Delinked from KAU in 2010").
    """
    rules = filter_rules()
    if sentence.rstrip("\"'”’)]» ").endswith((".", "!", "?", ":", ";")):
        return False
    words = [w for w in _LIST_WORD.findall(sentence) if any(c.isalpha() for c in w)]
    if not words or len(words) > rules.list_entry_max_words:
        return not words
    if sum(w[0].islower() for w in words) / len(words) <= rules.list_entry_lowercase_ratio:
        return True
    return bool(date_starts) and all(sentence[:i].rstrip()[-1:] in _SET_APART for i in date_starts)


def non_event_reason(sentence: str, start: int, end: int) -> str | None:
    """Why the date expression ``sentence[start:end]`` is not an event date, or None when it may be one."""
    rules = filter_rules()
    text = sentence[start:end]
    if (core := _SIGNAL_YEAR.fullmatch(text)) is not None:  # "up to 1914", "since 1999": judge the year itself
        start += core.start(1)
        text = core.group(1)
    # Only the text near the date decides (a window keeps date-dense sentences linear, not quadratic).
    before, after = sentence[max(0, start - _CONTEXT):start], sentence[end:end + _CONTEXT]
    bare = bool(_BARE_YEAR.fullmatch(text))
    word_before = (m.group(1) if (m := _WORD_BEFORE.search(before)) else "")
    word_after = (m.group(1).rstrip(".!?\"'") if (m := _WORD_AFTER.search(after)) else "")
    if _in_url_or_file(sentence, start, end, rules):
        return "url_or_file"
    if _attached(before, after):
        return "identifier"
    if _CITATION_BEFORE.search(sentence, max(0, start - _CONTEXT), start) or (
            _AUTHOR_BEFORE.search(before) and _PAGES_AFTER.match(after)):
        return "citation"
    if not any(c.isdigit() for c in text):
        if (reason := _yearless_reason(before, after, word_before, rules)) is not None:
            return reason
        if " " not in text.strip() and word_before.lower() not in rules.date_words_before | rules.yearless_joiners:
            return "ambiguous_month" if text in rules.ambiguous_months else "modifier"
        return None
    if bare and _law_pattern(rules.law_words).search(before):
        return "law_title"
    if bare and _publisher_pattern(rules.publishers).search(before):
        return "citation"  # "Palgrave Macmillan, 1996."
    if _HYPHEN_CENTURY.search(text) and after[:1] == " " and word_before.lower() not in rules.date_words_before:
        return "modifier"  # "a 20th-century philosopher"
    if not bare:
        if _YEAR_OR_SEASON.fullmatch(text) and _capitalized_name_before(before, word_before, rules):
            return "name"  # "The Arts Club of Chicago: The Collection 1916-1996"
        return _quoted_title(sentence, start, end)
    if _TITLE_AFTER.match(after) and before.strip():
        return "title"  # "his novel 2001: A Space Odyssey"
    if word_before in rules.label_before or word_before.rstrip(",") in rules.label_before:
        return "identifier"
    if word_before in rules.currency_before or before.endswith(tuple(c for c in rules.currency_before if len(c) == 1)):
        return "amount"
    if word_after.lower() in rules.count_nouns and word_before.lower() not in rules.date_words_before:
        return "count"
    if after.lstrip().startswith("%") or _counted(before, word_before, word_after, rules):
        return "count"
    if _capitalized_name_before(before, word_before, rules) or (text[0] in "'’" and _named_of(before, rules)):
        return "name"
    return _quoted_title(sentence, start, end)


def year_in_name(sentence: str, start: int, end: int) -> bool:
    """A year opening a capitalized name ("The 2008 British motorcycle Grand Prix", "the 2008 MotoGP championship")
    or closing one ("the War of 1812", "the Revolutions of 1989").

    Such a year may still date the sentence, so callers use this only to drop a repeat of the same date.
    """
    if not _YEAR_OR_SEASON.fullmatch(sentence[start:end]):
        return False
    after = sentence[end:end + 2]
    before = sentence[max(0, start - _CONTEXT):start].rstrip()
    m = _CAPITAL_OF.search(before + " ")
    if m is not None and m.group(1) != "As" and m.group(1).lower() not in filter_rules().name_year_exempt:
        return True  # "the War of 1812": a name, though also the time it names
    opens = not before or before.split()[-1].lower() in _NAME_OPENERS or before.endswith("'s")
    return opens and after[:1] == " " and after[1:2].isupper()


def trailing_number_end(sentence: str, start: int, end: int) -> int | None:
    """Where a date should end when its tail is no date: "On 16 August, 450 new cases" -> "16 August",
    "the 2010 BC Green Party" -> "2010". None when the whole expression is a date."""
    era = _TRAILING_ERA.search(sentence[start:end])
    if era is not None and sentence[end:end + 1] == " " and sentence[end + 1:end + 2].isupper():
        return start + era.start()  # "the 2010 BC Green Party": BC is British Columbia, not an era
    m = _TRAILING_NUMBER.search(sentence[start:end])
    if m is None:
        return None
    word_after = (w.group(1).lower() if (w := _WORD_AFTER.search(sentence[end:end + _CONTEXT])) else "")
    rules = filter_rules()
    if len(m.group(1)) < 4 or word_after in rules.count_nouns or word_after in _COUNT_MODIFIERS:
        return start + m.start()
    return None


@cache
def _publisher_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Text ending in a publisher's name and a comma, right before a year."""
    names = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{names}),\s*$")


@cache
def _law_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Text ending in a law's name before its year: "Act, ", "Order (LFO), ", "Act of ", "Act No. X of "."""
    law = "|".join(sorted(map(re.escape, words)))
    return re.compile(rf"\b(?:{law})(?:\s*\([^()]{{1,40}}\))?\s*,?\s*$"
                      rf"|\b(?:{law})(?:\s+(?:No\.|[IVXLC]+|\d+))*\s+of\s+$")


def _named_of(before: str, rules: FilterRules) -> bool:
    """ "Spirit of '76", "Summer of '69": a capitalized word, then "of", right before a short year (a title).

    Four-digit years after "X of" stay dates: "the War of 1812", "the Revolutions of 1989" name what happened then."""
    m = _CAPITAL_OF.search(before)
    return m is not None and m.group(1).lower() not in rules.name_year_exempt and m.group(1) != "As"


def _counted(before: str, word_before: str, word_after: str, rules: FilterRules) -> bool:
    """A bare number read as a quantity: "the number of confirmed cases to 1572", "1700 healthcare workers"."""
    if not before.strip():
        return bool(word_after) and word_after[0].islower() and word_after.lower() not in rules.year_subject_verbs
    if word_before.lower() not in rules.quantity_link:
        return False
    if word_before.lower() != "of" and _PLURAL.fullmatch(word_after):
        return True  # "There were 1200 journalists"
    window = [w.strip(",.;:()").lower() for w in before.split()[-8:-1]]
    return any(w in rules.quantity_context for w in window)


def _yearless_reason(before: str, after: str, word_before: str, rules: FilterRules) -> str | None:
    """A month or season without a year: inside a name ("Summer Olympics") or generic ("her summer holidays")."""
    if after[:1] == " " and after[1:2].isupper():
        return "name"
    if word_before.lower() in rules.generic_before:
        return "generic"
    return None


def _attached(before: str, after: str) -> bool:
    """A number glued to a code: "X3.4-1963", "ISO/IEC 9899:1999", "1963.5", "1963X" (not "mid-1990s", "(1995)")."""
    glued = _GLUED_BEFORE.search(before).group(0).lstrip("([{\"'“‘")  # type: ignore[union-attr]
    prefix = glued.rstrip("-–").lower()
    if glued and prefix not in _DATE_PREFIXES and (
            glued[-1].isalnum() or (glued[-1] in "-./:#" and any(c.isalnum() for c in glued))
            or (glued[-1] == "," and glued[:-1][-1:].isdigit())):
        return True
    if after[:1].isalpha() and after[:1] != "s" and not after.startswith("th"):
        return True
    return len(after) > 1 and after[0] == "." and after[1].isdigit()


def _in_url_or_file(sentence: str, start: int, end: int, rules: FilterRules) -> bool:
    """The date lies inside a URL or a file name (a run of non-space characters with a scheme or extension)."""
    left = sentence.rfind(" ", 0, start) + 1
    right = sentence.find(" ", end)
    chunk = sentence[left: right if right >= 0 else len(sentence)].rstrip(".,;:)")
    if "://" in chunk or chunk.lower().startswith("www.") or "_" in chunk:
        return True
    ext = chunk.rsplit(".", 1)[-1].lower() if "." in chunk else ""
    return ext in rules.file_extensions


def _capitalized_name_before(before: str, word_before: str, rules: FilterRules) -> bool:
    """A bare year right after a capitalized word in mid-sentence: "Expo 2010", "Vision 2030"."""
    if not word_before or not word_before[0].isupper() or before[-1:] != " " or word_before.endswith((",", ".")):
        return False
    if word_before.lower() in rules.name_year_exempt or (word_before.isupper() and len(word_before) <= 2):
        return False
    head = before[: len(before.rstrip()) - len(word_before)].rstrip()
    return bool(head) and head[-1] not in ".!?:;\"'(“"


@lru_cache(maxsize=32)
def _quote_spans(sentence: str) -> list[tuple[int, int, str]]:
    """The sentence's quoted spans (start, end, inner text), in order; computed once per sentence."""
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTED.finditer(sentence)]


def _quoted_title(sentence: str, start: int, end: int) -> str | None:
    """The date sits inside a short quoted title in title case: 'The Immoral Traffic (Prevention) Act, 1956'."""
    quotes = _quote_spans(sentence)
    i = bisect_left(quotes, (start,)) - 1  # quotes do not overlap: only the last one opening before can hold it
    for q_start, q_end, inner in quotes[max(i, 0): i + 1]:
        if not (q_start < start and end < q_end):
            continue
        if inner.strip() == sentence[start:end]:
            return "quoted_title"  # the song "1976"
        words = [w.group(1) for w in _TITLE_WORD.finditer(inner)]
        long_words = [w for w in words if len(w) > 3]
        if words and words[0][0].isupper() and len(words) <= 14 and long_words and \
                sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6:
            return "quoted_title"
    return None

"""Rules that tell a date expression in a sentence that is no event: years in names, identifiers, counts.

The date grammar already skips many of these; this layer re-checks each match in its sentence so that an
event is never dated from "The Immoral Traffic (Prevention) Act, 1956", "ASA X3.4-1963" or "2000 people".
Word lists live in ``resources/event_filters.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_BARE_YEAR = re.compile(r"\d{3,4}")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"^\s*([^\s,;:()]+)")
_QUOTED = re.compile(r"\"([^\"]{1,160})\"|“([^”]{1,160})”|‘([^’]{1,160})’|(?<!\w)'([^']{1,160})'(?!\w)")
_DATE_PREFIXES = frozenset({"mid", "early", "late", "pre", "post", "c.", "ca.", "circa", "the", "since"})
_GLUED_BEFORE = re.compile(r"\S*$")
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


@cache
def filter_rules() -> FilterRules:
    """The rules from ``resources/event_filters.json``."""
    data = json.loads(resources.files("pipeline.resources").joinpath("event_filters.json").read_text("utf-8"))
    return FilterRules(
        law_words=frozenset(data["law_words"]),
        name_year_exempt=frozenset(data["name_year_exempt_lower"]),
        label_before=frozenset(data["label_before"]),
        count_nouns=frozenset(data["count_nouns_lower"]),
        currency_before=frozenset(data["currency_before"]),
        date_words_before=frozenset(data["date_words_before_lower"]),
        file_extensions=frozenset(data["file_extensions"]),
        skip_sections=frozenset(data["skip_sections_lower"]),
    )


def is_skipped_section(section: str | None) -> bool:
    """Sections whose text is apparatus, not narrative (references, external links, ...)."""
    return section is not None and section.strip().lower() in filter_rules().skip_sections


def non_event_reason(sentence: str, start: int, end: int, sentence_start: bool | None = None) -> str | None:
    """Why the date expression ``sentence[start:end]`` is not an event date, or None when it may be one."""
    rules = filter_rules()
    text = sentence[start:end]
    before, after = sentence[:start], sentence[end:]
    bare = bool(_BARE_YEAR.fullmatch(text))
    if _in_url_or_file(sentence, start, end, rules):
        return "url_or_file"
    if _attached(before, after):
        return "identifier"
    word_before = (m.group(1) if (m := _WORD_BEFORE.search(before)) else "")
    if word_before.rstrip(",") in rules.law_words and bare:
        return "law_title"
    if not bare:
        return _quoted_title(sentence, start, end)
    if word_before in rules.label_before or word_before.rstrip(",") in rules.label_before:
        return "identifier"
    if word_before in rules.currency_before or before.endswith(tuple(c for c in rules.currency_before if len(c) == 1)):
        return "amount"
    word_after = (m.group(1).rstrip(".!?\"'") if (m := _WORD_AFTER.search(after)) else "")
    if word_after.lower() in rules.count_nouns and word_before.lower() not in rules.date_words_before:
        return "count"
    if after.lstrip().startswith("%"):
        return "count"
    if _capitalized_name_before(before, word_before, rules):
        return "name"
    return _quoted_title(sentence, start, end)


def _attached(before: str, after: str) -> bool:
    """A number glued to a code: "X3.4-1963", "ISO/IEC 9899:1999", "1963.5", "1963X" (not "mid-1990s", "(1995)")."""
    glued = _GLUED_BEFORE.search(before).group(0).lstrip("([{\"'“‘")  # type: ignore[union-attr]
    prefix = glued.rstrip("-–").lower()
    if glued and prefix not in _DATE_PREFIXES and (
            glued[-1].isalnum() or (glued[-1] in "-./:#" and any(c.isalnum() for c in glued))):
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


def _quoted_title(sentence: str, start: int, end: int) -> str | None:
    """The date sits inside a short quoted title in title case: 'The Immoral Traffic (Prevention) Act, 1956'."""
    for m in _QUOTED.finditer(sentence):
        if not (m.start() < start and end < m.end()):
            continue
        inner = next(g for g in m.groups() if g is not None)
        words = [w.group(1) for w in _TITLE_WORD.finditer(inner)]
        long_words = [w for w in words if len(w) > 3]
        if words and words[0][0].isupper() and len(words) <= 14 and long_words and \
                sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6:
            return "quoted_title"
    return None

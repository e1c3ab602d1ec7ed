"""TIMEX3 tagger over whole documents: the pure function behind ``wikirecords tag-dates``.

Input lines are ``{"id", "text", "dct"}``; output lines ``{"id", "timexes": [{start, end, text, type, value}]}``.
Month-only and relative expressions are anchored to the year the narrative is in (the year most recently
mentioned before them), never to the document creation time.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from pipeline.dates import DateMatch, find_dates
from pipeline.dates.vocabulary import entries, fast_alternation, vocabulary
from pipeline.errors import TimexInputError

__all__ = ["TimexInputError", "tag_document", "tag_jsonl_lines"]


def _spans(match: DateMatch) -> Iterator[DateMatch]:
    if match.parts:
        yield from match.parts
    else:
        yield match


@lru_cache(maxsize=1)
def _references() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    table = entries(vocabulary()["timex_references"])
    return re.compile(r"(?<![\w-])" + fast_alternation(list(table)) + r"(?![\w-])"), table


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping spans ``taken`` (binary search)."""
    i = bisect_right(taken, (start, float("inf"))) - 1
    if i >= 0 and taken[i][1] > start:
        return True
    return i + 1 < len(taken) and taken[i + 1][0] < end


def _reference_timexes(text: str, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """'the future' (FUTURE_REF), 'now' (PRESENT_REF), 'former' (PAST_REF): TimeML references, tagger only."""
    regex, table = _references()
    out = []
    for m in regex.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        kind, value = table[" ".join(m.group(0).lower().split())]
        out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "type": kind, "value": value})
    return out


@lru_cache(maxsize=1)
def _durations() -> tuple[re.Pattern[str], dict[str, Any]]:
    voc = vocabulary()
    table = entries(voc["durations"])
    numbers = [w for w in entries(voc["number_words"])]
    counts = "|".join(re.escape(w) for w in sorted(numbers + table["vague_counts"], key=len, reverse=True))
    units = "|".join(sorted(table["units"], key=len, reverse=True)).replace("century", "centur(?:y|ies)")
    modifiers = "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in sorted(table["modifiers"], key=len,
                                                                                     reverse=True))
    regex = re.compile(
        rf"(?<![\w-])(?:(?:{modifiers})\s{{1,3}})?(?P<n>\d{{1,3}}|(?i:{counts}))[\s-]{{1,3}}"
        rf"(?P<unit>(?i:{units}))s?(?:-long)?(?![\w-])")
    return regex, table


def _duration_timexes(text: str, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """'two months' (P2M), 'several years' (PXY), 'almost an hour' (PT1H): TIMEX3 durations, tagger only."""
    regex, table = _durations()
    numbers = entries(vocabulary()["number_words"])
    out = []
    for m in regex.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        raw = " ".join(m.group("n").lower().split())
        count = raw if raw.isdigit() else str(numbers[raw]) if raw in numbers else "X"
        unit = m.group("unit").lower()
        unit = "century" if unit.startswith("centur") else unit
        designator, is_time = table["units"][unit]
        value = f"PT{count}{designator}" if is_time else f"P{count}{designator}"
        out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "type": "DURATION", "value": value})
    return out


def tag_document(text: str, dct: str | None = None) -> list[dict[str, Any]]:
    """TIMEX3 expressions of ``text``: offsets (end exclusive), surface text, type and value.

    ``dct`` (document creation time) is accepted for the interface but deliberately not used as an anchor.
    """
    del dct
    out: list[dict[str, Any]] = []
    for match in find_dates(text):
        for part in _spans(match):
            if part.timex_value is None:
                continue
            out.append({"start": part.start, "end": part.end, "text": part.text,
                        "type": part.timex_type, "value": part.timex_value})
    out.extend(_reference_timexes(text, sorted((t["start"], t["end"]) for t in out)))
    out.extend(_duration_timexes(text, sorted((t["start"], t["end"]) for t in out)))
    out.sort(key=lambda t: (t["start"], t["end"]))
    return out


def tag_jsonl_lines(lines: Iterable[str], source: str = "<input>", domain: str = "auto") -> Iterator[dict[str, Any]]:
    """One output object per non-empty input line; raises ``TimexInputError`` naming the bad line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TimexInputError(f"{source}:{number}", f"not JSON: {exc.msg}") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise TimexInputError(f"{source}:{number}", "expected an object with a string 'text'")
        yield {"id": doc.get("id"), "timexes": tag_document(doc["text"], doc.get("dct"))}

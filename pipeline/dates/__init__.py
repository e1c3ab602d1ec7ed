"""Date expressions: find them in prose, normalize them to ISO start/end with precision and qualifier.

PLACEHOLDER interface; the full grammar replaces this module's internals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.record import DateValue

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_DMY = re.compile(r"\b(\d{1,2}) (" + "|".join(m.title() for m in _MONTHS) + r") (\d{4})\b")
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in text: character offsets, normalized value and TIMEX3 reading."""

    start: int
    end: int
    text: str
    value: DateValue | None
    timex_type: str = "DATE"
    timex_value: str | None = None


def find_dates(text: str, anchor_year: int | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, left to right."""
    out: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for m in _DMY.finditer(text):
        iso = f"{int(m.group(3)):04d}-{_MONTHS.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}"
        out.append(DateMatch(m.start(), m.end(), m.group(0),
                             DateValue(text=m.group(0), start=iso, end=iso, precision="day"), "DATE", iso))
        taken.append((m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        out.append(DateMatch(m.start(), m.end(), m.group(0),
                             DateValue(text=m.group(0), start=m.group(0), end=m.group(0), precision="year"),
                             "DATE", m.group(0)))
    return sorted(out, key=lambda d: d.start)


def parse_date(text: str) -> DateValue | None:
    """The first date in a short value such as an infobox field, or None."""
    for match in find_dates(text):
        if match.value is not None:
            return match.value
    return None

"""Infobox values that are a date or a period ("1984–1987", "2013–", "2009–10", "1996"), read with the
project's date grammar; family rows with such members become a timeline (``Infobox.periods``)."""

from __future__ import annotations

import re

from pipeline.dates import parse_date
from schemas.record import DateValue, GroupMember, GroupPeriod

_OPEN_END = re.compile(r"^(?P<start>.*?\d)\s*[-–—‐]\s*$")
_FOOTNOTE = re.compile(r"(?:\[\w{1,3}\]|\*)\Z")


def period_of(value: str) -> DateValue | None:
    """The date or period the whole value is, or None when the value holds more than a date.

    A dash with nothing after it is an open end ("2013–": end null, qualifier 'since'), as is "2013–present":
    the period has not ended; a trailing footnote mark ("1998–2001*") is ignored.
    """
    text = value.strip()
    if m := _FOOTNOTE.search(text[-5:]):  # only the last characters: no scan of long values
        text = text[: len(text) - (len(text[-5:]) - m.start())].rstrip()
    if not text or not any(ch.isdigit() for ch in text):
        return None
    if m := _OPEN_END.match(text):
        start = parse_date(m.group("start"))
        if start is None or start.text.strip() != m.group("start").strip():
            return None
        return _open(start, value.strip())
    parsed = parse_date(text)
    if parsed is None or parsed.text.strip() != text:
        return None
    return _open(parsed, parsed.text) if parsed.qualifier == "since" else parsed


def _open(start: DateValue, text: str) -> DateValue:
    """The period from ``start`` that has not ended: end null, qualifier 'since' (schemas/record.py)."""
    return DateValue(text=text, start=start.start, end=None, precision=start.precision, qualifier="since")


def group_periods(groups: dict[str, list[GroupMember]]) -> list[GroupPeriod]:
    """Every row member whose whole value is a date or period, family by family in row order."""
    periods: list[GroupPeriod] = []
    for family, rows in groups.items():
        for row in rows:
            n = row.get("n")
            for member, value in row.items():
                if member == "n" or not isinstance(value, str) or not isinstance(n, int):
                    continue
                if (date := period_of(value)) is not None:
                    periods.append(GroupPeriod(group=family, n=n, member=member, date=date))
    return periods

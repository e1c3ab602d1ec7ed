"""Cases for rules no other test pinned, found by the mutation check (tests/tools/mutate.py).

Each rule gets a positive case (the rule applies) and a negative one (a near miss it must leave alone).
"""

from __future__ import annotations

import pytest

from pipeline.dates import find_dates
from pipeline.extract.event_filters import non_event_reason


def _reason(sentence: str, date: str) -> str | None:
    start = sentence.index(date)
    return non_event_reason(sentence, start, start + len(date))


@pytest.mark.parametrize(("sentence", "date", "reason"), [
    ("The scan Cinema-2009.jpg was uploaded.", "2009", "url_or_file"),  # file_extensions: no scheme, no "_"
    ("The map Plan-1911.svg shows the hall.", "1911", "url_or_file"),
    ("The cinema reopened in 2009.", "2009", None),  # a sentence's final full stop is no extension
    ("It reopened in 2009.The next year it closed.", "2009", None),  # nor a missing space after it
])
def test_rules_file_extension_marks_a_file_name(sentence: str, date: str, reason: str | None) -> None:
    assert _reason(sentence, date) == reason


@pytest.mark.parametrize(("text", "expected"), [
    # range_months_year: two month names sharing one year
    ("The show ran June–August 2005 in town.", [("June–August 2005", "2005-06", "2005-08", "month")]),
    ("It ran from January to March 1950.", [("from January to March 1950", "1950-01", "1950-03", "month")]),
    ("It ran until March 1950.", [("until March 1950", "1950-03", "1950-03", "month")]),  # one month: no range
    # decade_short: an apostrophe and two digits ending in 0
    ("In the '80s the club grew.", [("the '80s", "1980", "1989", "decade")]),
    ("In the ’60s it grew.", [("the ’60s", "1960", "1969", "decade")]),
    ("It lasted the '60 seasons.", []),  # no "s": not a decade
])
def test_rules_month_range_and_short_decade(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    got = [(m.text, m.value.start, m.value.end, m.value.precision) for m in find_dates(text) if m.value]
    assert got == expected

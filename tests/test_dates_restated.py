"""A year stated after a month or day by a relative phrase ('August 23 of the following year'), and relative
phrases that a stated date restates in apposition ('two days later, on 6 October 2008')."""

from __future__ import annotations

import pytest

from pipeline.dates import find_dates


def _values(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.value.start if m.value else None) for m in find_dates(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("It was authorized on December 11, 2020, and approved on August 23 of the following year.",
     [("December 11, 2020", "2020-12-11"), ("August 23 of the following year", "2021-08-23")]),
    ("In 1990 he left. In May of the following year he returned.", [("1990", "1990"),
                                                                   ("May of the following year", "1991-05")]),
    ("In 1990 he left. In May the previous year he had married.", [("1990", "1990"),
                                                                  ("May the previous year", "1989-05")]),
    ("In 1990 he left. On 5 March the next year he came back.", [("1990", "1990"),
                                                                ("5 March the next year", "1991-03-05")]),
    ("In 1990 he left. In December of that year he returned.", [("1990", "1990"),
                                                               ("December of that year", "1990-12")]),
])
def test_dates_month_with_a_relative_year(text: str, expected: list[tuple[str, str]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # negatives: a possessive year or a year that is no relative phrase stays apart
    ("In 1990 he left. In May the next year's budget passed.",
     [("1990", "1990"), ("May", "1990-05"), ("the next year", "1991")]),
    ("In 1990 he left. The following year he returned in May.", [("1990", "1990"), ("The following year", "1991"),
                                                                 ("May", "1991-05")]),
])
def test_dates_month_with_a_relative_year_negatives(text: str, expected: list[tuple[str, str]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("On 4 October 2008 it fell. However, two days later, on 6 October 2008, she spoke.",
     [("4 October 2008", "2008-10-04"), ("6 October 2008", "2008-10-06")]),
    ("In 1814 he fled. The following year, in 1815, he returned.", [("1814", "1814"), ("1815", "1815")]),
])
def test_dates_relative_restated_in_apposition_is_the_stated_date(text: str, expected: list[tuple[str, str]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # negatives: no apposition (a verb between), or the next date has no year of its own
    ("In 1814 he fled. The following year he returned in 1815 with an army.",
     [("1814", "1814"), ("The following year", "1815"), ("1815", "1815")]),
    ("On 4 October 2008 it fell. Two days later, on Monday, she spoke.",
     [("4 October 2008", "2008-10-04"), ("Two days later", "2008-10-06")]),
])
def test_dates_relative_not_restated(text: str, expected: list[tuple[str, str]]) -> None:
    assert _values(text) == expected


def test_dates_relative_year_needs_year_and_a_short_year_is_no_restatement() -> None:
    assert _values("In 1990 he left. On August 23 the following years were calm.") == [
        ("1990", "1990"), ("August 23", "1990-08-23")]  # 'years' is no 'year'
    assert _values("In 1990 he left. The following year, in 300 he crossed the river.") == [
        ("1990", "1990"), ("The following year", "1991")]  # '300' may be no year: the relative stays

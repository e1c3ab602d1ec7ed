"""Property tests: the date grammar never raises on arbitrary text and stays linear in the input size."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates import find_dates, parse_date
from pipeline.dates.timex import tag_document
from tests.timing import GROWTH, assert_linear

# Fragments that each start a partial match of some pattern, so that repeating them stresses backtracking.
FRAGMENTS = ["1", "12", "1999", "1999–", "January", "Jan.", "the", "early", "the end of", "mid-", "c.", "BC",
             "AD", "spring", "of", "-", "–", "/", ",", ".", "'", "s", "th", " ", "  ", "\n", "to", "and", "from",
             "between", "the next day", "19th", "century", "May", "3", "31", "2000", "people", "$", "X"]

ISO = re.compile(r"-?\d{4}(?:-\d{2}(?:-\d{2})?)?")
fragment_text = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_dates_properties_arbitrary_text_never_raises(text: str) -> None:
    for match in find_dates(text, anchor_year=1950):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text
        assert match.text == match.text.strip(), "a match never starts or ends with whitespace"
        if match.value is not None:
            assert ISO.fullmatch(match.value.start) and ISO.fullmatch(match.value.end), match.value
        for part in match.parts:
            assert match.start <= part.start < part.end <= match.end
    parse_date(text)
    tag_document(text, None)


@settings(max_examples=200, deadline=None)
@given(fragment_text, st.integers(min_value=1900, max_value=2000))
def test_dates_properties_date_like_text_is_well_formed(text: str, anchor: int) -> None:
    previous_end = 0
    for match in find_dates(text, anchor_year=anchor):
        assert match.start >= previous_end, "matches are ordered and do not overlap"
        previous_end = match.end
        value = match.value
        if value is not None:
            assert ISO.fullmatch(value.start) and ISO.fullmatch(value.end), value
        if value is not None and not value.start.startswith("-") and not value.end.startswith("-"):
            assert value.start[:4] <= value.end[:4], "a range never ends before it starts"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment_text)
def test_dates_properties_time_is_linear(unit: str) -> None:
    """8x the input costs about what 8 calls on the small input cost, never 8x that (quadratic)."""
    small = (unit + " ") * (2_000 // (len(unit) + 1) + 1)
    assert_linear(find_dates, small, small * GROWTH, f"find_dates on {unit!r}", ignore_below=0.005)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["start date", "Birth date and age", "death date and age", "dts", "circa", "BirthDeathAge",
                        "birth-date", "film date", "unknown"]),
       st.lists(st.one_of(st.text(max_size=12), st.integers(-99999, 99999).map(str)), max_size=8),
       st.dictionaries(st.sampled_from(["df", "mf", "year"]), st.text(max_size=6), max_size=3))
def test_dates_properties_templates_never_raise(name: str, args: list[str], kwargs: dict[str, str]) -> None:
    from pipeline.dates.templates import date_from_template

    value = date_from_template(name, args, kwargs)
    if value is not None:
        assert value.precision in ("day", "month", "year", "decade", "century")


def test_dates_properties_tagger_time_is_linear_on_dense_text() -> None:
    unit = "On 1 January 1999, two months later, the future; "
    small = unit * 300
    assert_linear(lambda text: tag_document(text, None), small, small * GROWTH, "tag_document on dense dates")

"""News reporting periods (pipeline/dates/periods.py) and the duration rules of the tagger that TimeML's news
conventions decide: 'the year' of a report, 'the year ended March 31', 'year-end', quarters with their year in
front, ages, quarters as a unit, 'the past year'. Positive and negative examples, each against the tagger."""

from __future__ import annotations

import pytest

from pipeline.dates.timex import tag_document

DCT = "1989-11-01"  # a business story of the fourth quarter of 1989


def _values(text: str, domain: str = "news") -> list[tuple[str, str, str]]:
    return [(t["text"], t["type"], t["value"]) for t in tag_document(text, DCT, domain)]


@pytest.mark.parametrize(("text", "expected"), [
    ("For the year, pet food volume was flat.", ("the year", "DATE", "1989")),
    ("Sales for the full year were $6.6 billion.", ("the full year", "DATE", "1989")),
    ("It rose to a high for the year of $42.875.", ("the year", "DATE", "1989")),
    ("Revenue fell through the first nine months of the year.", ("the year", "DATE", "1989")),
    ("It expects lower earnings for the fiscal year.", ("the fiscal year", "DATE", "1989")),
    ("Sales in the latest fiscal year were C$7 billion.", ("the latest fiscal year", "DATE", "1988")),
    ("It had revenue of $76 million for the year ended March 31.", ("the year", "DURATION", "P1Y")),
    ("In the fiscal year ended Jan. 31, sales rose.", ("the fiscal year", "DURATION", "P1Y")),
    ("Profit should rise throughout the fiscal year.", ("the fiscal year", "DURATION", "P1Y")),
    ("It expects to complete the deal by year-end.", ("year-end", "DATE", "1989")),
    ("Rules should be in place by year's end.", ("year's end", "DATE", "1989")),
    ("The percentage change is since year-end.", ("year-end", "DATE", "1988")),
])
def test_dates_periods_reporting_year(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _values(text)


@pytest.mark.parametrize("text", [
    "The year was marked by strikes.",          # no preposition before it: a subject, not the report's year
    "In the year 2000, prices rose.",           # a year follows: the year itself is the date
    "He was named man of the year-end party.",  # 'year-end party' has no 'the year' of its own
    "Sales in the year before fell.",           # relative to the narrative, not the report's year
])
def test_dates_periods_reporting_year_negatives(text: str) -> None:
    assert not [v for v in _values(text) if v[0] in ("the year", "year-end") and v[2] == "1989"]


def test_dates_periods_reporting_year_is_news_only() -> None:
    """A Wikipedia narrative has no report year: 'for the year' there is left to the narrative."""
    assert not [v for v in _values("In 1941 the army lost. For the year, losses were high.", "narrative")
                if v[0] == "the year"]


@pytest.mark.parametrize(("text", "expected"), [
    ("In the 1988 third quarter, the company posted a loss.", ("the 1988 third quarter", "DATE", "1988-Q3")),
    ("Net sales for this year's third quarter were $14 million.", ("this year's third quarter", "DATE", "1989-Q3")),
    ("It could be effective as early as next year's first quarter.",
     ("next year's first quarter", "DATE", "1990-Q1")),
    ("Net fell from the year-earlier third quarter.", ("the year-earlier third quarter", "DATE", "1988-Q3")),
    ("Profit rose in the third quarter, up from the 1988 period.", ("the 1988 period", "DATE", "1988-Q3")),
    ("Profit rose in the third quarter from last year's quarter.", ("last year's quarter", "DATE", "1988-Q3")),
])
def test_dates_periods_premodified_quarters(text: str, expected: tuple[str, str, str]) -> None:
    values = _values(text)
    assert expected in values
    inner = [v for v in values if v[0] != expected[0] and v[0] in expected[0]]
    assert not inner  # the year and the quarter are one expression, not two


@pytest.mark.parametrize(("text", "control"), [
    ("Profit rose in the 1988 period.", "1988"),         # no quarter named before: the year alone
    ("The third quarter of 1988 was weak.", "1988-Q3"),  # an explicit year after the quarter stays as it was
])
def test_dates_periods_premodified_quarters_negatives(text: str, control: str) -> None:
    values = _values(text)
    assert [v for v in values if v[2] == control]
    assert not [v for v in values if v[0].lower().startswith("the 1988 period")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Revenue for the year ended March 31 fell.", ("March 31", "DATE", "1989-03-31")),  # nearest would be 1990
    ("The quarter closed Sept. 30 with a loss.", ("Sept. 30", "DATE", "1989-09-30")),
])
def test_dates_periods_completed_period_lies_before_the_dct(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _values(text)


def test_dates_periods_completed_period_negative() -> None:
    """Without 'ended' the nearest reading stands: 'payable March 31' written in November is the next March."""
    assert ("March 31", "DATE", "1990-03-31") in _values("The dividend is payable March 31.")


@pytest.mark.parametrize(("text", "expected", "domain"), [
    ("It will be spread over the next three quarters.", ("the next three quarters", "DURATION", "P3Q"), "news"),
    ("Sales fell over the past two quarters.", ("the past two quarters", "DURATION", "P2Q"), "news"),
    ("Over the next couple of years we expect growth.", ("the next couple of years", "DURATION", "P2Y"), "news"),
    ("Prices rose 10% in the past year.", ("past year", "DATE", "1988"), "news"),
    ("He died 18 years old.", ("18 years", "DURATION", "P18Y"), "narrative"),  # WikiWars (TIMEX2) marks ages
])
def test_dates_periods_durations(text: str, expected: tuple[str, str, str], domain: str) -> None:
    assert expected in _values(text, domain)


@pytest.mark.parametrize("text", [
    "Mr. Reupke, 52 years old, was the editor.",  # news: an age is no duration (TimeBank)
    "He won three quarters of the vote.",          # a fraction
    "The plan drew criticism in some quarters.",   # places
    "They sold a quarter of the shares.",
])
def test_dates_periods_durations_negatives(text: str) -> None:
    assert not [v for v in _values(text) if v[1] == "DURATION"]


def test_dates_periods_near_future_is_a_future_reference() -> None:
    assert ("the near future", "DATE", "FUTURE_REF") in _values("It will sell the unit in the near future.")
    assert not [v for v in _values("The future of the unit is unclear to him.") if "near" in v[0]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ukraine was ruled from Moscow for centuries.", ("centuries", "DURATION", "PXCE")),
    ("Troops will be committed within weeks.", ("weeks", "DURATION", "PXW")),
    ("Sales grew for the first time in years.", ("years", "DURATION", "PXY")),
])
def test_dates_periods_bare_plural_units_are_vague_durations(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _values(text)


@pytest.mark.parametrize("text", [
    "In years past the plant was busy.",        # a point in the past, no extent
    "They left for days ago, he said.",         # 'ago' makes a point
    "The days of cheap oil are over.",          # no preposition of extent before it
    "He studied for years old manuscripts.",    # 'years old' reads as an age
])
def test_dates_periods_bare_plural_units_negatives(text: str) -> None:
    assert not [v for v in _values(text) if v[2].startswith("PX")]


def test_dates_periods_time_with_date_stays_two_in_narrative() -> None:
    """WikiWars (TIMEX2) writes '11 a.m. on 11 November 1918' as a time and a date; news (TimeML) as one TIME."""
    values = _values("The armistice took effect at 11 a.m. on 11 November 1918.", "narrative")
    assert ("11 November 1918", "DATE", "1918-11-11") in values
    assert ("11 a.m.", "TIME", "1918-11-11T11:00") in values

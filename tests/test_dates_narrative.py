"""The one narrative model (year, era, month) that ``find_dates`` reads and moves, over eras from 3000 BC to 2100."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import Narrative, find_dates
from pipeline.dates.narrative import NarrativeError, parse_dct
from pipeline.dates.normalize import shift_year
from pipeline.extract.events import extract_events
from tests.article_helpers import article_of

ISO = re.compile(r"-?\d{4}(?:-\d{2}(?:-\d{2})?)?")
BC_WORDS = ["BC", "BCE", "B.C."]


def _iso(year: int, bc: bool) -> str:
    return f"-{year:04d}" if bc else f"{year:04d}"


def _written(year: int, bc: bool, style: int) -> str:
    """How prose writes a year of either era: '331 BC', 'AD 79', '79 AD', '1066'."""
    if bc:
        return f"{year} {BC_WORDS[style % len(BC_WORDS)]}"
    if year < 1000:
        return f"AD {year}" if style % 2 else f"{year} AD"
    return str(year)


years = st.integers(min_value=-3000, max_value=2100).filter(lambda y: y != 0)


@settings(max_examples=300, deadline=None)
@given(years, st.integers(min_value=0, max_value=5), st.integers(min_value=1, max_value=12))
def test_dates_narrative_year_of_any_era_anchors_months_and_relatives(signed: int, style: int, month: int) -> None:
    year, bc = abs(signed), signed < 0
    month_name = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"][month - 1]
    text = f"In {_written(year, bc, style)} the city fell. In {month_name} the army left. The following year it rose."
    narrative = Narrative()
    matches = find_dates(text, narrative=narrative)
    values = [m.value for m in matches]
    assert all(v is not None for v in values)
    assert values[0].start == _iso(year, bc) and values[0].precision == "year"
    assert values[1].start == f"{_iso(year, bc)}-{month:02d}" and values[1].precision == "month"
    for v in values:
        assert ISO.fullmatch(v.start) and ISO.fullmatch(v.end), v
    nxt, nxt_bc = shift_year(year, bc, 1)
    assert values[2].start == _iso(nxt, nxt_bc)
    assert (narrative.year, narrative.bc) == (nxt, nxt_bc)


@pytest.mark.parametrize(("year", "bc", "offset", "expected"), [
    (1, True, 1, (1, False)), (1, False, -1, (1, True)), (44, True, 1, (43, True)), (1999, False, 2, (2001, False)),
    (2, True, 3, (2, False)),
])
def test_dates_narrative_year_arithmetic_has_no_year_zero(year: int, bc: bool, offset: int,
                                                          expected: tuple[int, bool]) -> None:
    assert shift_year(year, bc, offset) == expected


def test_dates_narrative_is_carried_between_calls() -> None:
    narrative = Narrative()
    find_dates("In 49 BC Caesar crossed the Rubicon.", narrative=narrative)
    assert (narrative.year, narrative.bc) == (49, True)
    (march,) = find_dates("In March he entered Rome.", narrative=narrative)
    assert march.value is not None and march.value.start == "-0049-03"
    assert narrative.month == 3
    # Without the narrative the month has no year to stand on.
    (alone,) = find_dates("In March he entered Rome.")
    assert alone.value is None


@pytest.mark.parametrize(("text", "expected"), [
    ("In 331 BC Alexander defeated Darius.", ["-0331"]),
    ("In 79 AD Pompeii was buried.", ["0079"]),
    ("In AD 79 Pompeii was buried.", ["0079"]),
    ("c. 490 BCE the Persians landed.", ["-0490"]),
    ("In 1500 BC Egypt was rich.", ["-1500"]),
    ("By 2000 BC, farming had spread.", ["-2000"]),
    # Negatives: a modern year, "BC" and a name is British Columbia, not an era.
    ("In 2010 BC Green Party members met.", ["2010"]),
    ("The 1996 BC Liberals won.", ["1996"]),
])
def test_dates_narrative_eras_before_and_after_the_number(text: str, expected: list[str]) -> None:
    assert [m.value.start for m in find_dates(text) if m.value] == expected


def test_dates_narrative_bc_narrative_keeps_bc_with_capitalized_word() -> None:
    narrative = Narrative.starting(2500, bc=True)
    (match,) = find_dates("In 2010 BC Sargon ruled.", narrative=narrative)
    assert match.value is not None and match.value.start == "-2010"


def test_dates_narrative_month_after_a_bc_year_is_iso() -> None:
    matches = find_dates("In 331 BC Alexander marched. On 1 October the battle was fought.")
    assert [m.value.start for m in matches if m.value] == ["-0331", "-0331-10-01"]


def test_dates_narrative_rolls_forward_from_the_month_reached() -> None:
    narrative = Narrative()
    text = "In March 1941 the siege began. In November it failed. In January the army withdrew."
    assert [m.value.start for m in find_dates(text, narrative=narrative) if m.value] == [
        "1941-03", "1941-11", "1942-01"]


def test_dates_narrative_asides_do_not_move_it() -> None:
    narrative = Narrative.starting(1968)
    find_dates("In his 1994 book, Lovell recalled it. A film (1995) followed.", narrative=narrative)
    assert narrative.year == 1968
    find_dates("The 1969 landing was a success.", narrative=narrative)  # "the 1969 landing" is no aside
    assert narrative.year == 1969


def test_dates_narrative_reject_keeps_dropped_dates_out_of_it() -> None:
    narrative = Narrative.starting(2020)
    find_dates("It brought the total to 1666.", narrative=narrative, reject=lambda text, s, e: True)
    assert narrative.year == 2020


def test_dates_narrative_domain_and_dct() -> None:
    assert parse_dct("1998-01-08T18:30") is not None and parse_dct("19980108") == parse_dct("1998-01-08")
    assert parse_dct("next week") is None
    with pytest.raises(NarrativeError, match="unknown date domain"):
        Narrative.starting(domain="sports")
    news = Narrative.starting(dct="1998-01-08", domain="news")
    assert news.news and news.year == 1998
    assert not Narrative.starting(dct="1998-01-08").news


def test_dates_narrative_events_use_the_one_model() -> None:
    article = article_of("In 331 BC Alexander defeated Darius. In October he entered Babylon.",
                       "In 79 AD Pompeii was buried. In 49 BC Caesar crossed the Rubicon. In January he took Rome.",
                       "The firm was founded in 1990. The following year it moved. Two years later it closed.",
                       "In 2010 BC Green Party members met in Victoria.")
    got = [(e.date.text, e.date.start) for e in extract_events(article, "t")]
    assert got == [("331 BC", "-0331"), ("October", "-0331-10"), ("79 AD", "0079"), ("49 BC", "-0049"),
                   ("January", "-0049-01"), ("1990", "1990"), ("The following year", "1991"),
                   ("Two years later", "1993"), ("2010", "2010")]
    for event in extract_events(article, "t"):
        assert ISO.fullmatch(event.date.start) and ISO.fullmatch(event.date.end)


def test_dates_narrative_bc_short_year_never_goes_back_in_time() -> None:
    narrative = Narrative()
    find_dates("In 146 BC Carthage fell.", narrative=narrative)
    (later,) = find_dates("The Vandals came in 429.", narrative=narrative)
    assert later.value is not None and later.value.start == "0429"  # after 146 BC, 429 BC would go back
    narrative = Narrative()
    find_dates("In 490 BC the Persians landed.", narrative=narrative)
    (again,) = find_dates("In 480 they returned.", narrative=narrative)
    assert again.value is not None and again.value.start == "-0480"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10, max_value=99), st.integers(min_value=0, max_value=89),
       st.sampled_from(["he defeated Pompey", "Caesar won", "the walls fell", ", the city fell"]))
def test_dates_narrative_two_digit_years_anchor_in_a_bc_narrative(start: int, back: int, clause: str) -> None:
    """REVIEW 1.5: in a BC narrative, "In NN" is NN BC when it does not go back in time (a BC year at or
    after the narrative's), else AD NN, as for three digits; a month after it takes that year."""
    narrative = Narrative()
    find_dates(f"In {start} BC he crossed the river.", narrative=narrative)
    later = max(10, start - back)  # a year at or after start BC, written with two digits
    text = f"In {later}{'' if clause.startswith(',') else ' '}{clause}. In August he went to Egypt."
    found = [(m.text, m.value.start if m.value else None) for m in find_dates(text, narrative=narrative)]
    assert found == [(str(later), _iso(later, True)), ("August", f"{_iso(later, True)}-08")]


@pytest.mark.parametrize("text", [
    "In 12 battles he won.", "In 30 days he reached Rome.", "By 30 votes the senate agreed.",
    "He had 20 ships.", "In 48-49 he fought.", "In 48% of cases it failed.",
])
def test_dates_narrative_two_digit_counts_are_no_years_in_a_bc_narrative(text: str) -> None:
    narrative = Narrative()
    find_dates("In 49 BC he crossed the Rubicon.", narrative=narrative)
    assert [m.text for m in find_dates(text, narrative=narrative)] == []


@pytest.mark.parametrize("lead", ["In 1066 William invaded.", "In AD 9 the legions fell.", ""])
def test_dates_narrative_two_digit_years_need_a_bc_narrative(lead: str) -> None:
    """Outside a BC narrative (an AD one, even before AD 100, or none) "In 44 he died" gives no year."""
    narrative = Narrative()
    if lead:
        find_dates(lead, narrative=narrative)
    assert find_dates("In 44 he died.", narrative=narrative) == []


def test_dates_narrative_two_digit_year_after_a_bc_one_can_be_ad() -> None:
    narrative = Narrative()
    find_dates("In 12 BC Agrippa died.", narrative=narrative)
    (later,) = find_dates("In 14 Augustus died.", narrative=narrative)
    assert later.value is not None and later.value.start == "0014"  # 14 BC would go back in time


def test_dates_narrative_long_parenthesis_and_future_are_asides() -> None:
    narrative = Narrative.starting(1968)
    find_dates('The crew saw "Earthrise" (NASA\'s Lunar Orbiter 1 took the very first picture of an Earthrise from '
               "the vicinity of the Moon, on August 23, 1966).", narrative=narrative)
    assert narrative.year == 1968
    narrative = Narrative.starting(2020)
    find_dates("In December it was announced that vaccinations will start in January 2021.", narrative=narrative)
    assert narrative.year == 2020
    find_dates("Vaccinations started in January 2021.", narrative=narrative)  # control: a stated fact moves it
    assert narrative.year == 2021


@pytest.mark.parametrize(("text", "expected"), [
    ("It opened in 2020, nine years later than planned.", ["2020"]),
    ("It opened in 2011. Nine years later it closed.", ["2011", "2020"]),
])
def test_dates_narrative_later_than_is_a_comparison(text: str, expected: list[str]) -> None:
    assert [m.value.start for m in find_dates(text) if m.value] == expected


def test_dates_narrative_a_look_ahead_in_a_would_clause_does_not_move_it() -> None:
    narrative = Narrative.starting(1968)
    find_dates("On December 21, 1968 it launched.", narrative=narrative)
    find_dates("Sixteen months later, Lovell would once again have to do it.", narrative=narrative)
    (christmas,) = find_dates("On Christmas afternoon, the crew made a broadcast.", narrative=narrative)
    assert christmas.value is not None and christmas.value.start == "1968-12-25"
    find_dates("Sixteen months later, Lovell flew again.", narrative=narrative)  # control: a stated fact
    assert narrative.year == 1970


@pytest.mark.parametrize(("text", "expected"), [
    ("on August 6 and 9, 1945", [("1945-08-06", "1945-08-06"), ("1945-08-09", "1945-08-09")]),
    ("The battles took place on 3 and 4 May 1805.", [("1805-05-03", "1805-05-03"), ("1805-05-04", "1805-05-04")]),
    ("They met in June and July 1940.", [("1940-06", "1940-06"), ("1940-07", "1940-07")]),
])
def test_dates_narrative_coordinated_days_and_months_are_two_dates(text: str,
                                                                   expected: list[tuple[str, str]]) -> None:
    assert [(m.value.start, m.value.end) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("It happened between 3 and 9 May 1911.", ("1911-05-03", "1911-05-09")),  # 'between ... and': one span
    ("The fair ran from 3 to 9 May 1910.", ("1910-05-03", "1910-05-09")),
    ("The fair ran 3–9 May 1912.", ("1912-05-03", "1912-05-09")),
    ("It ran from June to July 1940.", ("1940-06", "1940-07")),
])
def test_dates_narrative_day_and_month_ranges_stay_one_range(text: str, expected: tuple[str, str]) -> None:
    assert [(m.value.start, m.value.end) for m in find_dates(text) if m.value] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("In 1975 he moved to London. The next year he opened a gallery.", ("The next year", "1976")),
    ("In 1975 he moved to London. Next year he married Ann.", ("Next year", "1976")),
    ("In 49 BC he crossed the Rubicon. Next year he won at Pharsalus.", ("Next year", "-0048")),
])
def test_dates_narrative_next_year_counts_from_the_narrative(text: str, expected: tuple[str, str]) -> None:
    assert expected in [(m.text, m.value.start) for m in find_dates(text) if m.value is not None]


@pytest.mark.parametrize("text", [
    "Sales will rise next year.",     # no narrative year yet: nothing to count from (and no dct: not news)
    "In 2017 he said: next year's winner will be remarkable.",  # a possessive: an adjective, no date
    "In 2007 Angola asked for support; the election is set for September this year.",  # the writer's year
    "In 2008 the pact passed, but the people would break it in a referendum next year.",  # a plan: the speaker's now
    'In 1969 Nixon said, "The troops will be home by the spring of next year."',  # a quotation
])
def test_dates_narrative_next_year_needs_a_year_and_no_possessive(text: str) -> None:
    assert not [m for m in find_dates(text) if m.value is not None and "year" in m.text.lower()]


def test_dates_narrative_next_year_in_news_is_the_dcts() -> None:
    """In news, 'next year' speaks from the dct, not from the last year the story stated."""
    narrative = Narrative.starting(dct="1989-11-01", domain="news")
    found = [(m.text, m.value.start if m.value else None)
             for m in find_dates("In 1975 the plant opened. Sales will rise next year.", narrative=narrative)]
    assert ("next year", "1976") not in found


@pytest.mark.parametrize(("text", "winter"), [
    # the winter after an autumn of the narrative's year is the next one (TimeML names a winter by its January)
    # (a season is given as its year; a winter spans the turn of the year it reaches)
    ("In 1774 they met. Throughout the fall and winter the militia drilled.", ("1774", "1775")),
    ("In 1774 they met. In the autumn they drilled. In the winter they marched.", ("1774", "1775")),
    ("In 480 BC they came. In the autumn they left. In the winter they starved.", ("-0480", "-0479")),
    # negatives: no autumn before it, or a new year stated since
    ("In 1774 they met. In the winter they marched.", ("1773", "1774")),
    ("In the fall of 1774 they met. In 1776 they drilled. In the winter they marched.", ("1775", "1776")),
])
def test_dates_narrative_winter_after_an_autumn(text: str, winter: tuple[str, str]) -> None:
    values = [m.value for m in find_dates(text) if m.value is not None and "winter" in m.text]
    assert [(v.start, v.end) for v in values] == [winter]


@pytest.mark.parametrize(("text", "january"), [
    ("In 1861 they met. In the fall they drilled. In January they marched.", "1862-01"),  # after the autumn
    ("In 1861 they met. In January they marched.", "1861-01"),  # no autumn before it
    ("In the fall of 1861 they drilled. In 1863 they met. In January they marched.", "1863-01"),  # a new year
])
def test_dates_narrative_january_after_an_autumn(text: str, january: str) -> None:
    assert [m.value.start for m in find_dates(text) if m.value is not None and m.text == "January"] == [january]


@pytest.mark.parametrize(("text", "next_year"), [
    # ', and' with a subject opens a new clause: a 'would' before it does not make its date a plan
    ("In 2012 the firm announced that it would convert three units, and the first unit began operating in "
     "April 2013. A second unit followed the next year.", "2014"),
    # negatives: the plan goes on without a subject, or after 'but' with a passive of the plan
    ("In 2012 it said it would build a plant, and open it in 2015. The next year it grew.", "2013"),
    ("In 2012 the games were scheduled for 2016. The next year it grew.", "2013"),
])
def test_dates_narrative_a_new_clause_ends_a_plan(text: str, next_year: str) -> None:
    found = {m.text: m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value}
    assert found[next(k for k in found if k.lower() == "the next year")] == next_year


@pytest.mark.parametrize(("text", "relative_value"), [
    # the last item of a list after a serial comma is no new clause: the plan still reaches it
    ("In 1990 the city announced it would build a school, a park, and the library in 2015. Two years later the "
     "mayor resigned.", "1992"),
    # a planned date anchors a relative date of its own clause only
    ("In 1980 the band formed. The tour was planned for 1985, but the following year the singer left.", "1981"),
    ("Hermes was cancelled in 1992. The first flight, planned for 1995, slipped to the following year.", "1996"),
])
def test_dates_narrative_plans_lists_and_clauses(text: str, relative_value: str) -> None:
    found = [m for m in find_dates(text, narrative=Narrative.starting()) if m.kind == "relative"]
    assert found and found[-1].value is not None and found[-1].value.start == relative_value


def test_dates_narrative_a_year_before_one_of_its_sentence_looks_back() -> None:
    text = ("On June 5, 1931, Capone was indicted for the years 1925 through 1929. On October 17, he was "
            "convicted.")
    assert [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value][-1] == "1931-10-17"
    # a year-less date right after the look-back in its sentence takes the look-back's year
    text = ("On June 4, 2002, it was lit in thanks for a tribute on September 12, 2001 (after the September 11 "
            "attacks). In July it was lit again.")
    values = [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value]
    assert values == ["2002-06-04", "2001-09-12", "2001-09-11", "2002-07"]
    # negatives: a later year moves the narrative, and so does a year in a sentence of its own
    assert [m.value.start for m in find_dates("In 1899 he was born; in 1931 he returned. In March he left.",
                                              narrative=Narrative.starting()) if m.value][-1] == "1931-03"
    assert [m.value.start for m in find_dates("In 1931 he returned. In 1899 he had been born. In March he left.",
                                              narrative=Narrative.starting()) if m.value][-1] == "1899-03"


@pytest.mark.parametrize(("text", "year"), [
    # a 'would' inside a fronted participle or concessive clause does not reach the main clause's date
    ("Fearing he would die in the war, Fitzgerald wrote a novel in 1918.", 1918),
    ("Although he would later deny it, he wrote the novel in 1918.", 1918),
    # negatives: the date inside the fronted clause, or a 'would' in the main clause, is a plan
    ("Hoping the law would pass in 1980, they campaigned.", None),
    ("If approved, the law would take effect in 1980.", None),
])
def test_dates_narrative_a_fronted_clause_ends_the_reach_of_would(text: str, year: int | None) -> None:
    narrative = Narrative()
    find_dates(text, narrative=narrative)
    assert narrative.year == year


@pytest.mark.parametrize(("text", "value"), [
    # a stale narrative year (two or more years off): the year of a date stated later in the same sentence
    ("The war of 1866 ended. He was captured on 1 September, and the Republic was proclaimed on 4 September "
     "1870.", "1870-09-01"),
    # the narrative's year would put the year-less month after the date that follows it: the year before
    ("In 1871 peace came. In December they lost, and on 10 January 1871 they lost again.", "1870-12"),
    # negatives: a narrative only a year off goes on; a date more than two months later, one used as an
    # adjective, a year stated earlier in the sentence, or a date in another sentence decide nothing
    ("Germany took Poland in 1939. On 10 May it invaded France, and on 22 June 1940 it signed.", "1939-05-10"),
    ("It began in 1866. On 3 March it rained, and on 4 September 1870 it ended.", "1866-03-03"),
    ("It began in 2008. In late April bombings rose, surpassing the May 2007 high.", "2008-04"),
    ("It began in 1866. In 1868 it grew; on 3 July it shrank, and on 4 September 1870 it ended.", "1868-07-03"),
    ("It began in 1866. On 3 July it shrank. On 4 September 1870 it ended.", "1866-07-03"),
])
def test_dates_narrative_a_later_date_of_the_sentence_gives_the_year(text: str, value: str) -> None:
    found = [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value]
    assert value in found


@pytest.mark.parametrize(("text", "value"), [
    # a relative counts from a work's or a case's year in parentheses when its sentence states no narrative year,
    # across a new clause and an abbreviation's full stop ("the U.S. Supreme Court")
    ("The act dated from 1924. In Naim v. Naim (1955) the court upheld it, and the U.S. Supreme Court declined to "
     "hear an appeal the following year.", "1956"),
    ("In 1990 he moved. His album Debut (1993) sold well; the following year he toured.", "1994"),
    # negatives: a narrative year stated in the sentence wins; a parenthesis of another sentence does not reach;
    # a life span is no work's year
    ("In 1990 he moved. In 1992 he read Debut (1985) and the following year he toured.", "1993"),
    ("In 1990 he moved. Debut (1985) sold. The following year he toured.", "1991"),
    ("In 1990 he moved. Mary Jones (1901–1980) joined the firm the following year.", "1991"),
])
def test_dates_narrative_a_named_year_anchors_relatives_of_its_sentence(text: str, value: str) -> None:
    found = [m for m in find_dates(text, narrative=Narrative.starting()) if m.kind == "relative" and m.value]
    assert found[-1].value is not None and found[-1].value.start == value


def test_dates_narrative_a_relative_restated_after_a_part_of_the_day() -> None:
    text = "They married on June 2, 1958. Five weeks later, early on the morning of July 11, 1958, they were arrested."
    assert [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value] == [
        "1958-06-02", "1958-07-11"]


@pytest.mark.parametrize(("text", "value"), [
    # a relative resolved in a sentence dates it: an earlier year after it looks back and moves nothing
    ("On 16 November 1989 they marched. The next day they marked the closure of the universities in 1939. "
     "On 19 November the Forum was founded.", "1989-11-19"),
    # a look back ("the previous day") does not move the narrative's date that later relatives count from
    ("On 20 November 1989 the crowd grew from 200,000 the previous day. Two days later workers joined.",
     "1989-11-22"),
    # negatives: a year stated alone in its sentence moves the narrative; a forward relative moves its date
    ("On 16 November 1989 they marched. In 1939 the universities closed. On 19 November the Forum was founded.",
     "1939-11-19"),
    ("On 20 November 1989 the crowd grew. The next day it rained. Two days later workers joined.", "1989-11-23"),
])
def test_dates_narrative_resolved_relatives_date_their_sentence(text: str, value: str) -> None:
    found = [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value]
    assert found[-1] == value

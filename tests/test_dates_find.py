"""find_dates / parse_date on the expressions the extraction issue names, and on numbers that are not dates."""

from __future__ import annotations

import pytest

from pipeline.dates import find_dates, parse_date


def _one(text: str, anchor_year: int | None = None):
    matches = find_dates(text, anchor_year=anchor_year)
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(("text", "start", "end", "precision", "qualifier", "timex"), [
    ("15 February 1992", "1992-02-15", "1992-02-15", "day", None, "1992-02-15"),
    ("June 23, 2009", "2009-06-23", "2009-06-23", "day", None, "2009-06-23"),
    ("March 1966", "1966-03", "1966-03", "month", None, "1966-03"),
    ("1995", "1995", "1995", "year", None, "1995"),
    ("2006–2007", "2006", "2007", "year", None, "2006"),
    ("1955–56", "1955", "1956", "year", None, "1955"),
    ("the 1950's", "1950", "1959", "decade", None, "195"),
    ("1990s", "1990", "1999", "decade", None, "199"),
    ("early 2007", "2007", "2007", "year", "early", "2007"),
    ("Prior to 1918", "1918", "1918", "year", "before", "1918"),
    ("by 2012", "2012", "2012", "year", "by", "2012"),
    ("since 1999", "1999", "1999", "year", "since", "1999"),
    ("until 1945", "1945", "1945", "year", "until", "1945"),
    ("c. 1900", "1900", "1900", "year", "circa", "1900"),
    ("mid-1980s", "1980", "1989", "decade", "mid", "198"),
    ("the 19th century", "1801", "1900", "century", None, "18"),
    ("the late 18th century", "1701", "1800", "century", "late", "17"),
    ("spring 1940", "1940", "1940", "year", None, "1940-SP"),
    ("AD 9", "0009", "0009", "year", None, "0009"),
    ("44 BC", "-0044", "-0044", "year", None, "BC0044"),
    ("from 1939 to 1945", "1939", "1945", "year", None, "1939"),
    ("between 1941 and 1945", "1941", "1945", "year", None, "1941"),
    ("the end of 1944", "1944", "1944", "year", "late", "1944"),
    ("6–7 January 1916", "1916-01-06", "1916-01-07", "day", None, "1916-01-06"),
    ("the winter of 1941–42", "1941", "1942", "year", None, "1942-WI"),
    ("1 July – 18 November 1916", "1916-07-01", "1916-11-18", "day", None, "1916-07-01"),
    ("Christmas Day 1914", "1914-12-25", "1914-12-25", "day", None, "1914-12-25"),
    ("the twentieth century", "1901", "2000", "century", None, "19"),
])
def test_dates_find_normalizes(text, start, end, precision, qualifier, timex) -> None:
    match = _one(text)
    assert match.text == text
    assert match.value is not None
    assert (match.value.start, match.value.end, match.value.precision, match.value.qualifier) == (
        start, end, precision, qualifier)
    assert match.timex_value == timex


def test_dates_find_list_of_years_gives_three() -> None:
    matches = find_dates("The band toured in 1968, 1974, and 1985.")
    assert [m.value.start for m in matches] == ["1968", "1974", "1985"]


@pytest.mark.parametrize(("text", "iso", "precision"), [
    ("September 17", "1990-09-17", "day"),
    ("early October", "1990-10", "month"),
    ("the 4th of July", "1990-07-04", "day"),
])
def test_dates_find_anchors_to_given_year(text, iso, precision) -> None:
    match = _one(text, anchor_year=1990)
    assert (match.value.start, match.value.precision) == (iso, precision)


def test_dates_find_anchors_to_year_mentioned_before() -> None:
    matches = find_dates("In 1916 the front held. On 6 June the attack began.", anchor_year=2001)
    assert matches[-1].value.start == "1916-06-06"


def test_dates_find_month_without_year_has_no_value() -> None:
    match = _one("In September the army retreated.")
    assert match.value is None
    assert match.timex_value == "XXXX-09"


def test_dates_find_signal_kept_out_of_timex_part() -> None:
    match = _one("by 2012")
    assert [(p.text, p.start, p.end) for p in match.parts] == [("2012", 3, 7)]


def test_dates_find_range_parts() -> None:
    match = _one("from 499 to 493 BC")
    assert [(p.text, p.timex_value) for p in match.parts] == [("499", "BC0499"), ("493 BC", "BC0493")]
    assert (match.value.start, match.value.end) == ("-0499", "-0493")


@pytest.mark.parametrize("text", [
    "The Immoral Traffic (Prevention) Act, 1956 was amended.",
    "ASA X3.4-1963", "ISO 14000", "FORTRAN 66", "Windows 2000 was released.", "Apollo 11",
    "About 2000 people attended.", "3,093 units were sold.", "He ran the 1500 metres.", "It cost $1999.",
    "See pp. 1939–1945.", "The meeting began at 10:30.", "The Long March was a retreat.",
    "There were 1666 new cases.", "Charles E. Winter wrote the song.", "the Winter Olympics",
    "COSPAR ID 1969-059A",
])
def test_dates_find_ignores_non_dates(text) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(("text", "year"), [
    # a possessive before a bare year is a determiner, not a name the year continues
    ("It was told in Mary Ann Braubach's 2010 documentary.", "2010"),
    ("Pope John XXII's 1317 edict forbade it.", "1317"),
    ("Pink Floyd's 1977 record album was inspired by it.", "1977"),
    # a nationality adjective before a year and a lower-case noun
    ("It appeared in the Italian 1976 edition of the book.", "1976"),
    ("The British 1953 expedition reached the summit.", "1953"),
    # a possessive determiner opening the sentence is capitalized but is no name either
    ("His 1905 paper changed physics.", "1905"),
    ("Their 1987 album sold well.", "1987"),
    ("Its 1990 merger failed.", "1990"),
])
def test_dates_find_year_after_a_possessive_or_a_demonym(text: str, year: str) -> None:
    assert [m.text for m in find_dates(text)] == [year]


@pytest.mark.parametrize("text", [
    "The Windows 2000 release was late.", "The Expo 2010 site was cleared.", "Office 2016 suite",
    "The French 1998 World Cup squad won.",  # a capitalized name follows: the year opens or closes a name
    "Kopp's 1987 Chevrolet Cavalier was found.",
    "Their 1987 Chevrolet broke down.",  # a model's year: a capitalized name follows
    "His 300 men held the pass.",  # a count, and no year without an early narrative
])
def test_dates_find_year_after_a_name_stays_refused(text: str) -> None:
    assert find_dates(text) == []


def test_dates_parse_date_first_date_of_value() -> None:
    value = parse_date("Bradley's Barn, Mt. Juliet, Tennessee, October 1969")
    assert (value.start, value.precision) == ("1969-10", "month")


def test_dates_parse_date_day_month_without_year() -> None:
    value = parse_date("4th of July")
    assert (value.start, value.precision) == ("--07-04", "day")


def test_dates_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("June, 31 2007") is None
    assert parse_date("February, 30 2007") is None
    assert parse_date("20008") is None


def test_dates_find_count_after_day_month_is_not_a_year() -> None:
    matches = find_dates("On 22 May, 190 new confirmed cases and 1500 troops.", anchor_year=2020)
    assert [(m.text, m.value.start) for m in matches] == [("22 May", "2020-05-22")]


def test_dates_find_aside_in_parentheses_keeps_narrative_year() -> None:
    matches = find_dates("In 1793 the Convention met (see the Constitution of 1790). On 24 June it voted.")
    assert matches[-1].value.start == "1793-06-24"


def test_dates_find_december_then_january_is_next_year() -> None:
    matches = find_dates("On December 7, 1941, Japan attacked. In January, the Allies met.")
    assert matches[-1].value.start == "1942-01"


def test_dates_find_relative_resolved_against_last_date() -> None:
    matches = find_dates("The offensive began on 8 August 1918. The next day it stalled; two days later it resumed.")
    assert [m.value.start for m in matches] == ["1918-08-08", "1918-08-09", "1918-08-11"]
    assert [m.kind for m in matches] == ["day_month_year", "relative", "relative"]


def test_dates_find_three_digit_year_only_in_an_ancient_narrative() -> None:
    ancient = find_dates("The war began in 431 BC. In 430, the plague struck; a fleet of 271 triremes sailed.")
    assert [(m.text, m.value.start) for m in ancient] == [("431 BC", "-0431"), ("430", "-0430")]
    assert [m.text for m in find_dates("In 1990 the firm opened in 300 towns. In 430 towns it failed.")] == ["1990"]


def test_dates_find_open_range_is_since() -> None:
    value = parse_date("1969–present")
    assert (value.text, value.start, value.end, value.qualifier) == ("1969–present", "1969", "1969", "since")


def test_dates_find_planned_year_does_not_move_the_narrative() -> None:
    matches = find_dates("In 1975 Hanoi attacked, expecting a campaign planned for 1976. On 11 March the line broke.")
    assert matches[-1].value.start == "1975-03-11"


def test_dates_find_next_and_previous_shift_the_year() -> None:
    # "The next spring" moves the narrative to 1778; "the previous April" looks back from there
    matches = find_dates("In 1777 they camped. The next spring, they marched; the previous April they had lost.")
    assert [m.value.start for m in matches] == ["1777", "1778", "1777-04"]


def test_dates_find_apostrophe_year_takes_the_narrative_century() -> None:
    matches = find_dates("In 1917 Italy called up the '99 Boys.")
    assert [(m.text, m.value.start) for m in matches] == [("1917", "1917"), ("'99", "1899")]
    assert find_dates("The '99 Boys.") == []


def test_dates_find_relative_year_in_bc_narrative() -> None:
    matches = find_dates("In 492 BC Mardonius sailed. The following year, Darius sent envoys.")
    assert [m.value.start for m in matches] == ["-0492", "-0491"]


def test_dates_find_day_reference_in_current_month() -> None:
    matches = find_dates("On 13 October 1950 they crossed; on the 20th the city fell. "
                         "The 20th Division held the 4th floor.")
    assert [(m.text, m.value.start) for m in matches] == [("13 October 1950", "1950-10-13"), ("the 20th", "1950-10-20")]


def test_month_day_before_a_colon_and_a_word() -> None:
    """'on April 25: The court' is a day (a dateline or a list); 'June 12:30' is a clock time, no day."""
    assert [m.text for m in find_dates("The Times said on April 25: The court ruled.", 1998)] == ["April 25"]
    assert "June 12" not in [m.text for m in find_dates("The train leaves in June 12:30 sharp.", 1998)]


@pytest.mark.parametrize(("text", "found"), [
    ("In late 1937 more than 100 people died.", ["late 1937"]),  # a function word after the year is no count
    ("By late 1937 most of them had left.", ["By late 1937"]),
    ("Reinforcements of late 1500 troops arrived.", []),  # a count noun after it still makes a count
])
def test_dates_find_part_of_period_year_before_a_quantity_phrase(text: str, found: list[str]) -> None:
    assert [m.text for m in find_dates(text)] == found


@pytest.mark.parametrize(("text", "expected"), [
    # a number joined by a hyphen to a count noun in the singular is a compound adjective: a count, no year
    ("The 1000-franc note is rare.", []), ("a 1500-seat arena", []), ("a 1200-man army", []),
    ("a 1000-year-old tree", []), ("the 1500-mile route", []), ("a 1000-page novel", []),
    # negatives: other words after the hyphen leave the year
    ("the 1968-built ship", [("1968", "1968")]), ("the 1914-era uniforms", [("1914", "1914")]),
    ("the 1990-style cars", [("1990", "1990")]), ("the 1936-37 season", [("1936", "1937")]),
    ("served 2016-present", [("2016", "2016")]),
    # 'man' counts only hyphened ('a 1200-man army'): a year before the word stays one
    ("She won the 2005 Man Booker Prize.", [("2005", "2005")]), ("the 1985 man of the match", [("1985", "1985")]),
])
def test_dates_find_hyphenated_counts_are_no_years(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.value.start, m.value.end) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("It was composed between about 300 BCE and 300 CE.", [("-0300", "0300")]),
    ("Between around 1941 and 1945 it grew.", [("1941", "1945")]),
    ("It was built between roughly 1300 and 1350.", [("1300", "1350")]),
    # negatives: without 'between', 'and' joins no range
    ("It was built about 1300 and rebuilt in 1400.", [("1300", "1300"), ("1400", "1400")]),
    ("About 1300 and 1400 are the dates.", [("1300", "1300"), ("1400", "1400")]),
])
def test_dates_find_between_looks_past_an_approximation_word(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.value.start, m.value.end) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a season is given as its year; a winter written with both years spans them
    ("In the summer of 1895 he left.", [("1895", "1895", "year")]),
    ("through the winter of 2022–23", [("2022", "2023", "year")]),
    ("He left in winter 1941.", [("1941", "1941", "year")]),
    # a spring of water is no season
    ("After bathing in the spring of Mount Ida, they left.", []), ("She dove into the spring at Delphi.", []),
    ("This was the spring which emitted vapors.", []),
    # negatives: 'in', 'on' and 'that' after a season leave it a season
    ("In 1917 they fought in the spring in Flanders.", [("1917", "1917", "year"), ("1917", "1917", "year")]),
    ("In 1916 came the spring on the Somme.", [("1916", "1916", "year"), ("1916", "1916", "year")]),
    ("In 1915 the war went on. The spring that followed brought a rising.",
     [("1915", "1915", "year"), ("1915", "1915", "year")]),
    # negatives: the season stays a date
    ("In the spring of 1776 they marched.", [("1776", "1776", "year")]),
    ("In 1777 they camped. In the spring they marched.", [("1777", "1777", "year"), ("1777", "1777", "year")]),
    ("In 1777 he fell ill. He died in the spring in which he turned 60.",
     [("1777", "1777", "year"), ("1777", "1777", "year")]),
])
def test_dates_find_seasons_are_years_and_springs_of_water_no_dates(text: str,
                                                                     expected: list[tuple[str, str, str]]) -> None:
    assert [(m.value.start, m.value.end, m.value.precision) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("It was spoken in the 3rd millennium BCE.", [("-3000", "-2001", "millennium", "BC2")]),
    ("in the first millennium AD", [("0001", "1000", "millennium", "0")]),
    ("by the early 2nd millennium", [("1001", "2000", "millennium", "1")]),
    # negatives: the word alone, or the year of a celebration, is no millennium
    ("the millennium celebrations in 2000", [("2000", "2000", "year", "2000")]),
    ("The Millennium Dome opened.", []),
])
def test_dates_find_millennia(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert [(m.value.start, m.value.end, m.value.precision, m.timex_value)
            for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "found", "qualifier"), [
    # a start with no date for its end
    ("From 1764 onwards, there was a gradual change.", "From 1764", "since"),
    ("He lived in Los Angeles from 1937 until his death.", "from 1937", "since"),
    ("It grew. From the 2000s many have settled there.", "From the 2000s", "since"),
    # negatives: a range, a source's year, a thing's year
    ("From 1975 to 1989 it grew.", "From 1975 to 1989", None),
    ("Data from 2010 show growth.", "2010", None),
    ("The film from 1995 is long.", "1995", None),
    ("From the early 1830s, he was a Whig.", "the early 1830s", "early"),  # the part of the period says more
])
def test_dates_find_an_open_start(text: str, found: str, qualifier: str | None) -> None:
    [match] = find_dates(text)
    assert (match.text, match.value.qualifier if match.value else None) == (found, qualifier)


@pytest.mark.parametrize(("text", "found", "start", "end"), [
    ("Dating from AD 300–500, they contained recipes.", "from AD 300–500", "0300", "0500"),
    ("It was built in AD 1066–1070.", "AD 1066–1070", "1066", "1070"),
    ("It lasted from AD 300 to 500.", "from AD 300 to 500", "0300", "0500"),
    # negatives: a second number that is no later year is no range's end
    ("See AD 300-2 in the catalogue.", "AD 300", "0300", "0300"),
    ("In AD 1990–91 it grew.", "AD 1990", "1990", "1990"),
])
def test_dates_find_a_range_after_an_era_prefix(text: str, found: str, start: str, end: str) -> None:
    [match] = find_dates(text)
    assert (match.text, match.value.start, match.value.end) == (found, start, end)


@pytest.mark.parametrize(("text", "expected"), [
    ("In 1991, 1500 heavily armed men attacked the town.", ["1991"]),  # an adverb, a modifier, a count noun
    ("He fought 1500 heavily armed men.", []),
    # negatives: after a year's preposition the number stays a year; no count noun after the two words
    ("By 1850 heavily armed men patrolled the road.", ["By 1850"]),
    ("In 1991 newly elected members took office.", ["1991"]),
    ("It was early 1991 only months later.", ["early 1991"]),
])
def test_dates_find_count_after_an_adverb_and_a_modifier(text: str, expected: list[str]) -> None:
    assert [m.text for m in find_dates(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("On 31 December 406 the Vandals crossed the river.", [("31 December 406", "0406-12-31")]),
    ("He died on March 3, 703.", [("March 3, 703", "0703-03-03")]),
    ("On 24 August 410 Rome was sacked.", [("24 August 410", "0410-08-24")]),
    # negatives: a count after the day and month
    ("On 3 May 300 protesters marched.", [("3 May", None)]),
    ("On 22 May, 190 new cases were found.", [("22 May", None)]),
    ("On March 3, 190 were found.", [("March 3", None)]),
    ("In May 406 the Vandals came.", [("May", None)]),  # a month alone: the number may be anything
])
def test_dates_find_three_digit_year_after_a_day_and_month(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(m.text, m.value.start if m.value else None) for m in find_dates(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a circa before a range of four-digit years: one range, approximate at its start
    ("whose agent Job Charnock (c. 1630–1693) set up a post.", [("c. 1630–1693", "1630", "1693", "circa")]),
    ("The portrait was painted c. 1500–1512 in Nuremberg.", [("c. 1500–1512", "1500", "1512", "circa")]),
    # negatives: no circa, and a circa before the end only
    ("It was built in 1630–1650.", [("1630–1650", "1630", "1650", None)]),
    ("Jan Steen (1626 – c. 1679) painted taverns.", [("1626 – c. 1679", "1626", "1679", None)]),
])
def test_dates_find_circa_before_a_range(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert [(m.text, m.value.start, m.value.end, m.value.qualifier) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a short year's span ends at a day: the day of a full end date ('c. 990 – 12 November 1035')
    ("Cnut (c. 990 – 12 November 1035) was king.", [("0990", "1035")]),
    # 'from DATE, to DATE': the comma after the first date's year
    ("She was ranked first from February 18, 2013, to September 4, 2016, a record.", [("2013-02-18", "2016-09-04")]),
    # negatives: a short span without a month after it stays a span; a comma and 'to' without 'from' joins nothing
    ("Wulfila (c. 311 – 383) was a bishop.", [("0311", "0383")]),
    ("In 1990, to the dismay of fans, the band split in 1991.", [("1990", "1990"), ("1991", "1991")]),
])
def test_dates_find_span_ends_at_a_full_date(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.value.start, m.value.end) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "values"), [
    # three or more days of one month, the last two joined by "and": a date each, the list's year for all
    ("They made moonwalks on December 11, 12 and 13, 1972, driving.", ["1972-12-11", "1972-12-12", "1972-12-13"]),
    ("In 1972 they walked on December 11, 12 and 13 in the valley.",
     ["1972", "1972-12-11", "1972-12-12", "1972-12-13"]),
    ("They fought on 11, 12 and 13 December 1972.", ["1972-12-11", "1972-12-12", "1972-12-13"]),
    ("In 1972, on 3, 5, 7 and 9 May they met.", ["1972", "1972-05-03", "1972-05-05", "1972-05-07", "1972-05-09"]),
    # negatives: a count after the list, days that do not rise, a list of years
    ("In 1972, on December 11, 12 and 13 people died.", ["1972", "1972-12-11"]),
    ("In 1972, on December 11, 9 and 13 they met.", ["1972", "1972-12-11"]),
    ("In 1990, on May 5, 1991 and 1992 were named.", ["1990", "1991-05-05", "1992"]),
])
def test_dates_find_lists_of_days(text: str, values: list[str]) -> None:
    assert [m.value.start for m in find_dates(text) if m.value is not None] == values


@pytest.mark.parametrize(("text", "value"), [
    # a number the short-year rules refuse ("in 409 theaters") gives no year to a later year-less date
    ("The film opened on June 20, 1975, in 409 theaters, expanding to 675 theaters on July 25.", "1975-07-25"),
    ("It opened in 1975 in 409 theaters, expanding on July 25.", "1975-07-25"),
    # negative: a short year that the context makes one still anchors ("In 410 … on 24 August")
    ("The Goths came in 410 and sacked Rome on 24 August.", "0410-08-24"),
])
def test_dates_find_a_refused_short_year_anchors_nothing(text: str, value: str) -> None:
    from pipeline.dates import Narrative
    found = [m.value.start for m in find_dates(text, narrative=Narrative.starting(400)) if m.value is not None]
    assert found[-1] == value


@pytest.mark.parametrize(("text", "values"), [
    # "an hour later", "minutes later": the day of the narrative's last full date
    ("He won on 16 September 2000. An hour later he anchored the relay.", ["2000-09-16", "2000-09-16"]),
    ("It splashed down on 27 December 1968. Forty-five minutes later, the crew was safe.",
     ["1968-12-27", "1968-12-27"]),
    # a day stated right after it ("six hours later on July 21") is that day, the relative is dropped
    ("It landed on July 20, 1969. He stepped out six hours later on July 21.", ["1969-07-20", "1969-07-21"]),
    # negative: without a full date before it there is no day to resolve it to
    ("He won in 2000. An hour later he anchored the relay.", ["2000"]),
])
def test_dates_find_hours_later_is_the_same_day(text: str, values: list[str]) -> None:
    from pipeline.dates import Narrative
    assert [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value] == values


@pytest.mark.parametrize(("text", "values"), [
    # "the night before", "the day before": the narrative's day before, when a clause or a name follows
    ("They reached the summit on 31 July 1954. The night before, Bonatti bivouacked.", ["1954-07-31", "1954-07-30"]),
    ("Spain won on 7 July 2010, and the Dutch, who had beaten Uruguay the day before, reached the final.",
     ["2010-07-07", "2010-07-06"]),
    # negatives: before or after an event's noun or clause, it counts from that event, not from the narrative
    ("Testing began on 5 December 1968 and continued until the day before launch.", ["1968-12-05"]),
    ("The Sun backed Labour on 18 March 1997, the day after the election was called.", ["1997-03-18"]),
    ("Her book appeared in 1923, the year after her death.", ["1923"]),
    ("On 12 April 1955, ten years to the day after Roosevelt's death, the vaccine was licensed.", ["1955-04-12"]),
    ("The trial opened on 25 November 1968; one of them killed himself the day before it began.", ["1968-11-25"]),
    # a verb after the phrase is no event it counts from: "the year before fell" is the narrative's year before
    ("Sales rose in 1990. Sales in the year before fell.", ["1990", "1989"]),
    # a capitalized word without a possessive is no named event ("the day after Christmas" is the holiday's)
    ("They left on 3 May 1990. The day after, Smith returned.", ["1990-05-03", "1990-05-04"]),
])
def test_dates_find_the_day_before_counts_from_the_narrative_only_alone(text: str, values: list[str]) -> None:
    from pipeline.dates import Narrative
    assert [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value] == values


@pytest.mark.parametrize(("text", "values"), [
    # "the following May" moves the narrative on: a later year-less month is of its year
    ("He won in September 1952. The rematch the following May ended early, and he won again that September.",
     ["1952-09", "1953-05", "1953-09"]),
    # negatives: a look back, and a plan spoken from a speaker's now, leave the narrative where it was
    ("He won in September 1952. The previous May he had lost. In October he won again.",
     ["1952-09", "1951-05", "1952-10"]),
    ("On September 10, 2007, he envisioned a withdrawal by next summer. On September 14, Bush agreed.",
     ["2007-09-10", "2008", "2007-09-14"]),
])
def test_dates_find_the_following_month_moves_the_narrative(text: str, values: list[str]) -> None:
    from pipeline.dates import Narrative
    assert [m.value.start for m in find_dates(text, narrative=Narrative.starting()) if m.value] == values


def test_dates_find_three_digit_year_in_a_text_that_stated_an_early_year() -> None:
    """A text that has stated a year before AD 1000, even in an aside, reads "in 472" as a year wherever its
    narrative stands; not a count ("in 108 congregations"), and not in a text without early years."""
    from pipeline.dates import Narrative

    def values(*texts: str, section_year: int | None = 1990) -> list[str]:
        narrative = Narrative.starting()
        out: list[str] = []
        for text in texts:
            out += [m.value.start for m in find_dates(text, narrative=narrative) if m.value]
            narrative.restart(section_year)
        return out

    assert values("Mahavira (c. 599 – c. 527 BC) taught.", "The statue was erected in 983; it stands.") == [
        "-0599", "0983"]  # the range's start, then the later section's year
    assert values("An earthquake in AD 62 hit.", "In 988, the count gave the valleys away.") == ["0062", "0988"]
    assert values("An earthquake in AD 62 hit.", "They met in 108 congregations in 2001.") == ["0062", "2001"]
    assert values("A flood in 1910 hit.", "The statue was erected in 983; it stands.") == ["1910"]

"""Deictic and relative expressions with two anchors (news: the dct; narrative: the narrative), TIME, SET,
DURATION, the domain choice of ``tag-dates``, and the grammar items of issue 9 (centuries, quarters, fiscal years)."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flows.cli import app
from pipeline.dates import Narrative, find_dates
from pipeline.dates.relative import governing_tense, tense, year_of_month
from pipeline.dates.timex import choose_domain, tag_document

DCT = "1998-01-08"  # a Thursday


def _values(text: str, dct: str | None = DCT, domain: str = "news") -> list[tuple[str, str, str]]:
    return [(t["text"], t["type"], t["value"]) for t in tag_document(text, dct, domain)]


@pytest.mark.parametrize(("text", "expected"), [
    ("He arrived today.", ("today", "DATE", "1998-01-08")),
    ("He arrived yesterday.", ("yesterday", "DATE", "1998-01-07")),
    ("He will arrive tomorrow.", ("tomorrow", "DATE", "1998-01-09")),
    ("The vote is tonight.", ("tonight", "TIME", "1998-01-08TNI")),
    ("Sales rose last year.", ("last year", "DATE", "1997")),
    ("Sales will rise next year.", ("next year", "DATE", "1999")),
    ("Prices fell this week.", ("this week", "DATE", "1998-W02")),
    ("Prices fell last week.", ("last week", "DATE", "1998-W01")),  # 1 January 1998 is in ISO week 1
    ("Prices fell this month.", ("this month", "DATE", "1998-01")),
    ("Profit fell last month.", ("last month", "DATE", "1997-12")),
    ("Profit will rise next quarter.", ("next quarter", "DATE", "1998-Q2")),
    ("The talks failed last summer.", ("last summer", "DATE", "1997-SU")),
    ("The talks resume this summer.", ("this summer", "DATE", "1998-SU")),
    ("He resigned last May.", ("last May", "DATE", "1997-05")),
    ("He resigned two years ago.", ("two years ago", "DATE", "1996")),
    ("He resigned three days ago.", ("three days ago", "DATE", "1998-01-05")),
    ("He resigned six months ago.", ("six months ago", "DATE", "1997-07")),
    ("He resigned several years ago.", ("several years ago", "DATE", "PAST_REF")),
    ("Sales rose earlier this year.", ("earlier this year", "DATE", "1998")),
    ("The index fell on Tuesday.", ("Tuesday", "DATE", "1998-01-06")),
    ("The index will open on Monday.", ("Monday", "DATE", "1998-01-12")),
    ("The index fell Tuesday morning.", ("Tuesday morning", "TIME", "1998-01-06TMO")),
    ("The vote is Friday.", ("Friday", "DATE", "1998-01-09")),  # the day after the dct
    ("He left Wednesday.", ("Wednesday", "DATE", "1998-01-07")),
    ("He left Thursday.", ("Thursday", "DATE", "1998-01-08")),  # the dct's own weekday
    ("The market closed at 3 p.m. Wednesday.", ("3 p.m. Wednesday", "TIME", "1998-01-07T15:00")),
    ("Prices are now higher.", ("now", "DATE", "PRESENT_REF")),
    ("He paid rent every month.", ("every month", "SET", "P1M")),
    ("The paper appears daily.", ("daily", "SET", "P1D")),
    ("The board meets each Thursday.", ("each Thursday", "SET", "XXXX-WXX-4")),
    ("They met every Monday night.", ("every Monday night", "SET", "XXXX-WXX-1TNI")),
    ("He visits each July.", ("each July", "SET", "XXXX-07")),
    ("It costs $5 per month.", ("per month", "SET", "P1M")),
    ("The strike lasted five years.", ("five years", "DURATION", "P5Y")),
    ("The feud lasted nearly forty years.", ("nearly forty years", "DURATION", "P40Y")),
    ("It took a couple of years.", ("a couple of years", "DURATION", "P2Y")),
    ("Profit fell over the past two months.", ("the past two months", "DURATION", "P2M")),
])
def test_dates_relative_news_anchors_to_the_dct(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _values(text)


@pytest.mark.parametrize(("text", "control"), [
    ("He played for the Friday Club.", "He played on Friday."),
    ("She watched the Today Show.", "She watched it today."),
    ("The earlier plan failed.", "The plan failed earlier this year."),
    ("Nowhere was it calmer.", "Now it was calmer."),
])
def test_dates_relative_news_negatives(text: str, control: str) -> None:
    assert _values(text) == []
    assert _values(control) != []


def test_dates_relative_narrative_domain_never_uses_the_dct() -> None:
    text = "The army left in 1941. Last year it came back. In June it won."
    news = _values(text, "2009-12-19", "news")
    narrative = _values(text, "2009-12-19", "narrative")
    assert ("Last year", "DATE", "2008") in news
    assert not any(v[0] == "Last year" for v in narrative)
    assert ("June", "DATE", "1941-06") in narrative


def test_dates_relative_news_month_without_year_takes_the_dct_year_by_tense() -> None:
    dct = date(1998, 1, 8)
    # Near the dct the nearest reading wins, whatever the tense ("payable Dec. 7" written in late October).
    assert year_of_month(10, dct, "past") == 1997
    assert year_of_month(10, dct, "future") == 1997
    assert year_of_month(3, dct, "past") == 1998
    assert year_of_month(1, dct, "past") == 1998
    assert year_of_month(12, date(1989, 10, 30), "past") == 1989
    # Half a year away, the tense decides.
    assert year_of_month(7, dct, "past") == 1997
    assert year_of_month(7, dct, "future") == 1998
    assert year_of_month(1, date(1998, 6, 1), "future") == 1999
    assert year_of_month(1, date(1998, 6, 1), "past") == 1998
    text = "The company said profit fell in October. It will open a plant in March."
    assert ("October", "DATE", "1997-10") in _values(text)
    assert ("March", "DATE", "1998-03") in _values(text)
    # A year stated in the same sentence wins over the dct.
    assert ("June", "DATE", "1995-06") in _values("In 1995 the plant opened in June.")


def test_dates_relative_tense_reads_the_nearest_marker() -> None:
    text = "The minister said on Friday that the bank will cut rates."
    at = text.index("Friday")
    assert tense(text, at, at + 6) == "past"
    text = "The bank will cut rates on Friday."
    at = text.index("Friday")
    assert tense(text, at, at + 6) == "future"
    assert tense("Rates are high on Friday.", 17, 23) is None


@pytest.mark.parametrize(("text", "when"), [
    ("Since KKR bought RJR in February, it has sold units.", "past"),  # irregular past verbs count
    ("The index fell sharply in February.", "past"),
    ("The company will sell the unit in February.", "future"),
    ("Rates are high in February.", None),  # no marker: the nearest reading decides
    ("The banks cut rates in February.", None),  # 'cut' is present or past: no marker
])
def test_dates_relative_tense_knows_irregular_past_verbs(text: str, when: str | None) -> None:
    at = text.index("February")
    assert tense(text, at, at + len("February")) == when


def test_dates_relative_quarters_in_news() -> None:
    text = "The company expects to report third-quarter profit. The quarter was weak; a year earlier it was strong."
    values = _values(text, "1989-10-26")
    assert ("third-quarter", "DATE", "1989-Q3") in values
    assert ("The quarter", "DATE", "1989-Q3") in values
    assert ("a year earlier", "DATE", "1988-Q3") in values
    # Without a quarter before it, "the quarter" names nothing.
    assert not any(v[0] == "the quarter" for v in _values("Sales in the quarter rose.", "1989-10-26"))


def test_dates_relative_auto_domain() -> None:
    news = "Stocks fell on Tuesday, traders said. The index will open lower today."
    history = " ".join(f"In {1900 + i} the war went on." for i in range(30)) + " Today it is remembered."
    assert choose_domain(news, DCT) == "news"
    assert choose_domain(history, DCT) == "narrative"
    assert choose_domain(news, None) == "narrative"  # no dct: nothing to anchor news to


def test_dates_relative_narrative_relative_expressions_are_certain_events() -> None:
    narrative = Narrative()
    matches = find_dates("In 1941 the army left. The following year it returned. Two years later it won.",
                         narrative=narrative)
    assert [m.value.start for m in matches if m.value] == ["1941", "1942", "1944"]
    assert narrative.year == 1944
    # A look back does not move the narrative.
    narrative = Narrative.starting(1965)
    find_dates("Two decades earlier the French had fought there.", narrative=narrative)
    assert narrative.year == 1965


@pytest.mark.parametrize(("text", "expected"), [
    ("In 1850 the mill opened. That same year the owner left.", [("1850", "1850"), ("That same year", "1850")]),
    ("In 1850 the mill opened. Later that same year it burned.", [("1850", "1850"), ("Later that same year", "1850")]),
    ("In March 1852 it closed. Later that same month it reopened.",
     [("March 1852", "1852-03"), ("Later that same month", "1852-03")]),
    ("In 1850 the mill opened. Earlier that same year the owner had left.",
     [("1850", "1850"), ("Earlier that same year", "1850")]),
])
def test_dates_relative_narrative_that_same_year_and_month(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(m.text, m.value.start) for m in find_dates(text, narrative=Narrative()) if m.value]
    assert found == expected


def test_dates_relative_narrative_that_same_year_needs_a_year_before() -> None:
    assert [m.text for m in find_dates("That same year the owner left.", narrative=Narrative()) if m.value] == []


@pytest.mark.parametrize(("text", "start", "end", "precision", "timex"), [
    ("the 1800s saw growth", "1800", "1899", "century", "18"),
    ("In Q3 2019 sales rose", "2019-07", "2019-09", "month", "2019-Q3"),
    ("in the third quarter of 1990", "1990-07", "1990-09", "month", "1990-Q3"),
    ("fiscal 1990 revenue", "1990", "1990", "year", "1990"),
    ("the 1880s–90s", "1880", "1899", "decade", "188"),
    ("from the 16th to the 18th century", "1501", "1800", "century", "15"),
    ("between the 23rd and 18th centuries BC", "-2300", "-1701", "century", "BC22"),
    ("in the nineties", "1990", "1999", "decade", "199"),
    ("the last half of 1989", "1989", "1989", "year", "1989-H2"),
])
def test_dates_relative_grammar_items(text: str, start: str, end: str, precision: str, timex: str) -> None:
    (match,) = find_dates(text)
    assert match.value is not None
    assert (match.value.start, match.value.end, match.value.precision, match.timex_value) == (
        start, end, precision, timex)


@pytest.mark.parametrize(("text", "expected"), [
    ("the 17th and 18th centuries", [("1601", "1700"), ("1701", "1800")]),
    ("the 5th and 4th centuries BC", [("-0500", "-0401"), ("-0400", "-0301")]),
    ("the 1960s and 1970s", [("1960", "1969"), ("1970", "1979")]),
    ("the 1970s and 80s", [("1970", "1979"), ("1980", "1989")]),
    ("in the 4th & 5th centuries", [("0301", "0400"), ("0401", "0500")]),  # an ampersand joins as "and" does
    ("the 1960s & 1970s", [("1960", "1969"), ("1970", "1979")]),
    ("the 4th & 5th goals", []),  # no period noun: ordinals, not dates
])
def test_dates_relative_grammar_coordinated_periods_are_two_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.value.start, m.value.end) for m in find_dates(text) if m.value] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # each of two coordinated periods keeps its own part of the period
    ("during the late 7th and early 8th centuries", [("0601", "late"), ("0701", "early")]),
    ("during the late 7th and 8th centuries", [("0601", "late"), ("0701", None)]),
    ("the 17th and 18th centuries", [("1601", None), ("1701", None)]),
    # a range's ends: one range (the qualifier of a range is not either end's)
    ("from the late 7th to the early 8th century", [("0601", None)]),
])
def test_dates_relative_grammar_coordinated_periods_keep_their_parts(text: str,
                                                                     expected: list[tuple[str, str | None]]) -> None:
    assert [(m.value.start, m.value.qualifier) for m in find_dates(text) if m.value] == expected


def test_dates_relative_grammar_ranges_give_both_parts() -> None:
    (match,) = find_dates("from the 16th to the 18th century")
    assert [p.timex_value for p in match.parts] == ["15", "17"]
    timexes = tag_document("the 1880s–90s", None, "narrative")
    assert [t["value"] for t in timexes] == ["188", "189"]


@pytest.mark.parametrize("text", ["the Audi Q3 model", "the 1900s", "quarterly results", "a Q4 2 engine",
                                  "a man in his sixties"])
def test_dates_relative_grammar_negatives(text: str) -> None:
    values = [m.value for m in find_dates(text)]
    assert not any(v is not None and v.precision == "century" for v in values)
    assert not any(m.text == "sixties" for m in find_dates(text))
    assert not any(m.timex_value and "Q" in m.timex_value for m in find_dates(text))


def test_dates_relative_cli_domain(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "d1", "text": "The strike began last year.", "dct": DCT}) + "\n",
                      encoding="utf-8")
    runner = CliRunner()
    for domain, expected in (("news", ["1997"]), ("narrative", [])):
        out = tmp_path / f"{domain}.jsonl"
        result = runner.invoke(app, ["tag-dates", str(source), "--out", str(out), "--domain", domain])
        assert result.exit_code == 0, result.output
        (line,) = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
        assert [t["value"] for t in line["timexes"]] == expected
    result = runner.invoke(app, ["tag-dates", str(source), "--out", str(tmp_path / "x.jsonl"), "--domain", "sport"])
    assert result.exit_code != 0 and "--domain" in result.output


NEWS_FRAGMENTS = ["Friday", "today", "last", "next", "this", "week", "year", "quarter", "third-quarter", "ago",
                  "two", "days", "said", "will", "3 p.m.", "noon", "every", "month", "the", "a year earlier",
                  "October", "Q3", "2019", "1989", "summer", "morning", ".", ",", " ", "\n", "now", "recent"]
TIMEX_VALUE = re.compile(r"-?\d{2,4}(?:-(?:\d{2}|W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI)(?:-\d{2}|-WE)?)?(?:T\w+(?::\d\d)?)?"
                         r"|BC\d{2,4}(?:-\d{2}(?:-\d{2})?|-[A-Z]{2})?|XXXX[-\w:]*|P[\dX]+\w*|PT[\dX]+\w+"
                         r"|(?:PRESENT|PAST|FUTURE)_REF")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NEWS_FRAGMENTS), min_size=1, max_size=14).map(" ".join),
       st.sampled_from(["news", "narrative", "auto"]))
def test_dates_relative_news_tagging_is_well_formed(text: str, domain: str) -> None:
    timexes = tag_document(text, DCT, domain)
    previous_end = 0
    for t in timexes:
        assert text[t["start"]:t["end"]] == t["text"]
        assert t["start"] >= previous_end, "timexes never overlap"
        previous_end = t["end"]
        assert t["type"] in ("DATE", "TIME", "DURATION", "SET")
        assert TIMEX_VALUE.fullmatch(t["value"]), t


def test_dates_relative_news_tagging_time_is_linear() -> None:
    unit = "Stocks fell Friday and last week, two years ago, in the third quarter; the quarter was weak, he said. "

    def best(text: str) -> float:
        times = []
        for _ in range(2):
            began = time.perf_counter()
            tag_document(text, DCT, "news")
            times.append(time.perf_counter() - began)
        return min(times)

    t_small, t_large = best(unit * 100), best(unit * 800)
    # 8x the input may cost ~8x the time (x3 for noise on a shared machine), never quadratic (64x).
    assert t_large <= 24 * t_small + 0.1, (t_small, t_large)


@pytest.mark.parametrize(("text", "expected"), [
    ("On Thanksgiving Day 1999 he left.", "1999-11-25"),  # fourth Thursday of November
    ("In 1998 the vote came on Election Day.", "1998-11-03"),  # Tuesday after the first Monday
    ("Easter 2000 fell late.", "2000-04-23"),
    ("Good Friday 1998 was cold.", "1998-04-10"),
    ("On Memorial Day 2001 they marched.", "2001-05-28"),  # last Monday of May
    ("Labor Day 1990 was hot.", "1990-09-03"),
])
def test_dates_relative_floating_holidays(text: str, expected: str) -> None:
    assert [m.value.start for m in find_dates(text) if m.value][-1] == expected


@pytest.mark.parametrize("text", ["the Easter Rising began.", "the Christmas Truce held.", "a Thanksgiving Parade"])
def test_dates_relative_holiday_opening_a_name_is_no_date(text: str) -> None:
    assert find_dates(text, anchor_year=1916) == []
    assert find_dates(text.split()[1] + " came.", anchor_year=1916) != []  # control: the holiday alone


def test_dates_relative_news_last_and_next_month_or_holiday() -> None:
    assert ("last October", "DATE", "1997-10") in _values("He resigned last October.", "1998-03-01")
    # The month right before the dct's is "last month": "last February" written in March is a year back, the
    # month before it is the nearest one; "next April" written in March is a year ahead, "next May" this year's.
    assert ("last February", "DATE", "1997-02") in _values("He resigned last February.", "1998-03-01")
    assert ("last January", "DATE", "1998-01") in _values("He resigned last January.", "1998-03-01")
    assert ("last December", "DATE", "1997-12") in _values("He resigned last December.", "1998-01-20")
    assert ("next May", "DATE", "1998-05") in _values("He will resign next May.", "1998-03-01")
    assert ("next April", "DATE", "1999-04") in _values("He will resign next April.", "1998-03-01")
    assert ("this September", "DATE", "1998-09") in _values("The election is due this September, he said.",
                                                            "1998-02-05")  # the dct's year, whatever the tense
    assert ("September", "DATE", "1997-09") in _values("The election was held in September, he said.",
                                                       "1998-02-05")  # control: without "this", the tense
    assert ("Thanksgiving Day", "DATE", "1999-11-25") in _values("They met on Thanksgiving Day, he said.",
                                                                 "2000-01-07")


@pytest.mark.parametrize(("text", "years"), [
    ("The ferry carried 1500 passengers.", []),  # 'passengers' is in the shared quantities.json list
    ("In 1500 passengers crossed by ship.", ["1500"]),  # after 'in' a number is a year
    ("It was listed as Route 1990.", []),
    ("It cost Rs. 2000.", []),
    # count heads and link words, one list with the event filter (count_heads, count_links_before)
    ("Attendance was 1850, a record.", []),
    ("The total reached 1990 by noon.", []),
    ("The death toll stood at about 1944.", []),
    ("Attendance in 1990 was low.", ["1990"]),                  # a year preposition: the year of the count
    ("The population fell from 1830 to 1872.", ["1830"]),      # a range keeps both ends (start shown)
    ("The death toll of the war of 1945 is unknown.", ["1945"]),  # 'of' links no count: the war's year
    ("The 2014 population was larger.", ["2014"]),             # a head after a year is no count noun
    ("Sunday saw 1666 cases confirmed.", []),                  # ... but 'cases' is
])
def test_dates_relative_grammar_reads_the_shared_quantity_list(text: str, years: list[str]) -> None:
    assert [m.value.start for m in find_dates(text) if m.value] == years


@pytest.mark.parametrize(("text", "years"), [
    ("It happened in nineteen ninety-six.", ["1996"]),
    ("Unemployment will be halved by the year two thousand.", ["2000"]),
    ("It opened in two thousand and one.", ["2001"]),
    ("It was built in nineteen oh five.", ["1905"]),
    # Negatives: counts, and number words without a year's context.
    ("Two thousand people came.", []),
    ("In two thousand troops landed.", []),
    ("Nineteen twenty was cold.", []),
    ("nineteen people came", []),
])
def test_dates_relative_grammar_years_in_words(text: str, years: list[str]) -> None:
    assert [m.value.start for m in find_dates(text) if m.value] == years


@pytest.mark.parametrize(("text", "dct", "expected"), [
    ("The ambassador said over the weekend that talks failed.", "1990-08-13", "1990-W32-WE"),  # Monday: the one before
    ("Traders will square positions ahead of the weekend.", "1989-10-26", "1989-W43-WE"),  # future: the next one
    ("Officials met over the weekend.", "1990-08-12", "1990-W32-WE"),  # written on a Sunday: that weekend
])
def test_dates_relative_the_weekend(text: str, dct: str, expected: str) -> None:
    assert ("the weekend", "DATE", expected) in _values(text, dct)


def test_dates_relative_the_weekend_negatives() -> None:
    assert not [v for v in _values("They met on the weekend of July 4.", "1990-08-13") if "weekend" in v[0]]
    assert not [v for v in _values("Officials met over the weekend.", "1990-08-13", "narrative") if "weekend" in v[0]]


def test_dates_relative_year_ago_after_nine_months_is_the_year() -> None:
    """'a year earlier' names the year-ago quarter after a quarter, the year before after 'the first nine months'."""
    quarter = "Net rose to $5 million in the third quarter, from $4 million a year earlier."
    months = quarter + " In the first nine months, net was $9 million, compared with $7 million a year earlier."
    dct = "1989-11-01"
    assert ("a year earlier", "DATE", "1988-Q3") in _values(quarter, dct)
    values = [v for v in _values(months, dct) if v[0] == "a year earlier"]
    assert values == [("a year earlier", "DATE", "1988-Q3"), ("a year earlier", "DATE", "1988")]


@pytest.mark.parametrize(("text", "expected"), [
    ("It costs $5 per month.", ("per month", "SET", "P1M")),
    ("Sales reached $33 million a year.", ("a year", "DURATION", "P1Y")),  # TimeML: the rate's period (P1Y)
    ("Revenue should rise 20% annually.", ("annually", "SET", "P1Y")),
])
def test_dates_relative_rates_keep_their_period(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _values(text)


def test_dates_relative_capitalized_unit_is_a_title() -> None:
    assert not _values('Baker, speaking on ABC\'s "This Week With David Brinkley," said talks failed.')
    assert ("This week", "DATE", "1998-W02") in _values("This week prices fell.")


@pytest.mark.parametrize(("text", "dated"), [
    ("He told USA Today that he would run.", False),  # a newspaper
    ("This is VOA Today.", False),                    # a programme
    ("Today, prices fell.", True),                    # sentence start: the dct
    ('He said on Monday. "Today we win," he said.', True),
    ("Prices fell sharply today.", True),
])
def test_dates_relative_titled_today_is_a_name(text: str, dated: bool) -> None:
    assert bool([v for v in _values(text) if v[0].lower() == "today"]) == dated


@pytest.mark.parametrize(("text", "when"), [
    ("Sununu was told Wednesday", "past"),  # a past verb right before the weekday
    ("The king met Monday", "past"),
    ("They will meet Monday", "future"),
    ("Leaders meet separately on Monday", "future"),  # news writes planned events in the present
    ("The trial opens Tuesday", "future"),
    ("He plans to visit Friday", "future"),  # an infinitive takes the tense of what governs it
    ("It had been due to expire Friday", None),  # ... and 'had been due to' is no plan marker
    ("The vote Monday", None),  # after a determiner: a noun
    ("his visit Tuesday", None),
    ("He arrived, Monday", None),  # punctuation closes the clause
    ("Prices are high Monday", None),  # no verb of a scheduled event right before it
])
def test_dates_relative_governing_tense(text: str, when: str | None) -> None:
    assert governing_tense(text, text.rindex(" ") + 1) == when


@pytest.mark.parametrize(("text", "expected"), [
    # dct Friday 1998-05-01: a future marker or a verb of a scheduled event in the present points forward
    ("He and Arafat meet separately Monday with Albright.", "1998-05-04"),
    ("The king will meet Monday with Albright.", "1998-05-04"),
    ("The trial opens Tuesday in Boston.", "1998-05-05"),
    ("The king met Monday with Albright.", "1998-04-27"),  # controls: past, or no verb, the one before
    ("Prices were high Monday in Tokyo.", "1998-04-27"),
    ("The vote Monday was close.", "1998-04-27"),  # a noun after a determiner, not the verb
    # review: the scheduled-event words are nouns or adjectives too; in a past clause, or after a determiner two
    # words back, they govern nothing
    ("Markets remained open Monday in Tokyo.", "1998-04-27"),
    ("Stores were open Monday.", "1998-04-27"),
    ("He was on leave Monday.", "1998-04-27"),
    ("The bill passed after a Senate vote Monday.", "1998-04-27"),
    ("Shares had a strong start Monday.", "1998-04-27"),
    # the day before the dct stays that day unless a future verb governs it (dct Tuesday 1991-12-03)
    ("Sununu will meet Monday with Bush.", "1991-12-09"),
    ("Sununu met Monday with Bush.", "1991-12-02"),
    ("Sununu was told Wednesday by his son.", "1991-12-04"),  # a past verb does not override the day after
])
def test_dates_relative_weekday_takes_the_tense_of_its_verb(text: str, expected: str) -> None:
    dct = "1991-12-03" if "Sununu" in text else "1998-05-01"
    values = [v for v in _values(text, dct) if v[1] == "DATE"]
    assert values[0][2] == expected


def test_dates_relative_completed_period_compares_the_day() -> None:
    # "the quarter ended Oct. 31" written on 27 October: that Oct. 31 is a year back; Oct. 2 is this year's
    assert ("Oct. 31", "DATE", "1988-10-31") in _values("The second quarter ended Oct. 31 was weak.", "1989-10-27")
    assert ("Oct. 2", "DATE", "1989-10-02") in _values("The second quarter ended Oct. 2 was weak.", "1989-10-27")


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("Trucks crossed. A day earlier, scores of trucks waited.", ("A day", "DURATION", "P1D"), "A day earlier"),
    ("Three days later, the index closed higher.", ("Three days", "DURATION", "P3D"), "Three days later"),
    ("Two weeks later, he resigned.", ("Two weeks", "DURATION", "P2W"), "Two weeks later"),
])
def test_dates_relative_news_signalled_durations(text: str, expected: tuple[str, str, str], absent: str) -> None:
    values = _values(text, "1998-03-06")
    assert expected in values
    assert all(v[0] != absent for v in values)
    # longer units stay dates (the year-ago period), and the narrative domain keeps the resolved date
    assert ("Two years later", "DATE", "2000") in _values("Two years later, they left.", "1998-03-06")
    narrative = _values("On 3 March 1998 they met. " + text, "1998-03-06", "narrative")
    assert any(v[0] == absent and v[1] == "DATE" for v in narrative)


def test_dates_relative_days_count_from_a_weekday_named_before() -> None:
    text = "The talks began on Tuesday. The following day, the rebels withdrew."
    assert ("The following day", "DATE", "1998-03-04") in _values(text, "1998-03-06")
    # control: a full date named after the weekday is the anchor; without any, the dct
    text = "The talks began on Tuesday. On March 1 they met. The next day they left."
    assert ("The next day", "DATE", "1998-03-02") in _values(text, "1998-03-06")
    assert ("the following day", "DATE", "1998-03-07") in _values("They withdrew the following day.", "1998-03-06")


def test_dates_relative_latest_quarter_is_a_reported_one() -> None:
    # Written 2 November 1989 (Q4): with no quarter named, "the latest quarter" is the one that ended, Q3
    assert ("the latest quarter", "DATE", "1989-Q3") in _values("Profit fell 59% in the latest quarter.", "1989-11-02")
    # a running or future quarter named before it is not the latest one reported
    text = "It expects a fourth-quarter charge. Profit fell 59% in the latest quarter."
    assert ("the latest quarter", "DATE", "1989-Q3") in _values(text, "1989-11-02")
    # control: a quarter already over is the one meant; and "the quarter" alone still needs one named before it
    text = "Second-quarter profit rose. Sales in the latest quarter were flat."
    assert ("the latest quarter", "DATE", "1989-Q2") in _values(text, "1989-11-02")
    assert not any(v[0] == "the quarter" for v in _values("Sales in the quarter were flat.", "1989-11-02"))


@pytest.mark.parametrize(("text", "expected"), [
    ("It lasted twenty-four hours.", ("twenty-four hours", "DURATION", "PT24H")),
    ("Prices fell in the last twenty four hours.", ("the last twenty four hours", "DURATION", "PT24H")),
    ("He served for thirty-five years.", ("thirty-five years", "DURATION", "P35Y")),
    ("He served for twenty years.", ("twenty years", "DURATION", "P20Y")),  # control: tens alone
])
def test_dates_relative_compound_number_durations(text: str, expected: tuple[str, str, str]) -> None:
    values = _values(text)
    assert expected in values
    assert not any(v[2] in ("PT4H", "P5Y") for v in values)  # not the last word of the number alone


def test_dates_relative_news_year_of_a_sentence_ends_at_a_closing_quote() -> None:
    # the year stated in the sentence before (closed by '."') does not anchor the next sentence's quarter
    text = 'Sales rose in 1990, he called it "justified." While third-quarter earnings were weak, he said.'
    assert ("third-quarter", "DATE", "1989-Q3") in _values(text, "1989-10-26")
    # control: in the same sentence the stated year anchors it
    text = "Sales rose in 1990, he called it justified, while third-quarter earnings were weak, he said."
    assert ("third-quarter", "DATE", "1990-Q3") in _values(text, "1989-10-26")


@pytest.mark.parametrize(("text", "expected"), [
    ("On 23 June 1953 he suffered a stroke; the next morning he chaired a meeting.",
     [("23 June 1953", "1953-06-23"), ("the next morning", "1953-06-24")]),
    ("On 3 May 1901 the king arrived. The following evening he left.",
     [("3 May 1901", "1901-05-03"), ("The following evening", "1901-05-04")]),
    ("On 3 May 1901 the king arrived. The previous night it had rained.",
     [("3 May 1901", "1901-05-03"), ("The previous night", "1901-05-02")]),
    ("On 2 April 1912 she passed her trials. She left Belfast the same evening.",
     [("2 April 1912", "1912-04-02"), ("the same evening", "1912-04-02")]),
    ("On 10 April 1912 she left. That night it rained.",
     [("10 April 1912", "1912-04-10"), ("That night", "1912-04-10")]),
    # negatives: no narrative day to count from (a year is no day); a part of the day alone is no relative date
    ("The next morning he chaired a meeting.", []),
    ("In 1912 she sailed. That evening she called at Cherbourg.", [("1912", "1912")]),
    ("On 3 May 1901 the king arrived. In the morning he left.", [("3 May 1901", "1901-05-03")]),
])
def test_dates_relative_narrative_next_morning_is_the_next_day(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value.start) for m in find_dates(text, narrative=Narrative()) if m.value] == expected


def test_dates_relative_next_morning_is_a_time_in_the_tagger() -> None:
    tags = tag_document("On April 14, 1865 he was shot. He died early the next morning.", None, "narrative")
    assert [(t["text"], t["type"], t["value"]) for t in tags] == [
        ("April 14, 1865", "DATE", "1865-04-14"), ("early the next morning", "TIME", "1865-04-15TMO")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The first colleges were founded in 1962. More followed the following decade.",
     [("1962", "1962", "1962"), ("the following decade", "1970", "1979")]),
    ("In 1962 the band formed. That decade they toured widely.",
     [("1962", "1962", "1962"), ("That decade", "1960", "1969")]),
    # the narrative stays in its year: 'the following year' counts from 1962
    ("In 1962 X was founded. The following decade Y grew. The following year Z came.",
     [("1962", "1962", "1962"), ("The following decade", "1970", "1979"), ("The following year", "1963", "1963")]),
    # negatives: 'the next decade' reads as a span as often (WikiWars: P10Y); no year to count from
    ("In 1962 X was founded. Over the next decade Y grew.", [("1962", "1962", "1962")]),
    ("More followed the following decade.", []),
])
def test_dates_relative_narrative_decades(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_dates(text, narrative=Narrative())
    assert [(m.text, m.value.start, m.value.end) for m in found if m.value] == expected

"""Non-event rules: years inside names, identifiers, counts, URLs and file names are not event dates."""

from __future__ import annotations

import re

import pytest

from pipeline.extract.event_filters import (
    is_list_entry,
    is_skipped_section,
    non_event_reason,
    trailing_number_end,
    year_in_name,
)


def _reason(sentence: str, date: str) -> str | None:
    start = sentence.index(date)
    return non_event_reason(sentence, start, start + len(date))


@pytest.mark.parametrize(("sentence", "date", "reason"), [
    ("besides advocating abolition of 'The Immoral Traffic (Prevention) Act, 1956' (PITA), and legalisation.",
     "1956", "law_title"),
    ("He drafted the Companies Act 1985 in full.", "1985", "law_title"),
    ("through the Legal Framework Order (LFO), 2002, enforced on 21 August 2002.", "2002", "law_title"),
    ("Four seats were added (Act No. X of 2010).", "2010", "law_title"),
    ("He helped draft legislation that became the Civil Rights Act of 1957.", "1957", "law_title"),
    ("The standard ASA X3.4-1963 was published.", "1963", "identifier"),
    ("It follows ISO/IEC 9899:1999 closely.", "1999", "identifier"),
    ("He went to Expo 2010 in Shanghai.", "2010", "identifier"),
    ("The crowd was 2000 people strong.", "2000", "count"),
    ("It operates 1500 stores worldwide.", "1500", "count"),
    ("Turnout rose by 1200 % overall.", "1200", "count"),
    ("It cost $1995 in total.", "1995", "amount"),
    ("See File:Royal_Cinema_2009.jpg for a picture.", "2009", "url_or_file"),
    ("Read http://example.org/2013/12/30/story today.", "2013", "url_or_file"),
    ("Version 3.1995 came out.", "1995", "identifier"),
    ("The song \"Summer of 1969\" was a hit.", "1969", "quoted_title"),
    ("taking the number of confirmed cases to 1572 and that of deaths to 205.", "1572", "count"),
    ("bringing the total number of confirmed cases up to 1914 today.", "up to 1914", "count"),
    ("1700 healthcare professionals have been contaminated.", "1700", "count"),
    ("There were 1200 journalists covering the mission.", "1200", "count"),
    ("They appeared in the film Spirit of '76 with David Cassidy.", "'76", "name"),
    ("He appears in the promotional video for \"1976\".", "1976", "quoted_title"),
    ("Bertrand Russell is a 20th-century philosopher who agreed.", "20th-century", "modifier"),
    ("In the foreword to his novel 2001: A Space Odyssey Clarke wrote.", "2001", "title"),
    ("Early remnants (200,000 BC) of hominids were found.", "000 BC", "identifier"),
    ("the character in the book Protrepticus (Hutchinson and Johnson, 2015 p. 22) speaks.", "2015", "citation"),
    ("as argued before (Smith 1998) by others.", "1998", "citation"),
    ("Strangers to Ourselves, Palgrave Macmillan, 1996.", "1996", "citation"),
    ("Geschichte seines Lebens (Berlin: Hofmann, 1876).", "1876", "citation"),
    ("The city hosted the 1936 Summer Olympics.", "Summer", "name"),
    ("She only associated it with her summer holidays in Greece.", "summer", "generic"),
    ("two lions for Leo, a crab for Cancer (May), and two fairies for Virgo.", "May", "ambiguous_month"),
    ("Gilbert grew up on a small family Christmas tree farm.", "Christmas", "modifier"),
    ("It can be found in The Arts Club of Chicago: The Collection 1916-1996 by Sophia Shaw.", "1916-1996", "name"),
    ("Baylor hired her as part of its \"Baylor 2012\" vision.", "2012", "quoted_title"),
    ("They met at the Windsor 1995 gala of the club.", "1995", "name"),
])
def test_events_filters_reject_non_events(sentence: str, date: str, reason: str) -> None:
    assert _reason(sentence, date) == reason


@pytest.mark.parametrize(("sentence", "date"), [
    ("In 1995 he formed 'Durbar Mahila Samanwaya Committee' (DMSC) with 12 sex workers.", "1995"),
    ("By 2012 DMSC had a membership of 65,000.", "2012"),
    ("The Royal was featured in the 2013 film The F Word.", "2013"),
    ("He played for the Cardinals (1974–79).", "1974–79"),
    ("In the mid-1990s, it grew.", "1990s"),
    ("Since 1931, the club have played at the stadium.", "1931"),
    ("In 1995 women gained the vote.", "1995"),
    ("The DMSC hosted the convention on 14 November 1997 in Kolkata.", "14 November 1997"),
    ("It was held in Summer 1969 at the lake.", "1969"),
    ("'We formed it in 1995,' she said.", "1995"),
    ("1995 saw the release of their first album.", "1995"),
    ("1991: Spun off its printer division to Lexmark", "1991"),
    ("The city hosted the 1936 Summer Olympics.", "1936"),
    ("That summer the band toured Greece.", "summer"),
    ("In May the band toured Greece.", "May"),
    ("The season begins during November or December of the previous year.", "December"),
    ("His parents, Bomi (1908–2003) and Jer Bulsara (1922–2016), were Parsis.", "1908–2003"),
    ("Since 1999 the number of members rose steadily.", "Since 1999"),
])
def test_events_filters_keep_event_dates(sentence: str, date: str) -> None:
    assert _reason(sentence, date) is None


def test_events_filters_trailing_count_is_not_a_year() -> None:
    sentence = "On 16 August, 450 new confirmed cases were recorded."
    assert trailing_number_end(sentence, 3, 17) == 12
    assert trailing_number_end("It opened on June 5, 1990 in town.", 13, 25) is None
    era = "She was elected at the 2010 BC Green Party Annual General Meeting."
    assert trailing_number_end(era, era.index("2010"), era.index(" Green")) == era.index(" BC")


def test_events_filters_year_opening_a_name() -> None:
    sentence = "The 2008 British motorcycle Grand Prix was the eighth round of the 2008 MotoGP championship."
    second = sentence.rindex("2008")
    assert year_in_name(sentence, second, second + 4)
    assert not year_in_name("The Royal was featured in the 2013 film The F Word.", 30, 34)


def test_events_filters_skip_apparatus_sections() -> None:
    assert is_skipped_section("References") and is_skipped_section(" External links ")
    assert not is_skipped_section("History") and not is_skipped_section(None)


@pytest.mark.parametrize(("sentence", "entry"), [
    ("The Gold Lust (1911)", True),
    ("Hokkaido, Japan (1980)", True),
    ("Bureaucracy (1987) (computer game)", True),
    ("Best Modern Dance Song (\"Opa Opa\", 2000, nominated)", True),
    ("Delinked from KAU in 2010 to form separate University-KVASU", False),
    ("Cedella, born 23 August 1967, to Rita", False),
    ("It was built in 1939.", False),
])
def test_events_filters_list_entries_are_not_sentences(sentence: str, entry: bool) -> None:
    starts = [m.start() for m in re.finditer(r"\d{4}|23 August", sentence)]
    assert is_list_entry(sentence, starts) is entry

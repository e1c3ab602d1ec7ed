"""Dated events from real flat text: one per (sentence, date), exact spans, stable ids, no dates from names."""

from __future__ import annotations

from pipeline import extract_text
from pipeline.extract.events import extract_events, extract_events_and_warnings
from tests.article_helpers import article_of
from tests.conftest import FIXTURES, SEED
from tests.timing import assert_within


def _seed_events(text: str | None = None):  # type: ignore[no-untyped-def]
    text = text if text is not None else SEED.read_text("utf-8")
    return extract_text(text, "raw/" + SEED.name)[0].events


def test_events_seed_has_no_event_from_the_1956_act() -> None:
    events = _seed_events()
    assert events
    assert not [e for e in events if e.date.start.startswith("1956")]


def test_events_seed_spans_point_at_the_sentence_in_the_source(seed_text: str) -> None:
    for event in _seed_events(seed_text):
        start, end = event.source_span
        assert seed_text[start:end] == event.sentence


def test_events_seed_sections_and_actors() -> None:
    events = _seed_events()
    history = [e for e in events if "Dr. Smarajit Jana" in e.sentence]
    assert history and history[0].section == "History"
    assert history[0].date.start == "1992-02-15"
    names = [a.name for a in history[0].actors]
    assert "Dr. Smarajit Jana" in names and "All India Institute of Hygiene and Public Health" in names
    lead = [e for e in events if e.sentence.startswith("Established on 15 February 1992")]
    assert lead and lead[0].section is None


def test_events_ids_are_stable_across_runs_and_unrelated_edits(seed_text: str) -> None:
    first = {e.id: e.sentence for e in _seed_events(seed_text)}
    again = {e.id: e.sentence for e in _seed_events(seed_text)}
    assert first == again
    edited = seed_text.replace("==History==\n", "==History==\nAn unrelated new sentence without dates.\n\n")
    after = {e.id: e.sentence for e in _seed_events(edited)}
    assert after == first
    assert len(set(first)) == len(first)


def test_events_royal_cinema_flat_are_dated_and_ordered() -> None:
    text = (FIXTURES / "flat" / "royal_cinema.txt").read_text("utf-8")
    events = extract_text(text, "royal_cinema.txt")[0].events
    assert [e.date.start[:4] for e in events][:2] == ["1939", "1939"]
    assert all(e.source_span[0] < e.source_span[1] for e in events)
    assert not [e for e in events if "2009" in e.date.start]  # the infobox caption is not prose


def test_events_reference_sections_are_not_prose() -> None:
    article = article_of(("It opened on 5 June 1950 in town.", None),
                       ("Smith, J. (12 March 2001). A book. Retrieved 2 May 2010.", "References"))
    events = extract_events(article, "t")
    assert [e.date.start for e in events] == ["1950-06-05"]


def test_events_durations_and_counts_are_not_events() -> None:
    article = article_of(("The company employs 2000 people and operates 1500 stores.", None))
    events, warnings = extract_events_and_warnings(article, "t")
    assert events == [] and warnings == []


def test_events_month_only_dates_take_the_narrative_year() -> None:
    article = article_of(("The plant opened on 5 June 1990. In March the river rose.", "History"),
                       ("In 1994 it closed. It reopened in October.", "History"),
                       ("Over the summer, the site was sold.", "History"))
    starts = [e.date.start for e in extract_events(article, "t")]
    assert starts[:5] == ["1990-06-05", "1990-03", "1994", "1994-10", "1994"]


def test_events_a_new_section_restarts_from_the_title_year_not_the_last_one() -> None:
    article = article_of(("In 1970 the club hosted a showing.", "Exhibitions"),
                       ("It held its first exhibition on December 18.", "Locations"))
    article.sections = [("Exhibitions", 2), ("Locations", 2)]
    events, warnings = extract_events_and_warnings(article, "t")
    assert [e.date.start for e in events] == ["1970"]
    assert [w.code for w in warnings] == ["unnormalized_date"]
    article.title = "2012 BDO World Darts Championship"
    assert [e.date.start for e in extract_events(article, "t")] == ["1970", "2012-12-18"]


def test_events_section_headings_give_the_year_and_counts_do_not() -> None:
    article = article_of(("On 9 April, 94 new cases brought the number of confirmed cases to 1666.", "April 2020"),
                       ("On 10 April, 95 new cases were recorded.", "April 2020"))
    events, warnings = extract_events_and_warnings(article, "t")
    assert [e.date.start for e in events] == ["2020-04-09", "2020-04-10"]
    assert warnings == []


def test_events_unanchored_day_month_is_a_warning_not_a_guess() -> None:
    article = article_of(("On 16 August, the office moved.", None))
    events, warnings = extract_events_and_warnings(article, "t")
    assert events == []
    assert [w.code for w in warnings] == ["unnormalized_date"]
    assert "16 August" in warnings[0].message


def test_events_years_opening_names_yield_to_real_dates() -> None:
    article = article_of(("The 1962 Constitution was abrogated on 25 March 1969.", None),
                       ("The 2008 British motorcycle Grand Prix was the eighth round of the 2008 MotoGP championship.",
                        None),
                       ("The city hosted the 1936 Summer Olympics.", None),
                       ("In 1813, as part of the War of 1812, the Battle of York ended.", None),
                       ("Merkel entered politics in the wake of the Revolutions of 1989.", None))
    # a year closing a name after "of" is an event of its own (four blind tune sets of session 10 count "the Alamo
    # Canal of 1901", "the Diplomatic Revolution of 1756"): "the War of 1812" beside 1813
    assert [e.date.start for e in extract_events(article, "t")] == [
        "1969-03-25", "2008", "1936", "1813", "1812", "1989"]


def test_events_year_less_months_roll_forward_past_the_narrative_month() -> None:
    article = article_of(("The draw was made on 7 November 2011.", "Draw"),
                       ("Highlights ran from 9 to 13 January.", "Draw"))
    assert [(e.date.start, e.date.end) for e in extract_events(article, "t")] == [
        ("2011-11-07", "2011-11-07"), ("2012-01-09", "2012-01-13")]


def test_events_parenthesised_repeat_of_a_date_is_one_event() -> None:
    article = article_of(("In 2002, she published The Last American Man (2002), which was nominated.", None),
                       ("He was divorced in 1981 and married in 1981 to Mary.", None))
    assert [e.date.start for e in extract_events(article, "t")] == ["2002", "1981", "1981"]


def test_events_asides_do_not_move_the_narrative_year() -> None:
    article = article_of(("Apollo 8 was launched on December 21, 1968.", None),
                       ("The goal was a landing before the end of 1969.", None),
                       ("In his 1994 book, Lovell recalled it.", None),
                       ("On Christmas afternoon, the crew made a broadcast.", None))
    starts = [e.date.start for e in extract_events(article, "t")]
    assert starts[-1] == "1968-12-25"


def test_events_date_dense_sentence_is_linear() -> None:
    article = article_of(("In 1990 the Acme Corp: Foo Bar, and then " * 3000, None))
    # quadratic versions took minutes; 4000 x the control workload of tests/timing.py is about 20 s idle
    events = assert_within(lambda: extract_events(article, "t"), 4000, "3000 dates in one sentence")
    assert len(events) == 3000


def test_events_attributive_repeat_of_a_date_is_one_event() -> None:
    article = article_of(("In 2002, he was placed number 58 in the BBC's 2002 poll of the 100 Greatest Britons.",
                          None))
    assert [e.date.start for e in extract_events(article, "t")] == ["2002"]


def test_events_relative_restatement_of_a_dated_period_is_not_another_event() -> None:
    article = article_of(("Mid-November 2016, the company reported a loss for that year.", "Finance"),
                        ("Expansion was planned by the end of the year 2017.", "Finance"),
                        ("In 2018 it was sold. The next year it closed.", "Finance"))
    dated = [(e.date.text, e.date.start) for e in extract_events(article, "t")]
    assert dated == [("Mid-November 2016", "2016-11"), ("2017", "2017"), ("2018", "2018"),
                     ("The next year", "2019")]


def test_events_role_periods_and_timeline_lines_are_events_appositives_and_titles_are_not() -> None:
    article = article_of(("He played for Arsenal 1990–1995.", "Career"), ("He was President 1990–1994.", "Career"),
                       ("He was Mayor 1990–94.", "Career"),
                       ("February 1981: Awarded the Order of Merit", "Awards"),
                       ("March 2009: Voted the best employer", "Awards"),
                       ("Smith, a 1984 graduate of Yale, joined the firm in 1990.", "Career"))
    assert [(e.date.start, e.date.end) for e in extract_events(article, "t")] == [
        ("1990", "1995"), ("1990", "1994"), ("1990", "1994"), ("1981-02", "1981-02"), ("2009-03", "2009-03"),
        ("1990", "1990")]


def test_events_a_year_opening_an_italic_title_is_no_event() -> None:
    wikitext = ("'''Smith''' is a writer.\n\n== Career ==\nHe wrote ''1984 Revisited'' in 1990. He moved in 1995.\n"
                "In ''2012'' she played a lead. ''In 1998 we played every night.'' He left in 1999.\n"
                "The ''Star'''s sales fell in 2001\n")  # the quotes after Star close the italics
    events = extract_text(wikitext, "raw/smith.wiki")[0].events
    assert [e.date.start for e in events] == ["1990", "1995", "1998", "1999", "2001"]


def test_events_list_entries_are_events() -> None:
    article = article_of(("The Gold Lust (1911)", "Filmography"), ("Hokkaido, Japan (1980)", "Twin towns"),
                       ("1976 – Band of the Year", "Awards"))
    assert [e.date.start for e in extract_events(article, "t")] == ["1911", "1980", "1976"]


def test_events_a_bracket_after_an_exclamation_stays_in_its_sentence() -> None:
    article = article_of(("What a Widow! (1930)", "Filmography"), ("He won! (It was 1990.) Then he left.", "Career"))
    assert [(e.date.start, e.sentence) for e in extract_events(article, "t")] == [
        ("1930", "What a Widow! (1930)"), ("1990", "He won! (It was 1990.)")]


def test_events_a_date_the_model_refuses_is_a_warning_not_a_lost_record() -> None:
    """Whatever the grammar builds for a mixed-precision range, the article keeps its record and other events."""
    article = article_of(("He served from November 1975 until 2002.", "Career"), ("He retired in 2003.", "Career"))
    events, warnings = extract_events_and_warnings(article, "t")
    assert [e.date.start for e in events][-1] == "2003"
    assert len(events) == 2 or [w.code for w in warnings] == ["invalid_date"]


def _dated(*paragraphs: str) -> list[tuple[str, str]]:
    article = article_of(*((p, "History") for p in paragraphs))
    return [(e.date.text, e.date.start) for e in extract_events(article, "t")]


def test_events_a_relative_date_in_a_clause_of_its_own_is_an_event() -> None:
    assert _dated("In 1988 Senna joined McLaren. The relationship broke down the following year, and the two "
                  "collided at Suzuka in October 1989.") == [
        ("1988", "1988"), ("the following year", "1989"), ("October 1989", "1989-10")]
    # BC years compare by number: 327 BC is no part of the life span 356–323 BC
    assert ("two years later", "-0327") in _dated(
        "Alexander the Great (356–323 BC) crossed the range in the spring of 329 BC, and two years later he "
        "crossed it again.")


def test_events_a_relative_date_that_restates_a_date_of_its_sentence_is_no_second_event() -> None:
    # negatives of the rule above: the same clause, the same date, or a phrase naming the narrative's period
    assert _dated("The pilot aired in 1995. Almost a year later, the episode aired on MTV on October 20, "
                  "1996.") == [("1995", "1995"), ("October 20, 1996", "1996-10-20")]
    assert _dated("A contract was awarded on January 12, 1930, with excavation beginning ten days later on "
                  "January 22.") == [("January 12, 1930", "1930-01-12"), ("January 22", "1930-01-22")]
    assert _dated("In mid-November 2016 the firm reported a loss for that year.") == [("mid-November 2016", "2016-11")]


def test_events_a_relative_date_restating_a_date_in_a_clause_of_its_own_is_an_event() -> None:
    # blind gold writers (gold_blind16, 19, 20) agree: a new clause after ';' or ', and' says something else happened
    assert _dated("In February 2011, Asda bought six stores; five were converted later that year.") == [
        ("February 2011", "2011-02"), ("later that year", "2011")]
    assert _dated("On 10 December 1989 the government was sworn in, and Husák resigned the same day.") == [
        ("10 December 1989", "1989-12-10"), ("the same day", "1989-12-10")]
    # a subordinate clause with its own subject after ', and': "and when the league was founded later that year"
    assert _dated("A third title followed in 1963, and when the league was founded later that year, it joined.") == [
        ("1963", "1963"), ("later that year", "1963")]
    # negative: ', and' without a subject after it continues the clause
    assert _dated("A third title followed in 1963, and when founded later that year it joined.") == [("1963", "1963")]


def test_events_a_relative_date_counts_from_a_planned_date_of_its_sentence() -> None:
    assert _dated("Hermes was cancelled in 1992. The first flight, planned for 1995, slipped to the following "
                  "year.") == [("1992", "1992"), ("1995", "1995"), ("the following year", "1996")]
    # negative: in the next sentence the plan moved nothing
    assert _dated("In 1992 the flight was planned for 1995. The following year the design changed.") == [
        ("1992", "1992"), ("1995", "1995"), ("The following year", "1993")]


def _infobox_article_events(infobox: str, body: str) -> list[tuple[str, str]]:
    from pipeline.api import extract_text

    text = "{{Infobox event\n" + infobox + "\n}}\n'''X''' is a test.\n\n==History==\n" + body
    return [(e.date.text, e.date.start) for e in extract_text(text, "x.wiki")[0].events]


def test_events_a_yearless_day_restating_the_infoboxs_date_takes_its_year() -> None:
    """An aside moved the narrative a year on; "on 24 October" restates the infobox's 24 October 1964, and "the
    same day" counts from it."""
    body = ("The games opened on 10 October 1964. In 1965 she was banned for ten years.\n\n"
            "The closing ceremony was held on 24 October. The same day, Zambia became independent.")
    events = _infobox_article_events("| closing = 24 October 1964", body)
    assert events[-2:] == [("24 October", "1964-10-24"), ("The same day", "1964-10-24")]


def test_events_a_yearless_day_keeps_the_narratives_year_without_a_near_infobox_date() -> None:
    body = "The games opened on 10 October 1964. In 1965 she was banned.\n\nThe hearing was held on 24 October."
    # no infobox date with that day and month
    assert _infobox_article_events("| opening = 10 October 1964", body)[-1] == ("24 October", "1965-10-24")
    # the infobox date is far from the narrative: another part of the story (a birthday, not a restatement)
    far = "He moved in 1861. He spoke on 12 February in Springfield."
    assert _infobox_article_events("| birth_date = 12 February 1809", far)[-1] == ("12 February", "1861-02-12")
    # two infobox dates share the day and month: neither is the one restated
    # the infobox date lies ahead of the narrative: the story has not reached it ("On April 15" of 1861, not 1865)
    ahead = "War began on April 12, 1861.\n\nOn April 15, Lincoln called for troops."
    assert _infobox_article_events("| death_date = April 15, 1865", ahead)[-1] == ("April 15", "1861-04-15")
    # a year stated earlier in the same sentence wins
    stated = "The games opened on 10 October 1964.\n\nIn 1965, a film was shown on 24 October in Tokyo."
    assert _infobox_article_events("| closing = 24 October 1964", stated)[-1] == ("24 October", "1965-10-24")
    both = "| first = 24 October 1962\n| second = 24 October 1964"
    assert _infobox_article_events(both, body)[-1] == ("24 October", "1965-10-24")


def _sections_article_events(infobox: str, body: str) -> list[tuple[str, str]]:
    """Events of an article whose title states no year and whose body opens new top-level sections."""
    from pipeline.api import extract_text

    text = "{{Infobox military conflict\n" + infobox + "\n}}\n'''X''' was a battle.\n\n" + body
    return [(e.date.text, e.date.start) for e in extract_text(text, "battle_of_x.wiki")[0].events]


def test_events_a_section_opening_with_a_yearless_day_of_the_infobox_range_takes_its_year() -> None:
    """Infobox 'date = July 1–3, 1863': every day of a short range is the article's own; a section that states no
    year and opens 'On July 1' is 1863, and a day within a month of them too ('July 4', 'July 13–14')."""
    body = ("==Background==\nThe army moved on June 3, 1863.\n\n==Battle==\nThe battle began on July 1. On July 3 "
            "the charge failed.\n\n==Aftermath==\nOn the evening of July 4 the army withdrew.")
    assert _sections_article_events("| date = July 1–3, 1863", body) == [
        ("June 3, 1863", "1863-06-03"), ("July 1", "1863-07-01"), ("July 3", "1863-07-03"),
        ("July 4", "1863-07-04")]


def test_events_a_section_opening_with_a_yearless_day_far_from_the_infobox_dates_stays_unanchored() -> None:
    body = "==Background==\nThe army moved in 1863.\n\n==Legacy==\nOn December 4 a monument was unveiled."
    assert _sections_article_events("| date = July 1–3, 1863", body) == [("1863", "1863")]
    # the infobox's days lie in two years (a birth and a death): no year of its own
    body = "==Life==\nHe was born in 1809.\n\n==Work==\nOn February 14 he spoke."
    assert _sections_article_events("| birth_date = 12 February 1809\n| death_date = 15 April 1865", body) == [
        ("1809", "1809")]
    # a long range is a period, not days of its own
    body = "==Background==\nIt began in 1939.\n\n==Course==\nOn July 4 the line broke."
    assert _sections_article_events("| date = 1 September 1939 – 2 September 1945", body) == [("1939", "1939")]


def test_events_a_relative_restating_the_year_before_a_later_date_of_a_new_clause_is_an_event() -> None:
    """'later that year' before the sentence's own date names the year of the sentence before; after a date of its
    sentence it restates that date's year (the Asda case above)."""
    assert _dated("In 1967 the band signed with EMI. A tour later that year was disrupted, and Gilmour was "
                  "recruited in December 1967.") == [
        ("1967", "1967"), ("later that year", "1967"), ("December 1967", "1967-12")]


def test_events_a_year_closing_a_name_is_an_event_beside_other_dates() -> None:
    """'the Alamo Canal of 1901': the year says when the named thing was, also next to another date."""
    assert _dated("An early attempt, the Alamo Canal of 1901, failed when the river broke through in 1905.") == [
        ("1901", "1901"), ("1905", "1905")]
    # negatives: another date of the sentence lies within that year; a year opening a name stays dropped
    assert _dated("On October 23, 1929, one day before the Wall Street Crash of 1929, the spire was assembled.") == [
        ("October 23, 1929", "1929-10-23")]
    assert _dated("The 1962 Constitution was abrogated on 25 March 1969.") == [("25 March 1969", "1969-03-25")]


def test_events_a_year_after_as_of_or_a_law_is_no_closing_name() -> None:
    """'As of 2020' and a law's or a treaty's year are not names that a date within their year replaces."""
    assert _dated("As of 2020, the firm ran 300 stores, and it opened one in March 2020.") == [
        ("2020", "2020"), ("March 2020", "2020-03")]
    assert _dated("The Revenue Act of 1861 was signed in August 1861.") == [
        ("1861", "1861"), ("August 1861", "1861-08")]

"""Dates in wikitext tables and image captions: a table row is one sentence (its cells joined by " | ") with
``context: "table"``; a framed image's caption is text of ``context: "caption"``; prose stays "prose"."""

from __future__ import annotations

from pipeline import extract_text

CAREER = """'''Jo Smith''' is a footballer who joined Arsenal in 1988.

== Career ==
{| class="wikitable"
! Season !! Club !! Notes
|-
| rowspan="2" | 1990–91 || [[Arsenal F.C.|Arsenal]] || Won the league.
|-
| Loan to [[Leeds United|Leeds]] ||
|-
| 1992 || || [[Chelsea F.C.|Chelsea]]
|}
He retired in 1999.

== Filmography ==
{| class="wikitable"
|+ Films, by year
! Year !! Title
|-
| 2001 || ''The Long Road''
|-
| 2003 || ''Home''
|}
{| class="wikitable"
! Year !! 2000 !! 2010
|-
! scope="row" | Population
| 3,382,169 || 3,460,725
|}

[[File:Smith 1995.jpg|thumb|right|upright=1.1|alt=A man|Smith at the 1995 cup final]]
[[File:Crest.svg|20px|Crest of 1901]]
"""


def _events(source: str = CAREER) -> list[tuple[str, str, str]]:
    return [(e.context, e.date.text, e.sentence) for e in extract_text(source, "raw/jo_smith.wiki")[0].events]


def test_events_table_rows_are_sentences_of_context_table() -> None:
    events = _events()
    assert ("table", "1990–91", "1990–91 | Arsenal | Won the league.") in events
    assert ("table", "1990–91", "1990–91 | Loan to Leeds") in events  # the season cell spans two rows
    assert ("table", "1992", "1992 | Chelsea") in events  # no separator left by the empty cell
    assert ("table", "2001", "2001 | The Long Road") in events
    assert not [e for e in events if e[2].startswith(("Season", "Year"))]  # header rows give no event
    assert not [e for e in events if "2010" in e[1]]  # a header row of years names columns


def test_events_captions_of_framed_images_only() -> None:
    events = _events()
    assert ("caption", "1995", "Smith at the 1995 cup final") in events
    assert not [e for e in events if "1901" in e[2] or "upright" in e[2] or "A man" in e[2]]


def test_events_prose_keeps_context_prose_and_order() -> None:
    events = _events()
    assert [e for e in events if e[0] == "prose"] == [
        ("prose", "1988", "Jo Smith is a footballer who joined Arsenal in 1988."),
        ("prose", "1999", "He retired in 1999.")]
    contexts = [e[0] for e in events]
    assert contexts.index("prose", 1) > contexts.index("table")  # document order: the table, then the prose


def test_events_table_spans_cover_the_row_in_the_source() -> None:
    record = extract_text(CAREER, "raw/jo_smith.wiki")[0]
    for event in record.events:
        start, end = event.source_span
        source = CAREER[start:end]
        assert event.date.text in source, (event.sentence, source)
        if event.context == "table" and "Loan" not in event.sentence:
            assert "\n|-" not in source  # one row (a cell spanning rows starts its first row's span)


def test_events_gallery_and_multiple_image_captions() -> None:
    source = """Intro.

== Gallery ==
<gallery mode=packed>
File:A.jpg|The [[fire|blaze]] of 1990
B.png|alt=A house|Built in 1901
C.png
</gallery>
{{multiple image|image1=a.jpg|caption1=Smith with [[George Bush|Bush]], 2007
|image2=b.jpg|caption2=Jones|footer=Both in 2009}}
{{wide image|Panorama 1999.jpg|800px}}
"""
    events = _events(source)
    assert events == [("caption", "1990", "The blaze of 1990"), ("caption", "1901", "Built in 1901"),
                      ("caption", "2007", "Smith with Bush, 2007"), ("caption", "2009", "Both in 2009")]
    for event in extract_text(source, "raw/jo_smith.wiki")[0].events:  # spans point at the caption's wikitext
        start, end = event.source_span
        assert source[start:end].replace("[[fire|blaze]]", "blaze").replace("[[George Bush|Bush]]", "Bush") \
            == event.sentence


ASIDES = """'''Abe''' was a lawyer.

== Re-election ==
In 1864 the war went on.
[[File:Inaugural.jpg|thumb|His second inaugural address in 1865]]
{| class="wikitable"
! Year !! Event
|-
| 1870 || A later row
|}
Atlanta fell in September, and on November 8 he was re-elected.
"""


def test_events_captions_and_table_rows_do_not_move_the_narrative_year() -> None:
    events = [(e.context, e.date.start) for e in extract_text(ASIDES, "raw/abe.wiki")[0].events]
    assert ("caption", "1865") in events and ("table", "1870") in events
    # the prose after them still speaks of 1864 (before: 1865-09 and 1865-11-08, anchored to the caption)
    assert ("prose", "1864-09") in events and ("prose", "1864-11-08") in events
    assert not [e for e in events if e[0] == "prose" and e[1].startswith(("1865", "1870"))]


def test_events_a_caption_reads_the_narrative_year_before_it() -> None:
    source = "'''Abe''' was a lawyer.\n\n== Life ==\nIn 1861 he moved.\n[[File:A.jpg|thumb|Abe in March]]\n"
    events = [(e.context, e.date.start) for e in extract_text(source, "raw/abe.wiki")[0].events]
    assert ("caption", "1861-03") in events


FIGURES = """'''Town''' is a place.

== Population ==
{| class="wikitable"
! Year !! Population !! Change
|-
| 2011 || 250,100 || +4.1%
|-
| 2021 || 271,057 || +8.4%
|-
| 1 || 94,483 || 12
|}
"""


def test_events_table_rows_of_a_year_and_figures_are_dated_rows() -> None:
    """A row of a year and figures says what held that year, like a row with a name; figures alone say nothing."""
    events = _events(FIGURES)
    assert [(e[1], e[2]) for e in events if e[0] == "table"] == [("2011", "2011 | 250,100 | +4.1%"),
                                                                  ("2021", "2021 | 271,057 | +8.4%")]


CAPTIONED = """'''Rivalry''' is a game.

== Results ==
{| class="wikitable"
|+ Results since 2017
! Season !! Winner !! Score
|-
| 2019 || Auburn || 48–45
|}
"""


def test_events_table_caption_line_is_a_caption_not_a_row() -> None:
    """'|+' opens the table's caption (mwparserfromhell reads it as a cell starting with '+'): a caption paragraph
    of its own, not a row glued to the header cells."""
    events = _events(CAPTIONED)
    assert ("caption", "since 2017", "Results since 2017") in events
    assert ("table", "2019", "2019 | Auburn | 48–45") in events
    assert not [e for e in events if e[2].startswith("+") or "Season" in e[2]]


def test_events_table_caption_line_with_attributes() -> None:
    """'|+ style="…" | Caption': mwparserfromhell reads the '+' as the cell's first attribute."""
    events = _events(CAPTIONED.replace("|+ Results since 2017", '|+ style="text-align:left" | Results since 2017'))
    assert ("caption", "since 2017", "Results since 2017") in events
    assert not [e for e in events if "Season" in e[2] or "style" in e[2]]


TERMS = """'''Office''' is a test.

== Holders ==
{| class="wikitable"
! Holder !! From !! To !! Notes
|-
| [[Samuel Huntington]] || March 1, 1781 || July 9, 1781 || First
|-
| Cnut || 1016 || 1035 || King
|-
| Zintzmeyer || 1995–1998 || 2021 || Recalled
|-
| Ann || 1990 || 1990 || Same year
|-
| Bob || 1990 || March 1991 || Different precision
|-
| Carl || 2001 || Notes of 2005 || Not a whole cell
|}
"""


def test_events_two_neighbouring_date_cells_are_one_period() -> None:
    """Two cells holding only a date each, the second later and of the same precision, are one range (a term, a
    reign, a run); negatives: a range cell, the same date, two precisions, a date inside a longer cell."""
    rows = [(e.date.text, e.date.start, e.date.end) for e in extract_text(TERMS, "raw/office.wiki")[0].events
            if e.context == "table"]
    assert rows == [("March 1, 1781 | July 9, 1781", "1781-03-01", "1781-07-09"), ("1016 | 1035", "1016", "1035"),
                    ("1995–1998", "1995", "1998"), ("2021", "2021", "2021"), ("1990", "1990", "1990"),
                    ("1990", "1990", "1990"), ("1990", "1990", "1990"), ("March 1991", "1991-03", "1991-03"),
                    ("2001", "2001", "2001"), ("2005", "2005", "2005")]

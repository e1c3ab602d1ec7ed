"""Infobox values rendered to plain text, per template family (pipeline.wikitext.render_value)."""

from __future__ import annotations

import pytest

from pipeline.wikitext import render_value


@pytest.mark.parametrize(("raw", "value"), [
    ("[[Will Shu]] ([[Chief executive officer|CEO]])", "Will Shu (CEO)"),
    ("[https://example.com Example site]", "Example site"),
    ("British<ref>[http://x.org a source]</ref> <!-- note -->", "British"),
    ("'''Bold''' and ''italic''", "Bold and italic"),
    ("{{nowrap|record producer}}", "record producer"),
    ("{{lang|ur|اسلام آباد}}", "اسلام آباد"),
    ("{{URL|https://corporate.deliveroo.co.uk/}}", "corporate.deliveroo.co.uk"),
    ("{{URL|example.com|Official site}}", "Official site"),
    ("{{convert|925|ft|m|0|abbr=on}}", "925 ft (282 m)"),
    ("{{convert|318.9|m|ft|0|order=flip|abbr=on}}", "1,046 ft (318.9 m)"),
    ("{{cvt|6|ft|4|in|cm|0}}", "6 ft 4 in (193 cm)"),
    ("{{convert|1050|ft|m}}", "1,050 feet (320 m)"),
    ("{{convert|60|mi|km|adj=on}}", "60-mile (97 km)"),
    ("{{convert|56|in|mm}}", "56 inches (1,400 mm)"),
    ("{{convert|90|°F}}", "90 °F (32 °C)"),
    # Template:Convert documentation examples of default rounding
    ("{{convert|2|km|mi}}", "2 kilometres (1.2 mi)"),
    ("{{convert|7|mi|km}}", "7 miles (11 km)"),
    ("{{convert|1|lb|kg}}", "1 pound (0.45 kg)"),
    ("{{convert|123|ft|m}}", "123 feet (37 m)"),
    ("{{convert|1|lb|kg|abbr=in}}", "1 lb (0.45 kilograms)"),
    ("{{convert|1,196,958|sqft|m2|abbr=on}}", "1,196,958 sq ft (111,201.0 m2)"),
    ("{{convert|1|to|2|km|abbr=on}}", "1 to 2 km (0.62 to 1.24 mi)"),
    ("0.87 {{increase}}", "0.87"),
    ("{{flagicon|UK}} {{flag|Pakistan}}", "Pakistan"),
    ("{{small|(1861–1865)}}", "(1861–1865)"),
    # small capitals: a short lower-case abbreviation shows in capitals, anything else as written
    ("323 {{sc|bc}}", "323 BC"),
    ("{{smallcaps|ad}} 400", "AD 400"),
    ("the {{small caps|lord}}", "the LORD"),
    ("{{sc|Smith}} and {{sc|Jones}}", "Smith and Jones"),
    ("{{sc|a long phrase}}", "a long phrase"),
    ("{{abbr|NYSE|New York Stock Exchange}}", "NYSE"),
    ("77{{sfn|Nash|1999|p=63}}{{efn|a note}}", "77"),
    ("{{lse|ROO}}", "LSE: ROO"),
    ("{{US$|1.2 billion}}", "US$1.2 billion"),
    ("{{marriage|Ulrich Merkel|1977|1982|end=div}}", "Ulrich Merkel (m. 1977; div. 1982)"),
    ("{{coord|40|44|54.36|N|73|59|08.36|W|display=inline,title}}", "40°44′54.36″N 73°59′08.36″W"),
    ("Capital&nbsp;city", "Capital city"),
    ("[[File:Logo.svg|160px]]", "File:Logo.svg"),
    ("{{height|ft=5|in=11}}", "5 ft 11 in (1.80 m)"),
    ("{{percentage|1|3|2}}", "33.33%"),
    ("{{frac|3|1|2}} miles", "3 1/2 miles"),
    ("{{transl|el|ISO|Elláda}}", "Elláda"),
    ("384 BC {{longitem|padding-top:0|[[Stagira]]}}", "384 BC Stagira"),
    ("[[.gr]]<sup>a</sup>", ".gr"),
    ("km<sup>2</sup>", "km2"),
    ("{{start and end dates|1990|5|1|1995|6|2}}", "May 1, 1990 – June 2, 1995"),
    ("{{Start date|1969|07|16|13|32|00|Z}}", "July 16, 1969, 13:32:00 UTC"),
])
def test_wikitext_render_value_text(raw: str, value: str) -> None:
    assert render_value(raw).value == value


@pytest.mark.parametrize(("raw", "items"), [
    ("{{Unbulleted list|[[Online food ordering]]|[[Food delivery]]}}", ["Online food ordering", "Food delivery"]),
    ("{{ubl|A|B|C}}", ["A", "B", "C"]),
    ("{{plainlist|\n* [[Horst Köhler]]\n* [[Christian Wulff]]\n}}", ["Horst Köhler", "Christian Wulff"]),
    ("{{flatlist|\n* Singer-songwriter\n* {{nowrap|record producer}}\n}}", ["Singer-songwriter", "record producer"]),
    ("{{hlist|class=nowraplinks|Sharon|Cedella}}", ["Sharon", "Cedella"]),
    ("{{collapsible list|title=Members|A|B}}", ["A", "B"]),
    ("11, including: {{hlist|Sharon|Cedella}}", ["Sharon", "Cedella"]),
    ("Freddie Bulsara<br>Frederick Bulsara<br />Fred Bulsara<br>", ["Freddie Bulsara", "Frederick Bulsara",
                                                                 "Fred Bulsara"]),
    ("\n* one\n* two [[A|b]]\n", ["one", "two b"]),
    ("1836–1840 (Texas)<br/ >1861–1862 (CSA)", ["1836–1840 (Texas)", "1861–1862 (CSA)"]),
    ("{{ubl|A|B}}<br>C", ["A", "B", "C"]),
    ("[[Lee Jae-yong (businessman)|Lee Jae-yong]]<br />{{small|(Chairman)}}<br>Kim",
     ["Lee Jae-yong (Chairman)", "Kim"]),
    ("*[[Shin Hae-chul]]\n*Jeong Gi-song", ["Shin Hae-chul", "Jeong Gi-song"]),
])
def test_wikitext_render_value_items(raw: str, items: list[str]) -> None:
    assert render_value(raw).items == items


def test_wikitext_render_value_plain_value_has_no_items() -> None:
    assert render_value("[[London]], England").items == []


def test_wikitext_render_value_links_are_targets_not_labels() -> None:
    field = render_value("{{flatlist|\n* [[Queen (band)|Queen]]\n* [[Montserrat Caballé]]\n}}")
    assert field.links == ["Queen (band)", "Montserrat Caballé"]
    assert "Queen" in field.items


def test_wikitext_render_value_links_skip_files_and_categories() -> None:
    assert render_value("[[File:X.jpg|20px]] [[Category:Y]] [[a_b#Sec|c]]").links == ["A b"]


@pytest.mark.parametrize(("raw", "text", "start"), [
    ("{{Birth date|1946|9|5|df=y}}", "5 September 1946", "1946-09-05"),
    ("{{birth date and age|1946|9|5}}", "September 5, 1946", "1946-09-05"),
    ("{{Death date and age|1991|11|24|1946|9|5|df=y}}", "24 November 1991 (aged 45)", "1991-11-24"),
    ("{{start date and age|1930|03|17}}", "March 17, 1930", "1930-03-17"),
    ("{{start date|2013}}", "2013", "2013"),
    ("{{dts|1930|3|16}}", "March 16, 1930", "1930-03-16"),
    ("{{end date|1931|4|11|df=yes}}", "11 April 1931", "1931-04-11"),
])
def test_wikitext_render_value_date_templates(raw: str, text: str, start: str) -> None:
    field = render_value(raw)
    assert field.value == text
    assert field.dates and field.dates[0].start == start


def test_wikitext_render_value_unclosed_markup_does_not_crash() -> None:
    """Unclosed markup neither raises nor loses the words it holds (kept as written or rendered)."""
    for raw, words in (("{{nowrap|abc", ["abc"]), ("[[Link|label", ["label"]), ("<ref>never closed", ["never closed"]),
                       ("{{convert|12|", ["12"]), ("[[", []), ("{{", []), ("}}]]", [])):
        value = render_value(raw).value
        assert all(w in value for w in words), (raw, value)


@pytest.mark.parametrize(("raw", "value"), [
    # {{circa}} and {{fl.}} without an argument show their abbreviation, as on Wikipedia
    ("{{circa}} 1800 BC", "c. 1800 BC"),
    ("{{c.}} 480–430 BC", "c. 480–430 BC"),
    ("{{fl.}} 1200", "fl. 1200"),
    # with an argument, the prefix and the argument; other prefix templates show nothing without one
    ("{{circa|1600 BC}}", "c. 1600 BC"),
    ("{{ISBN}} 1990", "1990"),
])
def test_wikitext_render_bare_circa(raw: str, value: str) -> None:
    assert render_value(raw).value == value

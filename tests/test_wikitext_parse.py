"""parse_wikitext: title, infoboxes, sections, categories, "See also", paragraphs with anchors and links, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.limits import Limits
from pipeline.wikitext import parse_wikitext
from tests.timing import assert_within

CORPUS = Path(__file__).resolve().parent / "fixtures" / "wikitext"

PAGE = """{{short description|A test page}}
{{Use dmy dates|date=May 2020}}
{{Infobox company
| name = Acme Widgets
| founder = [[Jane Roe]]<ref>{{cite web|title=x}}</ref>
| founder = [[John Doe]]
| products = <!-- none yet -->
| area_served = {{ubl|Spain|Italy}}
| module = {{Infobox person|embed=yes|spouse = [[Ann Lee]]}}
}}
'''Acme Widgets''' is a maker of [[widget (device)|widgets]] founded in 1990.<ref>A ref, 1956.</ref> It grew.

It is {{convert|5|km|mi}} from [[Town]].

== History ==
=== Early years ===
* In 1995 it opened a [[factory]].
* In 1999 it closed.
{| class="wikitable"
| 2001 || a table cell
|}
== See also ==
{{Portal|Business}}
* [[Widget]] – a related [[Gadget|thing]]
* [[List of companies]]
{{div col}}
* [[Acme (disambiguation)|Acme]]
{{div col end}}
== References ==
{{reflist}}
Some prose that is skipped, 2002.
[[Category:Companies]]
[[Category:Widgets|Acme]]
"""


def _parse(text: str = PAGE, page_title: str | None = None):
    return parse_wikitext(text, page_title=page_title, file_title="acme_file", limits=Limits())


def test_wikitext_parse_title_sources() -> None:
    assert (_parse().title, _parse().title_from) == ("Acme Widgets", "infobox_name")
    assert (_parse(page_title="Acme").title, _parse(page_title="Acme").title_from) == ("Acme", "page")
    plain = _parse("{{Infobox company\n| name = {{PAGENAME}}\n}}\nText.")
    assert (plain.title, plain.title_from) == ("acme_file", "file_name")
    two_lines = _parse("{{Infobox legislature\n| name = Senate<br>{{lang|ur|ایوان}}\n}}\nText.")
    assert (two_lines.title, two_lines.title_from) == ("acme_file", "file_name")


def test_wikitext_parse_infobox_fields() -> None:
    box = _parse().infoboxes[0]
    assert box.template == "Infobox company"
    fields = {f.label: f for f in box.fields}
    assert fields["founder"].value == "John Doe"  # the last duplicate wins, as in MediaWiki
    assert "products" not in fields  # comment-only
    assert fields["area_served"].items == ["Spain", "Italy"]
    assert fields["spouse"].value == "Ann Lee"  # embedded infobox fields join the main one
    assert [b.template for b in _parse().infoboxes] == ["Infobox company", "Infobox person"]


def test_wikitext_parse_sections_categories_see_also() -> None:
    article = _parse()
    assert article.sections == [("History", 2), ("Early years", 3), ("See also", 2), ("References", 2)]
    assert article.categories == ["Companies", "Widgets"]
    assert article.see_also == ["Widget", "List of companies", "Acme (disambiguation)"]


def test_wikitext_parse_paragraphs_are_prose_only() -> None:
    assert [(p.text, p.context) for p in _parse().paragraphs if p.context != "prose"] == [
        ("2001 | a table cell", "table")]  # table rows are paragraphs of their own, marked as such
    texts = [p.text for p in _parse().paragraphs if p.context == "prose"]
    assert texts == [
        "Acme Widgets is a maker of widgets founded in 1990. It grew.",
        "It is 5 kilometres (3.1 mi) from Town.",
        "In 1995 it opened a factory.",
        "In 1999 it closed.",
    ]
    assert [p.section for p in _parse().paragraphs] == [None, None, "Early years", "Early years", "Early years"]


def test_wikitext_parse_anchors_point_into_the_source() -> None:
    for paragraph in _parse().paragraphs:
        for word in ("Acme", "maker", "founded in 1990", "It grew", "opened a", "from"):
            at = paragraph.text.find(word)
            if at >= 0:
                start = paragraph.source_offset(at)
                assert PAGE[start:start + len(word)] == word


def test_wikitext_parse_link_spans() -> None:
    first = _parse().paragraphs[0]
    spans = [(first.text[s.start:s.end], s.target) for s in first.links]
    assert spans == [("widgets", "Widget (device)")]


@pytest.mark.sweep
def test_wikitext_parse_corpus_anchors_are_exact_for_copied_text() -> None:
    """Across the corpus, nearly every character maps back to the same character (the rest is rendered)."""
    checked = exact = 0
    for path in sorted(CORPUS.glob("*.wiki"))[:20]:
        source = path.read_text(encoding="utf-8")
        for paragraph in parse_wikitext(source, None, path.stem, Limits()).paragraphs:
            for i, char in enumerate(paragraph.text):
                if char.isspace() or (char == "|" and paragraph.context == "table"):
                    continue  # " | " between a table row's cells is rendered, never copied
                at = paragraph.source_offset(i)
                assert 0 <= at < len(source)
                checked += 1
                exact += source[at] == char
    assert exact / checked >= 0.995  # measured 0.997 (588,996 of 590,813; rows of figures count since session 5)


def test_wikitext_parse_limits_fields_and_chars() -> None:
    text = "{{Infobox x\n" + "".join(f"| f{i} = v{i}\n" for i in range(30)) + "| long = " + "y" * 500 + "\n}}"
    article = parse_wikitext(text, None, "x", Limits(max_infobox_fields=10, max_field_chars=100))
    assert len(article.infoboxes[0].fields) == 10
    assert {w.code for w in article.warnings} == {"infobox_fields_limit", "field_truncated"}


def test_wikitext_parse_deep_nesting_degrades() -> None:
    deep = "{{Infobox x\n| a = " + "{{nowrap|" * 20000 + "x" + "}}" * 20000 + "\n}}\nText [[" * 3 + "<ref>open"
    article = parse_wikitext(deep, None, "deep", Limits(max_template_depth=50))
    assert article.title == "deep"
    assert [f.label for f in article.infoboxes[0].fields] == ["a"]  # the box and its field survive


def test_wikitext_parse_unknown_template_warns() -> None:
    article = _parse("{{Infobox x\n| a = {{Some unknown thing|value}}\n}}")
    assert article.infoboxes[0].fields[0].value == "value"
    assert [(w.code, w.field) for w in article.warnings] == [("unknown_template", "a")]


def test_wikitext_parse_runaway_markup_stays_fast() -> None:
    """Thousands of unclosed tags or brackets make the tokenizer backtrack for minutes unless defused."""
    for text in ("<ref>" * 20000 + "text", "{{a|[[b|{{c|<ref>d" * 5000, "<div>" * 20000 + "x",
                 "[http://x.org " * 20000, "[http://a [[b]] " * 10000):
        article = assert_within(lambda text=text: parse_wikitext(text, None, "hostile", Limits()),
                                2000, f"runaway markup {text[:20]!r}")  # 2000 x the control: ~10 s idle
        assert "markup_defused" in {w.code for w in article.warnings}


def test_wikitext_parse_defusing_keeps_offsets() -> None:
    text = "Intro sentence here.\n\n" + "<span>" * 300 + "\n\nThe end came in 1999."
    article = parse_wikitext(text, None, "x", Limits())
    last = article.paragraphs[-1]
    at = last.text.find("The end")
    assert text[last.source_offset(at):].startswith("The end came in 1999.")


def test_wikitext_parse_subsections_of_skipped_sections() -> None:
    text = ("Lead.\n== See also ==\n=== Lists ===\n* [[List of X]]\n== Notes ==\n=== Books ===\n"
            "Some book, 1999.\n== Legacy ==\nIt lasted until 2001.\n")
    article = parse_wikitext(text, None, "x", Limits())
    assert article.see_also == ["List of X"]
    assert [p.text for p in article.paragraphs] == ["Lead.", "It lasted until 2001."]
    assert [s for s, _ in article.sections] == ["See also", "Lists", "Notes", "Books", "Legacy"]


def test_wikitext_parse_template_depth_limit_warns() -> None:
    nested = "{{nowrap|" * 6 + "deep" + "}}" * 6
    text = "{{Infobox x\n| a = " + nested + "\n| b = plain\n}}\nSome " + nested + " prose."
    article = parse_wikitext(text, None, "x", Limits(max_template_depth=3))
    fields = {f.label: f.value for f in article.infoboxes[0].fields}
    assert fields == {"b": "plain"}
    assert [w.code for w in article.warnings].count("template_depth") == 2
    assert parse_wikitext(text, None, "x", Limits()).infoboxes[0].fields[0].value == "deep"


def test_an_infobox_built_of_parts_is_one_infobox() -> None:
    """Template:Infobox aircraft begin + Infobox aircraft type; Infobox ship begin + image + career."""
    from pipeline import extract_text

    aircraft = ("{{Infobox aircraft begin\n |name = de Havilland Comet\n |image = Comet.jpg\n}}"
                "{{Infobox aircraft type\n |type = Jet airliner\n |first flight = 27 July 1949\n}}\n"
                "'''The Comet''' was first flown in 1949.\n")
    (record,) = extract_text(aircraft, "comet.wiki")
    assert record.infobox is not None and record.other_infoboxes == []
    assert [f.key for f in record.infobox.fields] == ["name", "image", "type", "first flight"]
    ship = ("{{Infobox ship begin}}\n{{Infobox ship image\n|Ship image=HMS Foo.jpg\n}}\n{{Infobox ship career\n"
            "|Ship name=HMS Foo\n|Ship launched=1 May 1900\n}}\n'''HMS Foo''' was launched in 1900.\n")
    (record,) = extract_text(ship, "foo.wiki")
    assert record.infobox is not None
    assert [f.key for f in record.infobox.fields] == ["Ship image", "Ship name", "Ship launched"]
    # negatives: an infobox of another stem after a part, and two plain infoboxes, stay apart
    other = aircraft.replace("'''The Comet'''", "{{Infobox person\n|name = Ronald Bishop\n}}\n'''The Comet'''")
    (record,) = extract_text(other, "comet.wiki")
    assert [b.template for b in record.other_infoboxes] == ["Infobox person"]
    plain = "{{Infobox aircraft type\n|type = Airliner\n}}{{Infobox aircraft type\n|type = Bomber\n}}\nText.\n"
    (record,) = extract_text(plain, "two.wiki")
    assert len(record.other_infoboxes) == 1
    # a part repeating a parameter is a second instance (a ship's second career), not a part of the first
    careers = ("{{Infobox ship begin}}{{Infobox ship career|Ship country=United Kingdom|Ship name=HMS Foo}}"
               "{{Infobox ship career|Hide header=title|Ship country=Australia|Ship name=HMAS Bar}}\nText.\n")
    (record,) = extract_text(careers, "foo.wiki")
    assert record.infobox is not None and [f.value for f in record.infobox.fields] == ["United Kingdom", "HMS Foo"]
    assert [f.value for f in record.other_infoboxes[0].fields] == ["title", "Australia", "HMAS Bar"]

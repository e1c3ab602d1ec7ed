from __future__ import annotations

from pipeline.sources.detect import detect_text_format
from pipeline.sources.flat import parse_flat
from tests.conftest import FIXTURES


def test_flat_reads_title_infobox_sections_and_see_also(seed_text: str) -> None:
    article = parse_flat(seed_text, "fallback")
    assert article.title == "Durbar Mahila Samanwaya Committee"
    assert article.title_from == "heading"
    box = article.infoboxes[0]
    assert box.name == "Durbar Mahila Samanwaya Committee"
    assert [f.label for f in box.fields][:2] == ["Abbreviation", "Type"]
    assert box.fields[-1].value == "Dr. Smarajit Jana"
    assert article.sections == [("History", 2), ("HIV/AIDS project", 2), ("See also", 2)]
    assert article.see_also[0] == "Prostitution in India" and len(article.see_also) == 10


def test_flat_paragraph_offsets_point_into_the_source(seed_text: str) -> None:
    article = parse_flat(seed_text, "x")
    for paragraph in article.paragraphs:
        start = paragraph.source_offset(0)
        assert seed_text[start : start + len(paragraph.text)] == paragraph.text


def test_flat_without_infobox_and_without_title_uses_file_name() -> None:
    article = parse_flat("Just a sentence about 1999.\n\n==History==\nMore.\n", "My Article")
    assert article.title == "My Article" and article.title_from == "file_name"
    assert article.infoboxes == []
    assert [p.section for p in article.paragraphs] == [None, "History"]


def test_detect_tells_flat_from_wikitext(seed_text: str) -> None:
    assert detect_text_format(seed_text) == "flat"
    assert detect_text_format((FIXTURES / "flat" / "royal_cinema.txt").read_text("utf-8")) == "flat"
    assert detect_text_format("{{Infobox venue\n| name = X\n}}\n'''X''' is a [[cinema]].") == "wikitext"
    assert detect_text_format("= Title =\n{{Infobox x|a=b}}\n'''X''' [[y]]") == "wikitext"

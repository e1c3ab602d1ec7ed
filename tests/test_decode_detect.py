"""Format detection from content: the extension never decides alone."""

from __future__ import annotations

import bz2
import io

import pytest

from pipeline.api import read_documents
from pipeline.errors import SourceFormatError
from pipeline.sources.detect import looks_like_dump, xml_root
from tests.conftest import FIXTURES, SEED

WIKITEXT = "{{Infobox organization\n| name = Kolkata Club\n| founded = 1907\n}}\n'''Kolkata Club''' is a club.\n"


def _formats(name: str, data: bytes) -> list[str]:
    return [doc.format for doc in read_documents(name, io.BytesIO(data))]


def test_detect_txt_holding_wikitext_is_wikitext() -> None:
    assert _formats("raw/kolkata_club.txt", WIKITEXT.encode()) == ["wikitext"]


def test_detect_wiki_holding_flat_text_is_flat() -> None:
    assert _formats("raw/durbar.wiki", SEED.read_bytes()) == ["flat"]


def test_detect_flat_without_extension_and_with_odd_extension() -> None:
    assert _formats("raw/durbar", SEED.read_bytes()) == ["flat"]
    assert _formats("raw/durbar.xml", SEED.read_bytes()) == ["flat"]


def test_detect_dump_under_any_name() -> None:
    xml = bz2.decompress((FIXTURES / "dumps" / "minidump_sample.xml.bz2").read_bytes())
    assert set(_formats("raw/pages.txt", xml)) == {"xml-dump"}
    assert set(_formats("raw/pages.wiki", bz2.compress(xml))) == {"xml-dump"}


@pytest.mark.parametrize("head", [
    b'<?xml version="1.0"?>\n<mediawiki xmlns="x">',
    b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?><!-- dump --><mediawiki>",
    b'<!DOCTYPE mediawiki [ <!ENTITY a "b"> ]>\n<mediawiki>',
    b"  \n<mediawiki version='0.10'>",
    '<?xml version="1.0" encoding="UTF-16"?><mediawiki>'.encode("utf-16"),
])
def test_detect_dump_heads(head: bytes) -> None:
    assert looks_like_dump(head)


@pytest.mark.parametrize(("data", "match"), [
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "root element is <svg>"),
    (b'<?xml version="1.0"?><rss><channel><title>News</title></channel></rss>', "root element is <rss>"),
    (b"<!DOCTYPE html><html><body><p>Kolkata Club</p></body></html>", "HTML page"),
    (b"<html><head><title>Kolkata Club</title></head></html>", "HTML page"),
])
def test_detect_xml_and_html_that_are_not_dumps_are_refused(data: bytes, match: str) -> None:
    with pytest.raises(SourceFormatError, match=match) as info:
        _formats("raw/thing.xml", data)
    assert info.value.source == "raw/thing.xml"


def test_detect_wikitext_opening_with_a_tag_is_not_xml() -> None:
    text = "<div>Note</div>\n'''Kolkata Club''' is a club founded in 1907.\n"
    assert xml_root(text.encode()) is None
    assert _formats("raw/club.xml", text.encode()) == ["wikitext"]

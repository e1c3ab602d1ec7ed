"""Windows (CRLF) and old Mac (CR) line endings read exactly like LF, in every source format."""

from __future__ import annotations

import bz2
import codecs
import io

import pytest

from pipeline.api import extract_document, read_documents
from pipeline.sources.decode import decode_text, normalize_newlines
from pipeline.sources.detect import FLAT, WIKITEXT, detect_text_format
from tests.flow_helpers import ROOT, SEED, SOCIETY, dump_xml


def _records(name: str, data: bytes) -> list[dict]:
    """Records of one source, without the parts that legitimately name the bytes (hash)."""
    out = []
    for doc in read_documents(name, io.BytesIO(data)):
        record = extract_document(doc).model_dump(mode="json")
        out.append(record)
    return out


def _with_endings(data: bytes, ending: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", ending)


def _dump_bytes() -> bytes:
    pages = [("Alpha Club", 1, 10, "{{Infobox organization\n| name = Alpha Club\n| founded = 1901\n}}\n"
                                  "The '''Alpha Club''' was founded in 1901 in [[Leeds]].\n\n== History ==\n"
                                  "In 1950, it moved to [[York]].\n\n== See also ==\n* [[Beta Club]]\n")]
    return dump_xml(pages).encode("utf-8")


CASES = {
    "flat": ("seed.txt", SEED.read_bytes()),
    "flat-bom": ("seed.txt", codecs.BOM_UTF8 + SEED.read_bytes()),
    "wikitext": ("society.wiki", SOCIETY.read_bytes()),
    "wikitext-bundled": ("royal_cinema.wiki", (ROOT / "raw" / "royal_cinema.wiki").read_bytes()),
    "xml-dump": ("dump.xml", _dump_bytes()),
    "bz2-dump": ("dump.xml.bz2", None),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_endings_read_like_lf(case: str, ending: bytes) -> None:
    name, data = CASES[case]
    if case == "bz2-dump":
        lf = bz2.compress(_dump_bytes())
        other = bz2.compress(_with_endings(_dump_bytes(), ending))
    else:
        lf = _with_endings(data, b"\n")
        other = _with_endings(data, ending)
    assert lf != other
    expected, got = _records(name, lf), _records(name, other)
    assert got == expected
    # The control: the LF reading is a real article (an infobox or events), not an empty record.
    assert all(r["infobox"] or r["events"] for r in expected)


def test_line_endings_flat_seed_keeps_title_infobox_and_see_also() -> None:
    crlf = codecs.BOM_UTF8 + _with_endings(SEED.read_bytes(), b"\r\n")
    [record] = _records("durbar_mahila_samanwaya_committee.txt", crlf)
    assert record["source"]["format"] == FLAT and record["source"]["title_from"] == "heading"
    assert record["infobox"]["groups"]["leader"][0]["name"] == "Putul Halder"
    assert record["see_also"][:2] == ["Prostitution in India", "Prostitution in Asia"]


def test_line_endings_decode_and_detect() -> None:
    assert normalize_newlines("a\r\nb\rc\n\rd") == "a\nb\nc\n\nd"
    assert normalize_newlines("no breaks") == "no breaks"
    text, note = decode_text("x.txt", "= Title =\r\n- Founded: 1990\r\n".encode("utf-16"))
    assert text == "= Title =\n- Founded: 1990\n" and note is None
    # detect on text that did not go through decode_text (a caller's own string)
    assert detect_text_format("= Title =\r\nSome text.\r\n") == FLAT
    assert detect_text_format("= Title =\rSome text.\r") == FLAT
    assert detect_text_format("{{Infobox x\r\n| a = b\r\n}}\r\n'''X''' is.") == WIKITEXT
    # a heading line without a break after it is not a flat title
    assert detect_text_format("= Title = trailing") == WIKITEXT

"""Hostile and broken dumps: truncation (XML and .bz2), entity bombs, external entities; memory stays flat."""

from __future__ import annotations

import bz2
import io
import tracemalloc
from collections.abc import Iterator

import pytest

from pipeline.api import read_documents
from pipeline.errors import DumpTruncatedError, SourceDecodeError, UnsafeXMLError, WikirecordsError
from pipeline.sources.dump import DumpStats
from tests.conftest import FIXTURES
from tests.timing import assert_within

SAMPLE_BZ2 = FIXTURES / "dumps" / "minidump_sample.xml.bz2"
ARTICLES = ["Borysthenia goldfussiana", "Dahlak SC", "Ingoldiomyces", "Jim Pewter",
            'Ren & Stimpy "Adult Party Cartoon"']


@pytest.fixture(scope="module")
def sample_xml() -> bytes:
    return bz2.decompress(SAMPLE_BZ2.read_bytes())


def _drain(path: str, data: bytes, stats: DumpStats | None = None) -> tuple[list[str], WikirecordsError | None]:
    titles: list[str] = []
    try:
        for doc in read_documents(path, io.BytesIO(data), stats=stats):
            titles.append(doc.title or "")
    except WikirecordsError as exc:
        return titles, exc
    return titles, None


def test_dump_truncated_mid_page_yields_pages_before_then_names_last_page(sample_xml: bytes) -> None:
    cut = sample_xml.index(b"<text", sample_xml.index(b"<title>Jim Pewter")) + 200
    stats = DumpStats()
    titles, err = _drain("cut.xml", sample_xml[:cut], stats)
    assert titles == ARTICLES[:3]
    assert isinstance(err, DumpTruncatedError)
    assert err.source == "cut.xml" and err.pages_read == 3 and err.last_page == "Ingoldiomyces"
    assert "Ingoldiomyces" in str(err) and "closing </mediawiki>" in str(err)
    assert not stats.complete


def test_dump_truncated_mid_tag_and_before_first_page(sample_xml: bytes) -> None:
    mid_tag = sample_xml.index(b"<title>Dahlak") + 4
    titles, err = _drain("t.xml", sample_xml[:mid_tag])
    assert titles == ARTICLES[:1] and isinstance(err, DumpTruncatedError) and err.last_page == "Category:Pininfarina"
    titles, err = _drain("t.xml", sample_xml[: sample_xml.index(b"</siteinfo>")])
    assert titles == [] and isinstance(err, DumpTruncatedError) and err.last_page is None
    assert "no complete page" in str(err)


def test_dump_truncated_bz2_yields_pages_of_complete_streams(sample_xml: bytes) -> None:
    split = sample_xml.index(b"<page>", sample_xml.index(b"<title>Ingoldiomyces"))
    multistream = bz2.compress(sample_xml[:split]) + bz2.compress(sample_xml[split:])  # as Wikipedia ships them
    titles, err = _drain("multi.xml.bz2", multistream)
    assert titles == ARTICLES and err is None
    titles, err = _drain("multi.xml.bz2", multistream[:-200])
    assert titles == ARTICLES[:3]  # the whole first stream, up to and including Ingoldiomyces
    assert isinstance(err, DumpTruncatedError) and "compressed stream is cut off" in str(err)
    assert err.last_page == "Ingoldiomyces" and err.source == "multi.xml.bz2"


def test_dump_truncated_bz2_inside_first_block(sample_xml: bytes) -> None:
    data = SAMPLE_BZ2.read_bytes()
    titles, err = _drain("s.xml.bz2", data[: len(data) // 2])
    assert titles == [] and isinstance(err, DumpTruncatedError) and "cut off" in str(err)
    titles, err = _drain("tiny.bz2", data[:40])  # cut before 4 KB of XML could be decompressed
    assert titles == [] and isinstance(err, DumpTruncatedError)


def test_dump_corrupt_bz2_is_a_clear_error() -> None:
    data = bytearray(SAMPLE_BZ2.read_bytes())
    data[100:140] = b"\x00" * 40
    titles, err = _drain("bad.xml.bz2", bytes(data))
    assert titles == [] and isinstance(err, SourceDecodeError) and err.source == "bad.xml.bz2"
    assert "not a valid .bz2 file" in err.reason and "re-download" in err.reason


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE mediawiki [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/">
<page><title>Laughs</title><ns>0</ns><id>1</id>
<revision><id>1</id><timestamp>2020-01-01T00:00:00Z</timestamp><text>&lol9;</text></revision></page>
</mediawiki>
"""


def test_dump_billion_laughs_is_refused_without_expanding() -> None:
    tracemalloc.start()
    try:
        # 400 x the control workload of tests/timing.py: about 2 s on an idle machine
        titles, err = assert_within(lambda: _drain("laughs.xml", BILLION_LAUGHS), 400, "billion laughs")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert titles == [] and isinstance(err, UnsafeXMLError)
    assert err.source == "laughs.xml" and "'lol'" in err.reason and "nothing was expanded" in err.reason
    assert peak < 5_000_000
    bz2_titles, bz2_err = _drain("laughs.xml.bz2", bz2.compress(BILLION_LAUGHS))
    assert bz2_titles == [] and isinstance(bz2_err, UnsafeXMLError)


def _xxe(secret_path: str, parameter: bool) -> bytes:
    decl = (f'<!ENTITY % ext SYSTEM "file://{secret_path}"> %ext;' if parameter
            else f'<!ENTITY ext SYSTEM "file://{secret_path}">')
    return (f'<?xml version="1.0"?>\n<!DOCTYPE mediawiki [ {decl} ]>\n'
            '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><page><title>X</title><ns>0</ns>'
            '<id>1</id><revision><id>1</id><text>before &ext; after</text></revision></page></mediawiki>').encode()


@pytest.mark.parametrize("parameter", [False, True], ids=["general-entity", "parameter-entity"])
def test_dump_external_entity_reads_nothing(tmp_path, parameter: bool) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    titles, err = _drain("xxe.xml", _xxe(str(secret), parameter))
    assert titles == [] and isinstance(err, UnsafeXMLError) and err.source == "xxe.xml"
    assert "TOP-SECRET-CONTENT" not in str(err) and "nothing was" in err.reason


def test_dump_external_dtd_is_not_fetched(tmp_path) -> None:
    """A DOCTYPE naming an external DTD declares no entity: the pages are read and the DTD never is."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "TOP-SECRET-CONTENT">', encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE mediawiki SYSTEM "file://{dtd}">'
           '<mediawiki><page><title>Safe</title><ns>0</ns><id>1</id><revision><id>1</id>'
           '<text>plain</text></revision></page></mediawiki>').encode()
    docs = list(read_documents("dtd.xml", io.BytesIO(xml)))
    assert [(d.title, d.text) for d in docs] == [("Safe", "plain")]


def _big_dump(sample: bytes, copies: int) -> Iterator[bytes]:
    head, _, rest = sample.partition(b"<page>")
    pages = b"<page>" + rest[: rest.rindex(b"</mediawiki>")]
    yield head
    for _ in range(copies):
        yield pages
    yield b"</mediawiki>\n"


class _GeneratedStream(io.RawIOBase):
    """A large dump produced on the fly, so the test itself holds no copy of it."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts, self._buf, self.size = parts, b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while not self._buf:
            part = next(self._parts, None)
            if part is None:
                return 0
            self._buf = part
        n = min(len(buffer), len(self._buf))
        buffer[:n], self._buf = self._buf[:n], self._buf[n:]
        self.size += n
        return n


def test_dump_memory_stays_flat_on_a_large_dump(sample_xml: bytes) -> None:
    copies = 600  # about 23 MB of XML
    stream = _GeneratedStream(_big_dump(sample_xml, copies))
    stats = DumpStats()
    tracemalloc.start()
    try:
        count = 0
        for doc in read_documents("big.xml", io.BufferedReader(stream), stats=stats):
            count += 1
            assert doc.text
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 5 * copies and stats.complete and stream.size > 20_000_000
    assert peak < 3_000_000, f"peak {peak:,} bytes while streaming {stream.size:,} bytes"

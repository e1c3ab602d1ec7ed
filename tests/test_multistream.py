"""Multistream dumps read by stream: same documents as the whole-dump reader, every byte decompressed once."""

from __future__ import annotations

import bz2
import io
import itertools
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import DumpTruncatedError, SourceFormatError, UnsafeXMLError, WikirecordsError
from pipeline.sources.dump import DumpStats, iter_dump_pages
from pipeline.sources.multistream import (
    NotMultistreamError,
    StreamIndexError,
    StreamList,
    dump_date,
    dump_layout,
    index_name_for,
    is_multistream_index,
    iter_stream_range,
    list_streams,
    read_index_offsets,
    read_siteinfo,
    scan_stream_offsets,
)
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "dumps" / "minidump_sample.xml.bz2"
ROOT = Path(__file__).resolve().parents[1]
SHARED_DUMPS = next((p / "shared" / "corpus" / "dumps" for p in (ROOT.parent, ROOT.parent.parent)
                     if (p / "shared" / "corpus" / "dumps").is_dir()), ROOT / "missing")
NAME = "testwiki-20260115-pages-articles-multistream.xml.bz2"


def build_multistream(xml: bytes, per_stream: int, closing_alone: bool = True) -> tuple[bytes, bytes]:
    """(dump, index) in Wikimedia's layout: header stream, streams of ``per_stream`` pages, index lines."""
    cut = xml.index(b"</siteinfo>") + len(b"</siteinfo>")
    starts = [m.start() for m in re.finditer(rb"<page>", xml)]
    header = xml[:starts[0]]
    assert xml.find(b"<page>", cut) == starts[0]
    bounds = [*starts, len(xml)]
    pages = [xml[a:b] for a, b in itertools.pairwise(bounds)]
    tail = b""
    if closing_alone:
        pages[-1], tail = pages[-1][: pages[-1].rindex(b"</mediawiki>")], pages[-1][pages[-1].rindex(b"</mediawiki>"):]
    dump, index = bz2.compress(header), []
    for k in range(0, len(pages), per_stream):
        offset = len(dump)
        for page in pages[k:k + per_stream]:
            page_id = re.search(rb"<id>(\d+)</id>", page).group(1)
            title = re.search(rb"<title>(.*?)</title>", page).group(1)
            index.append(b"%d:%s:%s\n" % (offset, page_id, title))
        dump += bz2.compress(b"".join(pages[k:k + per_stream]))
    if tail:
        dump += bz2.compress(tail)
    return dump, bz2.compress(b"".join(index))


@pytest.fixture(scope="module")
def sample_xml() -> bytes:
    return bz2.decompress(SAMPLE.read_bytes())


def _whole(xml: bytes) -> tuple[list, DumpStats]:
    stats = DumpStats()
    return list(iter_dump_pages(NAME, io.BytesIO(xml), stats=stats)), stats


def _by_ranges(dump: bytes, index: bytes | None, parts: int) -> tuple[list, list[DumpStats], str]:
    stream = io.BytesIO(dump)
    site = read_siteinfo(NAME, stream)
    streams = list_streams(NAME, stream, site, io.BytesIO(index) if index else None, "the-index.txt.bz2")
    docs, stats = [], []
    for first, end in streams.ranges(parts):
        stats.append(DumpStats())
        docs.extend(iter_stream_range(NAME, io.BytesIO(dump), first, end, site, stats=stats[-1]))
    return docs, stats, streams.found_by


@pytest.mark.parametrize("per_stream,closing_alone", [(1, True), (2, False), (3, True), (100, True)])
@pytest.mark.parametrize("parts", [1, 2, 3, 5])
@pytest.mark.parametrize("with_index", [True, False])
def test_ranges_yield_the_documents_of_the_whole_reader(sample_xml, per_stream, closing_alone, parts, with_index):
    dump, index = build_multistream(sample_xml, per_stream, closing_alone)
    expected, whole = _whole(sample_xml)
    docs, stats, found_by = _by_ranges(dump, index if with_index else None, parts)
    assert docs == expected  # same titles, ids, revisions, texts, path and format, in dump order
    assert found_by == ("index" if with_index else "scan")
    for name in ("pages_seen", "articles", "redirects_skipped", "other_namespaces_skipped", "non_wikitext_skipped"):
        assert sum(getattr(s, name) for s in stats) == getattr(whole, name)
    assert all(s.complete for s in stats)
    # Every byte of XML decompressed once: the ranges' bytes plus the header stream make the whole dump.
    header = bz2.BZ2Decompressor().decompress(dump)
    assert sum(s.bytes_decompressed for s in stats) + len(header) == len(sample_xml) == whole.bytes_decompressed


@pytest.mark.skipif(not SHARED_DUMPS.is_dir(), reason="shared corpus not present")
def test_real_dump_pages_in_streams_of_100_read_by_two_readers():
    path = SHARED_DUMPS / "gensim_enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    xml = bz2.decompress(path.read_bytes())
    dump, index = build_multistream(xml, 100)
    expected, _ = _whole(xml)
    docs, stats, _ = _by_ranges(dump, index, 2)
    assert len(stats) == 2 and docs == expected and len(docs) > 100
    assert all(s.articles for s in stats)  # both readers got pages


def test_index_and_scan_find_the_same_streams(sample_xml):
    dump, index = build_multistream(sample_xml, 2)
    stream = io.BytesIO(dump)
    site = read_siteinfo(NAME, stream)
    by_index = list_streams(NAME, stream, site, io.BytesIO(index))
    by_scan = list_streams(NAME, stream, site)
    assert len(by_index.offsets) == 4  # 8 pages, 2 per stream
    assert by_scan.offsets == (*by_index.offsets, by_scan.offsets[-1])  # the scan also sees the closing stream
    assert by_index.offsets[0] == site.pages_start and by_index.end == len(dump)
    assert scan_stream_offsets(io.BytesIO(dump))[0] == 0
    ranges = by_index.ranges(2)
    assert ranges[0][0] == site.pages_start and ranges[-1][1] == len(dump)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))  # contiguous, disjoint
    assert by_index.ranges(50) == list(itertools.pairwise([*by_index.offsets, len(dump)]))


def test_ranges_split_by_compressed_bytes():
    streams = StreamList(tuple(range(100, 1000, 10)), 1000, "index")
    assert streams.ranges(3) == [(100, 400), (400, 700), (700, 1000)]
    skewed = StreamList((100, 110, 120, 900), 1000, "scan")  # one big stream at the end
    assert skewed.ranges(2) == [(100, 900), (900, 1000)]
    assert skewed.ranges(4) == [(100, 110), (110, 120), (120, 900), (900, 1000)]
    assert StreamList((), 50, "scan").ranges(4) == []


def test_scan_ignores_the_magic_where_no_stream_ended_before_it():
    one = bz2.compress(b"<page>a</page>")
    fake = b"\x00" * 16 + b"BZh91AY&SY" + b"\x00" * 16  # the magic, but not after an end-of-stream marker
    assert scan_stream_offsets(io.BytesIO(one + fake + one)) == [0]
    assert scan_stream_offsets(io.BytesIO(one + one)) == [0, len(one)]


def test_siteinfo_and_names(sample_xml, tmp_path):
    dump, _ = build_multistream(sample_xml, 2)
    site = read_siteinfo(NAME, io.BytesIO(dump))
    assert (site.sitename, site.dbname, site.date) == ("Wikipedia", "enwiki", "2026-01-15")
    assert site.base.startswith("http") and site.multistream
    assert site.header.endswith(b"</siteinfo>") and site.pages_start == len(bz2.compress(site.header + b"\n\n"))
    plain = read_siteinfo("x.xml", io.BytesIO(sample_xml))
    assert plain.sitename == "Wikipedia" and not plain.multistream and plain.date is None
    single = read_siteinfo("x.xml.bz2", io.BytesIO(bz2.compress(sample_xml)))
    assert single.dbname == "enwiki" and not single.multistream
    assert index_name_for("d/enwiki-20261201-pages-articles-multistream.xml.bz2") == \
        "d/enwiki-20261201-pages-articles-multistream-index.txt.bz2"
    assert index_name_for("enwiki-20240601-pages-articles-multistream3.xml-p151574p311329.bz2") == \
        "enwiki-20240601-pages-articles-multistream-index3.txt-p151574p311329.bz2"
    assert index_name_for("enwiki-20261201-pages-articles.xml.bz2") is None
    for name in ("d/enwiki-20261201-pages-articles-multistream.xml.bz2",
                 "enwiki-20240601-pages-articles-multistream3.xml-p151574p311329.bz2"):
        assert is_multistream_index(index_name_for(name)) and not is_multistream_index(name)
    assert not is_multistream_index("notes-multistream-index.txt")  # not compressed: not Wikimedia's index
    assert dump_date("enwiki-latest-pages-articles-multistream.xml.bz2") is None
    assert dump_date("enwiki-20261341-pages-articles.xml.bz2") is None  # not a date


def test_old_export_without_ns_uses_the_namespaces_of_the_header():
    xml = (b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.3/"><siteinfo><sitename>W</sitename>'
           b'<namespaces><namespace key="1">Talk</namespace><namespace key="0" /></namespaces></siteinfo>\n'
           b"<page><title>Alpha</title><id>1</id><revision><id>5</id><text>Alpha text.</text></revision></page>\n"
           b"<page><title>Talk:Alpha</title><id>2</id><revision><id>6</id><text>Chat.</text></revision></page>\n"
           b"</mediawiki>\n")
    dump, index = build_multistream(xml, 1)
    docs, stats, _ = _by_ranges(dump, index, 2)
    assert [d.title for d in docs] == ["Alpha"]
    assert stats[1].other_namespaces_skipped == 1  # the second range knows "Talk" from the header


def test_single_stream_bz2_is_not_read_by_streams(sample_xml):
    data = io.BytesIO(bz2.compress(sample_xml))
    site = read_siteinfo("x.xml.bz2", data)
    with pytest.raises(NotMultistreamError, match="read it whole"):
        list_streams("x.xml.bz2", data, site)
    with pytest.raises(NotMultistreamError):
        list(iter_stream_range("x.xml.bz2", data, 0, 100, site))


def test_streams_cut_inside_pages_are_refused(sample_xml):
    """pbzip2-style: the header alone in the first stream, the rest cut every N bytes, not at pages."""
    header_end = sample_xml.index(b"<page>")
    body = sample_xml[header_end:]
    dump = bz2.compress(sample_xml[:header_end]) + b"".join(bz2.compress(body[k:k + 5000])
                                                            for k in range(0, len(body), 5000))
    stream = io.BytesIO(dump)
    site = read_siteinfo(NAME, stream)
    streams = list_streams(NAME, stream, site)
    first, end = streams.ranges(3)[1]
    with pytest.raises(StreamIndexError, match=rf"stream at byte {first} does not begin with a <page>"):
        list(iter_stream_range(NAME, stream, first, end, site))
    with pytest.raises(StreamIndexError, match="ends inside a <page>"):
        list(iter_stream_range(NAME, stream, *streams.ranges(3)[0], site))


def test_index_of_another_dump_is_refused_with_what_to_do(sample_xml):
    dump, index = build_multistream(sample_xml, 2)
    stream = io.BytesIO(dump)
    site = read_siteinfo(NAME, stream)
    lines = bz2.decompress(index).splitlines(keepends=True)
    shifted = [b"%d:%s" % (int(line.split(b":")[0]) + (7 if k > 3 else 0), line.split(b":", 1)[1])
               for k, line in enumerate(lines)]
    bad = bz2.compress(b"".join(shifted))
    with pytest.raises(StreamIndexError) as err:
        list_streams(NAME, stream, site, io.BytesIO(bad), "enwiki-index.txt.bz2")
    offset = int(shifted[4].split(b":")[0])
    assert err.value.source == "enwiki-index.txt.bz2"
    assert f"offset {offset} is not the start of a bz2 stream" in err.value.reason
    assert "re-download it or delete it" in err.value.reason
    other = bz2.compress(b"".join(b"%d:%s" % (int(line.split(b":")[0]) + 3, line.split(b":", 1)[1]) for line in lines))
    with pytest.raises(StreamIndexError, match="belongs to another dump"):
        list_streams(NAME, stream, site, io.BytesIO(other), "i.txt.bz2")
    restored = pickle.loads(pickle.dumps(err.value))  # errors cross process boundaries
    assert type(restored) is StreamIndexError and restored.reason == err.value.reason


def test_malformed_index_lines_are_named():
    with pytest.raises(StreamIndexError, match="line 2 is not 'offset:page_id:title'"):
        read_index_offsets("i.txt", io.BytesIO(b"600:1:A\nnonsense\n"))
    with pytest.raises(StreamIndexError, match="line 3: offset 100 comes after 900"):
        read_index_offsets("i.txt", io.BytesIO(b"600:1:A\n900:2:B\n100:3:C\n"))
    with pytest.raises(StreamIndexError, match="cannot be decompressed"):
        read_index_offsets("i.txt.bz2", io.BytesIO(bz2.compress(b"600:1:A\n" * 50)[:-20]))
    assert read_index_offsets("i.txt", io.BytesIO(b"600:1:A: B:C\n600:2:D\n900:3:E\n")) == [600, 900]


def test_offsets_that_are_not_stream_starts(sample_xml):
    dump, _ = build_multistream(sample_xml, 2)
    stream = io.BytesIO(dump)
    site = read_siteinfo(NAME, stream)
    offsets = list_streams(NAME, stream, site).offsets
    with pytest.raises(StreamIndexError, match=rf"no bz2 stream starts at byte {offsets[1] + 3}"):
        list(iter_stream_range(NAME, stream, offsets[1] + 3, len(dump), site))
    with pytest.raises(StreamIndexError, match=rf"goes on past the range end {offsets[2] - 5}"):
        list(iter_stream_range(NAME, stream, offsets[1], offsets[2] - 5, site))
    with pytest.raises(StreamIndexError, match="lies in the header stream"):
        list(iter_stream_range(NAME, stream, 5, len(dump), site))
    assert list(iter_stream_range(NAME, stream, offsets[2], offsets[2], site)) == []


def test_truncated_dump_yields_the_pages_before_and_names_the_stream(sample_xml):
    dump, _ = build_multistream(sample_xml, 2)
    stream = io.BytesIO(dump)
    site = read_siteinfo(NAME, stream)
    streams = list_streams(NAME, stream, site)
    last = streams.offsets[-1]
    cut = io.BytesIO(dump[: last - 40])  # the stream before the last one is cut off
    docs: list = []
    with pytest.raises(DumpTruncatedError) as err:
        for doc in iter_stream_range(NAME, cut, streams.offsets[0], len(dump), site):
            docs.append(doc)
    assert f"the bz2 stream at byte {streams.offsets[-2]} is cut off at byte {last - 40}" in err.value.reason
    assert "re-download" in err.value.reason and docs and err.value.pages_read == len(docs)
    with pytest.raises(DumpTruncatedError, match=rf"the file ends at byte {last}"):
        list(iter_stream_range(NAME, io.BytesIO(dump[:last]), last, len(dump), site))


def test_corrupt_stream_is_named(sample_xml):
    dump, _ = build_multistream(sample_xml, 2)
    site = read_siteinfo(NAME, io.BytesIO(dump))
    offsets = list_streams(NAME, io.BytesIO(dump), site).offsets
    broken = bytearray(dump)
    broken[offsets[1] + 60] ^= 0xFF
    with pytest.raises(SourceFormatError, match=rf"the bz2 stream at byte {offsets[1]} is corrupt .* re-download"):
        list(iter_stream_range(NAME, io.BytesIO(bytes(broken)), offsets[0], len(dump), site))


def test_hostile_header_is_refused():
    xml = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><mediawiki><siteinfo><sitename>&a;'
           b"</sitename></siteinfo>\n<page><title>A</title><ns>0</ns><id>1</id><revision><id>2</id><text>t</text>"
           b"</revision></page></mediawiki>")
    dump, _ = build_multistream(xml, 1)
    with pytest.raises(UnsafeXMLError):
        read_siteinfo(NAME, io.BytesIO(dump))
    with pytest.raises(SourceFormatError, match="not a MediaWiki XML dump"):
        read_siteinfo("x.xml", io.BytesIO(b"<html><body>hello</body></html>" * 10))


def test_dump_layout_finds_the_index_beside_the_dump(sample_xml, tmp_path):
    dump, index = build_multistream(sample_xml, 2)
    path = tmp_path / "enwiki-20261201-pages-articles-multistream.xml.bz2"
    path.write_bytes(dump)
    scanned = dump_layout("raw/dump.xml.bz2", path)
    assert scanned.read_by == "streams (scan)" and scanned.index_path is None
    (tmp_path / "enwiki-20261201-pages-articles-multistream-index.txt.bz2").write_bytes(index)
    indexed = dump_layout("raw/dump.xml.bz2", path)
    assert indexed.read_by == "streams (index)" and indexed.index_path.endswith("-index.txt.bz2")
    assert indexed.streams.offsets == scanned.streams.offsets[:-1] and indexed.site.date == "2026-12-01"
    (tmp_path / "enwiki-20261201-pages-articles-multistream-index.txt.bz2").write_bytes(bz2.compress(b"5:1:A\n"))
    with pytest.raises(StreamIndexError, match="belongs to another dump"):
        dump_layout("raw/dump.xml.bz2", path)
    single = tmp_path / "enwiki-20261201-pages-articles.xml.bz2"
    single.write_bytes(bz2.compress(sample_xml))
    plain = tmp_path / "export.xml"
    plain.write_bytes(sample_xml)
    assert dump_layout("a", single).read_by == dump_layout("b", plain).read_by == "whole"
    assert dump_layout("a", single).streams is None
    latest = tmp_path / "enwiki-latest-pages-articles-multistream.xml.bz2"
    latest.symlink_to(path)  # a stable name for scheduled runs: the date comes from the file it points at
    assert dump_layout("raw/latest.xml.bz2", latest).site.date == "2026-12-01"


def test_range_larger_than_the_dump_limit_stops_with_what_to_raise(sample_xml):
    from pipeline.errors import LimitExceededError
    from pipeline.limits import Limits

    dump, _ = build_multistream(sample_xml, 2)
    site = read_siteinfo(NAME, io.BytesIO(dump))
    offsets = list_streams(NAME, io.BytesIO(dump), site).offsets
    with pytest.raises(LimitExceededError, match=r"raise Limits\.max_dump_bytes"):
        list(iter_stream_range(NAME, io.BytesIO(dump), offsets[0], len(dump), site, Limits(max_dump_bytes=10_000)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4), st.integers(0, 10**6),
       st.booleans())
def test_fuzz_damaged_multistream_raises_only_project_errors(flips, cut, with_index):
    """Flipped bytes and cut-off files, in the dump or its index: only the documented errors, never a crash."""
    dump, index = _FUZZ_DUMP
    data = bytearray(dump if not with_index else index)
    for at, value in flips:
        data[at % len(data)] = value
    data = bytes(data[: max(1, cut % (len(data) + 1))]) if cut % 3 == 0 else bytes(data)
    dump_bytes, index_bytes = (data, index) if not with_index else (dump, data)
    try:
        stream = io.BytesIO(dump_bytes)
        site = read_siteinfo(NAME, stream)
        streams = list_streams(NAME, stream, site, io.BytesIO(index_bytes), "i.txt.bz2")
        for first, end in streams.ranges(3):
            for doc in iter_stream_range(NAME, stream, first, end, site):
                assert doc.title and doc.path == NAME
    except WikirecordsError:
        pass


_FUZZ_DUMP = build_multistream(bz2.decompress(SAMPLE.read_bytes()), 2)

"""XML dump reader: pages streamed with their ids, redirects and other namespaces skipped and counted."""

from __future__ import annotations

import bz2
import io
import pickle
import xml.etree.ElementTree as ET

import pytest

from pipeline.api import read_documents
from pipeline.errors import DumpTruncatedError, LimitExceededError, SourceFormatError, WikirecordsError
from pipeline.limits import Limits
from pipeline.sources.dump import DumpStats, iter_dump_pages
from tests.conftest import FIXTURES

SAMPLE_BZ2 = FIXTURES / "dumps" / "minidump_sample.xml.bz2"
NS = "{http://www.mediawiki.org/xml/export-0.10/}"


@pytest.fixture(scope="module")
def sample_xml() -> bytes:
    return bz2.decompress(SAMPLE_BZ2.read_bytes())


def _expected_articles(xml: bytes) -> list[dict]:
    """Independent oracle: the whole (small, trusted) sample parsed as a tree."""
    out = []
    for page in ET.fromstring(xml).iter(f"{NS}page"):
        if page.findtext(f"{NS}ns") != "0" or page.find(f"{NS}redirect") is not None:
            continue
        rev = page.find(f"{NS}revision")
        out.append({"title": page.findtext(f"{NS}title"), "page_id": int(page.findtext(f"{NS}id")),
                    "revision_id": int(rev.findtext(f"{NS}id")), "timestamp": rev.findtext(f"{NS}timestamp"),
                    "text": rev.findtext(f"{NS}text")})
    return out


def _as_dicts(docs) -> list[dict]:
    return [{"title": d.title, "page_id": d.page_id, "revision_id": d.revision_id, "timestamp": d.timestamp,
             "text": d.text} for d in docs]


def test_dump_read_bz2_yields_article_pages_with_ids(sample_xml: bytes) -> None:
    stats = DumpStats()
    with SAMPLE_BZ2.open("rb") as stream:
        docs = list(read_documents("dumps/sample.xml.bz2", stream, stats=stats))
    assert _as_dicts(docs) == _expected_articles(sample_xml)
    assert len(docs) == 5
    assert {d.format for d in docs} == {"xml-dump"} and {d.path for d in docs} == {"dumps/sample.xml.bz2"}
    assert 'Ren & Stimpy "Adult Party Cartoon"' in [d.title for d in docs]  # entities in titles decoded
    assert len({d.key for d in docs}) == 5


def test_dump_read_counts_skipped_pages(sample_xml: bytes) -> None:
    stats = DumpStats()
    docs = list(read_documents("sample.xml", io.BytesIO(sample_xml), stats=stats))
    assert (stats.pages_seen, stats.articles, stats.redirects_skipped, stats.other_namespaces_skipped) == (8, 5, 2, 1)
    assert stats.articles == len(docs) and stats.complete and stats.problems == []
    assert stats.last_page == "The Amazing Spider-Man (2012 film)"


def test_dump_read_is_lazy(sample_xml: bytes) -> None:
    """The first page comes out before the stream is read to its end."""

    class Counting(io.BytesIO):
        consumed = 0

        def read(self, n: int = -1) -> bytes:
            data = super().read(min(n, 4096) if n and n > 0 else 4096)
            Counting.consumed += len(data)
            return data

    stream = Counting(sample_xml)
    first = next(read_documents("sample.xml", stream))
    assert first.title == _expected_articles(sample_xml)[0]["title"]
    assert Counting.consumed < len(sample_xml)


def _page(title: str, ns: str | None, page_id: int, revisions: list[tuple[int, str, str]],
          redirect: bool = False) -> str:
    ns_xml = f"<ns>{ns}</ns>" if ns is not None else ""
    red = '<redirect title="X" />' if redirect else ""
    revs = "".join(f"<revision><id>{rid}</id><timestamp>{ts}</timestamp><contributor><id>7</id></contributor>"
                   f"<model>wikitext</model><text xml:space=\"preserve\">{text}</text></revision>"
                   for rid, ts, text in revisions)
    return f"<page><title>{title}</title>{ns_xml}<id>{page_id}</id>{red}{revs}</page>"


def _dump(*pages: str, siteinfo: str = "") -> bytes:
    return (f'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">{siteinfo}'
            + "".join(pages) + "</mediawiki>").encode()


def test_dump_read_keeps_latest_revision_per_page() -> None:
    xml = _dump(_page("History", "0", 1, [(10, "2020-01-01T00:00:00Z", "old text"),
                                          (30, "2022-05-05T00:00:00Z", "newest text"),
                                          (20, "2021-01-01T00:00:00Z", "middle text")]))
    [doc] = read_documents("h.xml", io.BytesIO(xml))
    assert (doc.revision_id, doc.timestamp, doc.text, doc.page_id) == (30, "2022-05-05T00:00:00Z", "newest text", 1)


def test_dump_read_old_export_without_ns_uses_title_prefix_and_redirect_text() -> None:
    siteinfo = ('<siteinfo><namespaces><namespace key="0" /><namespace key="10">Template</namespace>'
                "</namespaces></siteinfo>")
    xml = _dump(_page("Template:Infobox", None, 1, [(1, "2010-01-01T00:00:00Z", "{{{x}}}")]),
                _page("Old name", None, 2, [(2, "2010-01-01T00:00:00Z", "#REDIRECT [[New name]]")]),
                _page("Star Wars: A New Hope", None, 3, [(3, "2010-01-01T00:00:00Z", "A film.")]),
                siteinfo=siteinfo)
    stats = DumpStats()
    docs = list(read_documents("old.xml", io.BytesIO(xml), stats=stats))
    assert [d.title for d in docs] == ["Star Wars: A New Hope"]
    assert (stats.other_namespaces_skipped, stats.redirects_skipped) == (1, 1)


def test_dump_read_reports_empty_and_oversized_pages() -> None:
    xml = _dump(_page("Empty", "0", 1, [(1, "2010-01-01T00:00:00Z", "   ")]),
                _page("Huge", "0", 2, [(2, "2010-01-01T00:00:00Z", "word " * 5000)]),
                _page("Fine", "0", 3, [(3, "2010-01-01T00:00:00Z", "A fine page.")]))
    stats = DumpStats()
    docs = list(read_documents("p.xml", io.BytesIO(xml), Limits(max_source_bytes=10_000), stats=stats))
    assert [d.title for d in docs] == ["Fine"]
    assert [(p.title, p.page_id) for p in stats.problems] == [("Empty", 1), ("Huge", 2)]
    assert "no revision text" in stats.problems[0].reason
    assert "10,000" in stats.problems[1].reason and "max_source_bytes" in stats.problems[1].reason


def test_dump_read_stops_at_dump_size_limit(sample_xml: bytes) -> None:
    got = []
    with pytest.raises(LimitExceededError, match="max_dump_bytes") as info:
        got.extend(read_documents("big.xml", io.BytesIO(sample_xml), Limits(max_dump_bytes=len(sample_xml) // 2)))
    assert info.value.source == "big.xml"
    assert [d.title for d in got] == [a["title"] for a in _expected_articles(sample_xml)][: len(got)]


def test_dump_read_malformed_xml_names_line_and_last_page(sample_xml: bytes) -> None:
    cut = sample_xml.index(b"<page>", sample_xml.index(b"Ingoldiomyces"))
    bad = sample_xml[:cut] + b"<page><title>Broken</title></pag>" + sample_xml[cut:]
    got = []
    with pytest.raises(SourceFormatError, match=r"malformed XML at line \d+") as info:
        got.extend(read_documents("bad.xml", io.BytesIO(bad)))
    assert [d.title for d in got] == ["Borysthenia goldfussiana", "Dahlak SC", "Ingoldiomyces"]
    assert "Ingoldiomyces" in info.value.reason and info.value.source == "bad.xml"


def test_dump_errors_survive_pickling() -> None:
    err = DumpTruncatedError("a.xml", "cut off", pages_read=3, last_page="X")
    copy = pickle.loads(pickle.dumps(err))
    assert (type(copy), copy.source, copy.reason, copy.pages_read, copy.last_page, str(copy)) == (
        DumpTruncatedError, "a.xml", "cut off", 3, "X", str(err))
    base = pickle.loads(pickle.dumps(WikirecordsError("b.txt", "empty")))
    assert (base.source, base.reason) == ("b.txt", "empty")


def test_dump_iter_pages_accepts_plain_stream_directly(sample_xml: bytes) -> None:
    docs = list(iter_dump_pages("s.xml", io.BytesIO(sample_xml)))
    assert _as_dicts(docs) == _expected_articles(sample_xml)

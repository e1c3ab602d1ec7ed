"""Streaming reader for MediaWiki XML exports and dumps: one ``SourceDocument`` per article page.

The XML is fed in chunks to a hardened expat parser (defusedxml: entity declarations and external references
are refused, never expanded or fetched) whose target keeps only the current page's fields, so memory stays
flat whatever the dump's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from pipeline.errors import DumpTruncatedError, LimitExceededError, SourceFormatError, UnsafeXMLError
from pipeline.limits import Limits
from pipeline.sources.detect import XML_DUMP
from pipeline.sources.document import SourceDocument

_CHUNK = 1 << 16
_REDIRECT_TEXT = re.compile(r"\A\s*#redirect\b", re.I)


@dataclass(frozen=True)
class SkippedPage:
    """An article page that was not yielded, with a reason a person can act on."""

    title: str | None
    page_id: int | None
    reason: str


@dataclass
class DumpStats:
    """What a dump held besides the article pages yielded; filled in while the iterator runs."""

    pages_seen: int = 0
    """Every complete ``<page>`` element, whatever its namespace."""
    articles: int = 0
    """Article pages yielded as documents."""
    redirects_skipped: int = 0
    other_namespaces_skipped: int = 0
    """Pages outside the article namespace (ns != 0): talk, templates, categories, ..."""
    non_wikitext_skipped: int = 0
    """Article-namespace pages whose content model is not wikitext (JSON, CSS, Lua...)."""
    problems: list[SkippedPage] = field(default_factory=list)
    """Article pages skipped for a reason worth reporting (no text, larger than the per-source limit)."""
    last_page: str | None = None
    """Title of the last complete page read (any namespace); names where a truncated dump broke off."""
    complete: bool = False
    """True once the closing ``</mediawiki>`` tag was read: every page of the dump was seen (for a range of
    streams of a multistream dump: every page of the range)."""
    bytes_decompressed: int = 0
    """Bytes of XML given to the parser (what a reader had to decompress; counts a shared dump once per reader)."""


def iter_dump_pages(path: str, stream: BinaryIO, limits: Limits | None = None,
                    stats: DumpStats | None = None) -> Iterator[SourceDocument]:
    """Yield one document per article page (ns 0, not a redirect, latest revision) of an XML dump.

    ``stream`` holds the XML (already decompressed: ``read_documents`` unwraps .bz2). Pass a ``DumpStats`` to
    learn, during and after the iteration, how many redirects and other pages were skipped and why.
    Raises ``UnsafeXMLError`` (entity declarations, external references), ``SourceFormatError`` (malformed
    XML, corrupt compression) and ``DumpTruncatedError`` (input ends mid-dump); the pages completed before
    the break are always yielded first.
    """
    limits = limits or Limits()
    stats = stats if stats is not None else DumpStats()
    parser = PageParser(path, limits, stats)
    while True:
        try:
            chunk = stream.read(_CHUNK)
        except EOFError as exc:  # bz2/gzip stream cut off before its end-of-stream marker
            yield from parser.drain()
            raise _truncated(path, stats, "the compressed stream is cut off (file incomplete: "
                             "re-download it or remove it)") from exc
        except OSError as exc:  # corrupt compressed data
            yield from parser.drain()
            raise SourceFormatError(path, f"compressed data is corrupt ({exc}); {_where(stats)}; "
                                    "re-download the dump") from exc
        if not chunk:
            break
        try:
            parser.feed(chunk)
        finally:
            yield from parser.drain()
    try:
        parser.close()
    finally:
        yield from parser.drain()
    stats.complete = True


class PageParser:
    """The hardened XML parser with its page target: feed XML bytes, drain the finished article documents.

    Shared by the whole-dump reader and the multistream reader, so both skip, count and refuse the same things.
    """

    def __init__(self, path: str, limits: Limits, stats: DumpStats) -> None:
        self._path, self._limits, self._stats = path, limits, stats
        self._target = _DumpTarget(path, limits, stats)
        self._parser = DefusedXMLParser(target=self._target, forbid_dtd=False, forbid_entities=True,
                                        forbid_external=True)

    @property
    def root_closed(self) -> bool:
        """True once the root element (``</mediawiki>``) has been closed."""
        return self._target.root_closed

    @property
    def between_pages(self) -> bool:
        """True when no ``<page>`` element is open (a stream boundary of a multistream dump must fall here)."""
        return self._target.between_pages

    def drain(self) -> Iterator[SourceDocument]:
        """The documents finished by the bytes fed so far (each yielded once)."""
        return self._target.drain()

    def feed(self, chunk: bytes, count: bool = True) -> None:
        """Parse more XML; raises ``LimitExceededError``, ``UnsafeXMLError`` or ``SourceFormatError``.

        ``count=False`` for bytes that were not read from the dump here (a header fed again before a range).
        """
        stats, path = self._stats, self._path
        if count:
            stats.bytes_decompressed += len(chunk)
        if stats.bytes_decompressed > self._limits.max_dump_bytes:
            raise LimitExceededError(path, f"holds more than the {self._limits.max_dump_bytes:,}-byte limit per "
                                     f"dump (decompressed); {_where(stats)}; raise Limits.max_dump_bytes to read "
                                     "it all")
        try:
            self._parser.feed(chunk)
        except DefusedXmlException as exc:
            raise UnsafeXMLError(path, _unsafe_reason(exc)) from exc
        except ParseError as exc:
            line, column = exc.position
            raise SourceFormatError(path, f"malformed XML at line {line}, column {column} ({_expat_reason(exc)}); "
                                    f"{_where(stats)}") from exc

    def close(self) -> None:
        """End of input: raises ``DumpTruncatedError`` when the XML is not complete."""
        try:
            self._parser.close()
        except ParseError as exc:
            raise _truncated(self._path, self._stats, "the XML ends before its closing </mediawiki> tag (file cut "
                             "off: re-download it or remove it)") from exc


def _truncated(path: str, stats: DumpStats, what: str) -> DumpTruncatedError:
    return DumpTruncatedError(path, f"{what}; {_where(stats)}", pages_read=stats.articles, last_page=stats.last_page)


def _where(stats: DumpStats) -> str:
    if stats.last_page is None:
        return "no complete page was read before it"
    return (f"the {stats.articles} article page(s) before it were read; the last complete page is "
            f"{stats.last_page!r}")


def _expat_reason(exc: ParseError) -> str:
    return str(exc).split(":")[0]


def _unsafe_reason(exc: DefusedXmlException) -> str:
    if isinstance(exc, EntitiesForbidden):
        where = f" pointing at {exc.sysid!r}" if exc.sysid else ""
        return (f"declares the XML entity {exc.name!r}{where}: entity declarations are refused (entity-expansion "
                "bombs, external entities), nothing was expanded or read; MediaWiki exports never declare entities")
    if isinstance(exc, ExternalReferenceForbidden):
        return (f"references the external resource {exc.sysid!r}: refused, nothing was read; MediaWiki exports "
                "never reference external resources")
    return f"uses a forbidden XML construct ({exc}): refused, nothing was expanded or read"


@dataclass
class _Revision:
    id: int | None = None
    timestamp: str | None = None
    model: str | None = None
    text: str | None = None
    oversized: bool = False


@dataclass
class _Page:
    title: str | None = None
    ns: str | None = None
    id: int | None = None
    redirect: bool = False
    latest: _Revision | None = None


class _DumpTarget:
    """Expat target that keeps only the fields of the page being read, then turns it into a document."""

    def __init__(self, path: str, limits: Limits, stats: DumpStats) -> None:
        self._path, self._limits, self._stats = path, limits, stats
        self._stack: list[str] = []
        self._page: _Page | None = None
        self._revision: _Revision | None = None
        self._buffer: list[str] | None = None
        self._buffered = 0
        self._namespaces: dict[str, str] = {}  # namespace name (lower case) -> key, from <siteinfo>
        self._namespace_key: str | None = None
        self._ready: list[SourceDocument] = []
        self._root_closed = False

    @property
    def root_closed(self) -> bool:
        return self._root_closed

    @property
    def between_pages(self) -> bool:
        return self._page is None

    def drain(self) -> Iterator[SourceDocument]:
        ready, self._ready = self._ready, []
        yield from ready

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        parent = self._stack[-1] if self._stack else None
        self._stack.append(name)
        if name == "page" and len(self._stack) == 2:
            self._page = _Page()
        elif self._page is not None and parent == "page":
            if name == "revision":
                self._revision = _Revision()
            elif name == "redirect":
                self._page.redirect = True
            elif name in ("title", "ns", "id"):
                self._start_buffer()
        elif self._revision is not None and parent == "revision" and name in ("id", "timestamp", "model", "text"):
            self._start_buffer()
        elif name == "namespace" and parent == "namespaces":
            self._namespace_key = attrib.get("key")
            self._start_buffer()

    def data(self, text: str) -> None:
        if self._buffer is None:
            return
        self._buffered += len(text)
        if self._buffered > self._limits.max_source_bytes:
            if self._revision is not None:
                self._revision.oversized = True
            self._buffer = []  # stop growing; the page is reported, not yielded
            return
        self._buffer.append(text)

    def end(self, tag: str) -> None:
        name = self._stack.pop() if self._stack else tag.rpartition("}")[2]
        parent = self._stack[-1] if self._stack else None
        value = self._end_buffer()
        page, revision = self._page, self._revision
        if not self._stack:
            self._root_closed = True
        if name == "page" and page is not None and len(self._stack) == 1:
            self._finish_page(page)
            self._page = None
        elif page is not None and parent == "page":
            if name == "title":
                page.title = value
            elif name == "ns":
                page.ns = value
            elif name == "id":
                page.id = _int(value)
            elif name == "revision" and revision is not None:
                if page.latest is None or (revision.timestamp or "") >= (page.latest.timestamp or ""):
                    page.latest = revision
                self._revision = None
        elif revision is not None and parent == "revision" and value is not None:
            if name == "id":
                revision.id = _int(value)
            elif name == "timestamp":
                revision.timestamp = value.strip()
            elif name == "model":
                revision.model = value.strip()
            elif name == "text" and not revision.oversized:
                revision.text = value
        elif name == "namespace" and value and value.strip() and self._namespace_key not in (None, "0"):
            self._namespaces[value.strip().lower()] = self._namespace_key  # type: ignore[assignment]

    def close(self) -> None:
        return None

    def _start_buffer(self) -> None:
        self._buffer, self._buffered = [], 0

    def _end_buffer(self) -> str | None:
        if self._buffer is None:
            return None
        value, self._buffer = "".join(self._buffer), None
        return value

    def _finish_page(self, page: _Page) -> None:
        stats = self._stats
        stats.pages_seen += 1
        stats.last_page = page.title
        revision = page.latest
        if not self._in_article_namespace(page):
            stats.other_namespaces_skipped += 1
        elif page.redirect or (revision is not None and revision.text and _REDIRECT_TEXT.match(revision.text)):
            stats.redirects_skipped += 1
        elif revision is not None and revision.model not in (None, "wikitext"):
            stats.non_wikitext_skipped += 1
        elif revision is not None and revision.oversized:
            stats.problems.append(SkippedPage(page.title, page.id, f"its text is larger than the "
                                              f"{self._limits.max_source_bytes:,}-character limit per source; "
                                              "raise Limits.max_source_bytes to accept it"))
        elif revision is None or not (revision.text or "").strip():
            stats.problems.append(SkippedPage(page.title, page.id, "the page has no revision text (deleted, or a "
                                              "stub dump without text); use a pages-articles dump"))
        elif not (page.title or "").strip():
            stats.problems.append(SkippedPage(page.title, page.id, "the page has no title"))
        else:
            stats.articles += 1
            self._ready.append(SourceDocument(
                path=self._path, format=XML_DUMP, text=revision.text or "", title=page.title,
                page_id=page.id, revision_id=revision.id, timestamp=revision.timestamp))

    def _in_article_namespace(self, page: _Page) -> bool:
        if page.ns is not None:
            return page.ns.strip() == "0"
        prefix, colon, _ = (page.title or "").partition(":")  # old exports have no <ns>: use the title prefix
        return not (colon and prefix.strip().lower() in self._namespaces)


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None

"""Multistream dumps read by stream: list the bz2 streams of a dump, read any range of them on its own.

Wikimedia's ``*-pages-articles-multistream.xml.bz2`` is a series of independent bz2 streams: the first holds the
``<mediawiki>`` opening tag and the ``<siteinfo>`` header, each of the others 100 whole ``<page>`` elements (the
last one also the closing ``</mediawiki>``). The index beside it (``*-multistream-index.txt.bz2``) lists
``offset:page_id:title`` for every page, ``offset`` being the byte where the page's stream starts. Reading a
range of streams costs only those streams' bytes, so N readers over disjoint ranges decompress the dump once
in total, whatever N.

Typical use (the caller opens the files; nothing here writes)::

    site = read_siteinfo(path, dump)                 # header, site name, date; is it multistream at all?
    streams = list_streams(path, dump, site, index)  # from the index when given, else by scanning the dump
    for first, end in streams.ranges(parts):         # one range per task
        for doc in iter_stream_range(path, dump, first, end, site): ...

``dump_layout(source, file)`` does the first two steps for a file on disk, with the index found beside it.
"""

from __future__ import annotations

import bisect
import bz2
import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePosixPath
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from pipeline.errors import DumpTruncatedError, SourceFormatError, UnsafeXMLError
from pipeline.limits import Limits
from pipeline.sources.document import SourceDocument
from pipeline.sources.dump import DumpStats, PageParser, _truncated, _unsafe_reason

STREAM_MAGIC = re.compile(rb"BZh[1-9]\x31\x41\x59\x26\x53\x59")
"""Start of a bz2 stream holding data: ``BZh`` + block size digit + the 48-bit block magic (pi)."""
_EOS_MAGIC = 0x177245385090  # end-of-stream marker (sqrt pi), then a 32-bit CRC, then 0-7 bits of padding
_MASK48 = (1 << 48) - 1
_READ = 1 << 18  # compressed bytes read at a time
_OUT = 1 << 20  # most decompressed bytes produced per call: bounds memory even for a bz2 bomb
_SCAN_CHUNK = 1 << 23
_HEADER_LIMIT = 4 << 20
_PAGE_START = (b"<page", b"</mediawiki")
_DATE_IN_NAME = re.compile(r"-(\d{8})-")


class StreamIndexError(SourceFormatError):
    """The stream offsets (from the index beside the dump, or given by the caller) do not match the dump."""


class NotMultistreamError(SourceFormatError):
    """The dump is not a multistream dump of whole pages; read it whole with ``read_documents``."""


@dataclass(frozen=True)
class SiteInfo:
    """What a dump says about its wiki, and the header every range of streams is parsed under."""

    sitename: str | None
    dbname: str | None
    base: str | None
    generator: str | None
    date: str | None
    """The dump's date from its file name (``enwiki-20261201-...`` -> ``2026-12-01``), None when it has none."""
    header: bytes
    """The XML from the start to ``</siteinfo>`` included (the ``<mediawiki>`` tag with its namespace)."""
    pages_start: int | None
    """Byte where the first page stream starts when the header is a bz2 stream of its own (Wikimedia's
    multistream layout); None for a plain XML file or a .bz2 whose first stream also holds pages."""

    @property
    def multistream(self) -> bool:
        """True when the dump can be read by ranges of streams."""
        return self.pages_start is not None


@dataclass(frozen=True)
class StreamList:
    """The page streams of a multistream dump: where each starts, in order, and where the last one ends."""

    offsets: tuple[int, ...]
    """Start of every bz2 stream after the header stream, increasing."""
    end: int
    """Size of the dump file: the end of the last stream."""
    found_by: str
    """``"index"`` (read from the index beside the dump) or ``"scan"`` (stream starts found in the dump)."""

    def ranges(self, parts: int) -> list[tuple[int, int]]:
        """``min(parts, streams)`` contiguous ``(first_offset, end_offset)`` ranges covering every page stream once,
        of about equal compressed size (each boundary is the stream start nearest its share; deterministic)."""
        offsets = self.offsets
        if not offsets:
            return []
        parts = max(1, min(parts, len(offsets)))
        first, total = offsets[0], self.end - offsets[0]
        bounds, previous = [first], 0
        for k in range(1, parts):
            target = first + total * k / parts
            i = bisect.bisect_left(offsets, target)
            if i > 0 and (i == len(offsets) or target - offsets[i - 1] <= offsets[i] - target):
                i -= 1  # the nearer of the two stream starts around the target
            previous = min(max(i, previous + 1), len(offsets) - (parts - k))  # leave a stream for each range left
            bounds.append(offsets[previous])
        return list(zip(bounds, [*bounds[1:], self.end], strict=True))


def index_name_for(dump_name: str) -> str | None:
    """The file name Wikimedia gives the index of a multistream dump, or None when the name is not one.

    ``enwiki-20261201-pages-articles-multistream.xml.bz2`` ->
    ``enwiki-20261201-pages-articles-multistream-index.txt.bz2``; split dumps too
    (``...-multistream3.xml-p151574p311329.bz2`` -> ``...-multistream-index3.txt-p151574p311329.bz2``).
    """
    path = PurePosixPath(dump_name.replace("\\", "/"))
    name, count = re.subn(r"-multistream(\d*)\.xml", r"-multistream-index\1.txt", path.name, count=1)
    return str(path.with_name(name)) if count and name.endswith(".bz2") else None


_INDEX_NAME = re.compile(r"-multistream-index\d*\.txt(?:-p\d+p\d+)?\.bz2\Z")


def is_multistream_index(name: str) -> bool:
    """True for the file name of a multistream dump's index: a companion of the dump, not a source of articles."""
    return bool(_INDEX_NAME.search(PurePosixPath(name.replace("\\", "/")).name))


def dump_date(dump_name: str) -> str | None:
    """``YYYY-MM-DD`` from a dump's file name (``enwiki-20261201-...``), None when it holds no valid date."""
    m = _DATE_IN_NAME.search(PurePosixPath(dump_name.replace("\\", "/")).name)
    if not m:
        return None
    try:
        return date(int(m.group(1)[:4]), int(m.group(1)[4:6]), int(m.group(1)[6:])).isoformat()
    except ValueError:
        return None


def read_siteinfo(path: str, dump: BinaryIO) -> SiteInfo:
    """The ``<siteinfo>`` of a dump (.xml or .bz2, seekable) and whether its header is a stream of its own.

    Decompresses only the first stream's first blocks. Raises ``SourceFormatError`` when the file is not a
    MediaWiki dump or its header is malformed, ``UnsafeXMLError`` for entity declarations.
    """
    dump.seek(0)
    compressed = dump.read(3) == b"BZh"
    dump.seek(0)
    header, rest, pages_start = (_first_stream_header(path, dump) if compressed else _plain_header(path, dump))
    if rest.strip():
        pages_start = None  # pages follow the header in the same stream: not Wikimedia's multistream layout
    fields = _parse_siteinfo(path, header)
    return SiteInfo(fields.get("sitename"), fields.get("dbname"), fields.get("base"), fields.get("generator"),
                    dump_date(path), header, pages_start)


def read_index_offsets(index_path: str, index: BinaryIO) -> list[int]:
    """The distinct stream offsets of a multistream index (``offset:page_id:title`` lines, .bz2 or plain), in order.

    Raises ``StreamIndexError`` naming the line when a line is malformed or the offsets go backwards.
    """
    head = index.read(3)
    index.seek(index.tell() - len(head))
    offsets: list[int] = []
    try:
        with bz2.open(index, "rb") if head == b"BZh" else contextlib.nullcontext(index) as lines:
            offsets = _index_offsets(index_path, lines)
    except (EOFError, OSError) as exc:
        raise StreamIndexError(index_path, f"cannot be decompressed ({exc}); re-download it or delete it to have "
                               "the dump's streams found by scanning") from exc
    return offsets


def _index_offsets(index_path: str, lines: BinaryIO) -> list[int]:
    offsets: list[int] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        field, sep, _rest = line.partition(b":")
        try:
            offset = int(field)
        except ValueError:
            offset = -1
        if not sep or offset < 0:
            raise StreamIndexError(index_path, f"line {number} is not 'offset:page_id:title' "
                                   f"({line[:80]!r}): not a multistream index; delete it to have the dump's "
                                   "streams found by scanning, or re-download it")
        if offsets and offset < offsets[-1]:
            raise StreamIndexError(index_path, f"line {number}: offset {offset} comes after {offsets[-1]}: "
                                   "the offsets of a multistream index never go backwards; re-download it")
        if not offsets or offset != offsets[-1]:
            offsets.append(offset)
    return offsets


def scan_stream_offsets(dump: BinaryIO) -> list[int]:
    """Every byte where a bz2 stream with data starts in ``dump`` (0 included), found without decompressing.

    A candidate is the 10-byte stream-and-block magic; it counts only at offset 0 or when the 48-bit
    end-of-stream marker of the previous stream (plus its CRC and padding) ends right before it, so compressed
    data that happens to contain the magic is not taken for a stream start.
    """
    dump.seek(0)
    found: list[int] = []
    tail, base = b"", 0  # tail: the last bytes of the previous chunk (a magic or marker may straddle chunks)
    while True:
        chunk = dump.read(_SCAN_CHUNK)
        if not chunk:
            return found
        buf = tail + chunk
        for m in STREAM_MAGIC.finditer(buf):
            at = base + m.start()
            new = not found or at > found[-1]
            if new and (at == 0 or (m.start() >= 11 and _ends_stream(buf[m.start() - 11:m.start()]))):
                found.append(at)
        keep = min(len(buf), 21)
        tail, base = buf[-keep:], base + len(buf) - keep


def _ends_stream(before: bytes) -> bool:
    """True when the 11 bytes ``before`` end with an end-of-stream marker, its CRC and 0-7 bits of padding."""
    bits = int.from_bytes(before, "big")
    return any((bits >> (pad + 32)) & _MASK48 == _EOS_MAGIC for pad in range(8))


def list_streams(path: str, dump: BinaryIO, site: SiteInfo, index: BinaryIO | None = None,
                 index_path: str | None = None) -> StreamList:
    """The page streams of a multistream dump: from its index when given (checked against the dump), else scanned.

    Raises ``NotMultistreamError`` when the dump's header is not a stream of its own (``site.multistream``),
    ``StreamIndexError`` when an offset of the index is not a stream start of this dump (an index of another
    dump, or a changed file).
    """
    if site.pages_start is None:
        raise NotMultistreamError(path, "is not a multistream dump (its first bz2 stream does not hold the "
                                  "<siteinfo> header alone); read it whole (read_documents)")
    size = dump.seek(0, 2)
    if index is None:
        offsets = [o for o in scan_stream_offsets(dump) if o >= site.pages_start]
        found_by = "scan"
    else:
        where = index_path or f"the index of {path}"
        offsets = read_index_offsets(where, index)
        if offsets and offsets[0] != site.pages_start:
            raise StreamIndexError(where, f"its first offset is {offsets[0]} but the page streams of {path} start "
                                   f"at byte {site.pages_start}: the index belongs to another dump; re-download it "
                                   "or delete it to have the streams found by scanning")
        for offset in offsets:
            dump.seek(offset)
            if offset >= size or not STREAM_MAGIC.match(dump.read(10)):
                raise StreamIndexError(where, f"offset {offset} is not the start of a bz2 stream in {path} "
                                       f"({size:,} bytes): the index belongs to another dump or the dump changed; "
                                       "re-download it or delete it to have the streams found by scanning")
        found_by = "index"
    return StreamList(tuple(offsets), size, found_by)


@dataclass(frozen=True)
class DumpLayout:
    """How one dump file can be read: its site header, and its page streams when it is a multistream dump."""

    site: SiteInfo
    streams: StreamList | None
    """None when the dump must be read whole (plain XML, single-stream or pbzip2 .bz2)."""
    index_path: str | None
    """The index file used, when one was found beside the dump."""

    @property
    def read_by(self) -> str:
        """For a run summary: ``"streams (index)"``, ``"streams (scan)"`` or ``"whole"``."""
        return f"streams ({self.streams.found_by})" if self.streams is not None else "whole"


def dump_layout(source: str, file: str | os.PathLike[str]) -> DumpLayout:
    """Open the dump ``file`` (named ``source`` in messages) and, when it is multistream, the index beside it.

    Reads only the header stream and the index (or scans the dump when there is no index); writes nothing.
    ``site.date`` comes from ``source``'s name, else ``file``'s, else the name of the file a symlink points at.
    Raises ``StreamIndexError`` when an index is there but does not match the dump (the message says to
    re-download or delete it), ``SourceFormatError`` when the file is not a MediaWiki dump.
    """
    file = os.fspath(file)
    with open(file, "rb") as dump:
        site = read_siteinfo(source, dump)
        if site.date is None:  # the date of the file's own name, or of the dated file a stable symlink points at
            site = replace(site, date=dump_date(file) or dump_date(os.path.realpath(file)))
        if not site.multistream:
            return DumpLayout(site, None, None)
        index_path = index_name_for(file)
        if index_path is None or not os.path.isfile(index_path):
            return DumpLayout(site, list_streams(source, dump, site), None)
        with open(index_path, "rb") as index:
            return DumpLayout(site, list_streams(source, dump, site, index, index_path), index_path)


def iter_stream_range(path: str, dump: BinaryIO, first_offset: int, end_offset: int, site: SiteInfo,
                      limits: Limits | None = None, stats: DumpStats | None = None) -> Iterator[SourceDocument]:
    """Yield the article documents of the streams from byte ``first_offset`` to ``end_offset`` of a multistream dump.

    Only those streams are read and decompressed. The documents, their fields, what is skipped and the
    ``DumpStats`` are those of ``iter_dump_pages`` over the same pages (same parser, under the dump's
    ``site.header``); ``stats.complete`` becomes True when the whole range was read. ``first_offset`` and
    ``end_offset`` must be stream boundaries (``StreamList.ranges``; ``first_offset`` 0 means the first page
    stream). Raises ``StreamIndexError`` when they are not, ``DumpTruncatedError`` when the file or a stream is
    cut off, ``SourceFormatError`` for corrupt data; the pages before a break are yielded first.
    """
    limits = limits or Limits()
    stats = stats if stats is not None else DumpStats()
    if site.pages_start is None:
        raise NotMultistreamError(path, "is not a multistream dump (its first bz2 stream does not hold the "
                                  "<siteinfo> header alone); read it whole (read_documents)")
    if first_offset == 0:
        first_offset = site.pages_start
    if first_offset < site.pages_start:
        raise StreamIndexError(path, f"byte {first_offset} lies in the header stream (pages start at byte "
                               f"{site.pages_start}); give ranges from list_streams(...).ranges()")
    parser = PageParser(path, limits, stats)
    parser.feed(site.header, count=False)
    offset = first_offset
    dump.seek(offset)
    carry = b""
    while offset < end_offset:
        try:
            for piece in _stream_pieces(path, dump, offset, end_offset, carry, stats):
                if isinstance(piece, _StreamEnd):
                    offset, carry = piece.next_offset, piece.carry
                    if not parser.between_pages:
                        raise StreamIndexError(path, f"the bz2 stream at byte {piece.start} ends inside a <page> "
                                               "element: not a multistream dump of whole pages (recompressed with "
                                               "pbzip2 or lbzip2?); read it whole (read_documents)")
                    break
                parser.feed(piece)
                yield from parser.drain()
        finally:
            yield from parser.drain()
    if offset != end_offset:
        raise StreamIndexError(path, f"the range from byte {first_offset} to {end_offset} is empty or reversed; "
                               "give ranges from list_streams(...).ranges()")
    if not parser.root_closed:
        parser.feed(b"</mediawiki>", count=False)
    try:
        parser.close()
    finally:
        yield from parser.drain()
    stats.complete = True


@dataclass(frozen=True)
class _StreamEnd:
    start: int
    next_offset: int
    carry: bytes


def _stream_pieces(path: str, dump: BinaryIO, start: int, end_offset: int, carry: bytes,
                   stats: DumpStats) -> Iterator[bytes | _StreamEnd]:
    """The decompressed bytes of the one bz2 stream starting at ``start``, then where the next one starts.

    ``carry`` holds the bytes from ``start`` on already read (what followed the previous stream's end); the
    file is never read past ``end_offset`` unless the stream goes on beyond it (an error).
    """
    pos = start + len(carry)  # file position of the next byte ``dump.read`` returns
    data = carry
    if len(data) < 4:
        more = dump.read(min(4 - len(data), max(0, end_offset - pos)))
        pos, data = pos + len(more), data + more
    if not re.fullmatch(rb"BZh[1-9]", data[:4]):
        if not data:
            raise _truncated(path, stats, f"the file ends at byte {start}, before the range end {end_offset} "
                             "(file incomplete: re-download it)")
        raise StreamIndexError(path, f"no bz2 stream starts at byte {start} (found {data[:4]!r}): the stream offsets "
                               "do not match this file (an index of another dump, or the dump changed); list the "
                               "streams again (list_streams), after re-downloading or deleting the index")
    decompressor = bz2.BZ2Decompressor()
    checked = False  # has the stream's first non-blank output been checked to open a <page>?
    while True:
        if not data and decompressor.needs_input:
            data = dump.read(min(_READ, end_offset - pos)) if pos < end_offset else b""
            pos += len(data)
            if not data:
                if dump.read(1):
                    raise StreamIndexError(path, f"the bz2 stream at byte {start} goes on past the range end "
                                           f"{end_offset}: byte {end_offset} is not a stream boundary; give ranges "
                                           "from list_streams(...).ranges()")
                raise _truncated(path, stats, f"the bz2 stream at byte {start} is cut off at byte {pos} (file "
                                 "incomplete: re-download it)")
        try:
            out = decompressor.decompress(data, _OUT)
        except OSError as exc:
            raise SourceFormatError(path, f"the bz2 stream at byte {start} is corrupt ({exc}); "
                                    f"{_pages_before(stats)}; re-download the dump") from exc
        data = b""
        if out:
            if not checked and out.strip():
                if not out.lstrip().startswith(_PAGE_START):
                    raise StreamIndexError(path, f"the bz2 stream at byte {start} does not begin with a <page> "
                                           f"element ({out.lstrip()[:30]!r}): not a stream of whole pages; give "
                                           "offsets from list_streams, or read the dump whole (read_documents)")
                checked = True
            yield out
        if decompressor.eof:
            unused = decompressor.unused_data
            yield _StreamEnd(start, pos - len(unused), unused)
            return


def _pages_before(stats: DumpStats) -> str:
    if stats.last_page is None:
        return "no complete page of the range was read before it"
    return f"{stats.articles} article page(s) of the range were read before it; the last is {stats.last_page!r}"


def _first_stream_header(path: str, dump: BinaryIO) -> tuple[bytes, bytes, int | None]:
    """(header up to </siteinfo>, what the first stream holds after it, where the first stream ends or None)."""
    decompressor = bz2.BZ2Decompressor()
    out = bytearray()
    pos = 0
    cut = -1
    while True:
        if decompressor.needs_input:
            data = dump.read(_READ)
            pos += len(data)
            if not data:
                raise DumpTruncatedError(path, "the first bz2 stream is cut off before the end of the <siteinfo> "
                                         "header (file incomplete: re-download it)")
        else:
            data = b""
        try:
            out += decompressor.decompress(data, _OUT)
        except OSError as exc:
            raise SourceFormatError(path, f"is not a valid .bz2 file ({exc}): re-download it") from exc
        if cut < 0 and decompressor.eof:
            cut = out.find(b"</siteinfo>")
            if cut < 0:
                raise _no_siteinfo(path, bytes(out[:4096]))
        if cut < 0:
            cut = out.find(b"</siteinfo>")
            if cut < 0 and len(out) > _HEADER_LIMIT:
                raise _no_siteinfo(path, bytes(out[:4096]))
        if cut >= 0:
            end = cut + len(b"</siteinfo>")
            if out[end:].strip():  # pages (or anything) after the header in the same stream
                return bytes(out[:end]), bytes(out[end:]), None
            if decompressor.eof:
                return bytes(out[:end]), b"", pos - len(decompressor.unused_data)


def _plain_header(path: str, dump: BinaryIO) -> tuple[bytes, bytes, int | None]:
    out = dump.read(_HEADER_LIMIT)
    cut = out.find(b"</siteinfo>")
    if cut < 0:
        raise _no_siteinfo(path, out[:4096])
    end = cut + len(b"</siteinfo>")
    return out[:end], out[end:], None


def _no_siteinfo(path: str, head: bytes) -> SourceFormatError:
    from pipeline.sources.detect import looks_like_dump

    if not looks_like_dump(head):
        return SourceFormatError(path, "is not a MediaWiki XML dump (no <mediawiki> root element at its start)")
    return SourceFormatError(path, f"has no </siteinfo> in its first {_HEADER_LIMIT:,} bytes: not a dump of "
                             "Wikimedia's layout; read it whole (read_documents)")


class _SiteTarget:
    """Keeps the text of the direct children of ``<siteinfo>``."""

    _FIELDS = ("sitename", "dbname", "base", "generator")

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.fields: dict[str, str] = {}
        self._text: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.stack.append(tag.rpartition("}")[2])
        self._text = []

    def data(self, text: str) -> None:
        self._text.append(text)

    def end(self, tag: str) -> None:
        name = self.stack.pop() if self.stack else ""
        if self.stack and self.stack[-1] == "siteinfo" and name in self._FIELDS:
            self.fields[name] = "".join(self._text).strip()
        self._text = []

    def close(self) -> dict[str, str]:
        return self.fields


def _parse_siteinfo(path: str, header: bytes) -> dict[str, str]:
    target = _SiteTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(header)
        root = target.stack[0] if target.stack else ""
        if root != "mediawiki":
            raise SourceFormatError(path, f"is not a MediaWiki XML dump (its root element is <{root}>)")
        parser.feed(b"</mediawiki>")
        parser.close()
    except DefusedXmlException as exc:
        raise UnsafeXMLError(path, _unsafe_reason(exc)) from exc
    except ParseError as exc:
        raise SourceFormatError(path, f"its <siteinfo> header is malformed XML ({str(exc).split(':')[0]}); "
                                "re-download the dump") from exc
    return target.fields

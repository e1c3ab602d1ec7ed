"""Entry points: read documents from a source, extract a record from each document."""

from __future__ import annotations

import bz2
import io
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO, cast

from pipeline.article import ParsedArticle
from pipeline.collection import fewer_collections
from pipeline.errors import DumpTruncatedError, LimitExceededError, SourceDecodeError, SourceFormatError
from pipeline.extract.events import extract_events_and_warnings
from pipeline.extract.infobox import build_infobox
from pipeline.extract.quality import lost_value_warnings
from pipeline.extract.structure import build_categories, build_sections, build_see_also
from pipeline.ids import slugify
from pipeline.limits import Deadline, Limits, cap_infoboxes
from pipeline.mappings import Mappings
from pipeline.sources.decode import decode_text
from pipeline.sources.detect import FLAT, WIKITEXT, XML_DUMP, detect_text_format, looks_like_dump, xml_root
from pipeline.sources.document import SourceDocument
from pipeline.sources.dump import DumpStats, iter_dump_pages
from pipeline.sources.flat import parse_flat
from pipeline.version import PIPELINE_VERSION
from schemas.record import Record, RecordWarning, SourceInfo

_BZ2_MAGIC = b"BZh"


def read_documents(path: str, stream: BinaryIO, limits: Limits | None = None,
                   stats: DumpStats | None = None) -> Iterator[SourceDocument]:
    """Yield the documents of one source: one for a flat or wikitext file, one per page of a dump.

    Dumps (plain or .bz2) are streamed page by page (``stats``, if given, is filled with what the dump
    skipped: see ``DumpStats``); other sources are read whole up to the size limit. Raises only
    ``WikirecordsError`` subclasses for bad input; for a dump, the pages before a break are yielded first.
    """
    limits = limits or Limits()
    head = stream.read(3)
    stream = cast(BinaryIO, _Prefixed(head, stream))  # a binary stream, with the read bytes put back
    compressed = head == _BZ2_MAGIC
    if compressed:
        stream = cast(BinaryIO, bz2.BZ2File(stream))
    peek = _read_compressed(path, stream, 4096) if compressed else _read_upto(stream, 4096)
    stream = cast(BinaryIO, _Prefixed(peek, stream))
    if looks_like_dump(peek):
        yield from iter_dump_pages(path, stream, limits, stats)
        return
    root = xml_root(peek)
    if root == "html":
        raise SourceFormatError(path, "is an HTML page, not a wiki source; save the article's wikitext "
                                "(?action=raw) or a MediaWiki XML export (Special:Export) instead")
    if root is not None:
        what = f"whose root element is <{root}>" if root else "whose root element is not in its first 4 KB"
        raise SourceFormatError(path, f"is an XML document {what}, not a MediaWiki export (<mediawiki>); only "
                                "MediaWiki XML exports and dumps are read as XML")
    data = _read_compressed(path, stream, limits.max_source_bytes + 1) if compressed else \
        _read_upto(stream, limits.max_source_bytes + 1)
    if len(data) > limits.max_source_bytes:
        raise LimitExceededError(path, f"is larger than the {limits.max_source_bytes:,}-byte limit per source; "
                                 "raise Limits.max_source_bytes (--max-source-bytes) to accept it")
    text, note = decode_text(path, data)
    yield SourceDocument(path=path, format=detect_text_format(text), text=text, decode_note=note)


def extract_document(doc: SourceDocument, limits: Limits | None = None, deadline: Deadline | None = None,
                     mappings: Mappings | None = None) -> Record:
    """One document to one validated record; ``deadline`` (if given) is checked between stages.

    ``mappings`` (the user's DBpedia mapping file, read by the caller) gives mapped templates DBpedia's families.
    Python's young-generation collections are made rarer during the call (``pipeline.collection``).
    """
    with fewer_collections():
        return _extract_document(doc, limits or Limits(), deadline, mappings)


def _extract_document(doc: SourceDocument, limits: Limits, deadline: Deadline | None,
                      mappings: Mappings | None) -> Record:
    article = parse_document(doc, limits)
    if deadline is not None:
        deadline.check("parsing")
    record_id = slugify(article.title)
    warnings = list(article.warnings) + cap_infoboxes(article, limits)
    if doc.decode_note:
        warnings.insert(0, RecordWarning(code="decode_repaired", message=doc.decode_note))
    warnings.extend(lost_value_warnings(article))
    boxes = [build_infobox(raw, mappings) for raw in article.infoboxes]
    if deadline is not None:
        deadline.check("the infobox")
    events, event_warnings = extract_events_and_warnings(article, record_id)
    warnings.extend(event_warnings)
    if len(events) > limits.max_events:
        warnings.append(RecordWarning(
            code="events_limit", message=f"{len(events):,} dated events found; the first {limits.max_events:,} are "
            "kept (raise Limits.max_events to keep more)"))
        events = events[: limits.max_events]
    return Record(
        pipeline_version=PIPELINE_VERSION,
        id=record_id,
        title=article.title,
        source=SourceInfo(path=doc.path, format=doc.format, sha256=doc.sha256,  # type: ignore[arg-type]
                          title_from=article.title_from,  # type: ignore[arg-type]
                          page_id=doc.page_id, revision_id=doc.revision_id, timestamp=doc.timestamp),
        infobox=boxes[0] if boxes else None,
        other_infoboxes=boxes[1:],
        sections=build_sections(article),
        see_also=build_see_also(article),
        categories=build_categories(article),
        events=events,
        warnings=warnings,
    )


def parse_document(doc: SourceDocument, limits: Limits) -> ParsedArticle:
    """The document's text parsed by the reader for its format."""
    fallback = _title_from_path(doc.path)
    if doc.format == FLAT:
        return parse_flat(doc.text, fallback)
    if doc.format in (WIKITEXT, XML_DUMP):
        from pipeline.wikitext import parse_wikitext

        return parse_wikitext(doc.text, page_title=doc.title, file_title=fallback, limits=limits)
    raise SourceFormatError(doc.path, f"unknown format {doc.format!r}")


def extract_text(text: str, name: str = "<string>.txt", limits: Limits | None = None,
                 mappings: Mappings | None = None) -> list[Record]:
    """Extract records from text in any of the three formats (convenience for callers and tests)."""
    return [extract_document(doc, limits, mappings=mappings)
            for doc in read_documents(name, io.BytesIO(text.encode("utf-8")), limits)]


def _title_from_path(path: str) -> str:
    """A title from a file name as MediaWiki forms one from a URL: underscores are spaces, first letter upper."""
    stem = PurePosixPath(path.replace("\\", "/")).name.split(".")[0]
    title = " ".join(stem.replace("_", " ").split()).strip() or "Untitled"
    return title[:1].upper() + title[1:]


def _read_compressed(path: str, stream: BinaryIO, n: int) -> bytes:
    """``_read_upto`` on a .bz2 stream, with a cut-off or corrupt stream reported as the source's error."""
    try:
        return _read_upto(stream, n)
    except EOFError as exc:
        raise DumpTruncatedError(path, "the .bz2 stream is cut off (file incomplete): re-download it or "
                                 "remove it") from exc
    except OSError as exc:
        raise SourceDecodeError(path, f"is not a valid .bz2 file ({exc}): re-download it or remove it") from exc


def _read_upto(stream: BinaryIO, n: int) -> bytes:
    chunks, size = [], 0
    while size < n:
        chunk = stream.read(min(n - size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class _Prefixed(io.RawIOBase):
    """A stream with some already-read bytes put back in front."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix, self._rest = prefix, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        read1 = getattr(self._rest, "read1", None)  # one underlying read: data before a failing read is kept
        data = read1(len(buffer)) if read1 is not None else self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

"""The body of an extraction task: read sources, extract records, catch every failure per source.

Pure Python and picklable in and out, so that it runs the same in the flow's thread, in a process pool
and on Dask workers. It writes only staging files (``flows.staging``); the flow's commit step writes the output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from flows import progress
from flows.manifest import fingerprint
from flows.plan import WorkItem
from flows.staging import KnownFingerprints, StagedRecord, StageReader, StageWriter
from pipeline.api import extract_document, read_documents
from pipeline.errors import LimitExceededError, WikirecordsError
from pipeline.limits import Deadline, Limits
from pipeline.mappings import Mappings, MappingsError, read_mappings
from pipeline.sources.document import SourceDocument
from pipeline.sources.dump import DumpStats
from pipeline.sources.multistream import iter_stream_range, read_siteinfo


@dataclass
class DocOutcome:
    """What happened to one document: extracted (with its record), unchanged (dump page) or failed."""

    key: str
    status: str
    fingerprint: str = ""
    title: str | None = None
    record_json: bytes | None = None
    """The record as compact JSON, when the task was given no staging folder (library use, tests)."""
    staged: StagedRecord | None = None
    """Where the task staged the record (``flows.staging``): the flow's runs keep no record in memory."""
    slug: str | None = None
    """The record's id as extracted (the commit may suffix it when titles clash)."""
    error: str | None = None
    error_type: str | None = None

    @property
    def record(self) -> dict[str, Any] | None:
        """The record as a dict, parsed on demand (read from its staging file when it was staged)."""
        if self.record_json is None and self.staged is not None:
            with StageReader() as reader:
                return json.loads(reader.read(self.staged))
        return None if self.record_json is None else json.loads(self.record_json)


@dataclass
class SourceOutcome:
    """What happened to one work item: its documents, and the error that stopped reading it, if any."""

    path: str
    sha256: str
    part: int = 0
    parts: int = 1
    docs: list[DocOutcome] = field(default_factory=list)
    error: str | None = None
    error_type: str | None = None
    seconds: float = 0.0
    dump: dict[str, int] | None = None
    """For an XML dump: pages seen, articles, redirects and other pages skipped (from ``DumpStats``; for a range
    of streams, those of the range: the commit adds them up)."""
    read_by: str = "whole"
    """How the dump was read (``WorkItem.read_by``)."""
    bytes_decompressed: int = 0
    """Bytes of XML the task decompressed to read its dump or range (``DumpStats.bytes_decompressed``)."""


_GC_LOCK = threading.Lock()
# batches running in this process, thresholds to restore when the last one ends
_GC_USERS: list[Any] = [0, (700, 10, 10)]
GC_GEN0_THRESHOLD = 20_000


@contextlib.contextmanager
def light_gc() -> Iterator[None]:
    """While extracting: freeze the objects alive before the batch and collect the youngest generation less often.

    Parsing and tokenizing allocate so many containers that Python ran a full collection every few articles,
    each walking every live object (Prefect's, spaCy's and the records already extracted in this run): a quarter
    of a flow run's time at 300 articles (bench/RESULTS.md). Frozen objects are still freed by reference counting.
    """
    with _GC_LOCK:
        _GC_USERS[0] += 1
        if _GC_USERS[0] == 1:
            _GC_USERS[1] = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(GC_GEN0_THRESHOLD, _GC_USERS[1][0]), *_GC_USERS[1][1:])
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_USERS[0] -= 1
            if _GC_USERS[0] == 0:
                gc.set_threshold(*_GC_USERS[1])
                gc.unfreeze()


def extract_items(raw: str, items: list[WorkItem], limits: Limits | None = None,
                  mappings: str | None = None, stage: str | None = None) -> list[SourceOutcome]:
    """Extract every work item; one bad source (or page) never stops the others.

    ``mappings``: path of the user's DBpedia mapping file (``--mappings``), read once per process.
    With ``stage`` (a run's staging folder), records go to a staging file as they are extracted and the
    outcomes say only where: memory stays bounded whatever the size of the items.
    """
    limits = limits or Limits()
    mapping_set = load_mappings(mappings) if mappings else None
    outcomes = []
    with light_gc(), (StageWriter(stage) if stage else contextlib.nullcontext()) as writer:
        for item in items:
            outcomes.append(extract_item(raw, item, limits, mapping_set, writer))
            progress.emit("item", path=item.path)  # heard only when the task runs in the flow's process
    return outcomes


def extract_item(raw: str, item: WorkItem, limits: Limits, mappings: Mappings | None = None,
                 writer: StageWriter | None = None) -> SourceOutcome:
    """Read one source and extract its documents (for a range of a multistream dump: the pages of its streams)."""
    started = time.perf_counter()
    if item.known_file:  # the fingerprints of known pages, looked up one by one (flows.staging)
        item = dataclasses.replace(item, known=KnownFingerprints(item.known_file))
    outcome = SourceOutcome(item.path, item.sha256, item.part, item.parts, read_by=item.read_by)
    root = Path(raw)
    file_path = root if root.is_file() else root / item.path
    stats = DumpStats()
    try:
        with file_path.open("rb") as stream:
            for doc in _documents(item, stream, limits, stats):
                outcome.docs.append(_staged(_extract_one(doc, item, limits, mappings), writer))
    except WikirecordsError as exc:
        outcome.error, outcome.error_type = exc.reason, type(exc).__name__
    except OSError as exc:
        outcome.error, outcome.error_type = f"cannot be read: {exc.strerror or exc}", type(exc).__name__
    except Exception as exc:  # last resort: a bug must not stop the other sources
        outcome.error = f"internal error while reading ({type(exc).__name__}: {exc}); please report it"
        outcome.error_type = f"InternalError:{type(exc).__name__}"
    if stats.pages_seen:
        outcome.dump = {"pages_seen": stats.pages_seen, "articles": stats.articles,
                        "redirects_skipped": stats.redirects_skipped,
                        "other_namespaces_skipped": stats.other_namespaces_skipped,
                        "non_wikitext_skipped": stats.non_wikitext_skipped, "problems": len(stats.problems)}
    outcome.bytes_decompressed = stats.bytes_decompressed
    if stats.problems:  # dump pages the reader skipped for a reason (no text, over the size limit): report them
        outcome.docs.extend(DocOutcome(f"{item.path}#{page.page_id if page.page_id is not None else page.title}",
                                       "failed", title=page.title, error=page.reason, error_type="SkippedPage")
                            for page in stats.problems)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _staged(outcome: DocOutcome, writer: StageWriter | None) -> DocOutcome:
    """The outcome with its record moved to the staging file (when there is one)."""
    if writer is not None and outcome.record_json is not None:
        outcome.staged, outcome.record_json = writer.put(outcome.record_json), None
    return outcome


def _documents(item: WorkItem, stream: BinaryIO, limits: Limits, stats: DumpStats) -> Iterator[SourceDocument]:
    """The documents of a work item: its range of streams, or the whole source."""
    if item.first_offset is None or item.end_offset is None:
        return read_documents(item.path, stream, limits, stats=stats)
    site = read_siteinfo(item.path, stream)
    return iter_stream_range(item.path, stream, item.first_offset, item.end_offset, site, limits, stats)


def _extract_one(doc: Any, item: WorkItem, limits: Limits, mappings: Mappings | None = None) -> DocOutcome:
    try:
        sha = doc.sha256
        fp = fingerprint(doc.revision_id, sha)
    except Exception as exc:  # last resort, as above
        return DocOutcome(getattr(doc, "key", item.path), "failed", error=f"internal error ({exc})",
                          error_type=f"InternalError:{type(exc).__name__}")
    if item.known.get(doc.key) == fp:
        return DocOutcome(doc.key, "unchanged", fp, doc.title)
    try:
        # SIGALRM interrupts Python code in a main thread; the deadline, checked between stages, also
        # holds where signals cannot (Dask worker threads).
        with time_limit(limits.seconds_per_source, doc.key):
            extra = {"mappings": mappings} if mappings is not None else {}  # the call is unchanged without it
            record = extract_document(doc, limits, Deadline.for_source(doc.key, limits), **extra)
        return DocOutcome(doc.key, "extracted", fp, record.title, record.model_dump_json().encode("utf-8"),
                          slug=record.id)
    except WikirecordsError as exc:
        return DocOutcome(doc.key, "failed", fp, doc.title, error=exc.reason, error_type=type(exc).__name__)
    except RecursionError:
        return DocOutcome(doc.key, "failed", fp, doc.title, error="is nested too deeply to be processed",
                          error_type="LimitExceededError")
    except Exception as exc:  # last resort, as above
        return DocOutcome(doc.key, "failed", fp, doc.title,
                          error=f"internal error ({type(exc).__name__}: {exc}); please report it",
                          error_type=f"InternalError:{type(exc).__name__}")


@contextlib.contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[None]:
    """Stop the extraction of one document after ``seconds`` (SIGALRM: enforced in a main thread only).

    The default runner and process-pool workers run tasks in a main thread; in other threads (Dask
    workers) the limit is not enforced.
    """
    usable = (seconds and seconds > 0 and hasattr(signal, "SIGALRM")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _expired(signum: int, frame: Any) -> None:
        raise LimitExceededError(source, f"took longer than the {seconds:g}-second limit per source; "
                                 "raise --seconds-per-source to allow it")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- DBpedia mappings (--mappings) ---------------------------------------------------------------------------
def load_mappings(path: str) -> Mappings:
    """The user's DBpedia mapping file, read and indexed once per process (workers included)."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError as exc:
        raise MappingsError(f"{path} cannot be read ({exc.strerror or exc})") from exc
    return _load_mappings(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _load_mappings(path: str, mtime_ns: int, size: int) -> Mappings:
    return read_mappings(Path(path).read_bytes())

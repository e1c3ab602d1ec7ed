"""What a run has to do: find the sources, hash them, compare with the manifest, cut the work in batches.

Pure Python (no Prefect): the flow calls it inside tasks, and the CLI may call it to learn up front
that nothing changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.dumps import DumpReading
from flows.manifest import versions_match
from flows.sources import Selection, holds_manifest
from flows.state import DocumentState
from pipeline.errors import WikirecordsError
from pipeline.version import PIPELINE_VERSION

TARGET_BATCH_BYTES = 512 * 1024
"""Source bytes per task: about a second or more of extraction (measured, see README 'What a run costs')."""
MAX_TASKS = 200
"""At most this many extraction tasks per run: a Prefect task run costs ~20 ms plus server bookkeeping."""
COMPRESSED_FACTOR = 5
"""A .bz2 dump holds about this many times its size in XML (used only to size batches)."""
KNOWN_PAGES_FACTOR = 0.1
"""Expected cost of a source whose pages were extracted before, relative to a new one (used only to size batches).
Its unchanged pages are only read, at about 1/45 of the cost of extracting them (23 MB of XML per CPU second
against 0.5: bench/RESULTS.md), and a monthly dump changes a few percent of its pages. Without it a refresh of a
big dump ran as MAX_TASKS tasks of almost no work each, paying Prefect's ~20 ms per task run 200 times."""


class RawFolderError(WikirecordsError):
    """The raw folder (or file) to extract from does not exist or cannot be listed."""


@dataclass(frozen=True)
class ScannedSource:
    """One file under the raw folder: its path relative to the folder, size and content hash."""

    path: str
    size: int
    sha256: str | None
    error: str | None = None
    error_type: str | None = None


@dataclass(frozen=True)
class StateDocuments:
    """The known pages of a source in the state database, looked up there (``flows.staging.write_known`` copies
    their fingerprints inside SQLite): planning a dump never loads its documents into the flow's memory."""

    database: str
    """``output/state.sqlite``."""
    source: str
    """The source's path in the state (for a dump refresh, the older dump's)."""
    read_as: str
    """The path the run reads it as: document keys ``source#page`` become ``read_as#page``."""
    missing_ids: tuple[str, ...] = ()
    """Record ids whose files are missing: their documents are not known (they are extracted again)."""


@dataclass
class WorkItem:
    """A source (or, for a multistream dump, one range of its streams) to extract in a task."""

    path: str
    sha256: str
    cost: int
    part: int = 0
    parts: int = 1
    known: Mapping[str, str] = field(default_factory=dict)
    """Dump pages already extracted with the current versions: document key -> fingerprint."""
    known_state: StateDocuments | None = None
    """Where the known fingerprints are in the state database, when the plan did not load them (``known`` empty)."""
    known_file: str | None = None
    """Where the flow put ``known`` instead (``flows.staging.write_known``): tasks look keys up one by one."""
    size: int = 0
    """Bytes of the source file, or of the item's range of streams (for the task run's name)."""
    first_offset: int | None = None
    """For a range of a multistream dump: the byte where its first bz2 stream starts (None: read the file whole)."""
    end_offset: int | None = None
    """For a range of a multistream dump: the byte where it ends (the next range's start, or the file's end)."""
    read_by: str = "whole"
    """How the dump is read: ``"streams (index)"``, ``"streams (scan)"`` or ``"whole"`` (see ``flows.dumps``)."""


@dataclass
class Plan:
    """The comparison of the raw folder with the manifest."""

    sources: dict[str, ScannedSource]
    work: list[WorkItem]
    unchanged: list[str]
    removed: list[str]
    unreadable: list[ScannedSource]
    version: str = PIPELINE_VERSION
    """The version the run's records are made by (``flows.manifest.run_version``)."""
    refreshes: list[Any] = field(default_factory=list)
    """Dumps whose state was carried over from an older dump of the same wiki (``flows.refresh.DumpRefresh``)."""
    dump_sites: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """Site and date of the dated dumps read (``flows.refresh``), kept in their source's ``dump`` entry."""

    @property
    def nothing_to_do(self) -> bool:
        """True when no source is new, changed, gone or unreadable."""
        return not (self.work or self.removed or self.unreadable)


@dataclass
class Scan:
    """What a scan found: the sources, and what the selection rules left out (files, and folders ending in /)."""

    sources: list[ScannedSource]
    skipped: list[str] = field(default_factory=list)


def scan_raw(raw: str | os.PathLike[str], exclude: list[str] | None = None,
             selection: Selection | None = None) -> list[ScannedSource]:
    """The sources under ``raw`` (see :func:`scan_folder`)."""
    return scan_folder(raw, exclude, selection).sources


def scan_folder(raw: str | os.PathLike[str], exclude: list[str] | None = None,
                selection: Selection | None = None) -> Scan:
    """Every source file under ``raw`` (recursively, sorted, hashed); ``raw`` may also be one file.

    Hidden files and folders, and folders in ``exclude`` (the output folder), are passed over silently;
    files that are not sources by the selection rules (:mod:`flows.sources`) and folders that hold a
    wikirecords manifest are listed in ``skipped``. One file given as ``raw`` is always a source.
    """
    selection = selection or Selection()
    excluded = {Path(p).resolve() for p in exclude or []}
    root = Path(raw)
    if root.is_file():
        return Scan([_scan_file(root, root.name)])
    if not root.is_dir():
        raise RawFolderError(str(raw), "does not exist (give the folder or file holding the articles)")
    resolved_root = root.resolve()
    found: list[ScannedSource] = []
    skipped: list[str] = []
    try:
        for folder, dirs, files in os.walk(root, onerror=_raise):
            kept_dirs = []
            for name in sorted(dirs):
                path = Path(folder) / name
                if name.startswith(".") or path.resolve() in excluded:
                    continue
                rel = path.relative_to(root).as_posix()
                if selection.excluded(rel) or holds_manifest(path):
                    skipped.append(rel + "/")
                    continue
                kept_dirs.append(name)
            dirs[:] = kept_dirs
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                if not selection.is_source(rel):
                    skipped.append(rel)
                    continue
                if path.is_symlink() and not path.resolve().is_relative_to(resolved_root):
                    found.append(ScannedSource(rel, 0, None, "is a link to a file outside the raw folder; "
                                               "copy the file in instead", "UnsafePath"))
                    continue
                found.append(_scan_file(path, rel))
    except OSError as exc:
        raise RawFolderError(str(raw), f"cannot be listed: {exc.strerror or exc}") from exc
    return Scan(sorted(found, key=lambda s: s.path), sorted(skipped))


def _raise(exc: OSError) -> None:
    raise exc


def _scan_file(path: Path, rel: str) -> ScannedSource:
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        return ScannedSource(rel, size, None, f"cannot be read: {exc.strerror or exc}", type(exc).__name__)
    return ScannedSource(rel, size, digest.hexdigest())


def make_plan(scanned: list[ScannedSource], manifest: dict[str, Any], stored_ids: set[str],
              version: str = PIPELINE_VERSION, state: DocumentState | None = None) -> Plan:
    """Sources whose hash or versions changed (or whose records are missing) become work items.

    ``manifest`` is the whole state, or with ``state`` the per-source state of ``DocumentState.read_sources``:
    then a source's documents are looked up in the database, one source at a time, and the fingerprints of a
    dump's pages stay there (``WorkItem.known_state``).
    """
    old_sources: dict[str, Any] = manifest.get("sources", {})
    old_docs: dict[str, Any] = manifest.get("documents", {})
    same_versions = versions_match(manifest)
    work, unchanged, unreadable = [], [], []
    by_path = {s.path: s for s in scanned}
    for source in scanned:
        if source.sha256 is None:
            unreadable.append(source)
            continue
        old: dict[str, Any] = old_sources.get(source.path) or {}
        in_state = old.get("state_source") if old else None
        current = bool(old and same_versions and versions_match(old, version))
        if in_state is not None and state is not None:  # documents looked up in the state database, not loaded
            missing = tuple(sorted({rid for rid in state.record_ids(in_state) if rid not in stored_ids})) \
                if current else ()  # a source re-extracted for a new version needs no list of what it misses
            if current and old.get("sha256") == source.sha256 and not missing and not old.get("internal_error"):
                unchanged.append(source.path)
                continue
            known_state = StateDocuments(str(state.path), in_state, source.path, missing) if current else None
            cost = source_cost(source, known_pages=known_state is not None)
            work.append(WorkItem(source.path, source.sha256, cost, known_state=known_state,
                                 size=source.size))
            continue
        if (current and old.get("sha256") == source.sha256
                and all(rid in stored_ids for rid in old.get("record_ids", []))
                and not _internal_error(old, old_docs)):
            unchanged.append(source.path)
            continue
        known = {}
        if current:
            for key in old.get("documents", []):
                doc = old_docs.get(key)
                if doc and doc.get("status") == "ok" and doc.get("record_id") in stored_ids:
                    known[key] = doc.get("fingerprint", "")
        work.append(WorkItem(source.path, source.sha256, source_cost(source, known_pages=bool(known)), known=known,
                             size=source.size))
    removed = sorted(path for path in old_sources if path not in by_path)
    return Plan(by_path, work, unchanged, removed, unreadable, version)


def source_cost(source: ScannedSource, known_pages: bool = False) -> int:
    """The expected work of a source in bytes of text to extract (sizes the batches; never changes a record)."""
    cost = source.size * (COMPRESSED_FACTOR if source.path.endswith(".bz2") else 1)
    return max(1, round(cost * (KNOWN_PAGES_FACTOR if known_pages else 1)))


def _internal_error(source: dict[str, Any], docs: dict[str, Any]) -> bool:
    """True when the source (or one of its pages) hit an internal error last time: such sources are retried."""
    entries = [source, *(docs.get(k) or {} for k in source.get("documents", []))]
    return any(str(e.get("error_type") or "").startswith("InternalError") for e in entries)


def make_batches(items: list[WorkItem], workers: int = 1, target_bytes: int | None = None,
                 max_tasks: int = MAX_TASKS, readings: dict[str, DumpReading] | None = None) -> list[list[WorkItem]]:
    """Pack work items into at most ``max_tasks`` batches of about ``target_bytes`` each (deterministic).

    A multistream dump (``readings[path].streams``) is cut into ranges of streams, one work item each, so that
    the tasks share it and decompress it once in total. Any other source is one work item, read by one task.
    """
    if not items:
        return []
    workers = max(1, workers)
    readings = readings or {}
    target_bytes = target_bytes or TARGET_BATCH_BYTES
    total = sum(i.cost for i in items)
    n_batches = max(1, min(max_tasks, math.ceil(total / target_bytes)))
    if workers > 1:
        n_batches = max(n_batches, min(max_tasks, 2 * workers))
    pieces: list[WorkItem] = []
    for item in items:
        reading = readings.get(item.path)
        wanted = max(math.ceil(item.cost / target_bytes), 2 * workers if workers > 1 else 1)
        ranges = reading.ranges(min(n_batches, wanted)) if reading is not None else []
        if not ranges:
            read_by = reading.read_by if reading is not None and reading.streams is None else "whole"
            pieces.append(dataclasses.replace(item, read_by=read_by))
            continue
        for part, (first, end) in enumerate(ranges):
            share = max(1, round(item.cost * (end - first) / max(1, item.size)))
            pieces.append(dataclasses.replace(item, cost=share, part=part, parts=len(ranges), size=end - first,
                                              first_offset=first, end_offset=end,
                                              read_by=reading.read_by if reading is not None else "whole"))
    n_batches = min(n_batches, len(pieces))
    if workers > 1 and math.ceil(total / target_bytes) > 2 * workers:
        guided = _guided_batches(pieces, workers, target_bytes, max_tasks)
        if len(guided) <= max_tasks:
            return guided
    batches: list[list[WorkItem]] = [[] for _ in range(n_batches)]
    loads = [0] * n_batches
    for piece in sorted(pieces, key=lambda p: (-p.cost, p.path, p.part)):
        lightest = min(range(n_batches), key=lambda b: (loads[b], b))
        batches[lightest].append(piece)
        loads[lightest] += piece.cost
    return [sorted(b, key=lambda p: (p.path, p.part)) for b in batches if b]


def _guided_batches(pieces: list[WorkItem], workers: int, target_bytes: int, max_tasks: int) -> list[list[WorkItem]]:
    """Batches for several workers, in the order they should run: largest pieces first, in batches of up to twice
    ``target_bytes`` while much work remains, then ever smaller (a share of what remains, down to a quarter of
    ``target_bytes``), so that the workers run out of work nearly together and the last batch, which runs alone,
    is short (guided self-scheduling). Fewer task runs than equal batches for the same work, too."""
    total = sum(p.cost for p in pieces)
    ceiling = max(2 * target_bytes, math.ceil(total / max(1, max_tasks // 2)))
    floor = max(1, target_bytes // 4)

    def goal(remaining: int) -> int:
        return min(ceiling, max(floor, remaining // (2 * workers)))

    batches: list[list[WorkItem]] = []
    current: list[WorkItem] = []
    load, remaining = 0, total
    wanted = goal(remaining)
    for piece in sorted(pieces, key=lambda p: (-p.cost, p.path, p.part)):
        current.append(piece)
        load += piece.cost
        if load >= wanted:
            batches.append(sorted(current, key=lambda p: (p.path, p.part)))
            remaining -= load
            current, load = [], 0
            wanted = goal(remaining)
    if current:
        batches.append(sorted(current, key=lambda p: (p.path, p.part)))
    return batches

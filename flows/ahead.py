"""Commit ahead: write the records of finished batches while later batches still extract (``--workers`` > 1).

The commit (``flows.commit``) can give a record its id only once every batch is done (two new documents with the
same title: the first in key order gets the plain slug), and it writes each record file atomically with an fsync of
the file and of its folder: most of its time. Records new to the folder are written here instead, in a thread of
the flow's process, as soon as their batch ends, under the id the commit will most likely give them: the plain slug.

What keeps this safe (docs/output.md, "Commit ahead"):

- a file is written here only where no file is (``records/<abc>/<id>.json`` absent) and no document of the state
  holds the id, so nothing published is replaced or changed: ``manifest.json``, ``state.sqlite``, the JSONL shards
  and every existing record file stay as they were until the commit;
- each file is written as every record file is (temporary file, fsync, rename, fsync of the folder): complete or
  absent, never partial;
- the commit checks each guess (same id, no title clash, the file still holding the bytes written) and otherwise
  writes the record itself, as without commit ahead; a file whose guess was wrong and that nobody claims is
  removed by the commit; a run that fails before its commit removes the files written here; a killed run leaves
  them as files that no document claims, which the next run's commit removes (or finds already right).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flows.errors import OutputStoreError
from flows.manifest import normalize
from flows.prior import DatabasePrior, ManifestPrior, Prior
from flows.staging import StagedRecord, StageReader, StageWriter
from flows.store import OutputStore, record_bytes, record_line
from flows.work import DocOutcome, SourceOutcome

logger = logging.getLogger(__name__)


def record_digest(data: bytes) -> bytes:
    """The digest the commit compares a written file's bytes with (not kept in memory: 20 bytes per record)."""
    return hashlib.sha1(data, usedforsecurity=False).digest()


@dataclass(frozen=True, slots=True)
class AheadRecord:
    """A record written ahead: its id, the digest of the bytes written, and where its JSONL line is staged (a few
    hundred bytes per record of the run, kept until the commit, as the run's outcomes are)."""

    record_id: str
    digest: bytes
    line: StagedRecord | None = None


@dataclass
class AheadWrites:
    """What commit ahead wrote, by document key (read by ``flows.commit``)."""

    records: dict[str, AheadRecord] = field(default_factory=dict)
    seconds: float = 0.0
    """Time the writer thread spent writing (it overlapped the extraction)."""


class CommitAhead:
    """A thread writing the new records of each finished batch; ``finish`` waits for it and says what it wrote.

    Use as a context manager around the extraction (leaving it stops the thread); ``finish`` before the commit;
    ``discard`` when the run fails.
    """

    def __init__(self, out: str, refreshes: Iterable[Any] = (), stage: str | None = None) -> None:
        self.store = OutputStore(out)
        self.stage = stage
        """The run's staging folder: the JSONL lines of the records written ahead go there (``flows.staging``)."""
        self.refreshes = list(refreshes)
        self.written = AheadWrites()
        self._queue: queue.Queue[list[SourceOutcome] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._bases: set[str] = set()
        self._stopped = False
        self._cancelled = False  # set when the run fails: the thread skips what is still queued

    def __enter__(self) -> CommitAhead:
        self._thread = threading.Thread(target=self._run, name="wikirecords-commit-ahead", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is not None:
            self._cancelled = True  # a failing run (Ctrl-C) does not wait for writes that discard removes
        self._stop()

    def submit(self, outcomes: list[SourceOutcome]) -> None:
        """Queue a finished batch's outcomes (returns at once)."""
        if not self._stopped:
            self._queue.put(outcomes)

    def finish(self) -> AheadWrites:
        """Wait until every queued batch is written; what was written (the commit takes over from here)."""
        self._stop()
        return self.written

    def discard(self) -> None:
        """After a failed run: remove the files written ahead that no document of the state holds, so that the
        record folders are as the run found them (what a commit that got as far as the state claimed stays).
        When the state cannot be read, nothing is removed (the next run's commit removes unclaimed files)."""
        self._stop()
        ids = sorted({record.record_id for record in self.written.records.values()})
        try:
            held: set[str] = set()
            if ids and self.store.state.exists():
                prior = DatabasePrior(self.store.state)
                try:
                    held = prior.held(ids)
                finally:
                    prior.close()
        except Exception as exc:  # a damaged state: leave the files to the next run
            logger.debug("files written ahead are left to the next run: %s", exc)
            return
        for record_id in ids:
            if record_id not in held:
                with contextlib.suppress(OutputStoreError):
                    self.store.delete_record(record_id)
        self.written.records.clear()

    def _stop(self) -> None:
        if self._thread is not None and not self._stopped:
            self._stopped = True
            self._queue.put(None)
            self._thread.join()

    # -- the writer thread ------------------------------------------------------------------------
    def _run(self) -> None:
        """The thread: each queued batch in turn; after a failure (a full disk) it only drains the queue."""
        prior = self._prior()
        failed = False
        try:
            with StageReader() as staged, StageWriter(self.stage) if self.stage else contextlib.nullcontext() as lines:
                while (outcomes := self._queue.get()) is not None:
                    if failed or prior is None or self._cancelled:
                        continue
                    started = time.perf_counter()
                    try:
                        self._write_batch(prior, outcomes, staged, lines)
                    except Exception as exc:  # e.g. a full disk: the commit writes these records, and says so
                        logger.debug("commit ahead stops: %s: %s", type(exc).__name__, exc)
                        failed = True
                    self.written.seconds += time.perf_counter() - started
        finally:
            if prior is not None:
                prior.close()

    def _prior(self) -> Prior | None:
        """The previous state as the commit will see it; None (nothing written ahead) for an older layout."""
        try:
            if self.store.state.exists():
                return DatabasePrior(self.store.state, self.refreshes)
            old = normalize(self.store.read_manifest())
        except Exception as exc:  # the commit will say what is wrong with the state
            logger.debug("no commit ahead: %s", exc)
            return None
        if old.get("documents") or old.get("sources"):  # layout 1's whole manifest: the commit migrates it
            return None
        return ManifestPrior(old)

    def _write_batch(self, prior: Prior, outcomes: list[SourceOutcome], staged: StageReader,
                     lines: StageWriter | None) -> None:
        docs = [doc for outcome in outcomes for doc in outcome.docs
                if doc.status == "extracted" and (doc.staged is not None or doc.record_json is not None)]
        if not docs:
            return
        known = prior.docs(doc.key for doc in docs)
        for doc in sorted(docs, key=lambda d: d.key):
            if (known.get(doc.key) or {}).get("record_id"):
                continue  # the document holds an id: the commit decides whether it keeps it, and rewrites the file
            self._write_one(prior, doc, staged, lines)

    def _write_one(self, prior: Prior, doc: DocOutcome, staged: StageReader, lines: StageWriter | None) -> None:
        from flows.commit import base_id

        record_id = base_id(doc.key, doc)
        if record_id in self._bases:
            return  # a second new document with this title: the commit sorts out who gets the plain slug
        self._bases.add(record_id)
        if prior.holders(record_id) or self.store.find_record_path(record_id) is not None:
            return  # an id in use, or a file in place: never replaced before the commit
        data_json = doc.record_json if doc.record_json is not None else staged.read(doc.staged)  # type: ignore[arg-type]
        record = dict(json.loads(data_json))
        record["id"] = record_id
        data = record_bytes(record)
        if self.store.write_record(record_id, data):
            digest = record_digest(data)
            self.written.records[doc.key] = AheadRecord(record_id, digest)
            if lines is not None:  # its JSONL line as the shard merge makes it from the file (parsed back)
                line = lines.put(record_line(json.loads(data))[:-1])
                self.written.records[doc.key] = AheadRecord(record_id, digest, line)

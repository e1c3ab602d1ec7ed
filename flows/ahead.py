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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flows.errors import OutputStoreError
from flows.manifest import normalize
from flows.prior import DatabasePrior, ManifestPrior, Prior
from flows.staging import StageReader
from flows.store import OutputStore, record_bytes
from flows.work import DocOutcome, SourceOutcome

logger = logging.getLogger(__name__)


def record_digest(data: bytes) -> bytes:
    """The digest the commit compares a written file's bytes with (not kept in memory: 20 bytes per record)."""
    return hashlib.sha1(data, usedforsecurity=False).digest()


@dataclass(frozen=True)
class AheadRecord:
    """A record written ahead: its id and the digest of the bytes written."""

    record_id: str
    digest: bytes


@dataclass
class AheadWrites:
    """What commit ahead wrote, by document key (read by ``flows.commit``)."""

    records: dict[str, AheadRecord] = field(default_factory=dict)
    seconds: float = 0.0
    """Time the writer thread spent writing (it overlapped the extraction)."""


class CommitAhead:
    """A thread writing the new records of each finished batch; ``finish`` waits for it and says what it wrote.

    Use as a context manager around the extraction; ``finish`` before the commit. Leaving the context without
    ``finish`` (a failure before the commit) removes the files written.
    """

    def __init__(self, out: str, refreshes: Iterable[Any] = ()) -> None:
        self.store = OutputStore(out)
        self.refreshes = list(refreshes)
        self.written = AheadWrites()
        self._queue: queue.Queue[list[SourceOutcome] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._bases: set[str] = set()
        self._stopped = False
        self._finished = False

    def __enter__(self) -> CommitAhead:
        self._thread = threading.Thread(target=self._run, name="wikirecords-commit-ahead", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        self._stop()
        if not self._finished:
            self.discard()

    def submit(self, outcomes: list[SourceOutcome]) -> None:
        """Queue a finished batch's outcomes (returns at once)."""
        if not self._stopped:
            self._queue.put(outcomes)

    def finish(self) -> AheadWrites:
        """Wait until every queued batch is written; what was written (the commit takes over from here)."""
        self._stop()
        self._finished = True
        return self.written

    def discard(self) -> None:
        """Remove every file written ahead (a run failing before its commit leaves the folder as it found it)."""
        for record in self.written.records.values():
            with contextlib.suppress(OutputStoreError):
                self.store.delete_record(record.record_id)
        self.written.records.clear()

    def _stop(self) -> None:
        if self._thread is not None and not self._stopped:
            self._stopped = True
            self._queue.put(None)
            self._thread.join()

    # -- the writer thread ------------------------------------------------------------------------
    def _run(self) -> None:
        import time

        prior = self._prior()
        failed = False
        try:
            with StageReader() as staged:
                while (outcomes := self._queue.get()) is not None:
                    if failed or prior is None:
                        continue
                    started = time.perf_counter()
                    try:
                        self._write_batch(prior, outcomes, staged)
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

    def _write_batch(self, prior: Prior, outcomes: list[SourceOutcome], staged: StageReader) -> None:
        docs = [doc for outcome in outcomes for doc in outcome.docs
                if doc.status == "extracted" and (doc.staged is not None or doc.record_json is not None)]
        if not docs:
            return
        known = prior.docs(doc.key for doc in docs)
        for doc in sorted(docs, key=lambda d: d.key):
            if (known.get(doc.key) or {}).get("record_id"):
                continue  # the document holds an id: the commit decides whether it keeps it, and rewrites the file
            self._write_one(prior, doc, staged)

    def _write_one(self, prior: Prior, doc: DocOutcome, staged: StageReader) -> None:
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
            self.written.records[doc.key] = AheadRecord(record_id, record_digest(data))

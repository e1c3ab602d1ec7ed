"""Document state in SQLite (``output/state.sqlite``): which source gave which document, record and error.

``manifest.json`` used to hold every document and was rewritten whole on every change; it is now a per-source
summary for consumers (``summary``), and the state behind it lives here, in three tables written in one
transaction per run (only the rows that changed), in WAL mode so that readers (``--dry-run``, consumers) never
block the run:

- ``meta(name, value)``: ``format`` and the pipeline and schema versions of the last run;
- ``sources(path, sha256, size, status, error, error_type, pipeline_version, schema_version, dump)``;
- ``documents(key, source, record_id, title, fingerprint, status, error, error_type)``, indexed by source and by
  record id.

A run's commit applies only its changes (``apply`` of a :class:`StateDelta`; the previous rows it needs are asked
through ``flows.prior``) and counts the summary in SQL (``summarize``). The manifest's in-memory shape
(``flows.manifest``) remains for library use and tests: ``read`` rebuilds it, ``write`` stores the difference.
An output folder of the older layout (a ``manifest.json`` holding every document) is migrated in place by its next
run: its manifest is read as before, and that run's commit writes the state and the summary.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.errors import OutputStoreError
from flows.manifest import MANIFEST_FORMAT

STATE_NAME = "state.sqlite"
STATE_FORMAT = 1
SUMMARY_FORMAT = 2
"""``manifest.json`` format: 1 held every document (older layout), 2 is the per-source summary."""

SOURCE_FIELDS = ("sha256", "size", "status", "error", "error_type", "pipeline_version", "schema_version")
DOC_FIELDS = ("source", "record_id", "title", "fingerprint", "status", "error", "error_type")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, status TEXT, error TEXT,
    error_type TEXT, pipeline_version TEXT, schema_version TEXT, dump TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, source TEXT NOT NULL, record_id TEXT, title TEXT,
    fingerprint TEXT, status TEXT, error TEXT, error_type TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS documents_by_source ON documents (source);
CREATE INDEX IF NOT EXISTS documents_by_record ON documents (record_id);
"""


class DocumentState:
    """The state database of one output folder (opened per call: runs are short and one at a time)."""

    def __init__(self, root: str | Path) -> None:
        self.path = Path(root) / STATE_NAME

    def exists(self) -> bool:
        """True once a run wrote the state (the folder is of the current layout)."""
        return self.path.is_file()

    @contextlib.contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        side_files = [self.path.with_name(self.path.name + suffix) for suffix in ("-wal", "-shm")]
        created = [p for p in side_files if not p.exists()]
        try:
            with self._open(write) as db:
                yield db
        except OutputStoreError:
            for path in created:  # what SQLite began to create before it failed (a full disk): leave no trace
                if path.exists() and (path.name.endswith("-shm") or path.stat().st_size == 0):
                    with contextlib.suppress(OSError):
                        path.unlink()
            raise

    @contextlib.contextmanager
    def _open(self, write: bool) -> Iterator[sqlite3.Connection]:
        try:
            if write:
                db = sqlite3.connect(self.path, isolation_level=None)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=FULL")
                    db.executescript(_SCHEMA)
                except sqlite3.Error:
                    db.close()  # a full disk fails here: no connection (and open file) may outlive the error
                    raise
            else:  # read-write but no write: closing the last connection removes the -wal and -shm files again
                try:
                    db = sqlite3.connect(f"{self.path.as_uri()}?mode=rw", uri=True, isolation_level=None)
                except sqlite3.OperationalError:  # a read-only output folder (e.g. a --dry-run on a mounted copy)
                    db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error("cannot open the state database", exc) from exc
        try:
            yield db
        except sqlite3.Error as exc:
            raise self._error("the state database failed", exc) from exc
        finally:
            db.close()

    def _error(self, what: str, exc: sqlite3.Error) -> OutputStoreError:
        """An error a person can act on: SQLite says "disk I/O error" when it cannot create its WAL files."""
        try:
            fs = os.statvfs(self.path.parent)
            full, read_only = fs.f_bavail * fs.f_frsize < 1 << 20, bool(fs.f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            full = read_only = False
        if read_only:
            hint = "the file system is read-only"
        elif full or (isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)):
            hint = "the disk is full; free space and run again; the previous records and manifest are intact"
        else:
            hint = (f"if it is damaged, delete {STATE_NAME} and manifest.json to have everything extracted "
                    "again")
        return OutputStoreError(str(self.path), f"{what} ({exc}): {hint}")

    def read(self) -> dict[str, Any]:
        """The state in the manifest's in-memory shape (``flows.manifest``), documents listed per source."""
        with self._connect(write=False) as db:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            docs: dict[str, Any] = {}
            by_source: dict[str, list[str]] = defaultdict(list)
            for key, *values in db.execute(f"SELECT key, {', '.join(DOC_FIELDS)} FROM documents ORDER BY key"):
                docs[key] = dict(zip(DOC_FIELDS, values, strict=True))
                by_source[values[0]].append(key)
            sources: dict[str, Any] = {}
            for path, *values, dump in db.execute(f"SELECT path, {', '.join(SOURCE_FIELDS)}, dump FROM sources"):
                entry = dict(zip(SOURCE_FIELDS, values, strict=True))
                keys = by_source.get(path, [])
                entry["documents"] = keys
                entry["record_ids"] = sorted({docs[k]["record_id"] for k in keys if docs[k]["record_id"]})
                if dump is not None:
                    entry["dump"] = json.loads(dump)
                sources[path] = entry
        return {"format": MANIFEST_FORMAT, "pipeline_version": meta.get("pipeline_version"),
                "schema_version": meta.get("schema_version"), "sources": sources, "documents": docs}

    def read_sources(self) -> dict[str, Any]:
        """The state's sources without their documents, for planning a run: O(sources) rows, not O(documents).

        The manifest's in-memory shape, with ``documents`` empty and, instead of a source's ``documents`` and
        ``record_ids`` lists, ``records`` (how many), ``internal_error`` (a document of it failed with an internal
        error: it is retried) and ``state_source`` (its path here, to look its documents up one source at a time:
        ``record_ids``, and ``flows.staging.write_known`` for the fingerprints of a dump's pages).
        """
        with self._connect(write=False) as db:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            records = dict(db.execute("SELECT source, count(DISTINCT record_id) FROM documents "
                                      "WHERE record_id IS NOT NULL GROUP BY source"))
            failing = {row[0] for row in db.execute("SELECT DISTINCT source FROM documents "
                                                    "WHERE error_type LIKE 'InternalError%'")}
            sources: dict[str, Any] = {}
            for path, *values, dump in db.execute(f"SELECT path, {', '.join(SOURCE_FIELDS)}, dump FROM sources"):
                entry = dict(zip(SOURCE_FIELDS, values, strict=True))
                entry.update(records=records.get(path, 0), internal_error=path in failing, state_source=path)
                if dump is not None:
                    entry["dump"] = json.loads(dump)
                sources[path] = entry
        return {"format": MANIFEST_FORMAT, "pipeline_version": meta.get("pipeline_version"),
                "schema_version": meta.get("schema_version"), "sources": sources, "documents": {}}

    def record_ids(self, source: str) -> Iterator[str]:
        """The record ids of one source's documents, streamed from an index (not held in memory)."""
        with self._connect(write=False) as db:
            for (record_id,) in db.execute("SELECT record_id FROM documents WHERE source = ? "
                                           "AND record_id IS NOT NULL", (source,)):
                yield str(record_id)

    def write(self, manifest: dict[str, Any]) -> bool:
        """Store ``manifest`` (in-memory shape): only rows that differ, in one transaction; True when any did."""
        docs, sources, meta = _rows(manifest["documents"], manifest["sources"], manifest.get("pipeline_version"),
                                    manifest.get("schema_version"))
        with self._connect(write=True) as db:
            old_docs = {key: tuple(values) for key, *values in
                        db.execute(f"SELECT key, {', '.join(DOC_FIELDS)} FROM documents")}
            old_sources = {path: tuple(values) for path, *values in
                           db.execute(f"SELECT path, {', '.join(SOURCE_FIELDS)}, dump FROM sources")}
            old_meta = dict(db.execute("SELECT name, value FROM meta"))
            gone_docs = sorted(k for k in old_docs if k not in docs)
            new_docs = sorted((k, *v) for k, v in docs.items() if old_docs.get(k) != v)
            gone_sources = sorted(p for p in old_sources if p not in sources)
            new_sources = sorted((p, *v) for p, v in sources.items() if old_sources.get(p) != v)
            if not (gone_docs or new_docs or gone_sources or new_sources or old_meta != meta):
                return False
            _store(db, new_docs, new_sources, meta, gone_docs, gone_sources)
        return True

    def prepare(self) -> None:
        """Bring an existing database's schema up to date (an index added by a newer version) before a commit asks
        it questions; a folder without a database is left alone (the older layout's migration needs that)."""
        if self.exists():
            with self._connect(write=True):
                pass

    def apply(self, delta: StateDelta) -> bool:
        """Apply a run's changes (:class:`StateDelta`) in one transaction; True when any row differed.

        Rows the run did not change are neither read nor written: the memory and the work follow the changes.
        """
        docs, sources, meta = _rows(delta.docs, delta.sources, delta.pipeline_version, delta.schema_version)
        gone_docs, gone_sources = sorted(delta.gone_docs), sorted(delta.gone_sources)
        with self._connect(write=True) as db:
            if not delta.renames and not self._differs(db, docs, sources, meta, gone_docs, gone_sources):
                return False
            _store(db, sorted((k, *v) for k, v in docs.items()), sorted((p, *v) for p, v in sources.items()), meta,
                   gone_docs, gone_sources, delta.renames)
        return True

    @staticmethod
    def _differs(db: sqlite3.Connection, docs: dict[str, tuple[Any, ...]], sources: dict[str, tuple[Any, ...]],
                 meta: dict[str, str], gone_docs: list[str], gone_sources: list[str]) -> bool:
        """True when applying the rows would change the database (looked up by key, in batches)."""
        if dict(db.execute("SELECT name, value FROM meta")) != meta:
            return True
        for table, key, rows, gone in (("documents", "key", docs, gone_docs), ("sources", "path", sources,
                                                                                  gone_sources)):
            fields = DOC_FIELDS if table == "documents" else (*SOURCE_FIELDS, "dump")
            names = sorted({*rows, *gone})
            for start in range(0, len(names), 500):
                chunk = names[start:start + 500]
                found = {k: tuple(v) for k, *v in db.execute(
                    f"SELECT {key}, {', '.join(fields)} FROM {table} WHERE {key} IN ({', '.join('?' * len(chunk))})",
                    chunk)}
                if any(found.get(k) != rows[k] for k in chunk if k in rows) or any(k in found for k in chunk
                                                                                 if k not in rows):
                    return True
        return False

    def summarize(self) -> dict[str, Any]:
        """``manifest.json``'s summary (as :func:`summary`), counted by SQL aggregates per source."""
        with self._connect(write=False) as db:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            per_source = {source: (docs, records) for source, docs, records in db.execute(
                "SELECT source, count(*), count(DISTINCT nullif(record_id, '')) FROM documents GROUP BY source")}
            documents, records = db.execute(
                "SELECT count(*), count(DISTINCT nullif(record_id, '')) FROM documents").fetchone()
            sources: dict[str, Any] = {}
            for path, *values, dump in db.execute(f"SELECT path, {', '.join(SOURCE_FIELDS)}, dump FROM sources"):
                item = dict(zip(SOURCE_FIELDS, values, strict=True))
                item["documents"], item["records"] = per_source.get(path, (0, 0))
                if dump is not None:
                    item["dump"] = json.loads(dump)
                sources[path] = item
        return {"format": SUMMARY_FORMAT, "pipeline_version": meta.get("pipeline_version"),
                "schema_version": meta.get("schema_version"), "state": STATE_NAME,
                "counts": {"sources": len(sources), "documents": documents, "records": records},
                "sources": sources}

    def documents_with_records(self) -> int:
        """How many documents hold a record id (the change log's ``records`` count)."""
        with self._connect(write=False) as db:
            return int(db.execute("SELECT count(*) FROM documents WHERE record_id IS NOT NULL "
                                  "AND record_id != ''").fetchone()[0])


@dataclass
class StateDelta:
    """A run's changes to the state: rows to write and to remove, and dumps renamed by a refresh (old, new)."""

    pipeline_version: str
    schema_version: str
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)
    gone_docs: set[str] = field(default_factory=set)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    gone_sources: set[str] = field(default_factory=set)
    renames: list[tuple[str, str]] = field(default_factory=list)

    def applied_to(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """The whole state after the changes, from a whole previous one (in-memory shape; older layout, library use).

        ``manifest`` is taken as already renamed (``flows.refresh.carry_over``)."""
        docs = {k: v for k, v in manifest.get("documents", {}).items() if k not in self.gone_docs}
        docs.update(self.docs)
        sources = {p: {f: e.get(f) for f in (*SOURCE_FIELDS, "dump") if f != "dump" or e.get("dump") is not None}
                   for p, e in manifest.get("sources", {}).items() if p not in self.gone_sources}
        for path, entry in self.sources.items():
            sources[path] = dict(entry)
        by_source: dict[str, list[str]] = defaultdict(list)
        for key in sorted(docs):
            by_source[docs[key]["source"]].append(key)
        for path, entry in sources.items():
            keys = by_source.get(path, [])
            entry["documents"] = keys
            entry["record_ids"] = sorted({docs[k]["record_id"] for k in keys if docs[k].get("record_id")})
        return {"format": MANIFEST_FORMAT, "pipeline_version": self.pipeline_version,
                "schema_version": self.schema_version, "sources": sources, "documents": docs}


def _rows(docs: Mapping[str, Mapping[str, Any]], sources: Mapping[str, Mapping[str, Any]], pipeline_version: Any,
          schema_version: Any) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]], dict[str, str]]:
    """Documents, sources (in-memory shape) and versions as the rows of the three tables, keyed by primary key."""
    doc_rows = {key: tuple(row.get(f) for f in DOC_FIELDS) for key, row in docs.items()}
    source_rows = {path: (*(entry.get(f) for f in SOURCE_FIELDS),
                          json.dumps(entry["dump"], sort_keys=True) if entry.get("dump") is not None else None)
                   for path, entry in sources.items()}
    meta = {"format": str(STATE_FORMAT), "pipeline_version": str(pipeline_version),
            "schema_version": str(schema_version)}
    return doc_rows, source_rows, meta


def _store(db: sqlite3.Connection, docs: list[tuple[Any, ...]], sources: list[tuple[Any, ...]], meta: dict[str, str],
           gone_docs: list[str], gone_sources: list[str], renames: Iterable[tuple[str, str]] = ()) -> None:
    """Write rows in one transaction: renamed sources (a dump refresh), removed and replaced rows, versions."""
    db.execute("BEGIN IMMEDIATE")
    try:
        for old, new in renames:  # a dump refresh: the older dump's rows become the new dump's
            db.execute("UPDATE documents SET key = ? || substr(key, ?), source = ? WHERE source = ?",
                       (new, len(old) + 1, new, old))
            db.execute("DELETE FROM sources WHERE path = ?", (old,))
        db.executemany("DELETE FROM documents WHERE key = ?", [(k,) for k in gone_docs])
        db.executemany(f"INSERT OR REPLACE INTO documents VALUES ({', '.join('?' * (len(DOC_FIELDS) + 1))})", docs)
        db.executemany("DELETE FROM sources WHERE path = ?", [(p,) for p in gone_sources])
        db.executemany(f"INSERT OR REPLACE INTO sources VALUES ({', '.join('?' * (len(SOURCE_FIELDS) + 2))})",
                       sources)
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def summary(manifest: dict[str, Any]) -> dict[str, Any]:
    """``manifest.json`` for consumers (format 2): per source its status, versions, counts and dump counts."""
    sources = {}
    for path, entry in manifest["sources"].items():
        item = {f: entry.get(f) for f in SOURCE_FIELDS}
        item["documents"] = len(entry.get("documents") or [])
        item["records"] = len(entry.get("record_ids") or [])
        if entry.get("dump") is not None:
            item["dump"] = entry["dump"]
        sources[path] = item
    docs = manifest["documents"]
    return {"format": SUMMARY_FORMAT, "pipeline_version": manifest.get("pipeline_version"),
            "schema_version": manifest.get("schema_version"), "state": STATE_NAME,
            "counts": {"sources": len(sources), "documents": len(docs),
                       "records": len({d["record_id"] for d in docs.values() if d.get("record_id")})},
            "sources": sources}

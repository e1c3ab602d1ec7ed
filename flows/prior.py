"""The state before a run, as the commit asks for it: one source's documents, a few rows by key, who holds an id.

Two sources of answers with one interface:

- :class:`DatabasePrior`: ``state.sqlite`` (:mod:`flows.state`), asked row by row and streamed, so that the commit
  never loads the documents of sources (or dump pages) this run did not change; a dump refresh
  (:mod:`flows.refresh`) is applied on the fly (the older dump's ``old#page`` rows answer for ``new#page``);
- :class:`ManifestPrior`: a whole manifest in the in-memory shape (:mod:`flows.manifest`), for an output folder of
  the older layout (no database yet: its ``manifest.json`` held every document) and for library callers and tests.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from flows.state import DOC_FIELDS, SOURCE_FIELDS, DocumentState

_BATCH = 500
"""Keys per ``IN (...)`` query (SQLite allows 999 parameters in older builds)."""


class Prior:
    """What the commit needs to know of the previous state (documents keyed as this run reads them)."""

    def source(self, path: str) -> dict[str, Any] | None:
        """A source's entry (status, error, versions, ``dump``), without its documents; None when unknown."""
        raise NotImplementedError

    def source_docs(self, path: str) -> Iterator[tuple[str, str | None]]:
        """(key, record id) of a source's documents, in key order, streamed."""
        raise NotImplementedError

    def count_docs(self, path: str) -> int:
        """How many documents a source has."""
        return sum(1 for _ in self.source_docs(path))

    def docs(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The rows of those keys that exist (only these are loaded)."""
        raise NotImplementedError

    def holders(self, record_id: str) -> list[str]:
        """The keys of the documents holding a record id (sorted; normally one)."""
        raise NotImplementedError

    def record_ids(self) -> Iterator[str]:
        """Every record id held by a document, once each, streamed."""
        raise NotImplementedError

    def held(self, record_ids: list[str]) -> set[str]:
        """Those of ``record_ids`` a document holds."""
        return {record_id for record_id in record_ids if self.holders(record_id)}

    def close(self) -> None:
        """Release the database connection, if any."""


class ManifestPrior(Prior):
    """The previous state held whole in memory (older layout, library use)."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        self._sources: dict[str, Any] = manifest.get("sources", {})
        self._docs: dict[str, Any] = manifest.get("documents", {})
        self._holders: dict[str, list[str]] | None = None

    def source(self, path: str) -> dict[str, Any] | None:
        entry = self._sources.get(path)
        if entry is None:
            return None
        return {k: v for k, v in entry.items() if k not in ("documents", "record_ids")}

    def source_docs(self, path: str) -> Iterator[tuple[str, str | None]]:
        for key in sorted((self._sources.get(path) or {}).get("documents", [])):
            if key in self._docs:
                yield key, self._docs[key].get("record_id")

    def docs(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {key: self._docs[key] for key in keys if key in self._docs}

    def _index(self) -> dict[str, list[str]]:
        if self._holders is None:
            self._holders = {}
            for key, doc in sorted(self._docs.items()):
                if doc.get("record_id"):
                    self._holders.setdefault(doc["record_id"], []).append(key)
        return self._holders

    def holders(self, record_id: str) -> list[str]:
        return list(self._index().get(record_id, []))

    def record_ids(self) -> Iterator[str]:
        return iter(list(self._index()))

    def held(self, record_ids: list[str]) -> set[str]:
        index = self._index()
        return {record_id for record_id in record_ids if record_id in index}


class DatabasePrior(Prior):
    """The previous state in ``state.sqlite``, asked through one read connection (closed by :meth:`close`)."""

    def __init__(self, state: DocumentState, refreshes: Iterable[Any] = ()) -> None:
        self.state = state
        self._db: sqlite3.Connection | None = None
        self._exit: contextlib.ExitStack | None = None
        present = set(self._all_sources())
        # new dump path -> older dump path whose rows answer for it (flows.refresh.carry_over, applied on the fly)
        self._renamed = {r.new: r.old for r in refreshes if r.old in present and r.new not in present}
        self._hidden = set(self._renamed.values())

    @property
    def renames(self) -> list[tuple[str, str]]:
        """(older dump, newer dump) of the refreshes whose rows the commit renames in the database."""
        return sorted((old, new) for new, old in self._renamed.items())

    # -- connection --------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            stack = contextlib.ExitStack()
            self._db = stack.enter_context(self.state._connect(write=False))
            self._exit = stack
        return self._db

    def close(self) -> None:
        if self._exit is not None:
            self._exit.close()
        self._db = self._exit = None

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        try:
            yield from self._conn().execute(sql, params)
        except sqlite3.Error as exc:
            raise self.state._error("the state database failed", exc) from exc

    # -- keys of this run <-> rows of the database -------------------------------------------------
    def _stored_source(self, path: str) -> str | None:
        """Where a source's rows are: its own path, the older dump's for a refresh, None when hidden."""
        if path in self._renamed:
            return self._renamed[path]
        return None if path in self._hidden else path

    def _to_stored(self, key: str) -> str:
        path, sep, page = key.partition("#")
        old = self._renamed.get(path)
        return f"{old}{sep}{page}" if old is not None else key

    def _to_run(self, key: str, source: str) -> tuple[str, str]:
        """A stored (key, source) as this run names it."""
        for new, old in self._renamed.items():
            if source == old:
                return new + key[len(old):], new
        return key, source

    def _all_sources(self) -> Iterator[str]:
        return (str(row[0]) for row in self._query("SELECT path FROM sources"))

    # -- Prior ---------------------------------------------------------------------------------
    def source(self, path: str) -> dict[str, Any] | None:
        stored = self._stored_source(path)
        if stored is None:
            return None
        for *values, dump in self._query(f"SELECT {', '.join(SOURCE_FIELDS)}, dump FROM sources WHERE path = ?",
                                         (stored,)):
            entry = dict(zip(SOURCE_FIELDS, values, strict=True))
            if dump is not None:
                entry["dump"] = json.loads(dump)
            return entry
        return None

    def source_docs(self, path: str) -> Iterator[tuple[str, str | None]]:
        stored = self._stored_source(path)
        if stored is None:
            return
        # a cursor of its own: the caller may ask other questions while it walks the source's documents
        cursor = self._conn().cursor()
        try:
            for key, record_id in cursor.execute("SELECT key, record_id FROM documents WHERE source = ? "
                                                 "ORDER BY key", (stored,)):
                yield self._to_run(key, stored)[0], record_id
        except sqlite3.Error as exc:
            raise self.state._error("the state database failed", exc) from exc
        finally:
            cursor.close()

    def count_docs(self, path: str) -> int:
        stored = self._stored_source(path)
        if stored is None:
            return 0
        return int(next(self._query("SELECT count(*) FROM documents WHERE source = ?", (stored,)))[0])

    def docs(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = {self._to_stored(key): key for key in keys}
        found: dict[str, dict[str, Any]] = {}
        stored_keys = sorted(wanted)
        for start in range(0, len(stored_keys), _BATCH):
            chunk = tuple(stored_keys[start:start + _BATCH])
            marks = ", ".join("?" * len(chunk))
            for key, *values in self._query(f"SELECT key, {', '.join(DOC_FIELDS)} FROM documents "
                                            f"WHERE key IN ({marks})", chunk):
                row = dict(zip(DOC_FIELDS, values, strict=True))
                if row["source"] in self._hidden:
                    row["source"] = self._to_run(key, row["source"])[1]
                found[wanted[key]] = row
        return found

    def holders(self, record_id: str) -> list[str]:
        return sorted(self._to_run(key, source)[0] for key, source in
                      self._query("SELECT key, source FROM documents WHERE record_id = ?", (record_id,)))

    def has_record(self, record_id: str) -> bool:
        """True when a document holds the id (an index look-up)."""
        return next(self._query("SELECT 1 FROM documents WHERE record_id = ? LIMIT 1", (record_id,)), None) is not None

    def held(self, record_ids: list[str]) -> set[str]:
        found: set[str] = set()
        wanted = sorted(set(record_ids))
        for start in range(0, len(wanted), _BATCH):
            chunk = tuple(wanted[start:start + _BATCH])
            found.update(str(row[0]) for row in self._query(
                f"SELECT DISTINCT record_id FROM documents WHERE record_id IN ({', '.join('?' * len(chunk))})",
                chunk))
        return found

    def record_ids(self) -> Iterator[str]:
        cursor = self._conn().cursor()
        try:
            for (record_id,) in cursor.execute("SELECT DISTINCT record_id FROM documents "
                                               "WHERE record_id IS NOT NULL AND record_id != ''"):
                yield str(record_id)
        except sqlite3.Error as exc:
            raise self.state._error("the state database failed", exc) from exc
        finally:
            cursor.close()


class ClaimedIds:
    """The record ids the state holds once a run's changes apply, asked without building the set.

    ``added``: ids of the rows the run writes; ``released``: ids the rows it rewrites or removes held before,
    ``changed``: the keys of those rows. An id is claimed when a written row holds it, or when a row of the
    previous state holds it and the run does not change that row.
    """

    def __init__(self, prior: Prior, added: set[str], released: set[str], changed: set[str]) -> None:
        self.prior, self.added, self.released, self.changed = prior, added, released, changed

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, str) or not record_id:
            return False
        if record_id in self.added:
            return True
        if record_id in self.released:
            return any(key not in self.changed for key in self.prior.holders(record_id))
        if isinstance(self.prior, DatabasePrior):
            return self.prior.has_record(record_id)
        return bool(self.prior.holders(record_id))

    def which(self, record_ids: Iterable[str]) -> set[str]:
        """Those of ``record_ids`` that are claimed, asked of the state in batches (one query per few hundred)."""
        result: set[str] = set()
        ask: list[str] = []
        for record_id in record_ids:
            if not record_id:
                continue
            if record_id in self.added or (record_id in self.released and record_id in self):
                result.add(record_id)
            elif record_id not in self.released:
                ask.append(record_id)
        result.update(self.prior.held(ask))
        return result

    def __iter__(self) -> Iterator[str]:
        yield from sorted(self.added)
        for record_id in self.prior.record_ids():
            if record_id not in self.added and record_id in self:
                yield record_id

    def given_up(self) -> set[str]:
        """Ids no document holds any more (their JSONL lines go; their files may be gone already)."""
        return {record_id for record_id in self.released if record_id not in self}


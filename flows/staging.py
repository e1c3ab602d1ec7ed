"""Staging files: where extraction tasks put their records until the commit moves them into place.

A run's tasks append the records they extract to ``<output>/.staging/<run>/<random>.jsonl`` (one file per task
attempt, one compact JSON record per line) and return only where each record is (``StagedRecord``), so neither
the workers nor the flow hold more than one record at a time, whatever the size of the run. The commit reads
them one by one, writes the record files atomically, and removes the run's staging folder; a run that was killed
leaves its folder behind, and the next run removes it under the lock. Staging files are never output: a consumer
sees the previous or the new record files, never a staged one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from flows.errors import OutputStoreError

if TYPE_CHECKING:
    from flows.plan import StateDocuments

STAGING_DIR = ".staging"


@dataclass(frozen=True)
class StagedRecord:
    """Where a task put one record: the staging file, the byte offset and the length of its JSON."""

    file: str
    offset: int
    length: int


def staging_root(out: str | os.PathLike[str]) -> Path:
    """``<output>/.staging``: every run's staging folder is inside it."""
    return Path(out).resolve() / STAGING_DIR


def run_staging_dir(out: str | os.PathLike[str], run: str) -> Path:
    """``<output>/.staging/<run>``, created (call under the output's lock)."""
    folder = staging_root(out) / run
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputStoreError(str(folder), f"cannot create the staging folder: {exc.strerror or exc}") from exc
    return folder


def remove_staging(out: str | os.PathLike[str], run: str | None = None) -> None:
    """Remove one run's staging folder, or (``run`` None: at the start of a run, under the lock) all of them."""
    root = staging_root(out)
    target = root / run if run else root
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(target)
    with contextlib.suppress(OSError):  # the empty .staging folder too, unless another run's folder is in it
        root.rmdir()


class StageWriter:
    """Appends one task's records to its own staging file (opened on the first record, closed on exit)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.path = Path(folder) / f"{uuid.uuid4().hex}.jsonl"
        self._handle: BinaryIO | None = None
        self._offset = 0

    def put(self, data: bytes) -> StagedRecord:
        """Append a record's JSON; raises ``OutputStoreError`` when the staging folder cannot be written."""
        try:
            if self._handle is None:
                self._handle = self.path.open("xb")
            self._handle.write(data + b"\n")
        except OSError as exc:
            raise OutputStoreError(str(self.path), f"cannot stage an extracted record: {exc.strerror or exc} "
                                   "(the output folder must be writable, and shared with the workers at the "
                                   "same path)") from exc
        staged = StagedRecord(str(self.path), self._offset, len(data))
        self._offset += len(data) + 1
        return staged

    def close(self) -> None:
        """Flush and close the file, so that the flow (maybe on another machine) reads every byte."""
        if self._handle is not None:
            try:
                self._handle.flush()
                os.fsync(self._handle.fileno())
            finally:
                self._handle.close()
                self._handle = None

    def __enter__(self) -> StageWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class StageReader:
    """Reads staged records back, keeping the few staging files (one per task) open while the commit runs."""

    def __init__(self) -> None:
        self._files: dict[str, BinaryIO] = {}

    def read(self, staged: StagedRecord) -> bytes:
        """The JSON of one staged record; ``OutputStoreError`` when the staging file is gone or cut short."""
        try:
            handle = self._files.get(staged.file)
            if handle is None:
                handle = self._files[staged.file] = open(staged.file, "rb")  # noqa: SIM115 - closed in close()
            handle.seek(staged.offset)
            data = handle.read(staged.length)
        except OSError as exc:
            raise OutputStoreError(staged.file, f"cannot read a staged record: {exc.strerror or exc}; "
                                   "run again") from exc
        if len(data) != staged.length:
            raise OutputStoreError(staged.file, "a staged record is cut short (the staging folder was changed "
                                   "during the run); run again")
        return data

    def close(self) -> None:
        """Close every staging file opened."""
        for handle in self._files.values():
            handle.close()
        self._files.clear()

    def __enter__(self) -> StageReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


KNOWN_NAME = "known.sqlite"


def write_known(folder: str | os.PathLike[str], known: Mapping[str, str],
                from_state: Iterable[StateDocuments] = ()) -> str:
    """Write the fingerprints of documents already extracted (key -> fingerprint) to ``folder/known.sqlite``.

    Tasks look them up one key at a time (``KnownFingerprints``) instead of each receiving the whole map: for a
    big dump shared by many tasks that map is as long as the dump, and would be copied into every task.
    ``from_state``: sources whose fingerprints are copied from the state database inside SQLite (one
    ``INSERT ... SELECT`` each, keys renamed for a dump refresh): they never pass through Python.
    """
    path = Path(folder) / KNOWN_NAME
    try:
        with contextlib.closing(sqlite3.connect(path.as_uri(), uri=True, isolation_level=None)) as db:
            db.execute("CREATE TABLE known (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TEMP TABLE missing (record_id TEXT PRIMARY KEY) WITHOUT ROWID")
            db.execute("BEGIN")
            db.executemany("INSERT INTO known VALUES (?, ?)", sorted(known.items()))
            db.execute("COMMIT")
            for query in from_state:
                # ATTACH is refused inside a transaction: one attach per source (a run reads few dumps)
                db.execute("ATTACH DATABASE ? AS state", (f"{Path(query.database).as_uri()}?mode=rw",))
                try:
                    db.execute("BEGIN")
                    db.execute("DELETE FROM temp.missing")
                    db.executemany("INSERT OR IGNORE INTO temp.missing VALUES (?)", [(i,) for i in query.missing_ids])
                    db.execute("INSERT OR REPLACE INTO main.known SELECT ? || substr(key, ?), fingerprint "
                               "FROM state.documents WHERE source = ? AND status = 'ok' AND record_id IS NOT NULL "
                               "AND record_id NOT IN (SELECT record_id FROM temp.missing) "
                               "AND fingerprint IS NOT NULL",
                               (query.read_as, len(query.source) + 1, query.source))
                    db.execute("COMMIT")
                finally:
                    db.execute("DETACH DATABASE state")
    except (OSError, sqlite3.Error) as exc:
        raise OutputStoreError(str(path), f"cannot write the fingerprints of known documents: {exc}") from exc
    return str(path)


class KnownFingerprints(Mapping[str, str]):
    """Read-only view of a ``known.sqlite`` (document key -> fingerprint), opened on first use in the task."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                # immutable: written once before the tasks start, so no locking (which network file systems
                # often do not support) is needed to read it
                self._db = sqlite3.connect(f"{Path(self.path).as_uri()}?mode=ro&immutable=1", uri=True)
            except sqlite3.Error as exc:
                raise OutputStoreError(self.path, f"cannot read the fingerprints of known documents ({exc}); "
                                       "the output folder must be shared with the workers at the same path") from exc
        return self._db

    def __getitem__(self, key: str) -> str:
        row = self._conn().execute("SELECT fingerprint FROM known WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return str(row[0])

    def __iter__(self) -> Iterator[str]:
        return (str(row[0]) for row in self._conn().execute("SELECT key FROM known ORDER BY key"))

    def __len__(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM known").fetchone()[0])

    def close(self) -> None:
        """Close the connection (the view opens it again when used)."""
        if self._db is not None:
            self._db.close()
            self._db = None

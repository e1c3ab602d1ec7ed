"""The output folder as a store: atomic writes, one run at a time, every path inside the folder.

Layout of an output folder (the contract for consumers, see README.md):

- ``records/<id>.json``: one record per article, deterministic bytes (sorted keys, 2-space indent,
  trailing newline); a file is only rewritten when its bytes change.
- ``records.jsonl``: every record on one line, sorted by id (rebuilt atomically when anything changed).
- ``manifest.json``: per source, what was extracted, at which versions, with counts (see :mod:`flows.state`).
- ``state.sqlite``: the state of every document (SQLite, WAL; see :mod:`flows.state`).
- ``runs/<timestamp>.json``: the change log of each run (see :mod:`flows.changelog`).
- ``.wikirecords.lock``: held by the run that writes the folder.
- ``.staging/<run>/``: records extracted by a run's tasks until its commit moves them into place
  (:mod:`flows.staging`); removed by the commit, or by the next run when the run was killed.

Small API, used by the flow and by tests:

- :meth:`OutputStore.lock` (context manager) waits ``timeout`` seconds for another run, then raises
  :class:`pipeline.errors.OutputLockedError`.
- :meth:`OutputStore.write_record` / :meth:`delete_record` / :meth:`read_record_bytes` by id.
- :func:`atomic_write_bytes` is the single function that writes a file: temporary file in the same
  folder, fsync, ``os.replace``, fsync of the folder. Tests may monkeypatch it to simulate a full disk.
- :meth:`OutputStore.clean_temporary_files` removes what a killed run left behind (called under the lock).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from flows.errors import OutputLockedError, OutputStoreError
from flows.staging import remove_staging, staging_root
from flows.state import DocumentState, summary

TMP_SUFFIX = ".wrtmp"
LOCK_NAME = ".wikirecords.lock"
RECORDS_DIR = "records"
RUNS_DIR = "runs"
MANIFEST_NAME = "manifest.json"
JSONL_NAME = "records.jsonl"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
"""Record ids are lowercase slugs: safe as file names on every file system, case-insensitive ones too."""


def _file_mode() -> int:
    """Mode of written files: readable by consumers as the umask allows (mkstemp alone gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def _dump(data: Any, **options: Any) -> bytes:
    """UTF-8 JSON; text that cannot be UTF-8 (lone surrogates) is written with ``\\u`` escapes instead."""
    try:
        return (json.dumps(data, ensure_ascii=False, **options) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True, **options) + "\n").encode("ascii")


def record_bytes(record: dict[str, Any]) -> bytes:
    """The canonical bytes of a record file: sorted keys, 2-space indent, UTF-8, trailing newline."""
    return _dump(record, sort_keys=True, indent=2)


def record_line(record: dict[str, Any]) -> bytes:
    """One line of ``records.jsonl``: the record compact, with sorted keys."""
    return _dump(record, sort_keys=True, separators=(",", ":"))


def json_bytes(data: Any) -> bytes:
    """Deterministic bytes of a JSON document (manifest, change log)."""
    return _dump(data, sort_keys=True, indent=2)


def atomic_write_bytes(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part of one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:120]}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def describe_os_error(exc: OSError, action: str) -> str:
    """One line a person can act on, for an I/O error while writing the output."""
    hint = {
        errno.ENOSPC: "the disk is full; free space and run again",
        errno.EACCES: "permission denied; make the output folder writable",
        errno.EPERM: "operation not permitted; make the output folder writable",
        errno.EROFS: "the file system is read-only",
        errno.EDQUOT: "the disk quota is exceeded",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    where = f" ({exc.filename})" if exc.filename else ""
    return f"cannot {action}{where}: {hint}; the previous records and manifest are intact"


def _same_bytes(path: Path, chunks: Iterable[bytes]) -> bool:
    """True when the file at ``path`` holds exactly the concatenation of ``chunks`` (read side by side)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return False
    with handle:
        for chunk in chunks:
            if handle.read(len(chunk)) != chunk:
                return False
        return handle.read(1) == b""


class OutputStore:
    """One output folder. Every path it returns is checked to stay inside the folder."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        self.records_dir = self.root / RECORDS_DIR
        self.runs_dir = self.root / RUNS_DIR
        self.manifest_path = self.root / MANIFEST_NAME
        self.jsonl_path = self.root / JSONL_NAME
        self.state = DocumentState(self.root)

    # -- folder and lock ---------------------------------------------------------------------------
    def ensure_folders(self) -> None:
        """Create the output folder and its sub-folders (clear error when that is impossible)."""
        try:
            for folder in (self.root, self.records_dir, self.runs_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputStoreError(str(self.root), describe_os_error(exc, "create the output folder")) from exc

    @contextlib.contextmanager
    def lock(self, timeout: float = 60.0) -> Iterator[None]:
        """Hold the folder's lock; wait up to ``timeout`` seconds for another run, then refuse."""
        self.ensure_folders()
        lock_path = self.root / LOCK_NAME
        file_lock = FileLock(str(lock_path))
        try:
            file_lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise OutputLockedError(
                str(self.root),
                f"another wikirecords run is writing this output folder (lock {lock_path.name}); "
                f"waited {timeout:g} s; run again when it has finished or raise --lock-timeout",
            ) from exc
        except OSError as exc:
            raise OutputStoreError(str(self.root), describe_os_error(exc, "take the output lock")) from exc
        try:
            yield
        finally:
            file_lock.release()

    def clean_temporary_files(self) -> list[Path]:
        """Remove temporary files and staging folders a killed run left behind; call only while holding the lock."""
        removed = []
        staging = staging_root(self.root)
        if staging.is_dir():
            remove_staging(self.root)
            removed.append(staging)
        for folder in (self.root, self.records_dir, self.runs_dir):
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith(".") and path.name.endswith(TMP_SUFFIX) and path.is_file():
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
        return removed

    # -- records -----------------------------------------------------------------------------------
    def record_path(self, record_id: str) -> Path:
        """``records/<id>.json``, refusing any id that is not a plain slug or resolves elsewhere."""
        if not ID_PATTERN.match(record_id):
            raise OutputStoreError(record_id, "is not a valid record id (lowercase letters, digits and '-')")
        path = (self.records_dir / f"{record_id}.json").resolve()
        if path.parent != self.records_dir.resolve():
            raise OutputStoreError(record_id, f"would be written outside {self.records_dir}")
        return path

    def read_record_bytes(self, record_id: str) -> bytes | None:
        """The stored bytes of a record, or None when there is none."""
        try:
            return self.record_path(record_id).read_bytes()
        except FileNotFoundError:
            return None

    def read_record(self, record_id: str) -> dict[str, Any] | None:
        """The stored record as a dict, or None when missing or unreadable."""
        data = self.read_record_bytes(record_id)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def write_record(self, record_id: str, data: bytes) -> bool:
        """Write a record's bytes unless the file already holds exactly them; True when written."""
        path = self.record_path(record_id)
        try:
            if path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        self._write(path, data, "write a record")
        return True

    def delete_record(self, record_id: str) -> bool:
        """Remove a record file; True when there was one."""
        path = self.record_path(record_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, "remove a record")) from exc
        fsync_dir(self.records_dir)
        return True

    def stored_record_ids(self) -> set[str]:
        """Ids of the record files present (temporary files excluded)."""
        if not self.records_dir.is_dir():
            return set()
        return {p.name[: -len(".json")] for p in self.records_dir.iterdir()
                if p.name.endswith(".json") and not p.name.startswith(".")}

    # -- manifest, bulk file, change logs -----------------------------------------------------------
    def read_manifest(self) -> dict[str, Any] | None:
        """The state in the manifest's in-memory shape (``flows.manifest``), or None when there is none.

        From ``state.sqlite`` (:mod:`flows.state`); in a folder of the older layout, from the ``manifest.json``
        that held every document (the next write migrates it). An unreadable old manifest gives None: all is redone.
        """
        if self.state.exists():
            return self.state.read()
        try:
            data = json.loads(self.manifest_path.read_bytes())
        except FileNotFoundError:
            return None
        except ValueError:
            return None
        return data if isinstance(data, dict) and "documents" in data else None

    def write_manifest(self, manifest: dict[str, Any]) -> bool:
        """Store the state (only the rows that changed), then ``manifest.json``'s per-source summary if its bytes
        changed; True when anything was written."""
        stored = self.state.write(manifest)
        summarized = self._write_if_changed(self.manifest_path, json_bytes(summary(manifest)), "write the manifest")
        return stored or summarized

    def write_jsonl(self, record_ids: Iterable[str]) -> bool:
        """Rebuild ``records.jsonl`` from the record files (sorted by id); True when its bytes changed.

        Streamed: one record in memory at a time. The new lines are first compared with the file as it is
        (nothing is written when they are the same), then written to a temporary file renamed over it.
        """
        ids = sorted(record_ids)

        def lines() -> Iterator[bytes]:
            for record_id in ids:
                record = self.read_record(record_id)
                if record is not None:
                    yield record_line(record)

        try:
            if _same_bytes(self.jsonl_path, lines()):
                return False
        except OSError as exc:
            raise OutputStoreError(str(self.jsonl_path), describe_os_error(exc, "write records.jsonl")) from exc
        self._write(self.jsonl_path, lines(), "write records.jsonl")
        return True

    def write_run_log(self, name: str, log: dict[str, Any], keep: int) -> Path:
        """Write ``runs/<name>.json`` (a fresh name) and keep only the newest ``keep`` logs."""
        base = re.sub(r"[^0-9A-Za-z._-]", "_", name)[:80]
        path = self.runs_dir / f"{base}.json"
        counter = 1
        while path.exists():
            path = self.runs_dir / f"{base}-{counter}.json"
            counter += 1
        self._write(path, json_bytes(log), "write the run's change log")
        logs = sorted(p for p in self.runs_dir.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
        for old in logs[: max(0, len(logs) - keep)]:
            with contextlib.suppress(OSError):
                old.unlink()
        return path

    def _write_if_changed(self, path: Path, data: bytes, action: str) -> bool:
        try:
            if path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, action)) from exc
        self._write(path, data, action)
        return True

    def _write(self, path: Path, data: bytes | Iterable[bytes], action: str) -> None:
        if path.resolve().parent not in (self.root, self.records_dir.resolve(), self.runs_dir.resolve()):
            raise OutputStoreError(str(path), f"would be written outside {self.root}")
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, action)) from exc

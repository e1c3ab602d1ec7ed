"""The output folder as a store: atomic writes, one run at a time, every path inside the folder.

Layout of an output folder (the contract for consumers, see README.md):

- ``records/<abc>/<id>.json``: one record per article, deterministic bytes (sorted keys, 2-space indent,
  trailing newline); a file is only rewritten when its bytes change. ``<abc>`` is :func:`record_shard`: the first
  three hex digits of the SHA-1 of the id (4,096 folders; about 1,700 files each for 6.9 M articles).
- ``records-<ab>.jsonl``: every record on one line, ``<ab>`` the first two of those digits (256 files), each
  sorted by id; only the files holding a record that changed are rewritten (:meth:`OutputStore.write_jsonl`).
- ``manifest.json``: per source, what was extracted, at which versions, with counts (see :mod:`flows.state`),
  and the ``layout`` of the folder (:data:`LAYOUT_VERSION`; older folders are migrated by :mod:`flows.layout`).
- ``state.sqlite``: the state of every document (SQLite, WAL; see :mod:`flows.state`).
- ``runs/<timestamp>.json``: the change log of each run (see :func:`flows.extract.finish_run`); a run whose lists
  hold more than :data:`LOG_LIST_LIMIT` entries writes them to ``runs/<timestamp>.jsonl`` beside it.
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
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Container, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from filelock import FileLock, Timeout

from flows.errors import OutputLockedError, OutputStoreError
from flows.staging import StagedRecord, StageReader, remove_staging, staging_root
from flows.state import DocumentState, StateDelta, summary

TMP_SUFFIX = ".wrtmp"
LOCK_NAME = ".wikirecords.lock"
RECORDS_DIR = "records"
RUNS_DIR = "runs"
MANIFEST_NAME = "manifest.json"
LEGACY_JSONL_NAME = "records.jsonl"
"""The single bulk file of layout 1, replaced by the shards ``records-<ab>.jsonl`` (migrated by flows.layout)."""
JSONL_GLOB = "records-*.jsonl"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
"""Record ids are lowercase slugs: safe as file names on every file system, case-insensitive ones too."""
LAYOUT_VERSION = 2
"""Layout of the output folder, in ``manifest.json`` (``"layout"``): 1 (no key) had every record in ``records/``
and one ``records.jsonl``; 2 shards both by a hash of the id."""
RECORD_SHARD_DIGITS = 3
"""Hex digits naming a record folder: 16**3 = 4,096 folders, ~1,700 files each at 6.9 M records (ext4, XFS and
NTFS list and look up a few thousand entries quickly; 2 digits would give ~27,000 per folder, 4 digits or two
levels 65,536 mostly tiny folders)."""
JSONL_SHARD_DIGITS = 2
"""Hex digits naming a JSONL shard (a prefix of the record folder's): a fixed 256 files."""
JSONL_SHARDS = tuple(f"{n:0{JSONL_SHARD_DIGITS}x}" for n in range(16 ** JSONL_SHARD_DIGITS))
_SHARD_DIR = re.compile(rf"^[0-9a-f]{{{RECORD_SHARD_DIGITS}}}$")
_LINE_ID = re.compile(rb'^\{"id":"([a-z0-9][a-z0-9-]{0,199})"[,}]')
LOG_LISTS = ("added", "updated", "removed", "failed", "still_failed")
"""The lists of a change log that move to ``runs/<name>.jsonl`` when they are long."""
LOG_LIST_LIMIT = 5000
"""A change log whose lists hold more entries than this writes them as JSON lines beside it (and an ``unchanged``
list longer than this is counted, not listed): the JSON log stays small whatever the size of the run."""


class IdSet(Protocol):
    """Record ids that can be asked and walked: a set, or the state's view (``flows.prior.ClaimedIds``)."""

    def __contains__(self, record_id: object, /) -> bool: ...

    def __iter__(self) -> Iterator[str]: ...


def record_shard(record_id: str) -> str:
    """The record's folder under ``records/``: the first hex digits of the SHA-1 of its id (stable, uniform)."""
    return hashlib.sha1(record_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:RECORD_SHARD_DIGITS]


def jsonl_shard(record_id: str) -> str:
    """The JSONL shard holding the record's line: ``records-<this>.jsonl`` (a prefix of its folder's name)."""
    return record_shard(record_id)[:JSONL_SHARD_DIGITS]


def line_id(line: bytes) -> str | None:
    """The id of a ``records-*.jsonl`` line, read from its first key without parsing the record (None if absent)."""
    match = _LINE_ID.match(line)
    return match.group(1).decode("ascii") if match else None


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
    """One line of ``records-*.jsonl``: the record compact, ``id`` first, then the other keys sorted.

    The id leading the line lets a shard be merged with changed records without parsing the others (``line_id``),
    and makes ``LC_ALL=C sort`` of the lines an order by id.
    """
    rest = _dump({k: v for k, v in record.items() if k != "id"}, sort_keys=True, separators=(",", ":"))
    if "id" not in record:
        return rest
    head = b'{"id":' + json.dumps(record["id"], ensure_ascii=True).encode("ascii")
    return head + (b"}\n" if rest == b"{}\n" else b"," + rest[1:])


def json_bytes(data: Any) -> bytes:
    """Deterministic bytes of a JSON document (manifest, change log)."""
    return _dump(data, sort_keys=True, indent=2)


def atomic_write_bytes(path: Path, data: bytes | Iterable[bytes], sync_dir: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a part of one.

    ``sync_dir=False``: the caller makes the rename durable itself (``fsync_dir`` once after several files of one
    folder, before anything that depends on them is written)."""
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
    if sync_dir:
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


def _record_ids(names: Iterable[str]) -> Iterator[str]:
    """The record ids among file names of a records folder (``<id>.json``; temporary files start with a dot)."""
    return (name[: -len(".json")] for name in names if name.endswith(".json") and not name.startswith("."))


_CLAIM_BATCH = 500
"""Lines of a shard whose ids are asked at once whether they are still claimed (one query for the state's view)."""


def claimed_among(claimed: IdSet, record_ids: list[str]) -> set[str]:
    """Those of ``record_ids`` in ``claimed``: in one batch when it can answer so (``flows.prior.ClaimedIds``)."""
    which = getattr(claimed, "which", None)
    if which is not None:
        return set(which(record_ids))
    return {record_id for record_id in record_ids if record_id in claimed}


def _claimed_lines(claimed: IdSet, chunk: list[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    kept = claimed_among(claimed, [record_id for record_id, _ in chunk])
    return ((record_id, line) for record_id, line in chunk if record_id in kept)


class _DamagedShard(Exception):
    """A JSONL shard whose lines are not sorted ids written by ``record_line``: rebuilt from the record files."""


class OutputStore:
    """One output folder. Every path it returns is checked to stay inside the folder."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        self.records_dir = self.root / RECORDS_DIR
        self.runs_dir = self.root / RUNS_DIR
        self.manifest_path = self.root / MANIFEST_NAME
        self.legacy_jsonl_path = self.root / LEGACY_JSONL_NAME
        self.state = DocumentState(self.root)
        self.touched: set[str] = set()
        """Ids given to ``write_record`` or ``delete_record`` since this store was made: their JSONL lines are
        redone by ``write_jsonl`` (even when the record file already held the bytes: a killed run's redo)."""
        self.prepared_lines: dict[str, StagedRecord] = {}
        """JSONL lines already made for records of this run (``flows.ahead``), by id: used instead of reading the
        record file again when its shard is merged."""
        self._listed: set[str] | None = None
        """The record ids of the last listing of the folders, kept up to date by this store's writes and deletes
        (one run at a time writes the folder), so that a run lists millions of names once, not three times."""

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

    def record_folders(self) -> list[Path]:
        """The shard folders under ``records/`` (``records/<abc>/``), sorted."""
        if not self.records_dir.is_dir():
            return []
        with os.scandir(self.records_dir) as entries:
            return sorted(Path(e.path) for e in entries if _SHARD_DIR.match(e.name) and e.is_dir())

    def clean_temporary_files(self) -> list[Path]:
        """Remove temporary files and staging folders a killed run left behind; call only while holding the lock.

        Lists every record folder (names only: a few seconds for millions of records, no file is read).
        """
        removed = []
        staging = staging_root(self.root)
        if staging.is_dir():
            remove_staging(self.root)
            removed.append(staging)
        ids: set[str] = set()
        record_folders = self.record_folders()
        for folder in (self.root, self.records_dir, self.runs_dir, *record_folders):
            if not folder.is_dir():
                continue
            with os.scandir(folder) as entries:
                names = [e.name for e in entries]
            if folder not in (self.root, self.runs_dir):
                ids.update(_record_ids(names))
            for name in names:
                if name.startswith(".") and name.endswith(TMP_SUFFIX) and (folder / name).is_file():
                    with contextlib.suppress(OSError):
                        (folder / name).unlink()
                        removed.append(folder / name)
        self._listed = ids
        return removed

    def forget_listing(self) -> None:
        """Forget the listed record ids (after files were moved by other means than this store's methods)."""
        self._listed = None

    # -- records -----------------------------------------------------------------------------------
    def record_path(self, record_id: str) -> Path:
        """``records/<abc>/<id>.json``, refusing any id that is not a plain slug, and a symbolic link as the file or
        its folder (a record is never written or read outside the folder; two ``lstat`` calls, not a ``resolve``)."""
        if not ID_PATTERN.match(record_id):
            raise OutputStoreError(record_id, "is not a valid record id (lowercase letters, digits and '-')")
        folder = self.records_dir / record_shard(record_id)
        path = folder / f"{record_id}.json"
        if folder.is_symlink() or path.is_symlink():
            raise OutputStoreError(str(path), f"is a symbolic link: would be written outside {self.records_dir}")
        return path

    def legacy_record_path(self, record_id: str) -> Path:
        """``records/<id>.json``: where layout 1 kept the record (read until the folder is migrated)."""
        if not ID_PATTERN.match(record_id):
            raise OutputStoreError(record_id, "is not a valid record id (lowercase letters, digits and '-')")
        path = self.records_dir / f"{record_id}.json"
        if path.is_symlink():
            raise OutputStoreError(str(path), f"is a symbolic link: would be read outside {self.records_dir}")
        return path

    def find_record_path(self, record_id: str) -> Path | None:
        """The record's file in this folder (its shard folder, else layout 1's place), or None."""
        path = self.record_path(record_id)
        if path.is_file():
            return path
        legacy = self.legacy_record_path(record_id)
        return legacy if legacy.is_file() else None

    def read_record_bytes(self, record_id: str) -> bytes | None:
        """The stored bytes of a record, or None when there is none."""
        path = self.find_record_path(record_id)
        if path is None:
            return None
        try:
            return path.read_bytes()
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
        self.touched.add(record_id)
        if self._listed is not None:
            self._listed.add(record_id)
        try:
            if path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, "write a record")) from exc
        try:
            path.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputStoreError(str(path.parent), describe_os_error(exc, "create a record folder")) from exc
        self._write(path, data, "write a record")
        return True

    def note_written(self, record_id: str, line: StagedRecord | None = None) -> None:
        """Count a record file written by this run through another store (``flows.ahead``) as written by this one:
        its JSONL line is redone (from ``line``, the staged line of exactly the file's bytes, when given) and the
        listing holds it."""
        self.touched.add(record_id)
        if line is not None:
            self.prepared_lines[record_id] = line
        if self._listed is not None:
            self._listed.add(record_id)

    def delete_record(self, record_id: str) -> bool:
        """Remove a record file (its shard folder stays, even when empty: at most 4,096); True when there was one."""
        self.touched.add(record_id)
        if self._listed is not None:
            self._listed.discard(record_id)
        found = False
        for path in (self.record_path(record_id), self.legacy_record_path(record_id)):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise OutputStoreError(str(path), describe_os_error(exc, "remove a record")) from exc
            fsync_dir(path.parent)
            found = True
        return found

    def stored_record_ids(self) -> set[str]:
        """Ids of the record files present (temporary files excluded), in shard folders or layout 1's place.

        Listed once per store (``clean_temporary_files`` lists them too), then kept up to date by its writes."""
        return set(self._listing())

    def record_listing(self) -> set[str]:
        """The ids of ``stored_record_ids`` as the store keeps them, not copied (read-only for the caller: it
        changes with the store's writes); for planning, which only asks whether ids are present."""
        return self._listing()

    def listed_record_ids(self) -> Iterator[str]:
        """The ids of ``stored_record_ids`` without copying the listing (do not write or delete while iterating)."""
        return iter(self._listing())

    def _listing(self) -> set[str]:
        if self._listed is None:
            ids: set[str] = set()
            for folder in (self.records_dir, *self.record_folders()):
                if not folder.is_dir():
                    continue
                with os.scandir(folder) as entries:
                    ids.update(_record_ids(e.name for e in entries))
            self._listed = ids
        return self._listed

    def legacy_record_files(self) -> list[Path]:
        """Record files of layout 1 (``records/<id>.json``) not yet moved into their shard folder."""
        if not self.records_dir.is_dir():
            return []
        with os.scandir(self.records_dir) as entries:
            return sorted(Path(e.path) for e in entries if e.name.endswith(".json") and not e.name.startswith(".")
                          and ID_PATTERN.match(e.name[: -len(".json")]) and e.is_file())

    # -- manifest, bulk files, change logs ----------------------------------------------------------
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
        if not isinstance(data, dict) or "documents" not in data:
            return None
        data.pop("layout", None)  # set by flows.layout's migration; not part of the in-memory state
        return data

    def manifest_layout(self) -> int | None:
        """The folder's layout as ``manifest.json`` says (1 when it does not say), None without a readable one."""
        try:
            data = json.loads(self.manifest_path.read_bytes())
        except (FileNotFoundError, ValueError):
            return None
        except OSError as exc:
            raise OutputStoreError(str(self.manifest_path), describe_os_error(exc, "read the manifest")) from exc
        if not isinstance(data, dict):
            return None
        layout = data.get("layout", 1)
        return layout if isinstance(layout, int) else None

    def write_manifest(self, manifest: dict[str, Any]) -> bool:
        """Store the state (only the rows that changed), then ``manifest.json``'s per-source summary if its bytes
        changed; True when anything was written."""
        stored = self.state.write(manifest)
        data = {**summary(manifest), "layout": LAYOUT_VERSION}
        summarized = self.write_if_changed(self.manifest_path, json_bytes(data), "write the manifest")
        return stored or summarized

    def write_changes(self, delta: StateDelta, base: dict[str, Any] | None = None) -> bool:
        """Apply a run's changes to the state (one transaction), then write ``manifest.json``'s summary, counted by
        the database, if its bytes changed; True when anything was written.

        ``base``: the whole previous state when it was read from memory (an output folder of the older layout:
        the state is then written whole, which migrates it); None to apply only the changes.
        """
        stored = self.state.write(delta.applied_to(base)) if base is not None else self.state.apply(delta)
        data = {**self.state.summarize(), "layout": LAYOUT_VERSION}
        summarized = self.write_if_changed(self.manifest_path, json_bytes(data), "write the manifest")
        return stored or summarized

    def jsonl_path(self, shard: str) -> Path:
        """``records-<ab>.jsonl``, the bulk file holding the lines of the records whose ``jsonl_shard`` is ``shard``."""
        if shard not in JSONL_SHARDS:
            raise OutputStoreError(shard, "is not a JSONL shard name")
        return self.root / f"records-{shard}.jsonl"

    def jsonl_files(self) -> list[Path]:
        """The JSONL shards present, sorted."""
        return [path for shard in JSONL_SHARDS if (path := self.jsonl_path(shard)).is_file()]

    def write_jsonl(self, record_ids: IdSet | Iterable[str], also_touched: Iterable[str] = (),
                    rebuild: bool = False) -> int:
        """Bring the JSONL shards up to date with the record files; returns how many shard files changed.

        ``record_ids``: every record the folder holds now. Only the shards holding a touched id (``self.touched``,
        ``also_touched``: ids written, removed or given up in this run), and the shards missing although one of
        ``record_ids`` belongs there, are redone. A shard is merged, not rebuilt: the lines of the records that
        did not change are copied byte for byte (their id is read from the line's start, they are never parsed)
        and the touched records are read from their files. Streamed (one record in memory at a time), compared
        with the file first (nothing written when equal), then written atomically; a shard left empty is removed.
        ``rebuild``: redo every shard from the record files (the migration from layout 1).
        """
        claimed: IdSet = record_ids if isinstance(record_ids, Container) else set(record_ids)
        touched: set[str] = set(claimed) if rebuild else {*self.touched, *also_touched}
        by_shard: dict[str, set[str]] = {}
        for record_id in touched:
            by_shard.setdefault(jsonl_shard(record_id), set()).add(record_id)
        present = {shard for shard in JSONL_SHARDS if self.jsonl_path(shard).is_file()}
        if rebuild or len(present) < len(JSONL_SHARDS):  # a missing shard: which ones should exist?
            needed: set[str] = set()
            for record_id in claimed:
                shard = jsonl_shard(record_id)
                needed.add(shard)
                if shard not in present or rebuild:
                    by_shard.setdefault(shard, set()).add(record_id)
            for shard in present - needed:
                by_shard.setdefault(shard, set())  # a shard that should no longer exist is merged to nothing
        changed = 0
        with StageReader() as prepared:
            for shard in sorted(by_shard):
                changed += self._merge_shard(shard, claimed, by_shard[shard], prepared, replace=rebuild)
        if changed:  # the shards' renames made durable at once, before the state that follows them is written
            fsync_dir(self.root)
        return changed

    def _fresh_line(self, record_id: str, prepared: StageReader) -> bytes | None:
        """The JSONL line of a record: made ahead (``prepared_lines``), else from its file (None when unreadable)."""
        staged = self.prepared_lines.get(record_id)
        if staged is not None:
            return prepared.read(staged) + b"\n"
        record = self.read_record(record_id)
        return record_line(record) if record is not None else None

    def _merge_shard(self, shard: str, claimed: IdSet, redo: set[str], prepared: StageReader,
                     replace: bool = False) -> bool:
        """Rewrite one shard: its old lines of still claimed, not ``redo`` ids copied, the ``redo`` ids read from
        their record files; ``replace``: ignore the old lines. True when the file changed."""
        path = self.jsonl_path(shard)
        fresh = sorted(i for i in redo if i in claimed)

        def lines(old: bool) -> Iterator[bytes]:
            kept = self._old_lines(path, claimed, redo) if old else iter(())
            pending = next(kept, None)
            for record_id in fresh:
                while pending is not None and pending[0] < record_id:
                    yield pending[1]
                    pending = next(kept, None)
                line = self._fresh_line(record_id, prepared)
                if line is not None:
                    yield line
            while pending is not None:
                yield pending[1]
                pending = next(kept, None)

        use_old = not replace
        try:
            try:
                empty = next(lines(use_old), None) is None
                same = _same_bytes(path, lines(use_old))
            except _DamagedShard:  # not sorted, or a line without its id first: rebuilt from the record files
                fresh = sorted(i for i in claimed if jsonl_shard(i) == shard)
                use_old = False
                empty = next(lines(use_old), None) is None
                same = _same_bytes(path, lines(use_old))
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, f"write {path.name}")) from exc
        if empty:
            if not path.exists():
                return False
            try:
                path.unlink()
            except OSError as exc:
                raise OutputStoreError(str(path), describe_os_error(exc, f"remove {path.name}")) from exc
            fsync_dir(self.root)
            return True
        if same:
            return False
        self._write(path, lines(use_old), f"write {path.name}", sync_dir=False)  # write_jsonl syncs the folder
        return True

    @staticmethod
    def _old_lines(path: Path, claimed: IdSet, redo: set[str]) -> Iterator[tuple[str, bytes]]:
        """(id, line) of a shard's lines to keep, in file order; raises ``_DamagedShard`` when out of order."""
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            return
        with handle:
            previous = ""
            chunk: list[tuple[str, bytes]] = []
            for line in handle:
                record_id = line_id(line)
                if record_id is None or record_id <= previous or not line.endswith(b"\n"):
                    raise _DamagedShard(path)
                previous = record_id
                if record_id not in redo:
                    chunk.append((record_id, line))
                if len(chunk) >= _CLAIM_BATCH:
                    yield from _claimed_lines(claimed, chunk)
                    chunk = []
            yield from _claimed_lines(claimed, chunk)

    def write_run_log(self, name: str, log: dict[str, Any], keep: int, list_limit: int | None = None) -> Path:
        """Write ``runs/<name>.json`` (a fresh name) and keep only the newest ``keep`` logs.

        When the lists (``LOG_LISTS``) hold more than ``list_limit`` entries (``LOG_LIST_LIMIT``), they are written
        first to ``runs/<name>.jsonl``, one entry a line with its ``list``, and the log names that file under
        ``lists_file`` instead of holding them; an ``unchanged`` list that long is counted, not listed.
        """
        limit = LOG_LIST_LIMIT if list_limit is None else list_limit
        base = re.sub(r"[^0-9A-Za-z._-]", "_", name)[:80]
        path = self.runs_dir / f"{base}.json"
        counter = 1
        while path.exists() or path.with_suffix(".jsonl").exists():
            path = self.runs_dir / f"{base}-{counter}.json"
            counter += 1
        listed = sum(len(log.get(k) or []) for k in LOG_LISTS)
        if listed > limit:
            lists_path = path.with_suffix(".jsonl")
            entries = ((k, entry) for k in LOG_LISTS for entry in log.get(k) or [])
            self._write(lists_path, (_dump({"list": k, **e}, sort_keys=True, separators=(",", ":"))
                                     for k, e in entries), "write the run's change lists")
            log = {k: v for k, v in log.items() if k not in LOG_LISTS}
            log["lists_file"] = lists_path.name
            log["lists_in_file"] = list(LOG_LISTS)
        if len(log.get("unchanged") or []) > limit:
            log = {k: v for k, v in log.items() if k != "unchanged"}
            log["unchanged_listed"] = False
        self._write(path, json_bytes(log), "write the run's change log")
        logs = sorted(p for p in self.runs_dir.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
        stems = {path.stem, *(p.stem for p in logs[max(0, len(logs) - keep):])}
        for old in logs[: max(0, len(logs) - keep)]:
            with contextlib.suppress(OSError):
                old.unlink()
        for lists in self.runs_dir.glob("*.jsonl"):  # of logs removed above, or of a run killed before its log
            if lists.stem not in stems and not lists.name.startswith("."):
                with contextlib.suppress(OSError):
                    lists.unlink()
        return path

    def write_if_changed(self, path: Path, data: bytes, action: str) -> bool:
        """Write a file of the folder atomically unless it already holds ``data``; True when written."""
        try:
            if path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, action)) from exc
        self._write(path, data, action)
        return True

    def _write(self, path: Path, data: bytes | Iterable[bytes], action: str, sync_dir: bool = True) -> None:
        parent = path.resolve().parent
        in_shard = parent.parent == self.records_dir.resolve() and bool(_SHARD_DIR.match(parent.name))
        if not in_shard and parent not in (self.root, self.records_dir.resolve(), self.runs_dir.resolve()):
            raise OutputStoreError(str(path), f"would be written outside {self.root}")
        try:
            if sync_dir:
                atomic_write_bytes(path, data)
            else:
                atomic_write_bytes(path, data, sync_dir=False)
        except OSError as exc:
            raise OutputStoreError(str(path), describe_os_error(exc, action)) from exc

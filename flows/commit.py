"""The end of a run: assign ids, write changed records, remove gone ones, then the manifest and change log.

The commit asks the state database (``flows.prior``) only about what the run touched: the documents of the
sources it read, the previous rows of the documents it extracted, who holds an id; the rows of unchanged
sources and unchanged dump pages are neither loaded nor rewritten (``flows.state.StateDelta``).

Order of writes (each one atomic): records, the JSONL shards holding them, ``manifest.json``, ``runs/<ts>.json``.
A run killed between them leaves the previous manifest, so the next run redoes the same work, finds
the records already byte-identical, and completes the state (files no manifest claims are removed).
With several workers, the records new to the folder may already be written (``flows.ahead``, commit ahead): the
commit checks them and writes only the others (docs/output.md).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flows.ahead import AheadWrites, record_digest
from flows.diff import record_changes
from flows.manifest import normalize
from flows.plan import Plan
from flows.prior import ClaimedIds, DatabasePrior, ManifestPrior, Prior
from flows.refresh import DumpRefresh, carry_over
from flows.staging import StageReader
from flows.state import StateDelta
from flows.store import ID_PATTERN, OutputStore, claimed_among, record_bytes
from flows.work import DocOutcome, SourceOutcome
from pipeline.version import PIPELINE_VERSION
from schemas.record import SCHEMA_VERSION


@dataclass
class Commit:
    """The outcome of writing a run: the changes to the state, and the change log entries."""

    delta: StateDelta
    prior: Prior
    claimed: ClaimedIds | None = None
    """The record ids held once the changes apply (asked of the state, never built as a set)."""
    base: dict[str, Any] | None = None
    """The whole previous state when it came from memory (older layout, library use), else None (the database)."""
    added: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    """Unchanged documents of the sources this run read (those of unchanged sources: ``unchanged_sources``)."""
    unchanged_sources: list[str] = field(default_factory=list)
    """Sources left as they were: their documents are counted in the state, not loaded."""
    failed: list[dict[str, Any]] = field(default_factory=list)
    still_failed: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dumps: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per XML dump read in this run: pages seen, redirects and other pages skipped, how it was read
    (``read_by``), by how many tasks, and the bytes of XML they decompressed together."""
    extracted: int = 0
    files_written: int = 0
    files_removed: int = 0

    @property
    def manifest(self) -> dict[str, Any]:
        """The whole new state in the manifest's in-memory shape (built from the previous one: library use, tests)."""
        base = self.base if self.base is not None else normalize(self.prior_state())
        return self.delta.applied_to(base)

    def prior_state(self) -> dict[str, Any] | None:
        """The whole previous state (O(documents): only for library use and tests)."""
        if isinstance(self.prior, DatabasePrior):
            return carry_over(normalize(self.prior.state.read()), _refreshes(self.delta))
        return self.prior.manifest if isinstance(self.prior, ManifestPrior) else None

    def unchanged_count(self) -> int:
        """Documents left unchanged, those of unchanged sources counted in the state."""
        return len(self.unchanged) + sum(self.prior.count_docs(path) for path in self.unchanged_sources)

    def unchanged_keys(self) -> list[str]:
        """Every unchanged document's key, sorted (loads the keys of unchanged sources: call only when few)."""
        keys = set(self.unchanged)
        for path in self.unchanged_sources:
            keys.update(key for key, _ in self.prior.source_docs(path))
        return sorted(keys)

    def close(self) -> None:
        """Release the state database."""
        self.prior.close()


def commit_run(store: OutputStore, old: dict[str, Any] | None, plan: Plan, outcomes: list[SourceOutcome],
               ahead: AheadWrites | None = None) -> Commit:
    """Apply a run's outcomes to the output folder (call while holding the store's lock).

    ``old``: None to ask the state database (``state.sqlite``) only about what the run changed; or the whole
    previous state in memory (an output folder of the older layout, library use), renamed for dump refreshes.
    Writes the records and removes the gone ones; ``flows.extract.finish_run`` then writes the state.
    ``ahead``: the records ``flows.ahead`` already wrote while the extraction ran (checked here, not trusted).
    """
    if old is None:
        store.state.prepare()
        prior: Prior = DatabasePrior(store.state, plan.refreshes)
    else:
        prior = ManifestPrior(old)
    delta = StateDelta(PIPELINE_VERSION, SCHEMA_VERSION)
    if isinstance(prior, DatabasePrior):
        delta.renames = prior.renames
    commit = Commit(delta, prior, base=old)
    try:
        _commit(store, commit, plan, outcomes, ahead or AheadWrites())
    except BaseException:
        commit.close()
        raise
    return commit


def _commit(store: OutputStore, commit: Commit, plan: Plan, outcomes: list[SourceOutcome], ahead: AheadWrites
            ) -> None:
    prior, delta = commit.prior, commit.delta
    # 1. Unchanged sources keep their rows as they are (not read); a source failing still is reported. A dump
    # refreshed by a newer one with the same bytes is unchanged too, but its rows take the new name: listed.
    refreshed = {refresh.new for refresh in plan.refreshes}
    for path in plan.unchanged:
        entry = prior.source(path) or {}
        if entry.get("status") != "ok":
            commit.still_failed.append({"source": path, "reason": entry.get("error") or
                                        "some pages failed (see the manifest)", "error_type": entry.get("error_type")})
        if path in refreshed:
            delta.sources[path] = entry
            commit.unchanged.extend(key for key, _ in prior.source_docs(path))
        else:
            commit.unchanged_sources.append(path)

    # 2. Unreadable files: reported, their previous records kept.
    for scanned in plan.unreadable:
        delta.sources[scanned.path] = _source_entry(scanned.sha256 or "", scanned.size, "failed", scanned.error,
                                                    scanned.error_type, plan.version)
        commit.failed.append({"source": scanned.path, "reason": scanned.error, "error_type": scanned.error_type})

    # 3. Processed sources: merge the shares of each source.
    extracted: dict[str, DocOutcome] = {}
    failed_docs: dict[str, DocOutcome] = {}
    doc_source: dict[str, str] = {}
    gone: dict[str, str | None] = {}
    by_path: dict[str, list[SourceOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_path[outcome.path].append(outcome)
    for path in sorted(by_path):
        shares = sorted(by_path[path], key=lambda o: o.part)
        error = next((s for s in shares if s.error), None)
        seen: set[str] = set()
        any_failed = False
        ok_docs = 0
        first_failure: DocOutcome | None = None
        for share in shares:
            for doc in share.docs:
                seen.add(doc.key)
                if doc.status == "unchanged":
                    commit.unchanged.append(doc.key)
                    ok_docs += 1
                elif doc.status == "extracted":
                    extracted[doc.key] = doc
                    doc_source[doc.key] = path
                    commit.extracted += 1
                    ok_docs += 1
                else:
                    any_failed = True
                    first_failure = first_failure or doc
                    failed_docs[doc.key] = doc
                    doc_source[doc.key] = path
                    commit.failed.append({"source": doc.key, "reason": doc.error, "error_type": doc.error_type})
        if error is None:  # pages the source no longer has (when it could not be read to its end, all are kept)
            gone.update((key, record_id) for key, record_id in prior.source_docs(path) if key not in seen)
        del seen
        if error is not None:
            commit.failed.append({"source": path, "reason": error.error, "error_type": error.error_type})
        status = "ok" if error is None and not any_failed else "failed" if ok_docs == 0 else "partial"
        reason, reason_type = (error.error, error.error_type) if error else (None, None)
        if reason is None and status == "failed" and first_failure is not None:
            reason, reason_type = first_failure.error, first_failure.error_type
        scanned = plan.sources[path]
        delta.sources[path] = _source_entry(scanned.sha256 or "", scanned.size, status, reason, reason_type,
                                            plan.version)
        if (dump := dump_counts(shares)) is not None:
            delta.sources[path]["dump"] = {**dump, **plan.dump_sites.get(path, {})}  # site, date: flows.refresh
            commit.dumps[path] = {**dump, "read_by": shares[0].read_by, "tasks": len(shares),
                                  "bytes_decompressed": sum(s.bytes_decompressed for s in shares)}

    # 4. Sources that are gone.
    for path in plan.removed:
        gone.update(prior.source_docs(path))
        delta.gone_sources.add(path)

    # 5. Failed documents keep their previous id; ids for the extracted documents, then their records.
    previous = prior.docs([*extracted, *failed_docs])
    for key, doc in sorted(failed_docs.items()):
        delta.docs[key] = {"source": doc_source[key], "record_id": (previous.get(key) or {}).get("record_id"),
                           "title": doc.title, "fingerprint": doc.fingerprint, "status": "failed",
                           "error": doc.error, "error_type": doc.error_type}
    leaving = set(gone) | set(extracted)
    failed_ids = {row["record_id"]: key for key, row in sorted(delta.docs.items(), reverse=True)
                  if row.get("record_id")}

    def holder(record_id: str) -> str | None:
        """The document that keeps holding an id after this run, apart from the extracted ones."""
        kept = [key for key in prior.holders(record_id) if key not in leaving]
        if record_id in failed_ids:
            kept.append(failed_ids[record_id])
        return min(kept, default=None)

    ids = _assign_ids(extracted, {k: (previous.get(k) or {}).get("record_id") for k in extracted}, holder)
    with StageReader() as staged:
        for key in sorted(extracted):
            if not _confirm_ahead(store, commit, extracted[key], ids[key], previous.get(key), doc_source[key],
                                  ahead):
                _write_extracted(store, commit, extracted[key], ids[key], previous.get(key), doc_source[key],
                                 staged)
    final_ids = {record_id for record_id, _ in ids.values()}
    for record in ahead.records.values():  # a guess that went wrong: the id went to no document (or another)
        if record.record_id not in final_ids:
            store.delete_record(record.record_id)

    # 6. Remove what is gone, and files no document claims (left by a killed run or a changed title).
    for key in sorted(gone):
        commit.removed.append({"source": key, "id": gone[key]})
        delta.gone_docs.add(key)
    changed = {*delta.docs, *delta.gone_docs}
    added = {row["record_id"] for row in delta.docs.values() if row.get("record_id")}
    released = {rid for rid in gone.values() if rid}
    released.update(row["record_id"] for row in previous.values() if row.get("record_id"))
    commit.claimed = ClaimedIds(prior, added, released, changed)
    orphans: list[str] = []
    listed = store.listed_record_ids()
    while chunk := list(itertools.islice(listed, 500)):  # the state asked a few hundred ids at a time
        held = claimed_among(commit.claimed, chunk)
        orphans.extend(record_id for record_id in chunk if record_id not in held)
    for record_id in sorted(orphans):
        if ID_PATTERN.match(record_id):
            commit.files_removed += int(store.delete_record(record_id))
    commit.unchanged = sorted(set(commit.unchanged))


def _refreshes(delta: StateDelta) -> list[Any]:
    """The delta's renames as ``DumpRefresh``-like objects for ``carry_over`` (old, new only)."""
    return [DumpRefresh(old, new, "", None, None) for old, new in delta.renames]


def _confirm_ahead(store: OutputStore, commit: Commit, doc: DocOutcome, id_clash: tuple[str, str | None],
                   previous: dict[str, Any] | None, source: str, ahead: AheadWrites) -> bool:
    """True when ``flows.ahead`` already wrote this record as it must be: the id it guessed is the one given, no
    title clash adds a warning, the document held no id before, and the file still holds the bytes written then.

    Then the record counts as written by this run (added), exactly as :func:`_write_extracted` would have done.
    """
    written = ahead.records.get(doc.key)
    record_id, clash_with = id_clash
    if written is None or written.record_id != record_id or clash_with is not None or (previous or {}).get("record_id"):
        return False
    data = store.read_record_bytes(record_id)
    if data is None or record_digest(data) != written.digest:
        return False
    store.note_written(record_id, written.line)
    commit.delta.docs[doc.key] = {"source": source, "record_id": record_id, "title": doc.title,
                                  "fingerprint": doc.fingerprint, "status": "ok", "error": None, "error_type": None}
    commit.files_written += 1
    commit.added.append({"source": doc.key, "id": record_id})
    return True


def _write_extracted(store: OutputStore, commit: Commit, doc: DocOutcome, id_clash: tuple[str, str | None],
                     previous: dict[str, Any] | None, source: str, staged: StageReader) -> None:
    """Write one extracted record under its id (one record in memory at a time) and log what changed."""
    key = doc.key
    record_id, clash_with = id_clash
    data_json = doc.record_json if doc.record_json is not None else staged.read(doc.staged) if doc.staged else b"{}"
    record = dict(json.loads(data_json))
    record["id"] = record_id
    if clash_with is not None:
        message = (f"the title {record.get('title')!r} is also the title of {clash_with}; "
                   f"this record's id is {record_id!r}")
        record["warnings"] = [*record.get("warnings", []),
                              {"code": "duplicate_title", "message": message, "field": None}]
        commit.warnings.append(f"{key}: {message}")
    commit.delta.docs[key] = {"source": source, "record_id": record_id, "title": doc.title,
                              "fingerprint": doc.fingerprint, "status": "ok", "error": None, "error_type": None}
    previous_id = (previous or {}).get("record_id")
    old_record = store.read_record(previous_id) if previous_id else None
    data = record_bytes(record)
    written = store.write_record(record_id, data)
    commit.files_written += int(written)
    if previous_id is None or old_record is None:
        commit.added.append({"source": key, "id": record_id})
    elif previous_id != record_id or record_bytes(old_record) != data:
        entry = {"source": key, "id": record_id, **record_changes(old_record, record)}
        if previous_id != record_id:
            entry["previous_id"] = previous_id
        commit.updated.append(entry)
    else:
        commit.unchanged.append(key)


def dump_counts(shares: list[SourceOutcome]) -> dict[str, int] | None:
    """The dump's counts (pages seen, articles, skips) added up over the ranges read by its tasks."""
    counted = [s.dump for s in shares if s.dump]
    if not counted:
        return None
    return {name: sum(c.get(name, 0) for c in counted) for name in counted[0]}


def assign_ids(extracted: dict[str, DocOutcome], old_docs: dict[str, Any],
               kept_docs: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Stable, unique ids: a document keeps its id; a clash gets the slug plus a short hash of its key.

    Documents already holding an id keep it first; then new ones in sorted key order, so that of two
    sources with the same title the first in sorted order gets the plain slug. Returns
    key -> (id, key of the document it clashed with or None).
    """
    taken: dict[str, str] = {d["record_id"]: k for k, d in kept_docs.items() if d.get("record_id")}
    return _assign_ids(extracted, {k: (old_docs.get(k) or {}).get("record_id") for k in extracted}, taken.get)


def _assign_ids(extracted: dict[str, DocOutcome], previous_ids: dict[str, str | None],
                holder: Callable[[str], str | None]) -> dict[str, tuple[str, str | None]]:
    """:func:`assign_ids`, asking ``holder`` which kept document holds an id (the state, one id at a time)."""
    taken: dict[str, str] = {}

    def held_by(record_id: str) -> str | None:
        if record_id not in taken:
            found = holder(record_id)
            if found is None:
                return None
            taken[record_id] = found
        return taken[record_id]

    result: dict[str, tuple[str, str | None]] = {}
    bases = {key: _base_id(key, doc) for key, doc in extracted.items()}
    by_base: dict[str, list[str]] = defaultdict(list)
    for key in sorted(extracted):
        by_base[bases[key]].append(key)
    for key in sorted(extracted):
        previous = previous_ids.get(key)
        base = bases[key]
        if previous and held_by(previous) is None and (previous == base or _is_suffixed(previous, base)):
            clash = next((k for k in by_base[base] if k != key), None)
            result[key] = (previous, clash if previous != base else None)
            taken[previous] = key
    for key in sorted(extracted):
        if key in result:
            continue
        base = bases[key]
        holder_key = held_by(base)
        if holder_key is None:
            result[key] = (base, None)
            taken[base] = key
            continue
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        length = 8
        candidate = f"{base}-{digest[:length]}"
        while held_by(candidate) is not None:
            length += 4
            candidate = f"{base}-{digest[:length]}"
        result[key] = (candidate, holder_key)
        taken[candidate] = key
    return result


def _is_suffixed(record_id: str, base: str) -> bool:
    """True for ``<base>-<hex>``, the form given to the later of two sources with the same title."""
    suffix = record_id[len(base) + 1:]
    return record_id.startswith(base + "-") and len(suffix) >= 8 and all(c in "0123456789abcdef" for c in suffix)


def base_id(key: str, doc: DocOutcome) -> str:
    """The id a new document gets unless its title clashes (``flows.ahead`` writes records under it early)."""
    return _base_id(key, doc)


def _base_id(key: str, doc: DocOutcome) -> str:
    """The pipeline's slug when it is a safe id; otherwise an id derived from the document key."""
    slug = doc.slug or str((doc.record or {}).get("id") or "")
    if ID_PATTERN.match(slug) and len(slug) <= 150:
        return slug
    return "article-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _source_entry(sha256: str, size: int, status: str, error: str | None, error_type: str | None,
                  version: str = PIPELINE_VERSION) -> dict[str, Any]:
    return {"sha256": sha256, "size": size, "status": status, "error": error, "error_type": error_type,
            "pipeline_version": version, "schema_version": SCHEMA_VERSION}

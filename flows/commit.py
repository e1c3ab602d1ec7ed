"""The end of a run: assign ids, write changed records, remove gone ones, then the manifest and change log.

Order of writes (each one atomic): records, the JSONL shards holding them, ``manifest.json``, ``runs/<ts>.json``.
A run killed between them leaves the previous manifest, so the next run redoes the same work, finds
the records already byte-identical, and completes the state (files no manifest claims are removed).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flows.diff import record_changes
from flows.manifest import empty_manifest
from flows.plan import Plan
from flows.staging import StageReader
from flows.store import ID_PATTERN, OutputStore, record_bytes
from flows.work import DocOutcome, SourceOutcome
from pipeline.version import PIPELINE_VERSION
from schemas.record import SCHEMA_VERSION


@dataclass
class Commit:
    """The outcome of writing a run: the new manifest and the change log entries."""

    manifest: dict[str, Any]
    added: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    still_failed: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dumps: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per XML dump read in this run: pages seen, redirects and other pages skipped, how it was read
    (``read_by``), by how many tasks, and the bytes of XML they decompressed together."""
    extracted: int = 0
    files_written: int = 0
    files_removed: int = 0


def commit_run(store: OutputStore, old: dict[str, Any], plan: Plan, outcomes: list[SourceOutcome]) -> Commit:
    """Apply a run's outcomes to the output folder (call while holding the store's lock)."""
    old_sources: dict[str, Any] = old.get("sources", {})
    old_docs: dict[str, Any] = old.get("documents", {})
    new = empty_manifest()
    commit = Commit(new)
    sources, docs = new["sources"], new["documents"]

    # 1. Unchanged sources keep their entries as they were.
    for path in plan.unchanged:
        sources[path] = old_sources[path]
        for key in old_sources[path].get("documents", []):
            if key in old_docs:
                docs[key] = old_docs[key]
        if old_sources[path].get("status") != "ok":
            commit.still_failed.append({"source": path, "reason": old_sources[path].get("error") or
                                        "some pages failed (see the manifest)",
                                        "error_type": old_sources[path].get("error_type")})
        commit.unchanged.extend(old_sources[path].get("documents", []))

    # 2. Unreadable files: reported, their previous records kept.
    for scanned in plan.unreadable:
        previous = old_sources.get(scanned.path, {})
        kept = [k for k in previous.get("documents", []) if k in old_docs]
        for key in kept:
            docs[key] = old_docs[key]
        sources[scanned.path] = _source_entry(scanned.sha256 or "", scanned.size, "failed", scanned.error,
                                              scanned.error_type, kept, docs, plan.version)
        commit.failed.append({"source": scanned.path, "reason": scanned.error, "error_type": scanned.error_type})

    # 3. Processed sources: merge the shares of each source.
    extracted: dict[str, DocOutcome] = {}
    doc_source: dict[str, str] = {}
    gone_keys: list[str] = []
    by_path: dict[str, list[SourceOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_path[outcome.path].append(outcome)
    for path in sorted(by_path):
        shares = sorted(by_path[path], key=lambda o: o.part)
        error = next((s for s in shares if s.error), None)
        seen: list[str] = []
        any_failed = False
        ok_docs = 0
        first_failure: DocOutcome | None = None
        for share in shares:
            for doc in share.docs:
                seen.append(doc.key)
                doc_source[doc.key] = path
                if doc.status == "unchanged" and doc.key in old_docs:
                    docs[doc.key] = old_docs[doc.key]
                    commit.unchanged.append(doc.key)
                    ok_docs += 1
                elif doc.status == "extracted":
                    extracted[doc.key] = doc
                    commit.extracted += 1
                    ok_docs += 1
                else:
                    any_failed = True
                    first_failure = first_failure or doc
                    kept_id = (old_docs.get(doc.key) or {}).get("record_id")
                    docs[doc.key] = {"source": path, "record_id": kept_id, "title": doc.title,
                                     "fingerprint": doc.fingerprint, "status": "failed", "error": doc.error,
                                     "error_type": doc.error_type}
                    commit.failed.append({"source": doc.key, "reason": doc.error, "error_type": doc.error_type})
        previous_keys = old_sources.get(path, {}).get("documents", [])
        for key in previous_keys:
            if key in seen or key not in old_docs:
                continue
            if error is None:
                gone_keys.append(key)
            else:  # the source could not be read to its end: keep what it gave before
                docs[key] = old_docs[key]
                seen.append(key)
        if error is not None:
            commit.failed.append({"source": path, "reason": error.error, "error_type": error.error_type})
        status = "ok" if error is None and not any_failed else "failed" if ok_docs == 0 else "partial"
        reason, reason_type = (error.error, error.error_type) if error else (None, None)
        if reason is None and status == "failed" and first_failure is not None:
            reason, reason_type = first_failure.error, first_failure.error_type
        scanned = plan.sources[path]
        sources[path] = _source_entry(scanned.sha256 or "", scanned.size, status, reason, reason_type,
                                      sorted(set(seen)), docs, plan.version)
        if (dump := dump_counts(shares)) is not None:
            sources[path]["dump"] = {**dump, **plan.dump_sites.get(path, {})}  # site, date: flows.refresh
            commit.dumps[path] = {**dump, "read_by": shares[0].read_by, "tasks": len(shares),
                                  "bytes_decompressed": sum(s.bytes_decompressed for s in shares)}

    # 4. Sources that are gone.
    for path in plan.removed:
        gone_keys.extend(k for k in old_sources[path].get("documents", []) if k in old_docs)

    # 5. Ids for the extracted documents, then their records.
    ids = assign_ids(extracted, old_docs, docs)
    with StageReader() as staged:
        for key in sorted(extracted):
            _write_extracted(store, commit, extracted[key], ids[key], old_docs, docs, doc_source, staged)
    for entry in sources.values():
        entry["record_ids"] = sorted({docs[k]["record_id"] for k in entry["documents"]
                                      if k in docs and docs[k].get("record_id")})

    # 6. Remove what is gone, and files no document claims (left by a killed run or a changed title).
    claimed = {d["record_id"] for d in docs.values() if d.get("record_id")}
    for key in sorted(gone_keys):
        record_id = old_docs[key].get("record_id")
        commit.removed.append({"source": key, "id": record_id})
    for record_id in sorted(store.stored_record_ids() - claimed):
        if ID_PATTERN.match(record_id):
            commit.files_removed += int(store.delete_record(record_id))
    commit.unchanged = sorted(set(commit.unchanged))
    return commit


def _write_extracted(store: OutputStore, commit: Commit, doc: DocOutcome, id_clash: tuple[str, str | None],
                     old_docs: dict[str, Any], docs: dict[str, Any], doc_source: dict[str, str],
                     staged: StageReader) -> None:
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
    docs[key] = {"source": doc_source[key], "record_id": record_id, "title": doc.title,
                 "fingerprint": doc.fingerprint, "status": "ok", "error": None, "error_type": None}
    previous = old_docs.get(key) or {}
    previous_id = previous.get("record_id")
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
    result: dict[str, tuple[str, str | None]] = {}
    bases = {key: _base_id(key, doc) for key, doc in extracted.items()}
    for key in sorted(extracted):
        previous = (old_docs.get(key) or {}).get("record_id")
        base = bases[key]
        if previous and previous not in taken and (previous == base or _is_suffixed(previous, base)):
            clash = next((k for k in sorted(extracted) if k != key and bases[k] == base), None)
            result[key] = (previous, clash if previous != base else None)
            taken[previous] = key
    for key in sorted(extracted):
        if key in result:
            continue
        base = bases[key]
        if base not in taken:
            result[key] = (base, None)
            taken[base] = key
            continue
        holder = taken[base]
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        length = 8
        candidate = f"{base}-{digest[:length]}"
        while candidate in taken:
            length += 4
            candidate = f"{base}-{digest[:length]}"
        result[key] = (candidate, holder)
        taken[candidate] = key
    return result


def _is_suffixed(record_id: str, base: str) -> bool:
    """True for ``<base>-<hex>``, the form given to the later of two sources with the same title."""
    suffix = record_id[len(base) + 1:]
    return record_id.startswith(base + "-") and len(suffix) >= 8 and all(c in "0123456789abcdef" for c in suffix)


def _base_id(key: str, doc: DocOutcome) -> str:
    """The pipeline's slug when it is a safe id; otherwise an id derived from the document key."""
    slug = doc.slug or str((doc.record or {}).get("id") or "")
    if ID_PATTERN.match(slug) and len(slug) <= 150:
        return slug
    return "article-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _source_entry(sha256: str, size: int, status: str, error: str | None, error_type: str | None,
                  documents: list[str], docs: dict[str, Any], version: str = PIPELINE_VERSION) -> dict[str, Any]:
    return {"sha256": sha256, "size": size, "status": status, "error": error, "error_type": error_type,
            "pipeline_version": version, "schema_version": SCHEMA_VERSION,
            "documents": sorted(documents), "record_ids": []}

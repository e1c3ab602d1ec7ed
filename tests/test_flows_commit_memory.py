"""The commit asks the state database about what a run changed: its memory does not grow with unchanged documents."""

from __future__ import annotations

import hashlib
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

from flows.commit import commit_run
from flows.extract import finish_run
from flows.manifest import empty_manifest, normalize
from flows.plan import make_plan, scan_folder
from flows.state import DocumentState
from flows.store import OutputStore, record_bytes, record_shard
from flows.work import extract_items
from tests.flow_helpers import snapshot

BIG = "big.xml"
"""An unchanged source of ``n`` documents (a dump already extracted); its file is never read by the run."""
CHANGED = 10


def _raw(raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    (raw / BIG).write_bytes(b"<mediawiki/>\n")
    for n in range(CHANGED):
        (raw / f"club{n}.wiki").write_text(f"'''Harbour Club {n}''' was founded in {1850 + n} in [[Leeds]].\n",
                                           encoding="utf-8")


def _output(out: Path, raw: Path, n: int) -> None:
    """An output folder whose state holds ``BIG`` with ``n`` documents, their record files and JSONL shards."""
    manifest = empty_manifest()
    keys = [f"{BIG}#{i}" for i in range(n)]
    manifest["documents"] = {key: {"source": BIG, "record_id": f"page-{i}", "title": f"Page {i}",
                                   "fingerprint": f"{100 + i}:{i:064x}", "status": "ok", "error": None,
                                   "error_type": None} for i, key in enumerate(keys)}
    manifest["sources"][BIG] = {
        "sha256": hashlib.sha256((raw / BIG).read_bytes()).hexdigest(), "size": (raw / BIG).stat().st_size,
        "status": "ok", "error": None, "error_type": None, "pipeline_version": manifest["pipeline_version"],
        "schema_version": manifest["schema_version"], "documents": sorted(keys),
        "record_ids": sorted(f"page-{i}" for i in range(n))}
    store = OutputStore(out)
    store.ensure_folders()
    for i in range(n):  # plain writes: the atomic ones fsync each file, too slow for a fixture of 20,000
        path = store.records_dir / record_shard(f"page-{i}") / f"page-{i}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(record_bytes({"id": f"page-{i}", "title": f"Page {i}"}))
    store.write_jsonl({f"page-{i}" for i in range(n)}, rebuild=True)
    store.write_manifest(manifest)


def _commit_peak(out: Path, raw: Path, outcomes: Any, whole: bool) -> tuple[int, dict[str, Any]]:
    """Peak bytes allocated by the commit of ``CHANGED`` new articles (from the state database, or, as before this
    change and as the control, from the whole state read into memory)."""
    store = OutputStore(out)
    store.clean_temporary_files()  # lists the record files, as the flow does before planning
    state = DocumentState(out)
    plan = make_plan(scan_folder(raw).sources, normalize(state.read_sources()), store.stored_record_ids(),
                     state=state)
    assert plan.unchanged == [BIG] and len(plan.work) == CHANGED
    tracemalloc.start()
    try:
        old = normalize(state.read()) if whole else None
        commit = commit_run(store, old, plan, outcomes)
        log = finish_run(store, old, commit, str(raw), "2026-01-01T00:00:00Z", 10, "test")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, log


def test_commit_memory_does_not_grow_with_unchanged_documents(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _raw(raw)
    scanned = scan_folder(raw).sources
    outcomes = extract_items(str(raw), [w for w in make_plan(scanned, empty_manifest(), set()).work
                                         if w.path != BIG])
    assert sum(len(o.docs) for o in outcomes) == CHANGED
    peaks: dict[tuple[int, bool], int] = {}
    for n in (2_000, 20_000):
        base = tmp_path / f"out{n}"
        _output(base, raw, n)
        control = tmp_path / f"control{n}"
        shutil.copytree(base, control)
        peaks[(n, False)], log = _commit_peak(base, raw, outcomes, whole=False)
        peaks[(n, True)], control_log = _commit_peak(control, raw, outcomes, whole=True)
        assert log["counts"]["added"] == CHANGED and log["counts"]["unchanged"] == n
        assert log["counts"]["records"] == n + CHANGED and log["counts"]["files_removed"] == 0
        for key in ("added", "updated", "removed", "counts"):
            assert log[key] == control_log[key]
        # both ways write the same output, byte for byte (change logs aside: they hold the time they finished)
        assert {k: v[2] for k, v in snapshot(base).items()} == {k: v[2] for k, v in snapshot(control).items()}
        assert DocumentState(base).read() == DocumentState(control).read()
    small, large = peaks[(2_000, False)], peaks[(20_000, False)]
    whole_small, whole_large = peaks[(2_000, True)], peaks[(20_000, True)]
    # control: reading the whole state grows with the documents (the measure sees it)
    assert whole_large / whole_small > 5, (whole_small, whole_large)
    # asking the database: 10x the unchanged documents, no more memory
    assert large / small < 1.5, (small, large)
    assert large * 10 < whole_large, (large, whole_large)

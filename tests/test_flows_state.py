"""Document state in SQLite (state.sqlite, WAL) behind a per-source manifest.json; older output folders migrate."""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.errors import OutputStoreError
from flows.manifest import empty_manifest
from flows.sources import holds_manifest
from flows.state import STATE_NAME, DocumentState, summary
from flows.store import OutputStore, json_bytes
from tests.flow_helpers import make_raw, read_json, read_state, snapshot

ROOT = Path(__file__).resolve().parent.parent


def _manifest(docs: int, revision: int = 1) -> dict:
    manifest = empty_manifest()
    keys = sorted(f"dump.xml#{n}" for n in range(docs))  # documents lists are sorted, as the commit writes them
    manifest["sources"]["dump.xml"] = {
        "sha256": f"sha{revision}", "size": 10 * docs, "status": "ok", "error": None, "error_type": None,
        "pipeline_version": manifest["pipeline_version"], "schema_version": manifest["schema_version"],
        "documents": keys, "record_ids": sorted(f"page-{n}" for n in range(docs)),
        "dump": {"pages_seen": docs, "articles": docs}}
    for n in range(docs):
        key = f"dump.xml#{n}"
        manifest["documents"][key] = {"source": "dump.xml", "record_id": f"page-{n}", "title": f"Page {n}",
                                      "fingerprint": f"{revision}:{n}", "status": "ok", "error": None,
                                      "error_type": None}
    return manifest


def test_flows_state_round_trip_writes_only_changes(tmp_path: Path) -> None:
    state = DocumentState(tmp_path)
    first = _manifest(50)
    assert state.write(first) is True and state.read() == first
    with contextlib.closing(sqlite3.connect(tmp_path / STATE_NAME)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_NAME], "no -wal or -shm file left behind"
    mtime = (tmp_path / STATE_NAME).stat().st_mtime_ns
    assert state.write(copy.deepcopy(first)) is False and (tmp_path / STATE_NAME).stat().st_mtime_ns == mtime
    second = copy.deepcopy(first)
    second["documents"]["dump.xml#7"]["fingerprint"] = "2:7"
    del second["documents"]["dump.xml#9"]
    second["sources"]["dump.xml"]["documents"].remove("dump.xml#9")
    second["sources"]["dump.xml"]["record_ids"].remove("page-9")
    assert state.write(second) is True and state.read() == second
    assert state.read() != first


def test_flows_state_summary_is_per_source(tmp_path: Path) -> None:
    data = summary(_manifest(30))
    assert data["format"] == 2 and data["state"] == STATE_NAME and "documents" not in data
    assert data["counts"] == {"sources": 1, "documents": 30, "records": 30}
    assert data["sources"]["dump.xml"]["documents"] == 30 and data["sources"]["dump.xml"]["dump"]["articles"] == 30
    (tmp_path / "manifest.json").write_bytes(json_bytes(data))
    assert holds_manifest(tmp_path), "a folder with the summary is still recognised as an output folder"


def test_flows_state_damaged_database_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / STATE_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputStoreError, match=f"delete {STATE_NAME}"):
        OutputStore(tmp_path).read_manifest()


WRITER = """
import sys
from tests.test_flows_state import _manifest
from flows.state import DocumentState
state = DocumentState(sys.argv[1])
i = 0
while True:
    state.write(_manifest(3000, revision=1 + i % 2))
    i += 1
    if i == 2:
        print("ready", flush=True)
"""


def test_flows_state_sigkill_leaves_the_previous_or_the_new_state(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(0.4)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert DocumentState(tmp_path).read() in (_manifest(3000, 1), _manifest(3000, 2))


def test_flows_state_older_folder_is_migrated_in_place(tmp_path: Path) -> None:
    """An output folder of the older layout (manifest.json holding every document) is read as it is, and its next
    run stores the state in state.sqlite and rewrites manifest.json as the summary, rewriting no record."""
    from flows.runs import quick_unchanged_run

    raw, out = make_raw(tmp_path / "raw"), tmp_path / "out"
    store = OutputStore(out)
    store.ensure_folders()
    from flows.commit import commit_run
    from flows.plan import make_plan, scan_folder
    from flows.work import extract_items

    # an output folder written by the previous layout: records, records.jsonl, and the whole manifest as JSON
    plan = make_plan(scan_folder(raw).sources, empty_manifest(), set())
    commit = commit_run(store, empty_manifest(), plan, extract_items(str(raw), plan.work))
    claimed = {d["record_id"] for d in commit.manifest["documents"].values() if d.get("record_id")}
    store.write_jsonl(claimed)
    store.manifest_path.write_bytes(json_bytes(commit.manifest))
    old_layout = copy.deepcopy(commit.manifest)
    assert not (out / STATE_NAME).exists() and "documents" in read_json(out / "manifest.json")
    records_before = {k: v for k, v in snapshot(out).items() if k.startswith("records")}

    log = quick_unchanged_run(str(raw), str(out))  # what `wikirecords extract` does first when nothing changed
    assert log is not None and log["counts"]["unchanged"] == 2 and log["counts"]["added"] == 0
    assert (out / STATE_NAME).exists() and read_state(out) == old_layout
    manifest = read_json(out / "manifest.json")
    assert manifest["format"] == 2 and "documents" not in manifest and manifest["counts"]["records"] == 2
    assert {k: v for k, v in snapshot(out).items() if k.startswith("records")} == records_before
    before = snapshot(out)
    again = quick_unchanged_run(str(raw), str(out))
    assert again is not None and snapshot(out) == before, "after the migration an unchanged run writes nothing"


def test_flows_state_delta_applies_only_changes_and_summary_counts_in_sql(tmp_path: Path) -> None:
    from flows.state import StateDelta

    state = DocumentState(tmp_path)
    first = _manifest(40)
    state.write(first)
    mtime = (tmp_path / STATE_NAME).stat().st_mtime_ns
    same = StateDelta(first["pipeline_version"], first["schema_version"],
                      docs={"dump.xml#3": dict(first["documents"]["dump.xml#3"])})
    assert state.apply(same) is False and (tmp_path / STATE_NAME).stat().st_mtime_ns == mtime, "no write"
    assert state.summarize() == summary(first)
    change = StateDelta(first["pipeline_version"], first["schema_version"], gone_docs={"dump.xml#9"},
                        docs={"dump.xml#3": {**first["documents"]["dump.xml#3"], "fingerprint": "2:3"}})
    assert state.apply(change) is True
    expected = change.applied_to(first)
    assert state.read() == expected and state.summarize() == summary(expected)
    assert state.summarize()["counts"] == {"sources": 1, "documents": 39, "records": 39}
    # a dump refresh renames the rows inside the database; the source row comes with the delta
    renamed = StateDelta(first["pipeline_version"], first["schema_version"], renames=[("dump.xml", "new.xml")],
                         sources={"new.xml": {k: v for k, v in expected["sources"]["dump.xml"].items()
                                              if k not in ("documents", "record_ids")}})
    assert state.apply(renamed) is True
    after = state.read()
    assert set(after["sources"]) == {"new.xml"} and len(after["documents"]) == 39
    assert after["documents"]["new.xml#3"] == {**expected["documents"]["dump.xml#3"], "source": "new.xml"}

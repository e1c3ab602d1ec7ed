"""Output that scales: sharded record folders, JSONL shards merged without parsing unchanged records, the layout
version in manifest.json and the in-place migration of a folder of layout 1 (interrupted and redone)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import flows.layout
import flows.store
from flows.cli import app
from flows.commit import commit_run
from flows.errors import OutputStoreError
from flows.layout import migrate_layout, needs_migration
from flows.manifest import empty_manifest
from flows.plan import make_plan, scan_folder
from flows.store import (
    JSONL_SHARDS,
    LAYOUT_VERSION,
    OutputStore,
    json_bytes,
    jsonl_shard,
    line_id,
    record_bytes,
    record_line,
    record_shard,
)
from flows.validation import validate_output
from flows.work import extract_items
from tests.flow_helpers import jsonl_lines, make_raw, read_json, record_file, snapshot

# -- sharded record files --------------------------------------------------------------------------------


def test_store_layout_record_path_is_in_the_shard_of_the_ids_sha1(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    path = store.record_path("durbar-mahila-samanwaya-committee")
    digest = hashlib.sha1(b"durbar-mahila-samanwaya-committee").hexdigest()
    assert path == store.records_dir / digest[:3] / "durbar-mahila-samanwaya-committee.json"
    assert jsonl_shard("durbar-mahila-samanwaya-committee") == digest[:2]


def test_store_layout_shards_stay_small_for_a_whole_wikipedia() -> None:
    """The hash spreads ids like a uniform draw: on 200,000 ids no folder (or JSONL shard) holds more than the mean
    plus 6 standard deviations of a uniform draw. At 6.9 M ids that bound is 1,685 + 246 files per folder."""
    folders: dict[str, int] = {}
    lines: dict[str, int] = {}
    n_ids = 200_000
    for n in range(n_ids):
        record_id = f"article-{n}"
        folders[record_shard(record_id)] = folders.get(record_shard(record_id), 0) + 1
        lines[jsonl_shard(record_id)] = lines.get(jsonl_shard(record_id), 0) + 1
    assert len(folders) == 4096 and len(lines) == 256
    for counts in (folders, lines):
        mean = n_ids / len(counts)
        assert max(counts.values()) < mean + 6 * mean ** 0.5 and min(counts.values()) > mean - 6 * mean ** 0.5
    clustered = {record_shard(f"list-of-people-{n}") for n in range(10_000)}  # a uniform draw fills ~3,735
    assert len(clustered) > 3500, "ids sharing a long prefix do not share a folder"


def test_store_layout_write_delete_and_list_records(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    for record_id in ("alpha", "beta", "gamma"):
        assert store.write_record(record_id, record_bytes({"id": record_id}))
    assert store.stored_record_ids() == {"alpha", "beta", "gamma"}
    assert store.read_record("beta") == {"id": "beta"}
    assert store.delete_record("beta") is True and store.delete_record("beta") is False
    assert store.stored_record_ids() == {"alpha", "gamma"} and store.read_record("beta") is None
    assert store.record_path("beta").parent.is_dir(), "an emptied shard folder stays (at most 4,096 of them)"
    assert store.touched == {"alpha", "beta", "gamma"}
    # one listing per store (clean_temporary_files makes it), kept up to date by the store's own writes
    fresh = OutputStore(store.root)
    fresh.clean_temporary_files()
    assert fresh.stored_record_ids() == {"alpha", "gamma"}
    fresh.write_record("delta", b"{}\n")
    fresh.delete_record("alpha")
    assert fresh.stored_record_ids() == {"delta", "gamma"} == OutputStore(store.root).stored_record_ids()


# -- JSONL shards ------------------------------------------------------------------------------------------


def _store_with(tmp_path: Path, ids: list[str]) -> OutputStore:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    for n, record_id in enumerate(ids):
        store.write_record(record_id, record_bytes({"id": record_id, "n": n, "title": f"T{n}"}))
    store.write_jsonl(set(ids))
    return OutputStore(store.root)  # a fresh store: nothing touched yet, as at the start of a run


def test_store_layout_record_line_has_the_id_first_and_is_the_record() -> None:
    record = {"title": "é", "id": "x-1", "events": [{"id": "5ebf", "kind": None}], "a": 1}
    line = record_line(record)
    assert line.startswith(b'{"id":"x-1","a":1,') and line.endswith(b"}\n") and line.count(b"\n") == 1
    assert json.loads(line) == record and line_id(line) == "x-1"
    assert record_line({"id": "only"}) == b'{"id":"only"}\n' and line_id(b'{"id":"only"}\n') == "only"
    assert line_id(b'{"a":1,"id":"x"}\n') is None, "an id that is not the first key is not read"
    assert line_id(b'{"id":"../x"}\n') is None and line_id(b'{"id":"X"}\n') is None


def test_store_layout_only_shards_with_a_changed_record_are_rewritten(tmp_path: Path, monkeypatch) -> None:
    ids = [f"club-{n}" for n in range(60)]
    store = _store_with(tmp_path, ids)
    files = store.jsonl_files()
    assert 30 < len(files) <= 60 and sorted(json.loads(x)["id"] for x in jsonl_lines(store.root)) == sorted(ids)
    for path in files:
        found = [line_id(x) for x in path.read_bytes().splitlines(keepends=True)]
        assert found == sorted(found) and {f"records-{jsonl_shard(i)}.jsonl" for i in found} == {path.name}

    # An unchanged line is copied byte for byte, never parsed: give one a form record_line would not write.
    changed = "club-7"
    neighbour = next(i for i in ids if i != changed and jsonl_shard(i) == jsonl_shard(changed)) \
        if sum(jsonl_shard(i) == jsonl_shard(changed) for i in ids) > 1 else None
    shard_path = store.jsonl_path(jsonl_shard(changed))
    if neighbour is not None:
        lines = shard_path.read_bytes().replace(f'{{"id":"{neighbour}",'.encode(),
                                                f'{{"id":"{neighbour}", "hand":1,'.encode())
        shard_path.write_bytes(lines)
    before = snapshot(store.root)
    reads: list[str] = []
    real_read = OutputStore.read_record

    def counting_read(self: OutputStore, record_id: str) -> dict | None:
        reads.append(record_id)
        return real_read(self, record_id)

    monkeypatch.setattr(OutputStore, "read_record", counting_read)
    assert store.write_jsonl(set(ids)) == 0, "nothing touched: nothing read or written"
    assert reads == [] and snapshot(store.root) == before
    store.write_record(changed, record_bytes({"id": changed, "n": 700}))
    assert store.write_jsonl(set(ids)) == 1
    assert set(reads) == {changed}, "only the changed record is read"
    after = snapshot(store.root)
    rewritten = sorted(k for k in after if after[k] != before[k])
    assert rewritten == sorted([shard_path.name, str(record_file(store.root, changed).relative_to(store.root))])
    new_lines = {line_id(x): x for x in shard_path.read_bytes().splitlines(keepends=True)}
    assert json.loads(new_lines[changed])["n"] == 700
    if neighbour is not None:
        assert b'"hand":1' in new_lines[neighbour], "the neighbour's line was copied, not rebuilt"


def test_store_layout_removed_records_leave_their_shard_and_empty_shards_go(tmp_path: Path) -> None:
    ids = [f"club-{n}" for n in range(10)]
    store = _store_with(tmp_path, ids)
    gone = "club-3"
    store.delete_record(gone)
    kept = set(ids) - {gone}
    assert store.write_jsonl(kept) == 1
    assert gone not in {line_id(x) for x in jsonl_lines(store.root)}
    alone = next(i for i in kept if sum(jsonl_shard(j) == jsonl_shard(i) for j in kept) == 1)
    store.delete_record(alone)
    assert store.write_jsonl(kept - {alone}) == 1 and not store.jsonl_path(jsonl_shard(alone)).exists()
    # a record given up without a file (its file removed by a run that was then killed): its line goes too
    ghost = sorted(kept - {alone})[0]
    record_file(store.root, ghost).unlink()
    fresh = OutputStore(store.root)
    assert fresh.write_jsonl(kept - {alone, ghost}, also_touched={ghost}) == 1
    assert ghost not in {line_id(x) for x in jsonl_lines(store.root)}
    checked, problems = validate_output(store.root)  # (the toy records are not schema-valid: not checked here)
    assert checked == 7 and [p for p in problems if "jsonl" in p or "belongs in" in p] == []


def test_store_layout_missing_or_damaged_shards_are_rebuilt(tmp_path: Path) -> None:
    ids = [f"club-{n}" for n in range(12)]
    store = _store_with(tmp_path, ids)
    expected = {p.name: p.read_bytes() for p in store.jsonl_files()}
    first, second = sorted(expected)[:2]
    (store.root / first).unlink()
    lines = (store.root / second).read_bytes().splitlines(keepends=True)
    (store.root / second).write_bytes(b"".join([b'{"broken": true}\n', *lines]))
    touched = next(i for i in ids if f"records-{jsonl_shard(i)}.jsonl" == second)
    store.write_record(touched, record_bytes({"id": touched, "n": ids.index(touched), "title":
                                              f"T{ids.index(touched)}"}))  # same bytes: touched, not changed
    assert store.write_jsonl(set(ids)) == 2
    assert {p.name: p.read_bytes() for p in store.jsonl_files()} == expected


def test_store_layout_jsonl_shards_read_with_one_glob(tmp_path: Path) -> None:
    """What DuckDB's read_json_auto('records-*.jsonl') and pandas over glob.glob do: every record, once; the
    lines sorted as bytes (LC_ALL=C sort) are in id order."""
    ids = [f"club-{n}" for n in range(40)] + ["a", "a-b", "ab"]
    store = _store_with(tmp_path, ids)
    try:
        import pandas as pd  # not a dependency: used when installed
    except ImportError:
        pd = None
    paths = sorted(store.root.glob("records-*.jsonl"))
    if pd is not None:
        frame = pd.concat([pd.read_json(p, lines=True) for p in paths])
        assert sorted(frame["id"]) == sorted(ids)
    records = [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(ids) and len(records) == len(ids)
    assert all(r == read_json(record_file(store.root, r["id"])) for r in records)
    assert [line_id(x) for x in sorted(jsonl_lines(store.root))] == sorted(ids)


# -- layout version and migration --------------------------------------------------------------------------


def _layout_2_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A raw folder of three articles and the output folder a run of today's code makes of it."""
    from flows.extract import finish_run

    raw, out = make_raw(tmp_path / "raw"), tmp_path / "out"
    shutil.copy(Path(__file__).resolve().parent.parent / "raw" / "royal_cinema.wiki", raw)
    store = OutputStore(out)
    store.ensure_folders()
    plan = make_plan(scan_folder(raw).sources, empty_manifest(), set())
    commit = commit_run(store, empty_manifest(), plan, extract_items(str(raw), plan.work))
    finish_run(store, empty_manifest(), commit, str(raw), "2026-01-01T00:00:00Z", 10, "test")
    return raw, out


def _to_layout_1(out: Path) -> None:
    """Turn a layout 2 folder into what the code of layout 1 wrote for it: ``records/<id>.json``, one
    ``records.jsonl`` (sorted by id, keys sorted), a manifest without ``layout``."""
    store = OutputStore(out)
    ids = sorted(store.stored_record_ids())
    for record_id in ids:
        os.replace(store.record_path(record_id), store.records_dir / f"{record_id}.json")
    for folder in store.record_folders():
        folder.rmdir()
    for path in store.jsonl_files():
        path.unlink()
    lines = [json.dumps(json.loads((store.records_dir / f"{i}.json").read_bytes()), ensure_ascii=False,
                        sort_keys=True, separators=(",", ":")).encode() + b"\n" for i in ids]
    (out / "records.jsonl").write_bytes(b"".join(lines))
    manifest = read_json(out / "manifest.json")
    del manifest["layout"]
    (out / "manifest.json").write_bytes(json_bytes(manifest))


def _contents(out: Path) -> dict[str, bytes]:
    return {k: v[2] for k, v in snapshot(out).items()}


def test_store_layout_folder_of_layout_1_is_migrated_in_place(tmp_path: Path) -> None:
    from flows.runs import plan_preview, quick_unchanged_run

    raw, out = _layout_2_folder(tmp_path)
    expected = _contents(out)
    assert read_json(out / "manifest.json")["layout"] == LAYOUT_VERSION
    _to_layout_1(out)
    old_lines = (out / "records.jsonl").read_bytes().splitlines()
    record_bytes_before = {p.stem: p.read_bytes() for p in (out / "records").glob("*.json")}
    assert len(record_bytes_before) == 3 and needs_migration(OutputStore(out))
    # read-only commands work on the old layout before any run migrates it
    assert validate_output(out) == (3, [])
    assert OutputStore(out).read_record("royal-cinema")["title"] == "Royal Cinema"
    shown = CliRunner().invoke(app, ["show", "royal-cinema", "--out", str(out)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "Royal Cinema" in shown.output, shown.output
    preview = plan_preview(str(raw), str(out))
    assert len(preview["unchanged"]) == 3 and preview["added"] == [] and preview["changed"] == []

    log = quick_unchanged_run(str(raw), str(out))  # the next run (the CLI's no-change path) migrates first
    assert log is not None and log["counts"]["unchanged"] == 3 and log["counts"]["files_written"] == 0
    assert _contents(out) == expected, "the migrated folder is byte for byte what a fresh run writes"
    assert not (out / "records.jsonl").exists() and not list((out / "records").glob("*.json"))
    assert {p.stem: p.read_bytes() for p in (out / "records").glob("*/*.json")} == record_bytes_before
    migrated = sorted((json.loads(x) for x in jsonl_lines(out)), key=lambda r: r["id"])
    assert migrated == [json.loads(x) for x in old_lines]
    assert not needs_migration(OutputStore(out))
    before = snapshot(out)
    assert quick_unchanged_run(str(raw), str(out)) is not None and snapshot(out) == before


@pytest.mark.parametrize("stop_at", ["moves", "shards", "jsonl", "manifest"])
def test_store_layout_interrupted_migration_is_finished_by_the_next_run(tmp_path: Path, monkeypatch,
                                                                          stop_at: str) -> None:
    """A migration stopped at any step (as by SIGKILL: the exception is raised between two atomic steps) leaves
    a folder that the next migration completes, to the same bytes."""
    _raw, out = _layout_2_folder(tmp_path)
    expected = _contents(out)
    _to_layout_1(out)

    class Killed(BaseException):
        pass

    calls = {"n": 0}

    def after(count: int, real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] > count:
                raise Killed
            return real(*args, **kwargs)
        return wrapper

    if stop_at == "moves":  # after one of three records was moved
        monkeypatch.setattr(flows.layout.os, "replace", after(1, os.replace))
    elif stop_at == "shards":  # after one JSONL shard was written
        monkeypatch.setattr(flows.store, "atomic_write_bytes", after(1, flows.store.atomic_write_bytes))
    elif stop_at == "jsonl":  # records.jsonl removed, the manifest not yet marked
        monkeypatch.setattr(flows.layout, "_mark_manifest", after(0, flows.layout._mark_manifest))
    else:  # every step done but the manifest's write
        monkeypatch.setattr(flows.store, "atomic_write_bytes", after(3, flows.store.atomic_write_bytes))
    with pytest.raises(Killed):
        migrate_layout(OutputStore(out))
    monkeypatch.undo()
    store = OutputStore(out)
    assert needs_migration(store), "the manifest is marked last"
    assert store.stored_record_ids() == {"durbar-mahila-samanwaya-committee", "test-society", "royal-cinema"}
    done = migrate_layout(store)
    assert done is not None and _contents(out) == expected
    assert migrate_layout(OutputStore(out)) is None


def test_store_layout_newer_layout_is_refused(tmp_path: Path) -> None:
    _, out = _layout_2_folder(tmp_path)
    manifest = read_json(out / "manifest.json")
    (out / "manifest.json").write_bytes(json_bytes({**manifest, "layout": LAYOUT_VERSION + 1}))
    with pytest.raises(OutputStoreError, match="newer than this wikirecords knows"):
        migrate_layout(OutputStore(out))


def test_store_layout_fresh_folder_needs_no_migration(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    assert not needs_migration(store) and migrate_layout(store) is None
    assert len(JSONL_SHARDS) == 256 and JSONL_SHARDS[0] == "00" and JSONL_SHARDS[-1] == "ff"


# -- long change lists as JSON lines beside the change log ---------------------------------------------------


def _log(added: int, unchanged: int) -> dict:
    return {"counts": {"added": added, "unchanged": unchanged},
            "added": [{"source": f"s{n}", "id": f"r{n}"} for n in range(added)],
            "updated": [], "removed": [{"source": "gone", "id": "old"}], "failed": [], "still_failed": [],
            "unchanged": [f"k{n}" for n in range(unchanged)], "warnings": []}


def test_store_layout_small_change_log_keeps_its_lists(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    path = store.write_run_log("20260101T000000Z", _log(3, 4), keep=10, list_limit=4)
    assert read_json(path) == _log(3, 4) and not path.with_suffix(".jsonl").exists()


def test_store_layout_long_change_lists_go_to_jsonl_beside_the_log(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    path = store.write_run_log("20260101T000000Z", _log(5, 6), keep=10, list_limit=5)
    log = read_json(path)
    assert log["lists_file"] == "20260101T000000Z.jsonl" and log["unchanged_listed"] is False
    assert not {"added", "updated", "removed", "failed", "still_failed", "unchanged"} & set(log)
    assert log["counts"] == {"added": 5, "unchanged": 6} and log["warnings"] == []
    lines = [json.loads(x) for x in (store.runs_dir / log["lists_file"]).read_text("utf-8").splitlines()]
    assert lines == [*({"list": "added", "source": f"s{n}", "id": f"r{n}"} for n in range(5)),
                     {"list": "removed", "source": "gone", "id": "old"}]
    # the lists file goes with its log when the log is pruned, and a killed run's lone lists file is removed
    (store.runs_dir / "20251231T000000Z.jsonl").write_bytes(b'{"list":"added"}\n')
    for n in range(2, 5):
        store.write_run_log(f"2026010{n}T000000Z", _log(1, 0), keep=2, list_limit=5)
    assert sorted(p.name for p in store.runs_dir.iterdir()) == ["20260103T000000Z.json", "20260104T000000Z.json"]


def test_store_layout_run_with_many_changes_writes_jsonl_lists(tmp_path: Path, monkeypatch) -> None:
    """Through the commit: the threshold (flows.store.LOG_LIST_LIMIT) decides; the returned log keeps the lists."""
    from flows.extract import finish_run

    raw, out = make_raw(tmp_path / "raw"), tmp_path / "out"
    store = OutputStore(out)
    store.ensure_folders()
    plan = make_plan(scan_folder(raw).sources, empty_manifest(), set())
    commit = commit_run(store, empty_manifest(), plan, extract_items(str(raw), plan.work))
    monkeypatch.setattr(flows.store, "LOG_LIST_LIMIT", 1)
    log = finish_run(store, empty_manifest(), commit, str(raw), "2026-01-01T00:00:00Z", 10, "test")
    written = read_json(Path(log["change_log"]))
    assert len(log["added"]) == 2 and "added" not in written and written["counts"]["added"] == 2
    assert log["change_lists"] == str(Path(log["change_log"]).parent / written["lists_file"])
    lines = Path(log["change_lists"]).read_text("utf-8").splitlines()
    assert sorted(json.loads(x)["id"] for x in lines) == ["durbar-mahila-samanwaya-committee", "test-society"]


MIGRATING_CHILD = """
import os, sys, time
import flows.layout
from flows.store import OutputStore
real_replace, moved = os.replace, [0]
def replace_then_pause(src, dst):
    real_replace(src, dst)
    moved[0] += 1
    if moved[0] == 100:
        print("half", flush=True)
        time.sleep(120)
flows.layout.os.replace = replace_then_pause
flows.layout.migrate_layout(OutputStore(sys.argv[1]))
"""


def test_store_layout_migration_killed_with_sigkill_is_finished_by_the_next_run(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    ids = [f"club-{n:03d}" for n in range(200)]
    for n, record_id in enumerate(ids):
        (out / "records" / f"{record_id}.json").write_bytes(record_bytes({"id": record_id, "n": n}))
    (out / "records.jsonl").write_bytes(b"".join(
        json.dumps({"id": i, "n": n}, sort_keys=True, separators=(",", ":")).encode() + b"\n"
        for n, i in enumerate(ids)))
    (out / "manifest.json").write_bytes(json_bytes({"format": 2, "sources": {}}))
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-c", MIGRATING_CHILD, str(out)], cwd=root, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "half"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store = OutputStore(out)
    assert len(list((out / "records").glob("*.json"))) == 100 and len(list((out / "records").glob("*/*.json"))) == 100
    assert needs_migration(store) and (out / "records.jsonl").exists()
    assert migrate_layout(store) is not None and not needs_migration(OutputStore(out))
    assert sorted(json.loads(x)["id"] for x in jsonl_lines(out)) == ids and not (out / "records.jsonl").exists()
    assert all(read_json(record_file(out, i)) == {"id": i, "n": n} for n, i in enumerate(ids))
    assert read_json(out / "manifest.json") == {"format": 2, "sources": {}, "layout": LAYOUT_VERSION}

"""The extract flow, run for real (Prefect test harness, real files): incremental, complete, never half-written."""

from __future__ import annotations

import errno
import json
import threading
import time
from pathlib import Path

import pytest

import flows.store
from flows.errors import OutputStoreError
from flows.extract import extract_flow
from flows.plan import RawFolderError
from tests.flow_helpers import (
    SOCIETY,
    dump_xml,
    jsonl_lines,
    make_raw,
    read_json,
    read_state,
    record_file,
    record_files,
    snapshot,
)

pytestmark = pytest.mark.usefixtures("prefect_harness")


def run(raw: Path, out: Path, **kwargs) -> dict:
    return extract_flow(raw=str(raw), out=str(out), **kwargs)


def test_flows_extract_first_run_writes_everything_then_nothing(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    log = run(raw, out)
    assert log["counts"]["added"] == 2 and log["counts"]["failed"] == 0
    ids = sorted(p.stem for p in record_files(out))
    assert ids == ["durbar-mahila-samanwaya-committee", "test-society"]
    assert read_state(out)["sources"]["test_society.wiki"]["record_ids"] == ["test-society"]
    manifest = read_json(out / "manifest.json")  # the per-source summary for consumers
    assert manifest["format"] == 2 and manifest["counts"] == {"sources": 2, "documents": 2, "records": 2}
    assert manifest["sources"]["test_society.wiki"]["status"] == "ok"
    assert manifest["sources"]["test_society.wiki"]["records"] == 1 and "documents" not in manifest
    assert manifest["layout"] == 2
    lines = jsonl_lines(out)
    assert sorted(json.loads(line)["id"] for line in lines) == ids
    record_text = record_file(out, "test-society").read_text(encoding="utf-8")
    assert record_text.endswith("}\n") and record_text.startswith('{\n  "')
    before = snapshot(out)

    again = run(raw, out)
    assert again["counts"]["extracted"] == 0
    assert again["counts"]["unchanged"] == 2
    assert again["added"] == again["updated"] == again["removed"] == again["failed"] == []
    assert snapshot(out) == before, "an unchanged run rewrote a file"
    assert len(list((out / "runs").glob("*.json"))) == 2


def test_flows_extract_edit_reextracts_only_that_source(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    run(raw, out)
    seed_before = snapshot(out)[str(record_file(out, "durbar-mahila-samanwaya-committee").relative_to(out))]
    text = SOCIETY.read_text(encoding="utf-8")
    text = text.replace("| headquarters = [[Springfield]]", "| headquarters = [[Shelbyville]]")
    text = text.replace("== See also ==", "In 2012, the society moved to [[Shelbyville]].\n\n== See also ==")
    (raw / "test_society.wiki").write_text(text, encoding="utf-8")

    log = run(raw, out)
    assert log["counts"]["extracted"] == 1
    assert [u["id"] for u in log["updated"]] == ["test-society"]
    change = log["updated"][0]
    [field] = change["infobox_fields"]["changed"]
    assert field["key"] == "headquarters" and "Springfield" in field["old"] and "Shelbyville" in field["new"]
    assert change["events"]["added"], "the new dated sentence is not named in the change log"
    assert change["events"]["removed"] == []
    assert snapshot(out)[str(record_file(out, "durbar-mahila-samanwaya-committee").relative_to(out))] == seed_before
    written = read_json(Path(log["change_log"]))
    assert written["updated"] == log["updated"]


def test_flows_extract_deleted_source_removes_its_record(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    run(raw, out)
    (raw / "test_society.wiki").unlink()
    log = run(raw, out)
    assert log["removed"] == [{"source": "test_society.wiki", "id": "test-society"}]
    assert not record_file(out, "test-society").exists()
    assert "test_society.wiki" not in read_json(out / "manifest.json")["sources"]
    assert not any(b"test-society" in line for line in jsonl_lines(out))


def test_flows_extract_corrupt_source_fails_alone(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    (raw / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / ".hidden.txt").write_text("ignored", encoding="utf-8")
    log = run(raw, out)
    assert log["counts"]["added"] == 2
    assert [f["source"] for f in log["failed"]] == ["broken.txt"]
    assert "PNG" in log["failed"][0]["reason"]
    entry = read_state(out)["sources"]["broken.txt"]
    assert entry["status"] == "failed" and entry["error"] and entry["record_ids"] == []
    assert ".hidden.txt" not in read_json(out / "manifest.json")["sources"]
    # Unchanged and still broken: not retried, but still reported.
    again = run(raw, out)
    assert again["failed"] == [] and [f["source"] for f in again["still_failed"]] == ["broken.txt"]


def test_flows_extract_same_title_gets_distinct_stable_ids(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    (raw / "copy").mkdir()
    (raw / "copy" / "society.wiki").write_text(SOCIETY.read_text(encoding="utf-8"), encoding="utf-8")
    log = run(raw, out)
    ids = {a["source"]: a["id"] for a in log["added"]}
    assert ids["copy/society.wiki"] == "test-society", "the first source in sorted order keeps the plain slug"
    assert ids["test_society.wiki"].startswith("test-society-") and len(ids) == 3
    assert log["warnings"] and "test_society.wiki" in log["warnings"][0]
    clash = read_json(record_file(out, ids['test_society.wiki']))
    assert clash["id"] == ids["test_society.wiki"]
    assert [w["code"] for w in clash["warnings"]].count("duplicate_title") == 1
    # Ids are kept once assigned, even when the other source disappears.
    (raw / "copy" / "society.wiki").unlink()
    (raw / "test_society.wiki").write_text(SOCIETY.read_text(encoding="utf-8") + "\nMore text.\n",
                                           encoding="utf-8")
    later = run(raw, out)
    assert read_state(out)["documents"]["test_society.wiki"]["record_id"] == ids["test_society.wiki"]
    assert later["removed"] == [{"source": "copy/society.wiki", "id": "test-society"}]


def test_flows_extract_dump_pages_follow_their_revisions(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "output"
    raw.mkdir()
    alpha = "The '''Alpha Club''' was founded in 1901 in [[Leeds]]."
    beta = "The '''Beta Club''' was founded in 1950 in [[York]]."
    (raw / "dump.xml").write_text(dump_xml([("Alpha Club", 1, 10, alpha), ("Beta Club", 2, 20, beta)]),
                                  encoding="utf-8")
    log = run(raw, out)
    assert sorted(a["source"] for a in log["added"]) == ["dump.xml#1", "dump.xml#2"]
    alpha_file = snapshot(out)[str(record_file(out, "alpha-club").relative_to(out))]

    beta2 = beta + " In 1999, it closed."
    (raw / "dump.xml").write_text(dump_xml([("Alpha Club", 1, 10, alpha), ("Beta Club", 2, 21, beta2)]),
                                  encoding="utf-8")
    log = run(raw, out)
    assert log["counts"]["extracted"] == 1, "only the page whose revision changed is re-extracted"
    assert [u["source"] for u in log["updated"]] == ["dump.xml#2"]
    assert snapshot(out)[str(record_file(out, "alpha-club").relative_to(out))] == alpha_file
    assert read_json(record_file(out, "beta-club"))["source"]["revision_id"] == 21

    (raw / "dump.xml").write_text(dump_xml([("Beta Club", 2, 21, beta2)]), encoding="utf-8")
    log = run(raw, out)
    assert log["removed"] == [{"source": "dump.xml#1", "id": "alpha-club"}]


def test_flows_extract_repairs_after_a_killed_run(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    run(raw, out)
    # What a SIGKILL between writes leaves: a temporary file, a stray record, no manifest update.
    tmp = record_file(out, "test-society").with_name(".test-society.json.abc123.wrtmp")
    tmp.write_bytes(b'{"half": ')
    record_file(out, "orphan").parent.mkdir(exist_ok=True)
    record_file(out, "orphan").write_text("{}\n", encoding="utf-8")
    record_file(out, "test-society").unlink()
    log = run(raw, out)
    assert sorted(p.name for p in (out / "records").rglob("*") if p.is_file()) == [
        "durbar-mahila-samanwaya-committee.json", "test-society.json"]
    assert log["counts"]["files_removed"] == 1 and log["counts"]["records"] == 2


def test_flows_extract_full_disk_keeps_previous_output(tmp_path: Path, monkeypatch) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    run(raw, out)
    before = snapshot(out)
    (raw / "test_society.wiki").write_text(SOCIETY.read_text(encoding="utf-8") + "\nIn 2020, it closed.\n",
                                           encoding="utf-8")

    def full_disk(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(flows.store, "atomic_write_bytes", full_disk)
    with pytest.raises(OutputStoreError, match="disk is full"):
        run(raw, out)
    assert snapshot(out) == before, "a failed run changed the output"
    monkeypatch.undo()
    assert [u["id"] for u in run(raw, out)["updated"]] == ["test-society"]


def test_flows_extract_missing_raw_fails_fast(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(RawFolderError, match="does not exist"):
        run(tmp_path / "nope", tmp_path / "output")
    assert time.monotonic() - started < 10, "a missing raw folder must not be retried"


def test_flows_extract_run_is_recorded_by_the_prefect_server(tmp_path: Path) -> None:
    """Runs go to the configured Prefect API (here the test harness's server) and stay few tasks."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    log = run(raw, out)
    with get_client(sync_client=True) as client:
        flow_run = client.read_flow_run(log["flow_run_id"])
        assert flow_run.state.is_completed()
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id])))
    names = sorted(t.name for t in task_runs)
    assert len(names) == 3, names  # one batch for two small sources
    assert names[0].startswith("extract 2 sources (") and names[0].endswith(" KB)"), names
    assert names[1] == f"scan {raw}" and names[2] == f"write {out}", names


def test_flows_extract_second_run_waits_for_the_first(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    holder = flows.store.OutputStore(out)
    held, released = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.lock(timeout=60):
            held.set()
            time.sleep(2)
            released.set()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(60)  # the lock is taken before the run starts, however busy the machine
    log = run(raw, out, lock_timeout=60)
    thread.join()
    assert released.is_set() and log["counts"]["added"] == 2


def test_flows_extract_source_that_breaks_keeps_its_record(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    run(raw, out)
    kept = record_file(out, "test-society").read_bytes()
    (raw / "test_society.wiki").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    log = run(raw, out)
    assert [f["source"] for f in log["failed"]] == ["test_society.wiki"] and log["removed"] == []
    entry = read_state(out)["sources"]["test_society.wiki"]
    assert entry["status"] == "failed" and "PNG" in entry["error"] and entry["record_ids"] == ["test-society"]
    assert record_file(out, "test-society").read_bytes() == kept, "a broken download must not lose data"


def test_flows_extract_counts_the_redirects_a_dump_skipped(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "output"
    raw.mkdir()
    pages = [("Alpha Club", 1, 10, "The '''Alpha Club''' was founded in 1901."),
             ("Alpha", 2, 11, "#REDIRECT [[Alpha Club]]"), ("The Alpha", 3, 12, "#redirect [[Alpha Club]]")]
    (raw / "dump.xml").write_text(dump_xml(pages), encoding="utf-8")
    log = run(raw, out)
    counts = {"pages_seen": 3, "articles": 1, "redirects_skipped": 2}
    assert {k: log["dumps"]["dump.xml"][k] for k in counts} == counts
    manifest = read_json(out / "manifest.json")
    assert manifest["sources"]["dump.xml"]["dump"]["redirects_skipped"] == 2
    assert [a["id"] for a in log["added"]] == ["alpha-club"]

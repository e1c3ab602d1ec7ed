"""Bounded memory: tasks stage their records in files under the output folder and return only where they are;
the commit moves them into place one by one; staging folders never outlive their run."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from flows.errors import OutputStoreError
from flows.plan import WorkItem
from flows.staging import STAGING_DIR, StagedRecord, StageReader, StageWriter, remove_staging, run_staging_dir
from flows.store import OutputStore
from flows.work import extract_items
from tests.flow_helpers import club_pages, dump_xml, make_raw, read_json, read_state, record_file, snapshot


def _raw(folder: Path, pages: int) -> Path:
    raw = make_raw(folder)
    (raw / "clubs.xml").write_text(dump_xml(club_pages(pages)), encoding="utf-8")
    return raw


def _items() -> list[WorkItem]:
    return [WorkItem("clubs.xml", "x", 1), WorkItem("test_society.wiki", "y", 1)]


def test_flows_staging_tasks_return_where_records_are_not_the_records(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw", 20)
    in_memory = extract_items(str(raw), _items())
    stage = run_staging_dir(tmp_path / "out", "run1")
    staged = extract_items(str(raw), _items(), stage=str(stage))
    docs = [d for o in staged for d in o.docs]
    assert len(docs) == 21 and all(d.status == "extracted" for d in docs)
    assert all(d.record_json is None and d.staged is not None for d in docs)
    assert [d.record for o in staged for d in o.docs] == [d.record for o in in_memory for d in o.docs]
    (staging_file,) = stage.iterdir()  # one file for the task, one line per record
    assert staging_file.read_bytes().count(b"\n") == 21
    # what travels back from a worker: a fraction of the records' size, and it does not grow with them
    assert len(pickle.dumps(staged)) * 3 < len(pickle.dumps(in_memory))
    assert all(s.error is None for s in staged)


def test_flows_staging_reader_refuses_a_cut_or_missing_file(tmp_path: Path) -> None:
    with StageWriter(tmp_path) as writer:
        first, second = writer.put(b'{"id": "a"}'), writer.put(b'{"id": "bb"}')
    with StageReader() as reader:
        assert reader.read(second) == b'{"id": "bb"}' and reader.read(first) == b'{"id": "a"}'
        with pytest.raises(OutputStoreError, match="cut short"):
            reader.read(StagedRecord(second.file, second.offset, second.length + 50))
        with pytest.raises(OutputStoreError, match="cannot read a staged record"):
            reader.read(StagedRecord(str(tmp_path / "gone.jsonl"), 0, 3))


def test_flows_staging_writer_error_names_the_folder(tmp_path: Path) -> None:
    writer = StageWriter(tmp_path / "missing")
    with pytest.raises(OutputStoreError, match="cannot stage an extracted record"):
        writer.put(b"{}")


def test_flows_staging_leftovers_are_removed_under_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    left = run_staging_dir(out, "killed-run")
    (left / "abc.jsonl").write_bytes(b"{}\n")
    store = OutputStore(out)
    with store.lock(timeout=5):
        removed = store.clean_temporary_files()
    assert not (out / STAGING_DIR).exists() and out / STAGING_DIR in removed
    remove_staging(out, "never-made")  # nothing to remove is not an error


@pytest.mark.usefixtures("prefect_harness")
def test_flows_staging_run_leaves_no_staging_and_same_bytes(tmp_path: Path) -> None:
    from flows.extract import extract_flow

    raw, out = _raw(tmp_path / "raw", 6), tmp_path / "out"
    left = run_staging_dir(out, "killed-run")  # what a killed run leaves
    (left / "abc.jsonl").write_bytes(b'{"id": "ghost"}\n')
    log = extract_flow(raw=str(raw), out=str(out))
    assert log["counts"]["added"] == 8 and not (out / STAGING_DIR).exists()
    assert not record_file(out, "ghost").exists()
    manifest = read_state(out)
    record = read_json(record_file(out, "club-3"))
    assert manifest["documents"]["clubs.xml#3"]["record_id"] == "club-3" and record["title"] == "Club 3"
    before = snapshot(out)
    again = extract_flow(raw=str(raw), out=str(out))
    assert again["counts"]["unchanged"] == 8 and snapshot(out) == before


def test_flows_staging_known_fingerprints_are_looked_up_not_shipped(tmp_path: Path) -> None:
    from flows.extract import known_to_file
    from flows.staging import KnownFingerprints, write_known

    raw = _raw(tmp_path / "raw", 8)
    first = extract_items(str(raw), [WorkItem("clubs.xml", "x", 1)])
    fingerprints = {d.key: d.fingerprint for d in first[0].docs}
    stage = run_staging_dir(tmp_path / "out", "run1")
    known = {k: v for k, v in fingerprints.items() if not k.endswith("#3")}  # page 3 is new or changed
    known.update({f"clubs.xml#{n}": f"{n}:x" for n in range(1000, 3000)})  # and many pages of other ranges
    item = WorkItem("clubs.xml", "x", 1, known=known)
    (shared,) = known_to_file([item], str(stage))
    assert shared.known == {} and shared.known_file is not None
    assert len(pickle.dumps(shared)) * 20 < len(pickle.dumps(item)), "a task receives a path, not the map"
    view = KnownFingerprints(shared.known_file)
    assert len(view) == len(known) and view.get("clubs.xml#1") == fingerprints["clubs.xml#1"]
    assert view.get("clubs.xml#3") is None and "clubs.xml#1999" in view
    view.close()
    (outcome,) = extract_items(str(raw), [shared], stage=str(stage))
    statuses = {d.key: d.status for d in outcome.docs}
    assert statuses.pop("clubs.xml#3") == "extracted" and set(statuses.values()) == {"unchanged"}
    assert known_to_file([WorkItem("a.wiki", "y", 1)], str(stage)) == [WorkItem("a.wiki", "y", 1)]
    with pytest.raises(OutputStoreError, match="known documents"):
        write_known(tmp_path / "missing-folder", {"k": "v"})

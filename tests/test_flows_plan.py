"""Planning a run: discovery, change detection and batching (plain Python, no Prefect)."""

from __future__ import annotations

import math
from pathlib import Path

from flows.dumps import DumpReading
from flows.manifest import empty_manifest
from flows.plan import MAX_TASKS, WorkItem, make_batches, make_plan, scan_raw
from pipeline.sources.multistream import StreamList


def test_flows_plan_scan_skips_hidden_and_recurses(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.wiki").write_text("b", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("c", encoding="utf-8")
    (tmp_path / ".d.txt").write_text("d", encoding="utf-8")
    assert [s.path for s in scan_raw(tmp_path)] == ["a.txt", "sub/b.wiki"]


def test_flows_plan_unchanged_needs_same_hash_versions_and_record(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    scanned = scan_raw(tmp_path)
    manifest = empty_manifest()
    manifest["sources"]["a.txt"] = {"sha256": scanned[0].sha256, "record_ids": ["a"], "documents": ["a.txt"],
                                    "pipeline_version": manifest["pipeline_version"],
                                    "schema_version": manifest["schema_version"], "status": "ok"}
    assert make_plan(scanned, manifest, {"a"}).unchanged == ["a.txt"]
    assert [w.path for w in make_plan(scanned, manifest, set()).work] == ["a.txt"], "missing record is redone"
    manifest["sources"]["a.txt"]["pipeline_version"] = "0.0.0-old"
    assert [w.path for w in make_plan(scanned, manifest, {"a"}).work] == ["a.txt"], "new pipeline redoes all"
    manifest["sources"]["gone.txt"] = {}
    assert make_plan(scanned, manifest, {"a"}).removed == ["gone.txt"]


def test_flows_plan_batches_are_bounded_and_deterministic() -> None:
    items = [WorkItem(f"f{n:05}.wiki", "x", 20_000) for n in range(5000)]
    batches = make_batches(items, workers=1, target_bytes=512 * 1024)
    assert len(batches) <= MAX_TASKS
    assert sorted(i.path for b in batches for i in b) == sorted(i.path for i in items)
    assert batches == make_batches(list(reversed(items)), workers=1, target_bytes=512 * 1024)
    assert len(make_batches(items[:3], workers=1)) == 1, "small work stays in one task"
    assert len(make_batches(items[:10], workers=4)) == 8, "enough tasks to keep the workers busy"


def test_flows_plan_big_dump_read_whole_is_one_task() -> None:
    """Sharing a dump that must be read whole would make every task decompress all of it (tests of ranges of
    a multistream dump: tests/test_flows_multistream.py)."""
    dump = WorkItem("big.xml.bz2", "x", 10 * 1024 * 1024)
    small = [WorkItem(f"a{n}.wiki", "x", 1024 * 1024) for n in range(3)]
    batches = make_batches([dump, *small], workers=2, target_bytes=1024 * 1024)
    assert len(batches) == 4
    assert [(i.part, i.parts, i.first_offset) for b in batches for i in b if i.path == dump.path] == [(0, 1, None)]


def test_flows_plan_scan_skips_the_output_folder_inside_raw(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "output" / "records").mkdir(parents=True)
    (tmp_path / "output" / "records" / "a.json").write_text("{}", encoding="utf-8")
    assert [s.path for s in scan_raw(tmp_path, exclude=[str(tmp_path / "output")])] == ["a.txt"]


def test_flows_plan_a_dump_with_known_pages_is_cut_in_fewer_tasks(tmp_path: Path) -> None:
    """A dump whose pages were extracted before is mostly only read again: its batches are sized for that, so a
    refresh does not pay a Prefect task run per half-megabyte of pages it only reads. A new dump (negative) and a
    plain file are sized as before."""
    dump = tmp_path / "wiki-20260101-pages-articles-multistream.xml.bz2"
    dump.write_bytes(b"x" * 200_000)
    (scanned,) = scan_raw(tmp_path)
    new = make_plan([scanned], empty_manifest(), set()).work[0]
    assert new.cost == 200_000 * 5
    manifest = empty_manifest()
    page = f"{scanned.path}#1"
    manifest["sources"][scanned.path] = {"sha256": "old", "record_ids": ["p"], "documents": [page],
                                         "pipeline_version": manifest["pipeline_version"],
                                         "schema_version": manifest["schema_version"], "status": "ok"}
    manifest["documents"][page] = {"source": scanned.path, "record_id": "p", "fingerprint": "f", "status": "ok"}
    known = make_plan([scanned], manifest, {"p"}).work[0]
    assert known.known == {page: "f"} and known.cost == 100_000
    streams = StreamList(tuple(range(1_000, 200_000, 2_000)), 200_000, "index")  # 100 streams
    readings = {scanned.path: DumpReading("streams (index)", streams)}
    few = make_batches([known], target_bytes=10_000, readings=readings)
    many = make_batches([new], target_bytes=10_000, readings=readings)
    assert (len(few), len(many)) == (10, 100)
    manifest["pipeline_version"] = manifest["sources"][scanned.path]["pipeline_version"] = "0.0.0-old"
    assert make_plan([scanned], manifest, {"p"}).work[0].cost == new.cost, "a new version extracts every page"



def test_flows_plan_batches_for_several_workers_run_largest_first_and_end_short() -> None:
    """With several workers and much work, batches come largest first and shrink towards the end, so that the last
    batch (which runs alone) is short; every item once; deterministic. One worker (negative): equal batches."""
    sizes = [400_000, 300_000, *(30_000 + 997 * n % 20_000 for n in range(300))]
    items = [WorkItem(f"f{n:04}.wiki", "x", size) for n, size in enumerate(sizes)]
    batches = make_batches(items, workers=2, target_bytes=512 * 1024)
    loads = [sum(i.cost for i in b) for b in batches]
    assert sorted(i.path for b in batches for i in b) == sorted(i.path for i in items)
    assert batches == make_batches(list(reversed(items)), workers=2, target_bytes=512 * 1024)
    assert [i.path for i in batches[0]][:1] == ["f0000.wiki"], "the largest item runs first"
    assert max(loads[-3:]) <= 512 * 1024 // 2, "the last batches are short"
    assert loads[-1] < loads[0] / 4
    assert len(batches) < math.ceil(sum(sizes) / (512 * 1024)) + 2 * 2, "not more task runs than equal batches"
    single = make_batches(items, workers=1, target_bytes=512 * 1024)
    single_loads = [sum(i.cost for i in b) for b in single]
    assert max(single_loads) - min(single_loads) < 40_000, "one worker: batches of equal size, as before"

"""Planning a dump looks its pages up in the state database: memory does not grow with the number of documents."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

from flows.extract import known_to_file
from flows.manifest import empty_manifest
from flows.plan import ScannedSource, make_plan
from flows.staging import KnownFingerprints
from flows.state import DocumentState

DUMP = "enwiki-20261101-pages-articles-multistream.xml.bz2"
NEXT = "enwiki-20261201-pages-articles-multistream.xml.bz2"


def _state(out: Path, n: int) -> set[str]:
    """An output state holding one dump of ``n`` pages (and one small file); returns the stored record ids."""
    manifest = empty_manifest()
    keys = [f"{DUMP}#{i}" for i in range(n)]
    manifest["documents"] = {key: {"source": DUMP, "record_id": f"page-{i}", "title": f"Page {i}",
                                   "fingerprint": f"{100 + i}:{i:064x}", "status": "ok", "error": None,
                                   "error_type": None} for i, key in enumerate(keys)}
    manifest["documents"]["a.wiki"] = {"source": "a.wiki", "record_id": "a", "title": "A", "fingerprint": ":x",
                                       "status": "ok", "error": None, "error_type": None}
    entry = {"sha256": "old", "size": 10, "status": "ok", "error": None, "error_type": None,
             "pipeline_version": manifest["pipeline_version"], "schema_version": manifest["schema_version"]}
    manifest["sources"] = {DUMP: {**entry, "documents": keys, "record_ids": sorted(f"page-{i}" for i in range(n))},
                           "a.wiki": {**entry, "documents": ["a.wiki"], "record_ids": ["a"]}}
    out.mkdir(parents=True, exist_ok=True)
    DocumentState(out).write(manifest)
    return {f"page-{i}" for i in range(n)} | {"a"}


def _plan_peak(out: Path, stored: set[str], lazy: bool, read_as: str = DUMP) -> tuple[int, Any]:
    """Peak bytes allocated by planning a changed dump (state read, plan, known fingerprints to the staging file)."""
    state = DocumentState(out)
    stage = out / "stage"
    stage.mkdir(exist_ok=True)
    (stage / "known.sqlite").unlink(missing_ok=True)
    scanned = [ScannedSource(read_as, 10, "new"), ScannedSource("a.wiki", 10, "old")]
    tracemalloc.start()
    try:
        if lazy:
            view = state.read_sources()
            if read_as != DUMP:  # a dump refresh: the state of DUMP is read as NEXT
                view["sources"][read_as] = view["sources"].pop(DUMP)
            plan = make_plan(scanned, view, stored, state=state)
        else:
            plan = make_plan(scanned, state.read(), stored)
        work = known_to_file(plan.work, str(stage))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert plan.unchanged == ["a.wiki"] and [w.path for w in work] == [read_as]
    return peak, work[0]


def test_plan_state_dump_planning_memory_does_not_grow_with_documents(tmp_path: Path) -> None:
    small, large = 2_000, 20_000
    stored_small, stored_large = _state(tmp_path / "s", small), _state(tmp_path / "l", large)
    lazy_small, item = _plan_peak(tmp_path / "s", stored_small, lazy=True)
    lazy_large, item_large = _plan_peak(tmp_path / "l", stored_large, lazy=True)
    whole_small, _ = _plan_peak(tmp_path / "s", stored_small, lazy=False)
    whole_large, _ = _plan_peak(tmp_path / "l", stored_large, lazy=False)
    # control: loading the whole state grows with the documents (the measure sees it)
    assert whole_large / whole_small > 5, (whole_small, whole_large)
    # planning from the database: 10x the documents, about the same memory
    assert lazy_large / lazy_small < 1.5, (lazy_small, lazy_large)
    assert lazy_large * 20 < whole_large, (lazy_large, whole_large)
    known = KnownFingerprints(item_large.known_file)
    assert len(known) == large and known[f"{DUMP}#7"] == f"107:{7:064x}"
    known.close()
    assert len(KnownFingerprints(item.known_file)) == small


def test_plan_state_known_pages_renamed_and_missing_records_left_out(tmp_path: Path) -> None:
    stored = _state(tmp_path, 50)
    stored.discard("page-3")  # a record file deleted by hand: that page is extracted again
    _, item = _plan_peak(tmp_path, stored, lazy=True, read_as=NEXT)
    known = KnownFingerprints(item.known_file)
    assert len(known) == 49 and known[f"{NEXT}#4"] == f"104:{4:064x}"
    assert f"{NEXT}#3" not in known and f"{DUMP}#4" not in known
    known.close()
    # the unchanged small file is not unchanged when its record is missing
    stored.discard("a")
    plan = make_plan([ScannedSource("a.wiki", 10, "old")], DocumentState(tmp_path).read_sources(), stored,
                     state=DocumentState(tmp_path))
    assert [w.path for w in plan.work] == ["a.wiki"] and plan.unchanged == []

"""Commit ahead (flows/ahead.py): with several workers, the new records of finished batches are written while other
batches still extract; the published output (manifest, state, JSONL shards, existing records) does not change
before the commit; a run that fails or is killed meanwhile leaves the previous output as it was.

Real flow runs on real files. A batch is held back (its task waits before handing it to the pool) until the records
of another batch are on disk: without commit ahead they never appear before the commit, and the test fails.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import flows.extract
import flows.store
from flows.extract import extract_flow
from flows.store import TMP_SUFFIX
from tests.conftest import ROOT
from tests.flow_helpers import jsonl_lines, make_raw, read_state, record_files, snapshot

pytestmark = pytest.mark.usefixtures("prefect_harness")

HOLD = "zz_held.txt"
"""The source whose batch waits: the largest file, so that it is alone in the first batch (largest first)."""


def _society(i: int, title: str | None = None, pad: int = 0) -> str:
    name = title or f"Society {i}"
    return (f"= {name} =\n{name}\n- Founded: {1900 + i % 100}\n- Type: Society\n\n==History==\n"
            f"It was founded in {1900 + i % 100} in Kolkata.\n" + "It met again. " * pad)


def _raw(folder: Path, count: int) -> Path:
    """The two test sources, ``count`` small flat articles and the held one (much longer than the others)."""
    raw = make_raw(folder)
    for i in range(count):
        (raw / f"society_{i:04d}.txt").write_text(_society(i), encoding="utf-8")
    (raw / HOLD).write_text(_society(9999, pad=3000), encoding="utf-8")
    return raw


def _published(out: Path) -> dict[str, Any]:
    """What consumers read besides the record files: manifest, JSONL shards, the state (by content)."""
    files = {k: v[2] for k, v in snapshot(out).items() if k == "manifest.json" or k.startswith("records-")}
    return {**files, "state": read_state(out) if (out / "state.sqlite").exists() else None}


def _outputs(out: Path) -> dict[str, Any]:
    files = {k: v[2] for k, v in snapshot(out).items() if k.startswith("records") or k == "manifest.json"}
    return {**files, "state": read_state(out)}


def _hold_batch(monkeypatch: pytest.MonkeyPatch, out: Path, ready: Any, seen: dict[str, Any], hold: str = HOLD,
                timeout: float = 60.0) -> None:
    """Make the task of the batch holding ``hold`` wait until ``ready(out)`` (record files of other batches)."""
    real = flows.extract.run_in_pool

    def held(key: str, fn: Any, raw: str, items: list[Any], *rest: Any) -> Any:
        if any(item.path == hold for item in items):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and not ready(out):
                time.sleep(0.01)
            seen["records_while_held"] = sorted(p.stem for p in record_files(out))
            seen["published_while_held"] = _published(out)
        return real(key, fn, raw, items, *rest)

    monkeypatch.setattr(flows.extract, "run_in_pool", held)


def test_flows_ahead_writes_finished_batches_while_another_extracts(tmp_path: Path, monkeypatch) -> None:
    raw, out = _raw(tmp_path / "raw", 12), tmp_path / "pool"
    serial = extract_flow(raw=str(raw), out=str(tmp_path / "serial"))
    seen: dict[str, Any] = {}
    _hold_batch(monkeypatch, out, lambda o: len(record_files(o)) >= 3, seen)
    events: list[tuple[str, dict[str, Any]]] = []
    unsubscribe = flows.extract.progress.subscribe(lambda event, data: events.append((event, data)))
    try:
        log = extract_flow(raw=str(raw), out=str(out), workers=2)
    finally:
        unsubscribe()
    held_ids = seen["records_while_held"]
    assert len(held_ids) >= 3, "no record was written before the last batch ran"
    assert "society-9999" not in held_ids, "the held batch's record cannot exist yet"
    assert seen["published_while_held"] == {"state": None}, "nothing is published before the commit"
    committing = next(data for event, data in events if event == "committing")
    assert committing["ahead_records"] == 15 and committing["ahead_s"] > 0
    # the same bytes, the same change log counts as the default runner's run
    assert _outputs(out) == _outputs(tmp_path / "serial")
    assert log["counts"] == serial["counts"]
    assert sorted(a["id"] for a in log["added"]) == sorted(a["id"] for a in serial["added"])


def test_flows_ahead_wrong_guess_is_put_right_by_the_commit(tmp_path: Path, monkeypatch) -> None:
    """Two new sources with one title in two batches: the later key's batch ends first and its record is written
    ahead under the plain slug; the commit gives the slug to the first key (as without commit ahead) and the
    suffixed id to the other, and no file is left behind or counted twice."""
    raw = make_raw(tmp_path / "raw")
    # the larger twin runs first (largest first) but is later in key order: "aa_twin.txt" gets the plain slug
    (raw / HOLD).write_text(_society(1, title="Twin Club", pad=3000), encoding="utf-8")
    (raw / "aa_twin.txt").write_text(_society(2, title="Twin Club", pad=2000), encoding="utf-8")
    for i in range(6):
        (raw / f"society_{i:04d}.txt").write_text(_society(i), encoding="utf-8")
    serial = extract_flow(raw=str(raw), out=str(tmp_path / "serial"))
    assert sorted(a["id"] for a in serial["added"] if a["id"].startswith("twin-club")) == ["twin-club",
                                                                                            _suffixed(serial)]
    out = tmp_path / "pool"
    seen: dict[str, Any] = {}
    _hold_batch(monkeypatch, out, lambda o: any(p.stem == "twin-club" for p in record_files(o)), seen,
                hold="aa_twin.txt")
    log = extract_flow(raw=str(raw), out=str(out), workers=2)
    assert "twin-club" in seen["records_while_held"], "the later twin's record was not written ahead"
    assert _outputs(out) == _outputs(tmp_path / "serial")
    assert log["counts"] == serial["counts"]
    assert log["counts"]["files_removed"] == 0


def _suffixed(log: dict[str, Any]) -> str:
    return next(a["id"] for a in log["added"] if a["id"].startswith("twin-club-"))


def test_flows_ahead_failed_run_removes_what_it_wrote(tmp_path: Path, monkeypatch) -> None:
    raw, out = _raw(tmp_path / "raw", 12), tmp_path / "pool"
    (raw / HOLD).unlink()
    extract_flow(raw=str(raw), out=str(out), workers=2)
    before = snapshot(out)
    for i in range(12, 24):  # new sources, and the held one
        (raw / f"society_{i:04d}.txt").write_text(_society(i), encoding="utf-8")
    (raw / HOLD).write_text(_society(9999, pad=3000), encoding="utf-8")
    seen: dict[str, Any] = {}
    old = {p.stem for p in record_files(out)}
    _hold_batch(monkeypatch, out, lambda o: len({p.stem for p in record_files(o)} - old) >= 3, seen)

    def broken(*args: Any) -> Any:
        raise OSError(5, "Input/output error (simulated)")

    monkeypatch.setattr(flows.extract, "commit_base", broken)  # fails after the batches, before the commit
    with pytest.raises(OSError, match="simulated"):
        extract_flow(raw=str(raw), out=str(out), workers=2)
    assert len(set(seen["records_while_held"]) - old) >= 3, "no record was written ahead"
    assert snapshot(out) == before, "a failed run left records it wrote ahead"


CHILD = """
import sys, time
from pathlib import Path
import flows.extract
import flows.store
from flows.extract import extract_flow

raw, out, hold, old = sys.argv[1], Path(sys.argv[2]), sys.argv[3], set(sys.argv[4].split(","))
real = flows.extract.run_in_pool

def held(key, fn, raw_, items, *rest):
    if any(item.path == hold for item in items):
        deadline = time.monotonic() + 60
        while len({p.stem for p in out.glob("records/*/*.json")} - old) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        print("ahead" if time.monotonic() < deadline else "no record written ahead", flush=True)
        time.sleep(600)  # killed here: a batch still extracting, records of others written ahead
    return real(key, fn, raw_, items, *rest)

flows.extract.run_in_pool = held
if __name__ == "__main__":
    extract_flow(raw=raw, out=str(out), workers=2)
"""


def test_flows_ahead_sigkill_while_batches_run_keeps_the_published_output(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path / "raw", 12), tmp_path / "pool"
    (raw / HOLD).unlink()
    extract_flow(raw=str(raw), out=str(out), workers=2)
    published, old_records = _published(out), {p.name: p.read_bytes() for p in record_files(out)}
    for i in range(12, 40):
        (raw / f"society_{i:04d}.txt").write_text(_society(i), encoding="utf-8")
    (raw / "society_0001.txt").write_text(_society(1) + "It closed in 1999.\n", encoding="utf-8")  # an update
    (raw / HOLD).write_text(_society(9999, pad=3000), encoding="utf-8")
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    from prefect import get_client

    with get_client(sync_client=True) as client:
        env = dict(os.environ, PREFECT_API_URL=str(client.api_url), PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(script), str(raw), str(out), HOLD,
                              ",".join(Path(n).stem for n in old_records)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             start_new_session=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ahead"
    finally:  # the run and its process pool (fork server, workers): they would outlive the flow's process
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    new = [p for p in record_files(out) if p.name not in old_records]
    assert len(new) >= 3
    for path in new:
        json.loads(path.read_text(encoding="utf-8"))  # complete files, never half-written
    assert _published(out) == published, "manifest, state or JSONL shards changed before the commit"
    assert {p.name: p.read_bytes() for p in record_files(out) if p.name in old_records} == old_records, \
        "a published record changed before the commit"
    # the next run completes the work; the output is what one run of the default runner gives
    log = extract_flow(raw=str(raw), out=str(out))
    assert log["counts"]["failed"] == 0 and [u["id"] for u in log["updated"]] == ["society-1"]
    assert not [p for p in out.rglob("*") if p.name.endswith(TMP_SUFFIX) or p.name == ".staging"]
    reference = tmp_path / "reference"
    extract_flow(raw=str(raw), out=str(reference))
    assert _outputs(out) == _outputs(reference)
    assert len(jsonl_lines(out)) == len(record_files(out)) == 43


def test_flows_ahead_commit_failing_after_the_shards_keeps_the_records_they_list(tmp_path: Path, monkeypatch) -> None:
    """Review: a commit that fails after writing the JSONL shards, before the state, must not remove the files
    written ahead (the shards list them); the next run's commit reconciles the folder."""
    raw, out = _raw(tmp_path / "raw", 12), tmp_path / "pool"
    (raw / HOLD).unlink()
    extract_flow(raw=str(raw), out=str(out), workers=2)
    for i in range(12, 24):
        (raw / f"society_{i:04d}.txt").write_text(_society(i), encoding="utf-8")
    (raw / HOLD).write_text(_society(9999, pad=3000), encoding="utf-8")
    seen: dict[str, Any] = {}
    old = {p.stem for p in record_files(out)}
    _hold_batch(monkeypatch, out, lambda o: len({p.stem for p in record_files(o)} - old) >= 3, seen)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device (simulated)")

    monkeypatch.setattr(flows.store.OutputStore, "write_changes", broken)  # after the shards, before the state
    with pytest.raises(OSError, match="simulated"):
        extract_flow(raw=str(raw), out=str(out), workers=2)
    assert len(set(seen["records_while_held"]) - old) >= 3, "no record was written ahead"
    listed = {json.loads(line)["id"] for shard in out.glob("records-*.jsonl")
              for line in shard.read_text(encoding="utf-8").splitlines()}
    assert listed - old, "the shards were not written before the failure"
    assert listed <= {p.stem for p in record_files(out)}, "records the shards list were removed"
    monkeypatch.undo()
    extract_flow(raw=str(raw), out=str(out), workers=2)
    serial = tmp_path / "serial"
    extract_flow(raw=str(raw), out=str(serial))
    assert {p.stem: p.read_bytes() for p in record_files(out)} == {p.stem: p.read_bytes() for p in record_files(serial)}

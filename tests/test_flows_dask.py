"""Scale-out: the flow on a Dask local cluster and on a process pool gives the same bytes as the default runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.extract import extract_flow
from tests.flow_helpers import dump_xml, make_raw, read_state, snapshot

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _raw(folder: Path) -> Path:
    raw = make_raw(folder)
    pages = [(f"Club {n}", n, 100 + n, f"The '''Club {n}''' was founded in {1900 + n} in [[Leeds]].")
             for n in range(1, 7)]
    (raw / "clubs.xml").write_text(dump_xml(pages), encoding="utf-8")
    return raw


def _records(out: Path) -> dict[str, object]:
    files: dict[str, object] = {k: v[2] for k, v in snapshot(out).items()
                                if k.startswith("records") or k == "manifest.json"}
    return {**files, "state": read_state(out)}


def test_flows_dask_local_cluster_matches_default_runner(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    default = extract_flow(raw=str(raw), out=str(tmp_path / "default"))
    # Small batches so that the work really is spread over tasks and dump shares.
    import flows.plan

    target = flows.plan.TARGET_BATCH_BYTES
    flows.plan.TARGET_BATCH_BYTES = 1024
    try:
        dask = extract_flow(raw=str(raw), out=str(tmp_path / "dask"), workers=2, task_runner="dask")
    finally:
        flows.plan.TARGET_BATCH_BYTES = target
    assert default["counts"]["added"] == dask["counts"]["added"] == 8
    assert _records(tmp_path / "dask") == _records(tmp_path / "default")


def test_flows_process_pool_matches_default_runner(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    extract_flow(raw=str(raw), out=str(tmp_path / "default"))
    log = extract_flow(raw=str(raw), out=str(tmp_path / "pool"), workers=2)
    assert log["counts"]["added"] == 8 and log["failed"] == []
    assert _records(tmp_path / "pool") == _records(tmp_path / "default")
    shutil.rmtree(tmp_path / "pool")

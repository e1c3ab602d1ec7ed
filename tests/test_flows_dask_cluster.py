"""A real Dask cluster: ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, the flow run with
``dask_address``, and the same output bytes as the default runner.

What it proves: the tasks (and their arguments and results) travel to separate worker processes started from the
command line, which import the project from their own path, talk to the flow's Prefect server and read the raw
folder themselves; ranges of a multistream dump are read on the workers. What it does not prove: several
machines (one host here, so the same paths and the same package version by construction), a cluster that loses
a worker mid-run, or a slow shared file system.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import flows.plan
from flows.extract import extract_flow
from tests.flow_helpers import club_pages, dump_xml, make_raw, multistream_dump, read_state, snapshot

pytestmark = pytest.mark.usefixtures("prefect_harness")

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")
NAME = "testwiki-20260115-pages-articles-multistream.xml.bz2"
INDEX = "testwiki-20260115-pages-articles-multistream-index.txt.bz2"
START_TIMEOUT = 120.0
"""Seconds to wait for the scheduler and the workers (imports are slow on a loaded machine)."""


def _api_url() -> str:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return str(client.api_url)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate one process we started; kill it when it does not stop within 15 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """``tcp://127.0.0.1:<free port>`` of a scheduler with two single-threaded workers (no nanny), stopped after."""
    if not DASK.exists():
        pytest.skip(f"no dask command beside {sys.executable}")
    folder = tmp_path / "dask-cluster"
    folder.mkdir()
    scheduler_file = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "PREFECT_API_URL": _api_url(), "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    processes: list[subprocess.Popen[bytes]] = []
    logs = []

    def start(name: str, args: list[str]) -> None:
        log = (folder / f"{name}.log").open("wb")
        logs.append(log)
        processes.append(subprocess.Popen([str(DASK), *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))

    try:
        # --port 0: the scheduler takes a free port and writes its address to the scheduler file; --idle-timeout
        # and --death-timeout end the processes even if this test process dies before its clean-up.
        start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                            "--scheduler-file", str(scheduler_file), "--idle-timeout", "600s"])
        deadline = time.monotonic() + START_TIMEOUT
        while not scheduler_file.exists() and time.monotonic() < deadline and processes[0].poll() is None:
            time.sleep(0.2)
        assert scheduler_file.exists(), (folder / "scheduler.log").read_text(errors="replace")
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for n in (1, 2):
            start(f"worker{n}", ["worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                                 "--no-dashboard", "--name", f"w{n}", "--death-timeout", "60s",
                                 "--local-directory", str(folder / f"w{n}")])
        from distributed import Client

        with Client(address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)
        for log in logs:
            log.close()


def _raw(folder: Path) -> Path:
    raw = make_raw(folder)
    dump, index = multistream_dump(dump_xml(club_pages(10)), 2)
    (raw / NAME).write_bytes(dump)
    (raw / INDEX).write_bytes(index)
    (raw / "plain.xml").write_text(dump_xml([(f"Plain {t}", 50 + n, 500 + n, text) for n, (t, _, _, text)
                                              in enumerate(club_pages(3))]), encoding="utf-8")
    return raw


def test_flows_real_dask_cluster_matches_default_runner(tmp_path: Path, dask_cluster: str, monkeypatch) -> None:
    raw = _raw(tmp_path / "raw")
    default = extract_flow(raw=str(raw), out=str(tmp_path / "default"))
    monkeypatch.setattr(flows.plan, "TARGET_BATCH_BYTES", 300)  # several tasks, the dump in several ranges
    log = extract_flow(raw=str(raw), out=str(tmp_path / "dask"), dask_address=dask_cluster)
    assert log["counts"]["added"] == default["counts"]["added"] == 15 and log["failed"] == []
    assert log["dumps"][NAME]["read_by"] == "streams (index)" and log["dumps"][NAME]["tasks"] > 1
    ours = {k: v[2] for k, v in snapshot(tmp_path / "dask").items() if k != "state.sqlite"}
    assert ours == {k: v[2] for k, v in snapshot(tmp_path / "default").items() if k != "state.sqlite"}
    assert read_state(tmp_path / "dask") == read_state(tmp_path / "default")
    from distributed import Client

    with Client(dask_cluster, timeout=START_TIMEOUT) as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2 and sum(executed.values()) >= 2, f"the tasks ran on the cluster's workers: {executed}"

"""`serve`: a deployment with the requested schedule, and a run of it that writes records."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from flows.serve import ServeError, build_deployment
from tests.flow_helpers import ROOT, make_raw, read_json, record_file

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_flows_serve_deployment_schedule_and_run(tmp_path: Path) -> None:
    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    deployment = build_deployment(str(raw), str(out), interval=3600, name="test-interval")
    deployment_id = deployment.apply()
    cron_id = build_deployment(str(raw), str(out), cron="0 3 * * *", name="test-cron").apply()

    with get_client(sync_client=True) as client:
        schedules = client.read_deployment_schedules(deployment_id)
        assert [s.schedule.interval for s in schedules] == [timedelta(hours=1)]
        assert [s.schedule.cron for s in client.read_deployment_schedules(cron_id)] == ["0 3 * * *"]
        stored = client.read_deployment(deployment_id)
        assert stored.entrypoint == "flows.extract.extract_flow"
        assert stored.parameters["out"] == str(out.resolve())

    # The test harness has no scheduler: create the run through the API, then execute it the way a
    # runner does, in a fresh process that loads the flow from the deployment's entry point.
    flow_run = run_deployment(deployment_id, timeout=0)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    done = subprocess.run([sys.executable, "-m", "prefect.engine", str(flow_run.id)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(flow_run.id).state.is_completed()
    assert record_file(out, "test-society").is_file()
    assert read_json(out / "manifest.json")["sources"]["test_society.wiki"]["status"] == "ok"


def test_flows_serve_needs_exactly_one_schedule(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="exactly one schedule"):
        build_deployment(str(tmp_path), str(tmp_path / "out"))
    with pytest.raises(ServeError, match="exactly one schedule"):
        build_deployment(str(tmp_path), str(tmp_path / "out"), cron="0 3 * * *", interval=60)
    with pytest.raises(ServeError, match="positive"):
        build_deployment(str(tmp_path), str(tmp_path / "out"), interval=-5)


@pytest.mark.slow
def test_flows_serve_real_server_fires_interval_schedule(tmp_path: Path) -> None:
    """End to end: `wikirecords serve --interval` starts its own Prefect server and a run writes records."""
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["WIKIRECORDS_HOME"] = env["PREFECT_HOME"] = str(tmp_path / ".prefect")
    process = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", str(raw), "--out", str(out),
                                "--interval", "30"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not (out / "manifest.json").exists():
            time.sleep(2)
        assert record_file(out, "test-society").is_file(), "no scheduled run wrote records in 240 s"
        assert _processes_with_home(env["PREFECT_HOME"]), "serve did not start its own Prefect server"
        time.sleep(6)  # the run's line is printed within one poll of the change logs
    finally:
        process.terminate()
        try:
            output = process.communicate(timeout=60)[0].decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            process.kill()
            output = ""
    assert "run finished: 2 records (2 added" in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    time.sleep(2)
    assert not _processes_with_home(env["PREFECT_HOME"]), "the Prefect server started by serve is still running"


def _processes_with_home(home: str) -> list[int]:
    """Pids of processes whose environment names this PREFECT_HOME (Linux /proc)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if f"PREFECT_HOME={home}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found

"""End to end against a real `prefect server start`: the CLI's run shows its logs and artifact there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.flow_helpers import ROOT, make_raw, read_json


@pytest.mark.slow
def test_real_server_shows_batch_logs_and_the_run_artifact(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import prefect_server
    from tests.test_flows_observability import _artifacts, _logs

    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    (raw / "empty.txt").write_bytes(b"")
    home = tmp_path / ".prefect"
    with prefect_server(home=home) as url:
        env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home), "WIKIRECORDS_HOME": str(home)}
        done = subprocess.run([sys.executable, "-m", "flows.cli", "extract", str(raw), "--out", str(out)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "INFO" not in done.stderr, "Prefect's INFO lines must stay off the console"
        log = read_json(sorted((out / "runs").glob("*.json"))[-1])
        with temporary_settings(updates={PREFECT_API_URL: url}):
            messages = _logs(log["flow_run_id"], until="change log")
            [artifact] = _artifacts(log["flow_run_id"])
    assert [m for m in messages if m.startswith("batch 1/1: 3 sources, 2 records extracted, 1 failures")], messages
    assert any("change log" in m and "2 added" in m for m in messages), messages
    assert "## failed (1)" in str(artifact.data) and "empty.txt" in str(artifact.data)

"""What Prefect shows for a run: INFO logs per batch and per run, the `wikirecords-run` artifact, task run
names that say what they did, and a final state an automation can match when sources failed.

Everything is read back from the Prefect server of the test harness through the Prefect client.
"""

from __future__ import annotations

import time
from pathlib import Path
from uuid import UUID

import pytest

import flows.plan
from flows.report import ARTIFACT_KEY, FAILED_STATE_NAME
from flows.runs import run_extract
from tests.flow_helpers import make_raw

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _logs(flow_run_id: str, until: str, timeout: float = 60) -> list[str]:
    """The flow run's log messages on the server (logs are sent in batches: wait for ``until`` to arrive)."""
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    deadline = time.monotonic() + timeout
    while True:
        with get_client(sync_client=True) as client:
            logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[UUID(flow_run_id)])))
        messages = [log.message for log in logs]
        if any(until in m for m in messages) or time.monotonic() > deadline:
            return messages
        time.sleep(1)


def _artifacts(flow_run_id: str) -> list:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=[ARTIFACT_KEY]), flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(flow_run_id)])))


def _flow_run(flow_run_id: str):
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(UUID(flow_run_id))


def test_observability_logs_artifact_names_and_states(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(flows.plan, "TARGET_BATCH_BYTES", 3000)  # small batches: several tasks for a few files
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    (raw / "empty.txt").write_bytes(b"")
    (raw / "README.md").write_text("# notes about these articles\n", encoding="utf-8")
    (raw / "sources.json").write_text('{"from": "somewhere"}\n', encoding="utf-8")

    log = run_extract(str(raw), str(out))
    assert log["counts"]["added"] == 2 and log["counts"]["failed"] == 1 and log["counts"]["skipped"] == 2
    assert log["skipped"] == ["README.md", "sources.json"]
    run_id = log["flow_run_id"]

    # A state an automation can match: completed, but named for the failures.
    state = _flow_run(run_id).state
    assert state.is_completed() and state.name == FAILED_STATE_NAME

    # Logs: one line per batch and one summary line, on the server although the console shows warnings only.
    messages = _logs(run_id, until="change log")
    batch_lines = [m for m in messages if m.startswith("batch ")]
    total = int(batch_lines[0].split("/")[1].split(":")[0]) if batch_lines else 0
    assert total >= 2 and len(batch_lines) == total, messages
    assert sum(int(m.split(": ")[1].split(" sources")[0]) for m in batch_lines) == 3
    assert any("1 failures" in m for m in batch_lines) and all(" s" in m for m in batch_lines)
    [summary] = [m for m in messages if "change log" in m]
    assert "2 added" in summary and "1 failed" in summary and "2 files skipped" in summary

    # The artifact: counts and tables, with the reason of the failure.
    [artifact] = _artifacts(run_id)
    markdown = str(artifact.data)
    assert "| added | 2 |" in markdown and "## failed (1)" in markdown
    assert "empty.txt" in markdown and "nothing to extract" in markdown
    assert "test-society" in markdown and "## removed (0)" in markdown

    # Task runs named for what they did.
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(run_id)])))
    names = sorted(t.name for t in task_runs)
    assert len([n for n in names if n.startswith("extract ")]) == total, names
    assert any(n.startswith("extract empty.txt (0 B)") for n in names), names
    assert f"scan {raw}" in names and f"write {out}" in names

    # --strict: the same problem makes the run Failed; the change log still comes back.
    strict = run_extract(str(raw), str(out), strict=True)
    assert strict["counts"]["still_failed"] == 1
    assert _flow_run(strict["flow_run_id"]).state.is_failed()

    # Control: a run without failures ends in a plain Completed state.
    (raw / "empty.txt").unlink()
    clean = run_extract(str(raw), str(out))
    assert clean["counts"]["failed"] == 0 and clean["removed"] == []
    clean_state = _flow_run(clean["flow_run_id"]).state
    assert clean_state.is_completed() and clean_state.name == "Completed"
    assert len(_artifacts(clean["flow_run_id"])) == 1

"""`wikirecords serve`: every check before any server starts (one `error:` line each), and one line per
finished run while serving."""

from __future__ import annotations

import contextlib
import json
import signal
from pathlib import Path

from typer.testing import CliRunner

import flows.serve
from flows.cli import app
from flows.manifest import empty_manifest
from flows.serve import RunWatcher
from flows.store import OutputStore
from tests.flow_helpers import make_raw, one_line_error

runner = CliRunner()


@contextlib.contextmanager
def _no_server(*args, **kwargs):
    raise AssertionError("a Prefect server was started")
    yield  # pragma: no cover


def test_cli_serve_checks_before_starting_a_server(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(flows.serve, "prefect_server", _no_server)
    monkeypatch.setattr(flows.serve, "serve_deployment", _no_server)
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    cases = {
        "does not exist": ["serve", str(tmp_path / "nosuch"), "--out", str(out), "--interval", "30"],
        "invalid --cron": ["serve", str(raw), "--out", str(out), "--cron", "every night"],
        "exactly one schedule": ["serve", str(raw), "--out", str(out), "--cron", "0 3 * * *", "--interval", "5"],
        "positive": ["serve", str(raw), "--out", str(out), "--interval", "-5"],
        "raw folder itself": ["serve", str(raw), "--out", str(raw), "--interval", "30"],
        "unknown --task-runner": ["serve", str(raw), "--out", str(out), "--interval", "30", "--task-runner", "x"],
    }
    for expected, args in cases.items():
        assert expected in one_line_error(runner.invoke(app, args, env={"COLUMNS": "300"})), args
    output = tmp_path / "old_output"
    output.mkdir()
    (output / "manifest.json").write_text(json.dumps(empty_manifest()), encoding="utf-8")
    assert "output folder" in one_line_error(runner.invoke(app, ["serve", str(output), "--out", str(out),
                                                                  "--interval", "30"]))
    with OutputStore(out).lock(timeout=1):
        locked = runner.invoke(app, ["serve", str(raw), "--out", str(out), "--interval", "30"])
    assert "another wikirecords run" in one_line_error(locked)
    # Control: valid options get past every check and reach the server start.
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = runner.invoke(app, ["serve", str(raw), "--out", str(out), "--cron", "0 3 * * *"])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert "a Prefect server was started" in result.output


def test_cli_serve_one_line_per_finished_run(tmp_path: Path) -> None:
    out = tmp_path / "output"
    (out / "runs").mkdir(parents=True)
    (out / "runs" / "20200101T000000Z.json").write_text("{}", encoding="utf-8")
    watcher = RunWatcher(str(out), print)
    assert watcher.poll() == [], "change logs older than the watcher are not reported"
    log = {"finished": "2026-11-30T21:00:05.123Z",
           "counts": {"records": 7, "added": 7, "updated": 0, "removed": 0, "unchanged": 0, "failed": 1}}
    path = out / "runs" / "20261130T210000Z.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    (out / "runs" / ".partial.json.wrtmp").write_text("{", encoding="utf-8")
    [line] = watcher.poll()
    assert line.startswith("2026-11-30 21:00:05 UTC run finished: 7 records (7 added, 0 updated, 0 removed")
    assert "1 failed" in line and line.endswith(f"change log {path}")
    assert watcher.poll() == [], "each run is reported once"

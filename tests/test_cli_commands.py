"""The `wikirecords` command line: help everywhere, one-line user errors, extract/validate/show/schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer.main
from typer.testing import CliRunner

from flows.cli import app
from flows.store import OutputStore
from tests.flow_helpers import ROOT, make_raw, one_line_error, record_file

runner = CliRunner()


def test_cli_every_command_has_help() -> None:
    group = typer.main.get_command(app)
    names = sorted(group.commands)
    assert {"extract", "serve", "validate", "schema", "show", "tag-dates"} <= set(names)
    for name in names:
        command = group.commands[name]
        assert command.help and len(command.help.strip()) > 20, f"{name} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.name} has no help text"


def test_cli_schema_prints_the_published_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads((ROOT / "schemas" / "record.schema.json").read_text("utf-8"))


def test_cli_user_errors_are_one_line(tmp_path: Path) -> None:
    assert "no such folder" in one_line_error(runner.invoke(app, ["extract", str(tmp_path / "missing")]))
    assert "no record" in one_line_error(runner.invoke(app, ["show", "nope", "--out", str(tmp_path)]))
    assert "not a record id" in one_line_error(runner.invoke(app, ["show", "../../etc", "--out", str(tmp_path)]))
    assert "no records" in one_line_error(runner.invoke(app, ["validate", str(tmp_path)]))
    assert "exactly one schedule" in one_line_error(runner.invoke(app, ["serve", str(tmp_path)]))
    assert "unknown --task-runner" in one_line_error(
        runner.invoke(app, ["extract", str(tmp_path), "--task-runner", "spark"]))


@pytest.mark.usefixtures("prefect_harness")
def test_cli_extract_bundled_raw_then_validate_and_show(tmp_path: Path) -> None:
    out = tmp_path / "output"
    result = runner.invoke(app, ["extract", str(ROOT / "raw"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "change log" in result.output
    assert "dump minidump_sample.xml.bz2: 8 pages, 5 articles, 2 redirects" in result.output
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "all valid" in result.output
    shown = runner.invoke(app, ["show", "durbar-mahila-samanwaya-committee", "--out", str(out)])
    assert shown.exit_code == 0 and "Putul Halder" in shown.output and "1992" in shown.output
    # Nothing changed: answered without a flow run, same change log format.
    again = runner.invoke(app, ["extract", str(ROOT / "raw"), "--out", str(out)])
    assert again.exit_code == 0 and "unchanged" in again.output
    logs = sorted((out / "runs").glob("*.json"))
    assert json.loads(logs[-1].read_text("utf-8"))["orchestration"] == "skipped: nothing changed"
    # A record that breaks the contract is reported.
    path = record_file(out, "durbar-mahila-samanwaya-committee")
    record = json.loads(path.read_text("utf-8"))
    record["infobox"]["fields"][0]["key"] = 42
    path.write_text(json.dumps(record), encoding="utf-8")
    bad = runner.invoke(app, ["validate", str(out)])
    assert bad.exit_code == 1 and "invalid" in bad.output


@pytest.mark.usefixtures("prefect_harness")
def test_cli_extract_strict_and_failed_sources(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    (raw / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(raw), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.output
    strict = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--strict"])
    assert strict.exit_code == 1 and "empty.txt" in strict.output
    limited = runner.invoke(app, ["extract", str(raw), "--out", str(tmp_path / "out3"), "--max-source-bytes", "2000"])
    assert limited.exit_code == 0, limited.output
    limited_log = json.loads(sorted((tmp_path / "out3" / "runs").glob("*.json"))[-1].read_text("utf-8"))
    assert [a["source"] for a in limited_log["added"]] == ["test_society.wiki"]
    assert "LimitExceededError" in {f["error_type"] for f in limited_log["failed"]}
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    nothing = runner.invoke(app, ["extract", str(only_bad), "--out", str(tmp_path / "out2")])
    assert nothing.exit_code == 1 and "no record could be written" in nothing.output


@pytest.mark.usefixtures("prefect_harness")
def test_cli_extract_refuses_while_another_run_holds_the_lock(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    with OutputStore(out).lock(timeout=1):
        result = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--lock-timeout", "0.5"])
    assert "another wikirecords run" in one_line_error(result)
    assert not (out / "manifest.json").exists()


def test_cli_tag_dates(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "d1", "text": "The war ended on 15 February 1992.",
                                  "dct": "2000-01-01"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["tag-dates", str(source), "--out", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert lines[0]["id"] == "d1"
    assert any(t["value"] == "1992-02-15" and t["text"] == "15 February 1992" for t in lines[0]["timexes"])


def test_cli_tag_dates_bad_line_isone_line_error(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "d1", "text": "In 1990."}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["tag-dates", str(source), "--out", str(tmp_path / "out.jsonl")])
    one_line_error(result)
    assert not (tmp_path / "out.jsonl").exists(), "nothing is written when the input is bad"


def test_cli_progress_counts_each_source_once() -> None:
    from flows import progress
    from flows.cli import _progress_bar

    with _progress_bar() as bar:
        progress.emit("planned", sources=5, work=4, batches=2)
        progress.emit("item", path="a")
        progress.emit("item", path="b")
        progress.emit("batch", items=2)  # in-process batch: its sources were already counted
        progress.emit("batch", items=2)  # batch from a worker process: counted here
        assert bar.progress.tasks[0].completed == 4 and bar.progress.tasks[0].total == 4


def test_cli_unreachable_prefect_server_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    done = subprocess.run([sys.executable, "-m", "flows.cli", "extract", str(make_raw(tmp_path / "raw")),
                           "--out", str(tmp_path / "out")], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the Prefect server" in lines[0], done.stderr

"""The CLI on a user's own folders: what is a source, refused folder pairs, no silent deletes, --dry-run,
fast failures before any Prefect server starts, --version, and CRLF sources."""

from __future__ import annotations

import codecs
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import flows.runs
from flows.cli import app
from flows.store import OutputStore
from tests.flow_helpers import SEED, make_raw, one_line_error, read_json, record_file, record_files, snapshot

runner = CliRunner()


def _no_flow(*args, **kwargs):
    raise AssertionError("the Prefect flow was started")


@pytest.mark.usefixtures("prefect_harness")
def test_cli_folders_sources_refusals_dry_run_and_prune(tmp_path: Path) -> None:
    raw, out = make_raw(tmp_path / "raw"), tmp_path / "output"
    # The seed saved on Windows: BOM and CRLF line endings.
    (raw / SEED.name).write_bytes(codecs.BOM_UTF8 + SEED.read_bytes().replace(b"\n", b"\r\n"))
    (raw / "README.md").write_text("# About these articles\n\nFounded in 1503.\n", encoding="utf-8")
    (raw / "sources.json").write_text('{"seed": "from 1503"}\n', encoding="utf-8")

    first = runner.invoke(app, ["extract", str(raw), "--out", str(out)], env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert "skipped 2 files that are not sources" in first.output
    assert sorted(p.stem for p in record_files(out)) == [
        "durbar-mahila-samanwaya-committee", "test-society"]
    seed = read_json(record_file(out, "durbar-mahila-samanwaya-committee"))
    assert seed["source"]["title_from"] == "heading" and seed["infobox"]["groups"]["leader"]
    assert seed["see_also"][:2] == ["Prostitution in India", "Prostitution in Asia"]
    before = snapshot(out)
    logs_before = sorted((out / "runs").glob("*.json"))

    # Refused folder pairs, each with one line, nothing written.
    assert "is the raw folder itself" in one_line_error(runner.invoke(app, ["extract", str(raw), "--out", str(raw)]))
    inside = one_line_error(runner.invoke(app, ["extract", str(raw), "--out", str(raw / "out")]))
    assert "inside the raw folder" in inside and "--exclude 'out'" in inside
    assert not (raw / "out").exists()
    assert "inside the wikirecords output folder" in one_line_error(
        runner.invoke(app, ["extract", str(out), "--out", str(tmp_path / "again")]))

    # One file into an output that holds other sources' records: refused, with the count and --prune.
    single = raw / "test_society.wiki"
    refused = one_line_error(runner.invoke(app, ["extract", str(single), "--out", str(out)], env={"COLUMNS": "300"}))
    assert "remove 1 records of 1 other sources" in refused and "--prune" in refused
    # --dry-run prints the plan and writes nothing.
    dry = runner.invoke(app, ["extract", str(single), "--out", str(out), "--dry-run"], env={"COLUMNS": "300"})
    assert dry.exit_code == 0, dry.output
    assert "0 added, 0 changed, 1 removed (1 records), 1 unchanged" in dry.output
    assert "removed: durbar_mahila_samanwaya_committee.txt (durbar-mahila-samanwaya-committee)" in dry.output
    fresh = runner.invoke(app, ["extract", str(raw), "--out", str(tmp_path / "fresh"), "--dry-run"])
    assert fresh.exit_code == 0 and "2 added" in fresh.output and "skipped: README.md" in fresh.output
    assert not (tmp_path / "fresh").exists()
    assert snapshot(out) == before and sorted((out / "runs").glob("*.json")) == logs_before

    # A raw folder that still holds most sources is a normal update: the gone source's record is removed
    # and named in the summary.
    (raw / "third.wiki").write_text("The '''Third Club''' was founded in 1901 in [[Leeds]].\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", str(raw), "--out", str(out)]).exit_code == 0
    (raw / "third.wiki").unlink()
    update = runner.invoke(app, ["extract", str(raw), "--out", str(out)], env={"COLUMNS": "200"})
    assert update.exit_code == 0 and "removed: third" in update.output, update.output

    # --prune: the single file wins, the other record is removed and named.
    pruned = runner.invoke(app, ["extract", str(single), "--out", str(out), "--prune"], env={"COLUMNS": "200"})
    assert pruned.exit_code == 0, pruned.output
    assert "removed: durbar-mahila-samanwaya-committee" in pruned.output
    assert sorted(p.stem for p in record_files(out)) == ["test-society"]


def test_cli_folders_fail_fast_before_prefect(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(flows.runs, "run_extract", _no_flow)
    raw = make_raw(tmp_path / "raw")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    unwritable = one_line_error(runner.invoke(app, ["extract", str(raw), "--out", str(blocker / "out")]))
    assert "cannot create the output folder" in unwritable

    out = tmp_path / "output"
    timings = {}
    with OutputStore(out).lock(timeout=1):
        for wait in (0.3, 2.3):
            started = time.monotonic()
            result = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--lock-timeout", str(wait)])
            timings[wait] = time.monotonic() - started
            assert "another wikirecords run" in one_line_error(result)
    # The wait follows --lock-timeout (the control is the short wait, measured the same way).
    assert abs((timings[2.3] - timings[0.3]) - 2.0) < 1.0, timings
    assert not (out / "manifest.json").exists()


def test_cli_folders_version() -> None:
    from pipeline.version import PIPELINE_VERSION
    from schemas.record import SCHEMA_VERSION

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("wikirecords ") and PIPELINE_VERSION in result.output
    assert f"record schema {SCHEMA_VERSION}" in result.output
    assert json.loads(json.dumps(result.output))  # printable one line
    assert len(result.output.strip().splitlines()) == 1

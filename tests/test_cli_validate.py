"""`wikirecords validate`: records against the schema, and records.jsonl consistent with records/."""

from __future__ import annotations

from pathlib import Path

from flows.store import record_bytes, record_line
from flows.validation import validate_output
from pipeline import extract_text
from tests.flow_helpers import SEED


def _output(tmp_path: Path) -> tuple[Path, dict]:
    record = extract_text(SEED.read_text(encoding="utf-8"), SEED.name)[0].model_dump(mode="json")
    out = tmp_path / "output"
    (out / "records").mkdir(parents=True)
    (out / "records" / f"{record['id']}.json").write_bytes(record_bytes(record))
    return out, record


def test_cli_validate_accepts_a_consistent_output(tmp_path: Path) -> None:
    out, record = _output(tmp_path)
    (out / "records.jsonl").write_bytes(record_line(record))
    assert validate_output(out) == (1, [])


def test_cli_validate_reports_jsonl_and_id_mismatches(tmp_path: Path) -> None:
    out, record = _output(tmp_path)
    (out / "records.jsonl").write_bytes(b"")
    checked, problems = validate_output(out)
    assert checked == 1 and problems == ["records.jsonl: holds 0 records, records/ holds 1"]
    (out / "records" / "other.json").write_bytes(record_bytes(record))
    assert any("does not match the file name" in p for p in validate_output(out)[1])

"""`wikirecords validate`: records against the schema, in their shard folders, and the JSONL shards consistent
with records/ (layout 2), or records.jsonl (a folder of layout 1 not migrated yet)."""

from __future__ import annotations

from pathlib import Path

from flows.store import OutputStore, jsonl_shard, record_bytes, record_line, record_shard
from flows.validation import validate_output
from pipeline import extract_text
from tests.flow_helpers import SEED


def _record() -> dict:
    return extract_text(SEED.read_text(encoding="utf-8"), SEED.name)[0].model_dump(mode="json")


def _output(tmp_path: Path) -> tuple[Path, dict]:
    record = _record()
    out = tmp_path / "output"
    store = OutputStore(out)
    store.ensure_folders()
    store.write_record(record["id"], record_bytes(record))
    return out, record


def test_cli_validate_accepts_a_consistent_output(tmp_path: Path) -> None:
    out, record = _output(tmp_path)
    (out / f"records-{jsonl_shard(record['id'])}.jsonl").write_bytes(record_line(record))
    assert validate_output(out) == (1, [])


def test_cli_validate_reports_jsonl_shard_and_id_mismatches(tmp_path: Path) -> None:
    out, record = _output(tmp_path)
    shard = jsonl_shard(record["id"])
    checked, problems = validate_output(out)
    assert checked == 1 and problems == ["records-*.jsonl: holds 0 records, records/ holds 1"]
    other = next(f"{n:02x}" for n in range(256) if f"{n:02x}" != shard)
    (out / f"records-{other}.jsonl").write_bytes(record_line(record))
    assert validate_output(out)[1] == [f"records-{other}.jsonl: holds 1 records of other shards "
                                       f"(first {record['id']!r})"]
    (out / f"records-{other}.jsonl").unlink()
    (out / f"records-{shard}.jsonl").write_bytes(record_line({**record, "id": "zz"}) + record_line(record))
    problems = validate_output(out)[1]
    assert f"records-{shard}.jsonl: lines are not sorted by id" in problems
    assert "records-*.jsonl: holds 2 records, records/ holds 1" in problems
    (out / f"records-{shard}.jsonl").write_bytes(record_line(record))
    (out / "records" / record_shard(record["id"]) / "other.json").write_bytes(record_bytes(record))
    problems = validate_output(out)[1]
    assert any("does not match the file name" in p for p in problems)
    assert f"other.json: is in records/{record_shard(record['id'])}/, belongs in records/{record_shard('other')}/" \
        in problems


def test_cli_validate_reads_a_folder_of_layout_1(tmp_path: Path) -> None:
    record = _record()
    out = tmp_path / "output"
    (out / "records").mkdir(parents=True)
    (out / "records" / f"{record['id']}.json").write_bytes(record_bytes(record))
    (out / "records.jsonl").write_bytes(record_line(record))
    assert validate_output(out) == (1, [])
    (out / "records.jsonl").write_bytes(b"")
    assert validate_output(out)[1] == ["records.jsonl: holds 0 records, records/ holds 1"]

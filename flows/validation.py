"""``wikirecords validate``: every record file checked against the published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from schemas.generate import SCHEMA_PATH


def validate_output(out: Path) -> tuple[int, list[str]]:
    """(records checked, problems): schema errors, unreadable files, and ids that differ from file names."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    files = [out] if out.is_file() else sorted((out / "records").glob("*.json"))
    problems: list[str] = []
    for path in files:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: cannot be read as JSON ({exc})")
            continue
        for error in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(record)"
            problems.append(f"{path.name}: {where}: {error.message}")
        if not out.is_file() and isinstance(record, dict) and record.get("id") != path.stem:
            problems.append(f"{path.name}: id {record.get('id')!r} does not match the file name")
    if not out.is_file():
        problems.extend(_jsonl_problems(out / "records.jsonl", {p.stem for p in files}))
    return len(files), problems


def _jsonl_problems(path: Path, ids: set[str]) -> list[str]:
    """``records.jsonl`` must hold exactly the records of ``records/``, one per line, sorted by id."""
    if not path.exists():
        return []
    try:
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        return [f"{path.name}: cannot be read as JSON lines ({exc})"]
    line_ids = [line.get("id") if isinstance(line, dict) else None for line in lines]
    problems = []
    if set(line_ids) != ids or len(line_ids) != len(ids):
        problems.append(f"{path.name}: holds {len(line_ids)} records, records/ holds {len(ids)}")
    if line_ids != sorted(line_ids, key=str):
        problems.append(f"{path.name}: lines are not sorted by id")
    return problems

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
    return len(files), problems

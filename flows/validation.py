"""``wikirecords validate``: every record file checked against the published JSON Schema and the record model.

The JSON Schema says what can be said in JSON Schema (ISO patterns, the form each precision takes); the
Pydantic model also checks what it cannot (a date's start is not after its end), so ``validate`` rejects
exactly what the pipeline itself would refuse to write.
"""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as ValidationError_
from jsonschema.exceptions import best_match
from pydantic import ValidationError

from schemas.generate import SCHEMA_PATH
from schemas.record import Record


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
        schema_errors = sorted(validator.iter_errors(record), key=lambda e: [str(p) for p in e.absolute_path])
        for error in schema_errors:
            problems.extend(f"{path.name}: {problem}" for problem in _schema_problems(error))
        if not schema_errors:
            problems.extend(f"{path.name}: {where}" for where in _model_problems(record))
        if not out.is_file() and isinstance(record, dict) and record.get("id") != path.stem:
            problems.append(f"{path.name}: id {record.get('id')!r} does not match the file name")
    if not out.is_file():
        problems.extend(_jsonl_problems(out / "records.jsonl", {p.stem for p in files}))
    return len(files), problems


_MESSAGE_CHARS = 200
"""A schema message quotes the failing value; a whole infobox would make one line of several KB."""


def _schema_problems(error: ValidationError_) -> list[str]:
    """'path/to/value: message' for the innermost errors that explain ``error``: inside an ``anyOf`` (an
    infobox or null) the errors of the branch that came closest (jsonschema's ``best_match``), not the whole
    infobox "is not valid under any of the given schemas"."""
    if error.context:
        best = best_match([error])  # the deepest error along the branch that matches the value's type
        while best.parent is not None and best.parent is not error:
            best = best.parent
        branch = best.relative_schema_path[0]
        return [problem for sub in error.context if sub.relative_schema_path[0] == branch
                for problem in _schema_problems(sub)]
    where = "/".join(str(p) for p in error.absolute_path) or "(record)"
    message = error.message
    if len(message) > _MESSAGE_CHARS:
        message = message[:_MESSAGE_CHARS] + "…"
    return [f"{where}: {message}"]


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


def _model_problems(record: object) -> list[str]:
    """What the record model refuses beyond the JSON Schema (a date whose start is after its end)."""
    try:
        Record.model_validate(record)
    except ValidationError as exc:
        return [f"{'/'.join(str(p) for p in e['loc']) or '(record)'}: {e['msg']}" for e in exc.errors()]
    return []

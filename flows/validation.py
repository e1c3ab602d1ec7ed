"""``wikirecords validate``: every record file checked against the published JSON Schema and the record model.

The JSON Schema says what can be said in JSON Schema (ISO patterns, the form each precision takes); the
Pydantic model also checks what it cannot (a date's start is not after its end), so ``validate`` rejects
exactly what the pipeline itself would refuse to write.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as ValidationError_
from jsonschema.exceptions import best_match
from pydantic import ValidationError

from flows.store import JSONL_GLOB, LEGACY_JSONL_NAME, RECORDS_DIR, jsonl_shard, record_shard
from schemas.generate import SCHEMA_PATH
from schemas.record import Record


def validate_output(out: Path) -> tuple[int, list[str]]:
    """(records checked, problems): schema errors, unreadable files, ids that differ from file names, files in
    the wrong shard folder, and JSONL shards that do not hold exactly the records."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    files = [out] if out.is_file() else record_files(out)
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
        ids = [p.stem for p in files]
        for path in files:
            if path.parent.name != RECORDS_DIR and path.parent.name != record_shard(path.stem):
                problems.append(f"{path.name}: is in records/{path.parent.name}/, belongs in "
                                f"records/{record_shard(path.stem)}/")
        if (out / LEGACY_JSONL_NAME).exists():  # a folder of layout 1, not migrated yet
            problems.extend(_jsonl_problems([out / LEGACY_JSONL_NAME], set(ids), None))
        else:
            problems.extend(_jsonl_problems(sorted(out.glob(JSONL_GLOB)), set(ids), jsonl_shard))
    return len(files), problems


def record_files(out: Path) -> list[Path]:
    """The record files of an output folder: ``records/<abc>/<id>.json``, and ``records/<id>.json`` of layout 1."""
    records = out / RECORDS_DIR
    return sorted([*records.glob("*/*.json"), *records.glob("*.json")], key=lambda p: (p.stem, str(p)))


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


def _jsonl_problems(paths: list[Path], ids: set[str], shard_of: Callable[[str], str] | None) -> list[str]:
    """The JSONL files together hold exactly the records of ``records/``, one per line, each file sorted by id;
    with ``shard_of``, each line in the file its id belongs to (``records-<shard>.jsonl``)."""
    problems = []
    line_ids: list[str] = []
    for path in paths:
        try:
            lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, ValueError) as exc:
            problems.append(f"{path.name}: cannot be read as JSON lines ({exc})")
            continue
        found = [str(line.get("id")) if isinstance(line, dict) else "" for line in lines]
        if found != sorted(found):
            problems.append(f"{path.name}: lines are not sorted by id")
        if shard_of is not None:
            strays = [i for i in found if f"records-{shard_of(i)}.jsonl" != path.name]
            if strays:
                problems.append(f"{path.name}: holds {len(strays)} records of other shards (first {strays[0]!r})")
        line_ids.extend(found)
    if set(line_ids) != ids or len(line_ids) != len(ids):
        name = paths[0].name if len(paths) == 1 and shard_of is None else JSONL_GLOB
        problems.append(f"{name}: holds {len(line_ids)} records, records/ holds {len(ids)}")
    return problems


def _model_problems(record: object) -> list[str]:
    """What the record model refuses beyond the JSON Schema (a date whose start is after its end)."""
    try:
        Record.model_validate(record)
    except ValidationError as exc:
        return [f"{'/'.join(str(p) for p in e['loc']) or '(record)'}: {e['msg']}" for e in exc.errors()]
    return []

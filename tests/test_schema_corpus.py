"""Every file of the shared corpus (``../shared/corpus`` beside the clone) through the library: every record is
valid against the published schema and the record model, and every date value in it is ISO 8601."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from jsonschema import Draft202012Validator

from pipeline.api import extract_document, read_documents
from pipeline.errors import WikirecordsError
from schemas.generate import SCHEMA_PATH
from schemas.record import ISO_DATE_PATTERN, Record
from tests.conftest import ROOT

# The shared folder sits beside the clone; a git worktree one level further down looks one level up.
CORPUS = next((p / "shared" / "corpus" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "corpus").is_dir()), None)
ISO = re.compile(ISO_DATE_PATTERN)


def _date_values(node: object) -> Iterator[dict[str, str]]:
    """Every object with start/end/precision in a record (event dates, infobox dates), wherever it sits."""
    if isinstance(node, dict):
        if {"start", "end", "precision"} <= node.keys():
            yield node
        for value in node.values():
            yield from _date_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _date_values(value)


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not beside the clone")
def test_schema_corpus_records_are_schema_valid_with_iso_dates() -> None:
    assert CORPUS is not None
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    records, invalid, non_iso = 0, [], []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        name = str(path.relative_to(CORPUS))
        try:
            with path.open("rb") as stream:
                for document in read_documents(name, stream):
                    try:
                        record = extract_document(document).model_dump(mode="json")
                    except WikirecordsError:
                        continue  # a page refused with a message the user can act on is no invalid record
                    except ValueError as exc:  # pydantic's ValidationError: the pipeline built a bad value
                        invalid.append(f"{name}: {document.title}: {exc}")
                        continue
                    records += 1
                    invalid.extend(f"{name}: {record['id']}: {e.message}" for e in validator.iter_errors(record))
                    Record.model_validate(record)  # the model's own checks (start <= end) on the JSON form
                    invalid.extend(f"{name}: {record['id']}: {w['message']}" for w in record["warnings"]
                                   if w["code"] == "invalid_date")  # a date the pipeline had to skip
                    non_iso.extend(f"{name}: {record['id']}: {d['text']!r} -> {d['start']}/{d['end']}"
                                   for d in _date_values(record)
                                   if not (ISO.match(d["start"]) and (ISO.match(d["end"]) if d["end"] is not None
                                                                        else d["qualifier"] == "since")))
        except WikirecordsError:
            continue  # not a wiki source (an HTML page, a mapping table in another format)
    assert records > 100  # the 82 wikitext files, the flat files and the dump pages
    assert invalid == [], invalid[:10]
    assert non_iso == [], non_iso[:10]

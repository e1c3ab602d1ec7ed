"""Every real wikitext article of the corpus parses without exception and gives a record that validates
against the published JSON Schema (schemas/record.schema.json), read from its JSON dump as a user would."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pipeline.api import extract_text
from pipeline.limits import Limits
from pipeline.wikitext import parse_wikitext
from tests.tools.accuracy import records_of

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schemas" / "record.schema.json"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "wikitext"
FILES = sorted(CORPUS.glob("*.wiki"))


def test_wikitext_corpus_is_complete() -> None:
    assert len(FILES) == 62


@pytest.mark.sweep
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_wikitext_corpus_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = parse_wikitext(text, page_title=None, file_title=path.stem, limits=Limits())
    assert article.title
    if "\n==" in text:
        assert article.sections
    for paragraph in article.paragraphs:
        assert paragraph.text == paragraph.text.strip() and "\n" not in paragraph.text
        for link in paragraph.links:
            assert 0 <= link.start < link.end <= len(paragraph.text)


@pytest.mark.sweep
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_wikitext_corpus_records_validate(path: Path) -> None:
    records = records_of(path)
    assert len(records) == 1
    errors = _schema_errors(json.loads(records[0].model_dump_json()))
    assert not errors, errors[:5]


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _schema_errors(data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(data)]


def test_published_schema_rejects_a_broken_record() -> None:
    """The schema check can fail: a record with a bad precision or an unknown key is refused."""
    text = (CORPUS / "royal_cinema.wiki").read_text(encoding="utf-8")
    data = json.loads(extract_text(text, name="royal_cinema.wiki")[0].model_dump_json())
    assert _schema_errors(data) == []
    assert data["events"]
    data["events"][0]["date"]["precision"] = "fortnight"
    data["surprise"] = 1
    errors = _schema_errors(data)
    assert any("fortnight" in e for e in errors) and any("surprise" in e for e in errors), errors

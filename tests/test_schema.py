from __future__ import annotations

from schemas.generate import SCHEMA_PATH, schema_text


def test_committed_json_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "schemas/record.schema.json is stale: run `make schema` and commit it")

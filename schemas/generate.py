"""Generate the published JSON Schema from the Pydantic models (``python -m schemas.generate``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.record import SCHEMA_VERSION, Record

SCHEMA_PATH = Path(__file__).with_name("record.schema.json")


def schema_text() -> str:
    """The JSON Schema of a record as deterministic text."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://wikirecords.invalid/schema/record-{SCHEMA_VERSION}.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

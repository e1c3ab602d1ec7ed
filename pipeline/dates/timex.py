"""TIMEX3 tagger over whole documents: the pure function behind ``wikirecords tag-dates``.

Input lines are ``{"id", "text", "dct"}``; output lines ``{"id", "timexes": [{start, end, text, type, value}]}``.
Month-only and relative expressions are anchored to the year the narrative is in (the year most recently
mentioned before them), never to the document creation time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.dates import DateMatch, find_dates
from pipeline.errors import TimexInputError

__all__ = ["TimexInputError", "tag_document", "tag_jsonl_lines"]


def _spans(match: DateMatch) -> Iterator[DateMatch]:
    if match.parts:
        yield from match.parts
    else:
        yield match


def tag_document(text: str, dct: str | None = None) -> list[dict[str, Any]]:
    """TIMEX3 expressions of ``text``: offsets (end exclusive), surface text, type and value.

    ``dct`` (document creation time) is accepted for the interface but deliberately not used as an anchor.
    """
    del dct
    out: list[dict[str, Any]] = []
    for match in find_dates(text):
        for part in _spans(match):
            if part.timex_value is None:
                continue
            out.append({"start": part.start, "end": part.end, "text": part.text,
                        "type": part.timex_type, "value": part.timex_value})
    return out


def tag_jsonl_lines(lines: Iterable[str], source: str = "<input>") -> Iterator[dict[str, Any]]:
    """One output object per non-empty input line; raises ``TimexInputError`` naming the bad line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TimexInputError(f"{source}:{number}", f"not JSON: {exc.msg}") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise TimexInputError(f"{source}:{number}", "expected an object with a string 'text'")
        yield {"id": doc.get("id"), "timexes": tag_document(doc["text"], doc.get("dct"))}

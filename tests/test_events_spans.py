"""Event source spans in real wikitext: the span starts at the sentence's first character and ends at its last
(or at the markup that produced it: a template such as {{As of|2010}}, a link, bold quotes)."""

from __future__ import annotations

import json

import pytest

from pipeline import extract_text
from tests.conftest import FIXTURES

WIKITEXT = sorted(FIXTURES / "wikitext" / json.loads(p.read_text("utf-8"))["source"]
                  for p in (FIXTURES / "gold_events").glob("*.gold.json")
                  if json.loads(p.read_text("utf-8"))["source"].endswith(".wiki"))
MARKUP_OPEN, MARKUP_CLOSE = "{['<", "}]'>"


@pytest.mark.parametrize("path", WIKITEXT, ids=[p.stem for p in WIKITEXT])
def test_events_spans_point_at_the_sentence_in_wikitext(path) -> None:  # type: ignore[no-untyped-def]
    source = path.read_text("utf-8")
    events = extract_text(source, f"raw/{path.name}")[0].events
    assert events
    for event in events:
        start, end = event.source_span
        assert 0 <= start < end <= len(source)
        assert source[start] in event.sentence[0] + MARKUP_OPEN, (event.sentence[:40], source[start:start + 40])
        assert source[end - 1] in event.sentence[-1] + MARKUP_CLOSE, (event.sentence[-40:], source[end - 40:end])

"""Hostile wikitext through ``pipeline.extract_text``: unclosed markup, deep nesting, huge infoboxes."""

from __future__ import annotations

import pytest

from pipeline import Limits, extract_text
from tests.timing import IDLE_CONTROL_SECONDS, assert_within

INFOBOX = ("{{Infobox organization\n| name = Kolkata Club\n| founded = {{start date|1907|3|4}}\n"
           "| headquarters = [[Kolkata]], India\n| type = Sports club\n}}\n")
LEAD = "'''Kolkata Club''' is a sports club in [[Kolkata]]. It was founded on 4 March 1907.\n"


def _timed(text: str, name: str = "raw/club.wiki", limits: Limits | None = None, budget: float = 20.0):
    """Extract, failing when it takes more than `budget` seconds' worth of the control workload (idle machine)."""
    records = assert_within(lambda: extract_text(text, name, limits), budget / IDLE_CONTROL_SECONDS, name)
    assert len(records) == 1
    return records[0]


def _field(record, key: str) -> str | None:
    fields = record.infobox.fields if record.infobox else []
    return next((f.value for f in fields if f.key == key), None)


@pytest.mark.parametrize("tail", [
    "{{cite web|url=http://example.org|title=Unclosed\n\n== History ==\nThe club won in 1911.\n",
    "See [[Kolkata Maidan|the Maidan\n\n== History ==\nThe club won in 1911.\n",
    "It grew.<ref>{{cite book|title=Clubs}} never closed\n\n== History ==\nThe club won in 1911.\n",
    "{{" * 50 + "[[" * 50 + "<ref>" * 50 + "\n== History ==\nThe club won in 1911.\n",
], ids=["template", "link", "ref", "all-of-them"])
def test_hostile_wikitext_unclosed_markup_after_infobox(tail: str) -> None:
    record = _timed(INFOBOX + LEAD + tail)
    assert _field(record, "type") == "Sports club"
    assert _field(record, "headquarters") == "Kolkata, India"
    assert record.infobox is not None and [f.date.start for f in record.infobox.fields if f.key == "founded"] == [
        "1907-03-04"]


def test_hostile_wikitext_unclosed_infobox() -> None:
    record = _timed("{{Infobox organization\n| name = Kolkata Club\n| type = Sports club\n" + LEAD)
    # whatever the reader made of the broken box, the lead after it is still read
    assert record.title and [e.date.start for e in record.events] == ["1907-03-04"]


def test_hostile_wikitext_20000_nested_templates() -> None:
    text = INFOBOX + LEAD + "{{a|" * 20_000 + "core" + "}}" * 20_000 + "\n\nThe club won in 1911.\n"
    record = _timed(text, budget=30)
    assert _field(record, "type") == "Sports club"


def test_hostile_wikitext_20000_nested_templates_inside_a_field() -> None:
    text = ("{{Infobox organization\n| name = Kolkata Club\n| motto = " + "{{lang|en|" * 20_000 + "x"
            + "}}" * 20_000 + "\n| type = Sports club\n}}\n" + LEAD)
    record = _timed(text, budget=30)
    assert record.title == "Kolkata Club" and _field(record, "name") == "Kolkata Club"
    assert [e.date.start for e in record.events] == ["1907-03-04"]


def test_hostile_wikitext_20000_nested_links_and_tags() -> None:
    text = INFOBOX + LEAD + "[[" * 20_000 + "x" + "]]" * 20_000 + "<b>" * 20_000 + "y" + "</b>" * 20_000 + "\n"
    record = _timed(text, budget=30)
    assert _field(record, "type") == "Sports club"


def test_hostile_wikitext_infobox_with_5000_fields() -> None:
    params = "".join(f"| field{i} = value {i}\n" for i in range(5000))
    text = "{{Infobox organization\n| name = Kolkata Club\n" + params + "}}\n" + LEAD
    record = _timed(text)
    assert record.infobox is not None and len(record.infobox.fields) <= Limits().max_infobox_fields
    assert "infobox_fields_limit" in {w.code for w in record.warnings}
    wide = _timed(text, limits=Limits(max_infobox_fields=10_000))
    assert wide.infobox is not None and len(wide.infobox.fields) == 5001


def test_hostile_wikitext_1_mb_field_value() -> None:
    huge = ("lorem [[ipsum]] dolor '''sit''' amet " * 30_000)[:1_000_000]
    text = "{{Infobox organization\n| name = Kolkata Club\n| motto = " + huge + "\n| type = Sports club\n}}\n" + LEAD
    record = _timed(text)
    motto = _field(record, "motto")
    assert motto is not None and len(motto) <= Limits().max_field_chars
    assert _field(record, "type") == "Sports club"
    assert ("field_truncated", "motto") in {(w.code, w.field) for w in record.warnings}

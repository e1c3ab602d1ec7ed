"""The change log's `updated` entries: field values old and new, events changed versus only moved."""

from __future__ import annotations

import copy

from flows.diff import MAX_VALUE_CHARS, record_changes


def _field(key: str, value: str) -> dict:
    return {"key": key, "label": key.title(), "value": value, "items": [], "links": [], "date": None,
            "dates": [], "number": None, "unit": None}


def _event(eid: str, sentence: str, start: str, span: tuple[int, int], actors: list[str]) -> dict:
    return {"id": eid, "date": {"text": start[:4], "start": start, "end": start, "precision": "year",
                                "qualifier": None},
            "sentence": sentence, "section": None, "source_span": list(span),
            "actors": [{"name": a, "article": None} for a in actors]}


def _record() -> dict:
    return {"id": "x", "title": "X",
            "infobox": {"template": None, "name": "X", "groups": {},
                        "fields": [_field("founded", "1990"), _field("type", "NGO"), _field("motto", "Be")]},
            "events": [_event("e1", "It was founded in 1990.", "1990-01-01", (10, 30), []),
                       _event("e2", "In 1995 it moved to Leeds.", "1995-01-01", (40, 70), ["Leeds"]),
                       _event("e3", "In 2000 it closed.", "2000-01-01", (80, 100), [])],
            "sections": [], "see_also": [], "categories": [], "warnings": []}


def test_diff_field_values_old_and_new() -> None:
    old, new = _record(), _record()
    new["infobox"]["fields"][1]["value"] = "Charity " + "x" * 500
    del new["infobox"]["fields"][2]
    new["infobox"]["fields"].append(_field("website", "example.org"))
    fields = record_changes(old, new)["infobox_fields"]
    [changed] = fields["changed"]
    assert changed["key"] == "type" and changed["old"] == "NGO"
    assert changed["new"].startswith("Charity xxx") and len(changed["new"]) == MAX_VALUE_CHARS
    assert fields["added"] == [{"key": "website", "new": "example.org"}]
    assert fields["removed"] == [{"key": "motto", "old": "Be"}]
    # unchanged fields are not listed anywhere
    assert "founded" not in str(fields)


def test_diff_same_text_different_typed_value_names_the_typed_part() -> None:
    old, new = _record(), _record()
    new["infobox"]["fields"][0]["number"] = 1990.0
    [changed] = record_changes(old, new)["infobox_fields"]["changed"]
    assert changed["key"] == "founded" and "number" in changed["new"] and "1990.0" in changed["new"]


def test_diff_offset_only_moves_are_counted_apart() -> None:
    old = _record()
    new = copy.deepcopy(old)
    for event in new["events"]:
        event["source_span"] = [event["source_span"][0] + 25, event["source_span"][1] + 25]
    events = record_changes(old, new)["events"]
    assert events["changed"] == [] and events["added"] == [] and events["removed"] == []
    assert events["moved"] == 3


def test_diff_event_changed_means_date_sentence_or_actors() -> None:
    old = _record()
    new = copy.deepcopy(old)
    new["events"][1]["actors"] = [{"name": "York", "article": None}]
    new["events"][2]["date"]["start"] = new["events"][2]["date"]["end"] = "2001-01-01"
    new["events"][0]["source_span"] = [11, 31]
    new["events"].append(_event("e4", "In 2010 it reopened.", "2010-01-01", (110, 130), []))
    events = record_changes(old, new)["events"]
    assert [(c["id"], c["changed"]) for c in events["changed"]] == [("e2", ["actors"]), ("e3", ["date"])]
    assert events["changed"][0]["old"] == {"actors": ["Leeds"]} and events["changed"][0]["new"] == {
        "actors": ["York"]}
    assert events["moved"] == 1
    assert events["added"] == [{"id": "e4", "date": "2010", "start": "2010-01-01",
                                "sentence": "In 2010 it reopened."}]
    assert events["removed"] == []


def test_diff_an_upgrade_to_keys_as_written_renames_no_field() -> None:
    """Records before schema 1.2.0 keyed wikitext fields in snake_case: their fields compare under the new keys."""
    old = {"schema_version": "1.1.0", "infobox": {"fields": [
        {"key": "ship_name", "label": "Ship name", "value": "HMS Foo"},
        {"key": "ship_fate", "label": "Ship fate", "value": "Sunk"}]}}
    new = {"schema_version": "1.2.0", "infobox": {"fields": [
        {"key": "Ship name", "label": "Ship name", "value": "HMS Foo"},
        {"key": "Ship fate", "label": "Ship fate", "value": "Scrapped"}]}}
    assert record_changes(old, new)["infobox_fields"] == {
        "added": [], "removed": [], "changed": [{"key": "Ship fate", "old": "Sunk", "new": "Scrapped"}]}
    # negative: between two records of the new schema a changed key is a removal and an addition
    old["schema_version"] = "1.2.0"
    changes = record_changes(old, new)["infobox_fields"]
    assert [c["key"] for c in changes["removed"]] == ["ship_fate", "ship_name"]

"""Record ids: unique, stable, deterministic; and the per-record change description."""

from __future__ import annotations

from flows.commit import assign_ids
from flows.diff import record_changes
from flows.work import DocOutcome


def _doc(key: str, slug: str) -> DocOutcome:
    return DocOutcome(key, "extracted", record_json=b'{"id": "%s"}' % slug.encode(), slug=slug)


def test_store_ids_same_title_first_in_sorted_order_keeps_slug() -> None:
    docs = {"b.wiki": _doc("b.wiki", "foo"), "a.txt": _doc("a.txt", "foo"), "c.txt": _doc("c.txt", "bar")}
    ids = assign_ids(docs, {}, {})
    assert ids["a.txt"] == ("foo", None)
    assert ids["b.wiki"][0].startswith("foo-") and ids["b.wiki"][1] == "a.txt"
    assert ids["c.txt"] == ("bar", None)
    assert ids == assign_ids(dict(reversed(list(docs.items()))), {}, {})


def test_store_ids_are_kept_once_assigned() -> None:
    old = {"b.wiki": {"record_id": "foo"}}
    ids = assign_ids({"a.txt": _doc("a.txt", "foo"), "b.wiki": _doc("b.wiki", "foo")}, old, {})
    assert ids["b.wiki"][0] == "foo", "the source that already had the id keeps it"
    assert ids["a.txt"][0].startswith("foo-")
    kept = {"z.txt": {"record_id": "foo"}}
    assert assign_ids({"a.txt": _doc("a.txt", "foo")}, {}, kept)["a.txt"][0].startswith("foo-")


def test_store_ids_unsafe_slug_is_replaced() -> None:
    ids = assign_ids({"x": _doc("x", "../../etc")}, {}, {})
    assert ids["x"][0].startswith("article-")


def test_store_record_changes_names_fields_and_events() -> None:
    old = {"title": "T", "infobox": {"fields": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]},
           "events": [{"id": "e1", "sentence": "x"}, {"id": "e2", "sentence": "y"}]}
    new = {"title": "T", "infobox": {"fields": [{"key": "a", "value": "1"}, {"key": "b", "value": "3"},
                                                {"key": "c", "value": "4"}]},
           "events": [{"id": "e1", "sentence": "x!"}, {"id": "e3", "sentence": "z"}]}
    change = record_changes(old, new)
    assert change["infobox_fields"] == {"added": [{"key": "c", "new": "4"}], "removed": [],
                                        "changed": [{"key": "b", "old": "2", "new": "3"}]}
    events = change["events"]
    assert [e["id"] for e in events["added"]] == ["e3"] and [e["id"] for e in events["removed"]] == ["e2"]
    assert events["changed"] == [{"id": "e1", "changed": ["sentence"], "old": {"sentence": "x"},
                                  "new": {"sentence": "x!"}}] and events["moved"] == 0
    assert change["other"] == []

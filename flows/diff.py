"""What changed between two versions of a record, for the run's change log: keys, ids and the values."""

from __future__ import annotations

import json
from typing import Any

from pipeline.extract.keys import normalize_key

MAX_VALUE_CHARS = 200
"""Values in the change log are cut to this many characters (the record file holds the whole value)."""
EVENT_PARTS = ("date", "sentence", "actors")
"""What makes an event "changed"; an event whose other parts (offsets, section) moved is only "moved"."""


def record_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Infobox fields (by key, with old and new values) and events (by id) added, removed or changed.

    ``events.moved`` counts events whose date, sentence and actors are the same but whose offsets (or
    section) moved, e.g. because a line was added above them; ``other`` names the other changed parts.
    """
    old = old or {}
    fields = _field_changes(_old_keys_as_new(_infobox_fields(old), old, new), _infobox_fields(new))
    events = _event_changes(_by_id(old.get("events")), _by_id(new.get("events")))
    skip = {"infobox", "other_infoboxes", "events"}
    other = sorted(k for k in set(old) | set(new) if k not in skip and old.get(k) != new.get(k))
    if old.get("other_infoboxes") != new.get("other_infoboxes"):
        other.append("other_infoboxes")
    if (old.get("infobox") or {}).get("groups") != (new.get("infobox") or {}).get("groups"):
        other.append("infobox.groups")
    if (old.get("infobox") or {}).get("template") != (new.get("infobox") or {}).get("template"):
        other.append("infobox.template")
    return {"infobox_fields": fields, "events": events, "other": sorted(other)}


def cut(value: Any, limit: int = MAX_VALUE_CHARS) -> Any:
    """A string cut to ``limit`` characters (ending in an ellipsis when cut); other values unchanged."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _infobox_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The first infobox's fields by key; a repeated key gets ``#2``, ``#3``... in source order."""
    box = record.get("infobox") or {}
    keyed: dict[str, Any] = {}
    for item in box.get("fields") or []:
        key = str(item.get("key"))
        name, n = key, 1
        while name in keyed:
            n += 1
            name = f"{key}#{n}"
        keyed[name] = item
    return keyed


def _old_keys_as_new(fields: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Fields of a record written before schema 1.2.0, whose wikitext keys were snake_case ('ship_name'), under
    the keys the new record writes for the same labels ('Ship name'): an upgrade is no rename of every field."""
    if _version(str(old.get("schema_version") or "0")) >= _KEYS_AS_WRITTEN:
        return fields
    renamed = {normalize_key(str(item.get("label", ""))): str(item.get("key"))
               for item in (new.get("infobox") or {}).get("fields") or []}
    out: dict[str, Any] = {}
    for key, item in fields.items():
        new_key = renamed.get(key, key) if "#" not in key else key
        out[new_key] = {**item, "key": new_key} if new_key != key else item
    return out


_KEYS_AS_WRITTEN = (1, 2, 0)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


def _field_value(item: dict[str, Any], other: dict[str, Any] | None = None) -> str:
    """The field's value as written; when both versions read the same, the typed parts that differ."""
    value = str(item.get("value", ""))
    if other is not None and str(other.get("value", "")) == value:
        differing = {k: v for k, v in item.items() if other.get(k) != v}
        return cut(json.dumps(differing, ensure_ascii=False, sort_keys=True))
    return cut(value)


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        "added": [{"key": k, "new": _field_value(new[k])} for k in sorted(new) if k not in old],
        "removed": [{"key": k, "old": _field_value(old[k])} for k in sorted(old) if k not in new],
        "changed": [{"key": k, "old": _field_value(old[k], new[k]), "new": _field_value(new[k], old[k])}
                    for k in sorted(new) if k in old and old[k] != new[k]],
    }


def _by_id(events: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {str(e.get("id")): e for e in events or []}


def _event_part(event: dict[str, Any], part: str) -> Any:
    value = event.get(part)
    if part == "sentence":
        return cut(value)
    if part == "actors":
        return [a.get("name") if isinstance(a, dict) else a for a in value or []]
    return value


def _event_summary(event: dict[str, Any]) -> dict[str, Any]:
    date = event.get("date") or {}
    return {"id": str(event.get("id")), "date": date.get("text"), "start": date.get("start"),
            "sentence": cut(event.get("sentence"))}


def _event_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    changed, moved = [], 0
    for key in sorted(new):
        if key not in old or old[key] == new[key]:
            continue
        parts = [p for p in EVENT_PARTS if old[key].get(p) != new[key].get(p)]
        if not parts:
            moved += 1
            continue
        changed.append({"id": key, "changed": parts,
                        "old": {p: _event_part(old[key], p) for p in parts},
                        "new": {p: _event_part(new[key], p) for p in parts}})
    return {
        "added": [_event_summary(new[k]) for k in sorted(new) if k not in old],
        "removed": [_event_summary(old[k]) for k in sorted(old) if k not in new],
        "changed": changed,
        "moved": moved,
    }

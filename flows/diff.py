"""What changed between two versions of a record, for the run's change log."""

from __future__ import annotations

from typing import Any


def record_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Infobox fields (by key) and events (by id) added, removed or changed, plus other changed parts."""
    old = old or {}
    fields = _keyed_changes(_infobox_fields(old), _infobox_fields(new))
    events = _keyed_changes(_by_id(old.get("events")), _by_id(new.get("events")))
    skip = {"infobox", "other_infoboxes", "events"}
    other = sorted(k for k in set(old) | set(new) if k not in skip and old.get(k) != new.get(k))
    if old.get("other_infoboxes") != new.get("other_infoboxes"):
        other.append("other_infoboxes")
    if (old.get("infobox") or {}).get("groups") != (new.get("infobox") or {}).get("groups"):
        other.append("infobox.groups")
    if (old.get("infobox") or {}).get("template") != (new.get("infobox") or {}).get("template"):
        other.append("infobox.template")
    return {"infobox_fields": fields, "events": events, "other": sorted(other)}


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


def _by_id(events: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {str(e.get("id")): e for e in events or []}


def _keyed_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "added": sorted(k for k in new if k not in old),
        "removed": sorted(k for k in old if k not in new),
        "changed": sorted(k for k in new if k in old and old[k] != new[k]),
    }

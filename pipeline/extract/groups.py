"""Numbered infobox families grouped in order: leader_title/leader_name, leader_title2/... -> groups.leader."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

_NUMBERED = re.compile(r"^(?P<stem>[a-z][a-z0-9_]*?[a-z])_?(?P<n>\d{1,3})$")


@cache
def _family_of_stem() -> dict[str, str]:
    data = json.loads(resources.files("pipeline.resources").joinpath("families.json").read_text("utf-8"))
    return {stem: family for family, stems in data.items() if not family.startswith("_") for stem in stems}


def _split(stem: str) -> tuple[str, str]:
    """(group, member) for a stem: from the families data, else by its last underscore."""
    family = _family_of_stem().get(stem)
    if family is not None:
        return family, stem
    if "_" in stem:
        group, member = stem.rsplit("_", 1)
        return group, member
    return stem, stem


def group_fields(pairs: list[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Group (key, value) pairs of numbered families; unnumbered keys join as number 1 of their family
    (as number 0 when the same key also exists numbered 1: leader_title next to leader_title1).

    A family is kept only when it has a numbered member, so plain keys such as ``leader_name`` alone
    stay ordinary fields (every field also stays in ``fields``; groups are a view over them).
    """
    numbered: dict[str, dict[int, dict[str, str]]] = {}
    keys = {key for key, _ in pairs}
    stems_numbered: set[str] = set()
    for key, _ in pairs:
        if m := _NUMBERED.match(key):
            stems_numbered.add(m.group("stem"))
    families_numbered = {_split(stem)[0] for stem in stems_numbered}
    for key, value in pairs:
        m = _NUMBERED.match(key)
        # An unnumbered key is number 1 (office + predecessor1), or 0 when an explicit 1 exists too.
        stem, index = (m.group("stem"), int(m.group("n"))) if m else (key, 0 if _has_one(key, keys) else 1)
        group, member = _split(stem)
        if group not in families_numbered:
            continue
        numbered.setdefault(group, {}).setdefault(index, {}).setdefault(member, value)
    return {
        group: [members[i] for i in sorted(members)]
        for group, members in numbered.items()
        if len(members) > 1 or any(len(m) > 1 for m in members.values())
    }


def _has_one(key: str, keys: set[str]) -> bool:
    return f"{key}1" in keys or f"{key}_1" in keys

"""Numbered infobox families grouped in order: leader_title/leader_name, leader_title2/... -> groups.leader."""

from __future__ import annotations

import re
from functools import cache

from pipeline.resources import load_json

_NUMBERED = re.compile(r"^(?P<stem>[a-z][a-z0-9_]*?[a-z])_?(?P<n>\d{1,3})$")
_DIGITS = re.compile(r"\d+")


@cache
def _family_of_stem() -> dict[str, str]:
    data = load_json("families.json")
    return {stem: family for family, stems in data.items() if not family.startswith("_") for stem in stems}


def _numbered(key: str) -> re.Match[str] | None:
    """The stem/number match of a numbered key; None for plain keys and unit endings such as area_km2."""
    if key.rsplit("_", 1)[-1] in load_json("families.json")["_not_numbers"]:
        return None
    return _NUMBERED.match(key)


class _Splitter:
    """(group, member) for a family stem: from the families data, else by the token its siblings vary in.

    Siblings are numbered stems equal but for one ``_``-separated token: leader_title/leader_name vary in
    the last token (group 'leader'), blank_name_sec/blank_info_sec in the middle one (group 'blank_sec').
    """

    def __init__(self, numbered_stems: set[str]) -> None:
        self._data = _family_of_stem()
        self._siblings: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}
        for stem in numbered_stems - self._data.keys():
            tokens = stem.split("_")
            if len(tokens) > 1:
                for pos in range(len(tokens)):
                    self._siblings.setdefault((tuple(tokens[:pos]), tuple(tokens[pos + 1 :])), set()).add(stem)
        # Siblings that differ only by digits (blank1_name/blank2_name) vary in an index, not in a member.
        for signature, stems in list(self._siblings.items()):
            pos = len(signature[0])
            if len(stems) > 1 and len({_DIGITS.sub("", s.split("_")[pos]) for s in stems}) < 2:
                del self._siblings[signature]

    def split(self, stem: str) -> tuple[str, str, bool]:
        """(group, member, known): known is False when only the last-underscore fallback applied."""
        if (family := self._data.get(stem)) is not None:
            return family, stem, True
        tokens = stem.split("_")
        best: tuple[int, int] | None = None
        for pos in range(len(tokens)):
            count = len(self._siblings.get((tuple(tokens[:pos]), tuple(tokens[pos + 1 :])), set()) | {stem})
            if count >= 2 and (best is None or count >= best[0]):
                best = (count, pos)
        if best is not None:
            pos = best[1]
            return "_".join(tokens[:pos] + tokens[pos + 1 :]), tokens[pos], True
        if len(tokens) > 1:
            return "_".join(tokens[:-1]), tokens[-1], False
        return stem, stem, False


def group_fields(pairs: list[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Group (key, value) pairs of numbered families; unnumbered keys join as number 1 of their family
    (as number 0 when the same key also exists numbered 1: leader_title next to leader_title1).

    A family is kept only when it has a numbered member, so plain keys such as ``leader_name`` alone
    stay ordinary fields (every field also stays in ``fields``; groups are a view over them).
    """
    numbered: dict[str, dict[int, dict[str, str]]] = {}
    keys = {key for key, _ in pairs}
    stems_numbered = {m.group("stem") for key, _ in pairs if (m := _numbered(key))}
    splitter = _Splitter(stems_numbered)
    families_numbered = {splitter.split(stem)[0] for stem in stems_numbered}
    # A family where some key exists both plain and numbered 1 (office + office1) counts plain keys as 0;
    # otherwise a plain key is number 1 (office + predecessor1 describe the same office).
    zero_based = {splitter.split(key)[0] for key in keys if _has_one(key, keys)}
    for key, value in pairs:
        m = _numbered(key)
        if m:
            stem, index = m.group("stem"), int(m.group("n"))
        else:
            stem = key
            index = 0 if splitter.split(key)[0] in zero_based else 1
        group, member, known = splitter.split(stem)
        if group not in families_numbered or (not m and not known and stem not in stems_numbered):
            continue
        numbered.setdefault(group, {}).setdefault(index, {}).setdefault(member, value)
    return {
        group: [members[i] for i in sorted(members)]
        for group, members in numbered.items()
        if len(members) > 1 or any(len(m) > 1 for m in members.values())
    }


def _has_one(key: str, keys: set[str]) -> bool:
    return f"{key}1" in keys or f"{key}_1" in keys

"""The date grammar's vocabulary (months, eras, seasons, qualifier words...) loaded from JSON data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from pipeline.resources import load_json


@cache
def load(name: str) -> dict[str, Any]:
    """One JSON file of ``pipeline/resources/dates/``."""
    return load_json(f"dates/{name}.json")


def vocabulary() -> dict[str, Any]:
    """The vocabulary file (``vocabulary.json``)."""
    return load("vocabulary")


_ENTRIES: dict[int, tuple[dict[str, Any], Mapping[str, Any]]] = {}
_MAX_KEPT = 256


def entries(mapping: dict[str, Any]) -> Mapping[str, Any]:
    """A data mapping without its ``_doc`` note (built once per mapping: the taggers ask for it on every text;
    the result is shared, so it is read-only)."""
    kept = _ENTRIES.get(id(mapping))
    if kept is not None and kept[0] is mapping:  # the mapping itself is kept, so its id is never reused
        return kept[1]
    result = MappingProxyType({k: v for k, v in mapping.items() if not k.startswith("_")})
    if len(_ENTRIES) < _MAX_KEPT:  # the data files hold a few dozen mappings; anything else is not kept
        _ENTRIES[id(mapping)] = (mapping, result)
    return result


def first_letter_any_case(word: str) -> str:
    """Regex for ``word`` with its first letter in either case, spaces as bounded whitespace."""
    body = r"\s{1,3}".join(re.escape(part) for part in word.split(" "))
    head = word[0]
    if head.isalpha():
        return f"[{head.upper()}{head.lower()}]" + body[len(re.escape(head)):]
    return body


def alternation(words: list[str], any_case_first: bool = True) -> str:
    """A non-capturing alternation of ``words``, longest first so that the longest phrase wins."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    parts = [first_letter_any_case(w) if any_case_first else re.escape(w) for w in ordered]
    return "(?:" + "|".join(parts) + ")"


def fast_alternation(words: list[str]) -> str:
    """Like ``alternation`` but starting with a character class of first letters.

    Python's regex engine skips quickly over characters that cannot start a pattern only when the pattern
    begins with a literal or a character class; an alternation of phrases would be tried at every character.
    """
    by_first: dict[str, list[str]] = {}
    for word in set(words):
        by_first.setdefault(word[0].lower(), []).append(word)
    firsts = "".join(sorted(f"{c.upper()}{c.lower()}" if c.isalpha() else re.escape(c) for c in by_first))
    branches = []
    for first, group in sorted(by_first.items()):
        rests = []
        for word in sorted(group, key=lambda w: (-len(w), w)):
            rests.append(r"\s{1,3}".join(re.escape(p) for p in word[1:].split(" ")))
        cls = f"[{first.upper()}{first.lower()}]" if first.isalpha() else re.escape(first)
        branches.append(f"(?<={cls})(?:{'|'.join(rests)})")
    return f"[{firsts}](?:{'|'.join(branches)})"

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


def trie_alternation(words: list[str]) -> str:
    """``alternation(words)`` with the words' common beginnings written once: the same matches, fewer tries.

    Only for a case-sensitive context (no ``re.IGNORECASE``, not inside ``(?i:...)``), as every caller of
    ``relative._words`` is. ``alternation`` tries its words longest first; where several of them match at one
    place their texts read the same words there, so each is a beginning of the next longer one, and the trie
    (a word's longer continuations before its end, at every node) tries them in that same order, while words
    that cannot match there fail at their first differing character instead of one by one. Words that would
    break that argument (an empty word, other whitespace than single spaces, a first letter outside ASCII) give
    ``alternation`` itself.
    """
    if not words or any(not w or w != w.strip() or "  " in w or any(c.isspace() and c != " " for c in w)
                        or (w[0].isalpha() and not w[0].isascii()) for w in words):
        return alternation(words)
    root: dict[str, Any] = {}
    for word in set(words):
        node = root
        for ch in (word[0].lower() if word[0].isalpha() else word[0]) + word[1:]:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any], top: bool) -> str:
        parts = []
        for ch in sorted(k for k in node if k):
            head = f"[{ch.upper()}{ch.lower()}]" if top and ch.isalpha() else r"\s{1,3}" if ch == " " else re.escape(ch)
            parts.append(head + emit(node[ch], False))
        if "" in node:
            parts.append("")  # the word ending here: tried after its longer continuations
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return "(?:" + emit(root, True) + ")"


def fast_alternation(words: list[str]) -> str:
    """Like ``alternation``, as one branch per first letter: ``[Tt](?:he\\s{1,3}past|oday)|[Nn](?:ow)``.

    The branches begin with disjoint character classes, so at most one can match at a place, and each holds its
    words longest first: the same matches as ``alternation``. The engine tests a branch's leading class before
    entering it (a lookbehind ``(?<=[Tt])`` after a shared class of first letters, as this was written before,
    had to be run for every branch), and ``with_first_chars`` reads the first letters from the branches to skip
    the characters that cannot start a match.
    """
    by_first: dict[str, list[str]] = {}
    for word in set(words):
        by_first.setdefault(word[0].lower(), []).append(word)
    branches = []
    for first, group in sorted(by_first.items()):
        rests = []
        for word in sorted(group, key=lambda w: (-len(w), w)):
            rests.append(r"\s{1,3}".join(re.escape(p) for p in word[1:].split(" ")))
        cls = f"[{first.upper()}{first.lower()}]" if first.isalpha() else re.escape(first)
        branches.append(f"{cls}(?:{'|'.join(rests)})")
    return f"(?:{'|'.join(branches)})"

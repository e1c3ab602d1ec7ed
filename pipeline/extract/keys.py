"""Infobox keys: the parameter's name as written in wikitext, or restored snake_case from a flat rendering.

Wikitext parameter names are case-sensitive and may hold spaces (``ArgueDate``, ``award1W``, ``bat avg1``):
the key keeps them as written, so it names the template's documented parameter. A flat rendering shows
``Region Served`` for ``region_served``: its key is normalized back to snake_case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pipeline.resources import load_json

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_key(label: str) -> str:
    """snake_case ASCII key for a label as written; empty labels give 'field'.

    Also the form the tool compares keys in (families, DBpedia mappings): 'Region Served', 'region served' and
    'region_served' are one key there.
    """
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_WORD.sub("_", folded).strip("_") or "field"


_CAMEL_WORD = re.compile(r"^(?P<word>[A-Z]?[a-z]+)(?=[A-Z])")


@cache
def _attribute_words() -> frozenset[str]:
    """``_prefix_member_words`` of families.json, built once: compare_key runs for every infobox label."""
    return frozenset(load_json("families.json")["_prefix_member_words"])


def _split_at(label: str) -> int:
    """Where a CamelCase name opens with an attribute word ('JoinDissent2': after 'Join'), else 0.

    Only that word is set apart, as '_' sets it apart in date_event1: other CamelCase names keep comparing as
    one word ('TimeZone2' -> 'timezone2', like the snake_case rules have always read them)."""
    m = _CAMEL_WORD.match(label)
    return m.end() if m and m.group("word").lower() in _attribute_words() else 0


def compare_key(label: str) -> str:
    """The form numbered families are found in: normalized, with a CamelCase name's leading attribute word
    apart ('JoinDissent2' -> 'join_dissent2'), as '_' keeps it apart in snake_case names."""
    cut = _split_at(label)
    return normalize_key(f"{label[:cut]}_{label[cut:]}" if cut else label)


def aligned_part(part: str, key: str, label: str) -> str:
    """``part`` of ``key`` (the label's ``compare_key``) spelled as the label writes it: 'W' of 'award1W',
    'JoinDissent' of 'JoinDissent2', 'bat avg' of 'bat avg1'; ``part`` itself when the two cannot be lined up."""
    cut = _split_at(label)
    chars: list[str] = []
    index: list[int] = []  # the label's index of each key character; -1 for the '_' after an attribute word
    for i, ch in enumerate(label):
        if cut and i == cut:
            chars.append("_")
            index.append(-1)
        folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii").lower()
        if folded and folded.isalnum():  # 'ó' of 'Población1' compares as 'o', as in normalize_key
            chars.extend(folded)
            index.extend([i] * len(folded))
        elif not folded and not ch.isspace() and unicodedata.combining(ch):
            continue
        elif not chars or chars[-1] != "_":
            chars.append("_")
            index.append(i)
    while chars and chars[-1] == "_":
        chars.pop()
        index.pop()
    while chars and chars[0] == "_":
        chars.pop(0)
        index.pop(0)
    start = key.rfind(part)
    if "".join(chars) != key or start < 0 or not part:
        return part
    inside = [i for i in index[start:start + len(part)] if i >= 0]
    return label[inside[0]:inside[-1] + 1] if inside else part


def parameter_key(label: str) -> str:
    """A wikitext parameter's name as written, its white space runs made one space; empty labels give 'field'."""
    return " ".join(label.split()) or "field"


def field_key(label: str, as_written: bool) -> str:
    """The record key of a label: as written for wikitext parameters, normalized for flat renderings."""
    return parameter_key(label) if as_written else normalize_key(label)

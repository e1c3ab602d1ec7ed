"""Numbered infobox keys read apart: 'years7' -> ('years', 7), 'stat1label' -> ('stat', 1, 'label')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.keys import normalize_key
from pipeline.resources import load_json

# The number ends the key (clubs7, leader_title_2; one letter too: Infobox former country p1, s1, the states before
# and after) or sits before a last word (stat1label, commander1_label).
_TRAILING = re.compile(r"^(?P<stem>[a-z0-9][a-z0-9_]*?[a-z]|[a-z])_?(?P<n>\d{1,3})$")
_INFIX = re.compile(r"^(?P<head>[a-z][a-z0-9_]*?[a-z])_?(?P<n>\d{1,3})(?P<sep>_?)(?P<tail>[a-z][a-z_]*[a-z])$")
# A one-letter head is a numbered key when a word follows after "_": Infobox airport r1-number, r1-length-m
# (normalized r1_number, r1_length_m) are runway 1. Written together ('a1b') it stays one name.
_LETTER_HEAD = re.compile(r"^(?P<head>[a-z])(?P<n>\d{1,2})_(?P<tail>[a-z]{3,}(?:_[a-z]+)*)$")
# A capital letter after the number, in a parameter name as written, abbreviates a member: Infobox awards list
# award1W, award1N (wins, nominations of award 1). A lower-case letter there is a sub-index (Template:Photomontage
# photo1a, photo1b; Infobox military conflict combatant1a, the second line of side 1) and stays a plain key.
_CAPITAL_TAIL = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9_ ]*?[A-Za-z])[_ ]?(?P<n>\d{1,3})(?P<tail>[A-Z])$")


@dataclass(frozen=True)
class NumberedKey:
    """A key's family stem and number; ``head``/``tail`` are set when the number is inside the key."""

    stem: str
    n: int
    head: str | None = None
    tail: str | None = None
    abbreviated: bool = False
    """The tail is a capital letter after the number (award1W): a member only beside other keys of its head."""


def _not_numbers() -> frozenset[str]:
    return frozenset(load_json("families.json")["_not_numbers"])


def read_numbered(key: str, label: str | None = None) -> NumberedKey | None:
    """The stem and number of a numbered key; None for plain keys and digits that belong to a unit or name.

    ``area_km2``, ``iso3166code``, ``mp3_file`` and four-digit years (``pop_2011``) are not numbers. ``label``,
    the parameter's name as written (wikitext), adds the members abbreviated by a capital letter (award1W).
    """
    if any(token in _not_numbers() for token in key.split("_")):
        return None
    if label is not None and (m := _CAPITAL_TAIL.match(label.strip())) and not _TRAILING.match(key):
        head = normalize_key(m.group("head"))
        tail = m.group("tail").lower()
        return NumberedKey(stem=f"{head}#{tail}", n=int(m.group("n")), head=head, tail=tail, abbreviated=True)
    if m := _TRAILING.match(key):
        return NumberedKey(stem=m.group("stem"), n=int(m.group("n")))
    if (m := _INFIX.match(key) or _LETTER_HEAD.match(key)) and not _embedded_unit(key):
        head, tail = m.group("head"), m.group("tail")
        return NumberedKey(stem=f"{head}#{tail}", n=int(m.group("n")), head=head, tail=tail)
    return None


def _embedded_unit(key: str) -> bool:
    """'iso3166code', 'ipv4address': the digits belong to a name listed in _not_numbers."""
    return any(word in key for word in _not_numbers() if any(ch.isdigit() for ch in word) and len(word) > 2)


def plain_aliases(numbered: NumberedKey) -> tuple[str, ...]:
    """Plain keys that stand for number 0/1 of a stem: 'years' for years7, 'identification_symbol_label'
    (and 'identification_symbollabel') for identification_symbol_2_label."""
    if numbered.head is None:
        return (numbered.stem,)
    return (f"{numbered.head}_{numbered.tail}", f"{numbered.head}{numbered.tail}")

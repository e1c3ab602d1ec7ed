"""Numbered infobox families grouped into rows: years1/clubs1/caps1 ... -> groups.career = [{"n": 1, ...}, ...].

Which numbered stems form one family is decided from the infobox itself, in this order (docs/families.md):

1. the families table (``families.json``): stems with no common prefix (``years``/``clubs``/``caps``/``goals``
   -> ``career``, ``pattern_la``/``leftarm``/``body`` ... -> ``kit``, ``office``/``term_start`` ... -> ``office``);
2. a number inside the key: ``stat1label``/``stat1value`` -> ``stat``, ``commander1``/``commander1_label`` ->
   ``commander`` (members ``commander`` and ``label``);
3. ``_``-separated stems equal but for one token: ``leader_title``/``leader_name`` -> ``leader``,
   ``blank_name_sec``/``blank_info_sec`` -> ``blank_sec``;
4. a common prefix of concatenated words: ``youthyears``/``youthclubs`` -> ``youth``, ``statlabel``/``statvalue``
   -> ``stat``;
5. stems left over that share numbers with each other (or with a family of the table) join it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pipeline.extract.numbered import NumberedKey, plain_aliases, read_numbered
from pipeline.resources import load_json

Row = dict[str, str | int]
_DIGITS = str.maketrans("", "", "0123456789")


@cache
def _family_of_stem() -> dict[str, str]:
    data = load_json("families.json")
    return {stem: family for family, stems in data.items() if not family.startswith("_") for stem in stems}


@cache
def _member_words() -> frozenset[str]:
    return frozenset(load_json("families.json")["_member_words"])


class _Siblings:
    """(group, member) for ``_``-separated stems equal but for one token (the member).

    leader_title/leader_name vary in the last token (group 'leader'), blank_name_sec/blank_info_sec in the
    middle one (group 'blank_sec'); siblings that differ only by digits (blank1_name/blank2_name) vary in an
    index, not in a member.
    """

    def __init__(self, stems: Iterable[str]) -> None:
        self._siblings: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}
        for stem in stems:
            tokens = stem.split("_")
            if len(tokens) > 1:
                for pos in range(len(tokens)):
                    self._siblings.setdefault((tuple(tokens[:pos]), tuple(tokens[pos + 1 :])), set()).add(stem)
        for signature, group in list(self._siblings.items()):
            pos = len(signature[0])
            if len(group) < 2 or len({s.split("_")[pos].translate(_DIGITS) for s in group}) < 2:
                del self._siblings[signature]

    def split(self, stem: str) -> tuple[str, str] | None:
        """(group, member) when the stem has a sibling; the signature with the most siblings wins."""
        tokens = stem.split("_")
        best: tuple[int, int] | None = None
        for pos in range(len(tokens)):
            count = len(self._siblings.get((tuple(tokens[:pos]), tuple(tokens[pos + 1 :])), set()) | {stem})
            if count >= 2 and (best is None or count >= best[0]):
                best = (count, pos)
        if best is None:
            return None
        pos = best[1]
        return "_".join(tokens[:pos] + tokens[pos + 1 :]), tokens[pos]


def _word_split(stem: str) -> tuple[str, str] | None:
    """'youthyears' -> ('youth', 'years'): a prefix of 3+ letters before a word that ends family keys."""
    for word in sorted(_member_words(), key=len, reverse=True):
        prefix = stem[: -len(word)]
        if stem.endswith(word) and len(prefix.rstrip("_")) >= 3 and prefix.rstrip("_")[-1:].isalpha():
            return prefix, word
    return None


def _pair_prefix(a: str, b: str) -> str | None:
    """The family prefix two concatenated stems share (nationalteam/nationalcaps -> 'national'), or None.

    Both rests must be known family words, or else the prefix has 3+ letters and each rest 3+ letters
    starting with a letter, so caps/clubs ('c') or years/year never make a family.
    """
    split_a, split_b = _word_split(a), _word_split(b)
    if split_a and split_b and split_a[0] == split_b[0]:
        return split_a[0]
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    prefix, rest_a, rest_b = a[:common], a[common:].lstrip("_"), b[common:].lstrip("_")
    if len(prefix.rstrip("_")) < 3 or min(len(rest_a), len(rest_b)) < 3:
        return None
    if not (rest_a[0].isalpha() and rest_b[0].isalpha()):
        return None
    return prefix


def _families(numbers: dict[str, set[int]], infos: dict[str, NumberedKey]) -> dict[str, tuple[str, str]]:
    """stem -> (family, member) for every numbered stem, in the order of the module docstring."""
    table = _family_of_stem()
    assign: dict[str, tuple[str, str]] = {}
    for stem in numbers:
        if stem in table:
            assign[stem] = (table[stem], stem)
    heads = {info.head for info in infos.values() if info.head}
    for stem, info in infos.items():
        if stem in assign:
            continue
        if info.head and info.tail:
            assign[stem] = (info.head, info.tail)
        elif stem in heads:
            assign[stem] = (stem, stem)
    siblings = _Siblings(s for s in numbers if s not in assign)
    for stem in numbers:
        if stem not in assign and (split := siblings.split(stem)):
            assign[stem] = split
    _assign_prefixes([s for s in numbers if s not in assign], numbers, assign)
    _assign_cooccurring([s for s in numbers if s not in assign], numbers, assign)
    return assign


def _assign_prefixes(stems: list[str], numbers: dict[str, set[int]], assign: dict[str, tuple[str, str]]) -> None:
    """Concatenated stems with a common prefix (youthyears/youthclubs) or a family word (nationalteam alone)."""
    best: dict[str, str] = {}
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            if numbers[a] & numbers[b] and (prefix := _pair_prefix(a, b)):
                for stem in (a, b):
                    if stem not in best or len(prefix) < len(best[stem]):
                        best[stem] = prefix
    for stem in stems:
        if stem not in best and (split := _word_split(stem)):
            best[stem] = split[0]
    for stem, prefix in best.items():
        member = stem[len(prefix):].lstrip("_")
        assign[stem] = (prefix.rstrip("_"), member or stem)


def _assign_cooccurring(stems: list[str], numbers: dict[str, set[int]],
                        assign: dict[str, tuple[str, str]]) -> None:
    """Leftover stems sharing a number join a family of the table, else each other (named by the first)."""
    table_families: dict[str, set[int]] = {}
    table = _family_of_stem()
    for stem, (family, _member) in assign.items():
        if table.get(stem) == family:
            table_families.setdefault(family, set()).update(numbers[stem])
    open_families: dict[str, set[int]] = {}
    for stem in stems:
        family = next((name for name, nums in table_families.items() if nums & numbers[stem]), None)
        if family is not None:
            table_families[family] |= numbers[stem]
        else:
            family = next((name for name, nums in open_families.items() if nums & numbers[stem]), stem)
            open_families.setdefault(family, set()).update(numbers[stem])
        assign[stem] = (family, stem)


def group_fields(pairs: list[tuple[str, str]]) -> dict[str, list[Row]]:
    """Group (key, value) pairs of numbered families into rows ``{"n": number, member: value, ...}``.

    A plain key next to numbered ones (years/years1, leader_title/leader_title2) is number 1, or number 0
    when the same key also exists numbered 1 (office next to office1). A family needs a numbered key, and
    more than one row or a row with two members; every field also stays in ``fields``.
    """
    numbers: dict[str, set[int]] = {}
    infos: dict[str, NumberedKey] = {}
    parsed: list[tuple[str, str, NumberedKey | None]] = []
    for key, value in pairs:
        info = read_numbered(key)
        parsed.append((key, value, info))
        if info is not None:
            numbers.setdefault(info.stem, set()).add(info.n)
            infos.setdefault(info.stem, info)
    if not numbers:
        return {}
    assign = _families(numbers, infos)
    plain = _plain_members(pairs, numbers, infos, assign)
    zero_based = {assign[stem][0] for stem in plain.values() if 1 in numbers[stem]}
    joins = _plain_joins(pairs, assign, plain)
    rows: dict[str, dict[int, dict[str, str]]] = {}
    for key, value, info in parsed:
        if info is not None:
            family, member = assign[info.stem]
            n = info.n
        elif key in plain:
            family, member = assign[plain[key]]
            n = 0 if family in zero_based else 1
        elif key in joins:
            family, member = joins[key]
            n = 0 if family in zero_based else 1
        else:
            continue
        rows.setdefault(family, {}).setdefault(n, {}).setdefault(member, value)
    return {
        family: [{"n": n, **members[n]} for n in sorted(members)]
        for family, members in rows.items()
        if len(members) > 1 or any(len(m) > 1 for m in members.values())
    }


def _plain_members(pairs: list[tuple[str, str]], numbers: dict[str, set[int]], infos: dict[str, NumberedKey],
                   assign: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Plain keys that are the unnumbered form of a numbered stem: key -> stem (years -> years)."""
    alias: dict[str, str] = {}
    for stem, info in infos.items():
        for name in plain_aliases(info):
            alias.setdefault(name, stem)
    return {key: alias[key] for key, _ in pairs if key in alias and read_numbered(key) is None}


def _plain_joins(pairs: list[tuple[str, str]], assign: dict[str, tuple[str, str]],
                 plain: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Plain keys that belong to a present family without being numbered anywhere: leader_party next to
    leader_title2 ('leader' + '_party'), predecessor next to office2 (the families table)."""
    table = _family_of_stem()
    structural = {family for stem, (family, _member) in assign.items() if table.get(stem) != family}
    table_families = {family for stem, (family, _member) in assign.items() if table.get(stem) == family}
    joins: dict[str, tuple[str, str]] = {}
    for key, _value in pairs:
        if key in plain or read_numbered(key) is not None:
            continue
        if table.get(key) in table_families:
            joins[key] = (table[key], key)
            continue
        head, _sep, member = key.rpartition("_")
        if head in structural and member:
            joins[key] = (head, member)
    return joins

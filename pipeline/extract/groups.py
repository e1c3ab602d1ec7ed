"""Numbered infobox families grouped into rows: years1/clubs1/caps1 ... -> groups.career = [{"n": 1, ...}, ...].

Which numbered stems form one family is decided from the infobox itself, in this order (docs/families.md):

1. the families table (``families.json``): stems with no common prefix (``years``/``clubs``/``caps``/``goals``
   -> ``career``, ``pattern_la``/``leftarm``/``body`` ... -> ``kit``, ``office``/``term_start`` ... -> ``office``);
2. a number inside the key: ``stat1label``/``stat1value`` -> ``stat``, ``commander1``/``commander1_label`` ->
   ``commander`` (members ``commander`` and ``label``);
3. a stem and the same stem with a suffix (``treasury``/``treasury_date`` -> ``treasury``) or a prefix
   (``event``/``date_event`` -> ``event``, ``p``/``flag_p`` -> ``p``: Infobox former country); ``_``-separated
   stems equal but for one token: ``leader_title``/``leader_name`` -> ``leader``,
   ``blank_name_sec``/``blank_info_sec`` -> ``blank_sec``;
4. a common prefix of concatenated words: ``youthyears``/``youthclubs`` -> ``youth``, ``statlabel``/``statvalue``
   -> ``stat``;
5. stems left over: within the numbers of a table family they join it (imageN/partyN beside the election's
   nomineeN), one letter before table stems they are a family (cyears/cteam -> ``coach``), else plain stems
   sharing numbers join each other when their values are of different kinds (combatantN/strengthN; not the
   lists famN/diaN), and a ``_``-joined one joins within the family's numbers (popular_vote1..2).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from itertools import pairwise

from pipeline.extract.keys import aligned_part
from pipeline.extract.numbered import NumberedKey, plain_aliases, read_numbered
from pipeline.resources import load_json

Row = dict[str, str | int]
_DIGITS = str.maketrans("", "", "0123456789")


@cache
def _table() -> tuple[tuple[str, frozenset[str]], ...]:
    """(group name, member stems) of each documented family in ``families.json``."""
    return tuple((entry["name"], frozenset(entry["stems"])) for entry in load_json("families.json")["families"])


@cache
def _table_stems() -> frozenset[str]:
    return frozenset(stem for _name, stems in _table() for stem in stems)


@cache
def _prefixed_names() -> dict[tuple[str, frozenset[str]], str]:
    """(one-letter prefix, entry stems) -> family name, for the prefixes an entry documents ('c' before the
    basketball biography's years/team: the coaching career, 'coach')."""
    return {(prefix, frozenset(entry["stems"])): name for entry in load_json("families.json")["families"]
            for prefix, name in entry.get("prefixed", {}).items()}


def _table_families(stems: Iterable[str]) -> dict[str, str]:
    """stem -> group for the infobox's stems the table knows: the entry covering most of them first, then the
    next, so club/year beside column/matches/runs (cricketer) become two families, not one; every entry needs
    two of the stems (a stem that several templates use, such as ``preceding``, does not name the template)."""
    left = set(stems) & _table_stems()
    found: dict[str, str] = {}
    while left:
        name, members = max(_table(), key=lambda entry: len(entry[1] & left))
        covered = members & left
        if len(covered) < 2:
            break  # one stem says nothing: an agency's precedingN is no officeholder's office, an officeholder's
            # nomineeN left over no second documented family
        found.update(dict.fromkeys(covered, name))
        left -= covered
    return found


@cache
def _prefix_member_words() -> frozenset[str]:
    """Attribute words before another stem (date_eventN, flag_pN): ``_prefix_member_words`` in families.json."""
    return frozenset(load_json("families.json")["_prefix_member_words"])


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
                for pos in range(1, len(tokens)):
                    self._siblings.setdefault((tuple(tokens[:pos]), tuple(tokens[pos + 1 :])), set()).add(stem)
        for signature, group in list(self._siblings.items()):
            pos = len(signature[0])
            if len(group) < 2 or len({s.split("_")[pos].translate(_DIGITS) for s in group}) < 2:
                del self._siblings[signature]

    def split(self, stem: str) -> tuple[str, str] | None:
        """(group, member) when the stem has a sibling; the signature with the most siblings wins."""
        tokens = stem.split("_")
        best: tuple[int, int] | None = None
        for pos in range(1, len(tokens)):
            count = len(self._siblings.get((tuple(tokens[:pos]), tuple(tokens[pos + 1 :])), set()) | {stem})
            if count >= 2 and (best is None or count >= best[0]):
                best = (count, pos)
        if best is None:
            return None
        pos = best[1]
        return "_".join(tokens[:pos] + tokens[pos + 1 :]), tokens[pos]


def _word_split(stem: str, words: frozenset[str]) -> tuple[str, str] | None:
    """'youthyears' -> ('youth', 'years'): a prefix of 3+ letters written together with one of ``words``
    (not 'games_goals': a ``_``-joined key alone is one compound name)."""
    for word in sorted(words, key=len, reverse=True):
        prefix = stem[: -len(word)]
        if stem.endswith(word) and len(prefix) >= 3 and prefix[-1].isalpha():
            return prefix, word
    return None


def _wordlike(rest: str, words: frozenset[str]) -> bool:
    """A member part of a concatenated key: a known word or stem, or one ending in one ('games_wins')."""
    return rest[:1].isalpha() and any(rest == w or (rest.endswith(w) and len(rest) > len(w)) for w in words)


def _pair_prefix(a: str, b: str, words: frozenset[str]) -> str | None:
    """The family prefix two concatenated stems share (nationalteam/nationalcaps -> 'national'), or None.

    The prefix has 3+ letters and what follows it in both stems is a word of ``words`` (family words, the
    infobox's own stems) or ends in one, so caps/clubs ('c'), minister/minorityleader ('min') or
    vicepremier/viceprimeminister never make a family.
    """
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    for cut in range(common, 2, -1):
        prefix = a[:cut]
        if len(prefix.rstrip("_")) < 3 or not prefix.rstrip("_")[-1].isalpha():
            continue
        if _wordlike(a[cut:].lstrip("_"), words) and _wordlike(b[cut:].lstrip("_"), words):
            return prefix
    return None


def _families(numbers: dict[str, set[int]], infos: dict[str, NumberedKey], table: dict[str, str],
              kinds: dict[str, str], twins: frozenset[str] = frozenset(),
              interleaved: frozenset[frozenset[str]] = frozenset()
              ) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """stem -> (family, member) for every numbered stem, in the order of the module docstring, and the
    families that have a name of their own (from the table, an inner number, siblings or a prefix)."""
    assign: dict[str, tuple[str, str]] = {stem: (family, stem) for stem, family in table.items()}
    heads = {info.head for info in infos.values() if info.head}
    head_names = _head_names(infos)
    for stem, info in infos.items():
        if stem in assign:
            continue
        if info.head and info.tail:
            assign[stem] = (head_names.get(info.head, info.head), info.tail)
        elif stem in heads:
            assign[stem] = (stem, stem)
    for stem in numbers:  # treasury1 + treasury_date1, image2 + image_caption2: family 'treasury', 'image'
        head, _sep, tail = stem.rpartition("_")
        if (stem not in assign and head in numbers and head not in table
                and assign.get(head, (head, head)) == (head, head)
                and tail.isalpha() and numbers[head] & numbers[stem]):
            assign[head] = (head, head)
            assign[stem] = (head, tail)
    for stem in numbers:  # date_event1 + event1, year_leader1 + leader1, flag_p1 + p1: family 'event', 'leader', 'p'
        head, _sep, tail = stem.partition("_")
        if (stem not in assign and tail in numbers and tail not in table and head in _prefix_member_words()
                and assign.get(tail, (tail, tail)) == (tail, tail) and numbers[tail] & numbers[stem]):
            assign[tail] = (tail, tail)
            assign[stem] = (tail, stem)  # the member keeps its name: the family's name is no prefix to drop
    siblings = _Siblings(s for s in numbers if s not in assign)
    for stem in numbers:
        if stem not in assign and (split := siblings.split(stem)):
            assign[stem] = split
    _assign_prefixes([s for s in numbers if s not in assign], numbers, assign, frozenset(numbers) | _table_stems())
    _assign_letter_prefixes([s for s in numbers if s not in assign], numbers, assign)
    named = {family for stem, (family, member) in assign.items() if family != member or stem in table}
    _assign_cooccurring([s for s in numbers if s not in assign], numbers, assign, table, kinds, twins, interleaved)
    return assign, named


def _assign_prefixes(stems: list[str], numbers: dict[str, set[int]], assign: dict[str, tuple[str, str]],
                     known: frozenset[str]) -> None:
    """Concatenated stems with a common prefix (youthyears/youthclubs), or one stem that is a prefix before
    another stem of the infobox or of the families table (nationalteam1 alone: 'national' + 'team')."""
    words = known | _member_words()
    best: dict[str, str] = {}
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            if numbers[a] & numbers[b] and (prefix := _pair_prefix(a, b, words)):
                for stem in (a, b):
                    if stem not in best or len(prefix) < len(best[stem]):
                        best[stem] = prefix
    for stem in stems:
        if stem not in best and (split := _word_split(stem, known)):
            best[stem] = split[0]
    for stem, prefix in best.items():
        member = stem[len(prefix):].lstrip("_")
        assign[stem] = (prefix.rstrip("_"), member or stem)
    families = {prefix.rstrip("_") for prefix in best.values()}
    for stem in stems:
        if stem not in assign and stem in families and any(numbers[stem] & numbers[s] for s in best):
            assign[stem] = (stem, stem)  # college1 beside collegeyears1/collegecaps1: member 'college'


def _head_names(infos: dict[str, NumberedKey]) -> dict[str, str]:
    """head -> documented family name for one-letter heads with two or more documented tails (r -> runway)."""
    tails: dict[str, set[str]] = {}
    for info in infos.values():
        if info.head and info.tail:
            tails.setdefault(info.head, set()).add(info.tail)
    return {entry["head"]: entry["name"] for entry in load_json("families.json")["_head_names"]
            if len(tails.get(entry["head"], set()) & set(entry["tails"])) >= 2}


def _assign_letter_prefixes(stems: list[str], numbers: dict[str, set[int]],
                            assign: dict[str, tuple[str, str]]) -> None:
    """Two or more stems that are one letter before stems of one table entry, sharing numbers, are a family of
    their own (Infobox basketball biography cyears1/cteam1: the coaching career beside years1/team1), named as
    the entry documents the prefix ('coach') or after the prefix; a lone 'cteam1' or 'caps'/'clubs' is none."""
    candidates: dict[tuple[str, frozenset[str]], list[str]] = {}
    for stem in stems:
        for _name, members in _table():
            if len(stem) > 3 and stem[0].isalpha() and stem[1:] in members:
                candidates.setdefault((stem[0], members), []).append(stem)
    for (prefix, members), found in candidates.items():
        found = [s for s in found if s not in assign]
        if len(found) >= 2 and all(any(numbers[a] & numbers[b] for b in found if b != a) for a in found):
            family = _prefixed_names().get((prefix, members), prefix)
            for stem in found:
                assign[stem] = (family, stem[1:])


def _prefix_variant(stem: str, table_stems: Iterable[str]) -> bool:
    """'cyears' beside the table stem 'years': a variant of it with a prefix, another list than the family's."""
    return any(stem.endswith(t) and len(stem) > len(t) for t in table_stems)


def _within(stem_numbers: set[int], family_numbers: set[int]) -> bool:
    """The stem's numbers are two or more, all of them the family's, and at least half of the family's: one
    shared number says nothing (the element's heat_fusion2 is no isotope 2), nor do numbers beyond the family's
    (ionization_energy1..3 beside isotopes 1..2) or a few of many (a legislature's voting_system1..2 beside
    its leaders' party1..7)."""
    return len(stem_numbers) >= 2 and stem_numbers <= family_numbers and 2 * len(stem_numbers) >= len(family_numbers)


def value_kind(value: str) -> str:
    """What a field value is, roughly: 'number' (it starts with a count or a year: '~73,000', '2019', 'c. 300',
    or holds a count written with thousands separators: 'United States: 40,000'), 'file' (an image or sound file
    name) or 'text' (a name or a phrase, years in it included: 'Bureau of Chemistry (1901–1927)')."""
    text = value.strip()
    if _FILE_VALUE.search(text):
        return "file"
    if _NUMBER_LED.match(text) or _GROUPED_COUNT.search(text):
        return "number"
    return "text"


_FILE_VALUE = re.compile(r"^(?:File|Image|Media):|"
                         r"\.(?:jpe?g|png|svg|gif|tiff?|webp|ogg|oga|ogv|mp3|wav|flac|mid|webm)$", re.IGNORECASE)
_GROUPED_COUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
_NUMBER_LED = re.compile(r"^(?:[~≈<>+±]|c\.|ca\.|circa\b|approx\.?|about\b|around\b|over\b|under\b|at least\b|"
                         r"more than\b|fewer than\b|less than\b|est\.|US\$|\$|£|€)?\s*\d")


def _stem_kinds(values: dict[str, list[str]]) -> dict[str, str]:
    """stem -> 'file' or 'number' when any of its values is one (``value_kind``: a side's strength may be
    'Unknown' on one side), else 'text'; stems without a value are left out."""
    kinds: dict[str, str] = {}
    for stem, found in values.items():
        seen = {value_kind(value) for value in found if value.strip()}
        if seen:
            kinds[stem] = "file" if "file" in seen else "number" if "number" in seen else "text"
    return kinds


def _row_clusters(stems: list[str], numbers: dict[str, set[int]], kinds: dict[str, str],
                  twins: frozenset[str] = frozenset(),
                  interleaved: frozenset[frozenset[str]] = frozenset()) -> dict[str, str]:
    """stem -> family for plain stems that share numbers (linked by any shared number, named after the first in
    template order), joined only when their values are of two or more kinds: the members of one row describe
    one thing in different ways (a side's combatant and its strength, a region and its population, a sound's
    file and title), while parallel lists of names that happen to share numbers are lists of their own (a
    language's families fam1..3 and dialects dia1..2, an agency's preceding1..3 and keydocument1..2).

    Two series numbered in different styles and written one after the other are two families: one whose first
    row is its plain key (image, image2; width, width2) and one numbered from 1 (component1, component2; class1,
    class2), as Template:Drugbox writes a combination drug's images and its components; written row by row they
    are one (Infobox launch pad's pad1, status, launches, pad2, status2, ...). Values of one kind still make rows
    when the keys are written row by row (component1, class1, component2, class2: ``interleaved``), as a
    template's documentation lists a row's members together; parallel lists are written one after the other."""
    parent = {stem: stem for stem in stems}

    def style(stem: str) -> str:
        if 1 in numbers[stem]:
            return "from 1"
        return "plain first" if stem in twins else ""

    def root(stem: str) -> str:
        while parent[stem] != stem:
            stem = parent[stem]
        return stem

    order = {stem: i for i, stem in enumerate(stems)}
    for i, a in enumerate(stems):
        for b in stems[i + 1:]:
            ra, rb = root(a), root(b)
            if numbers[a] & numbers[b] and ra != rb and (frozenset((a, b)) in interleaved
                                                         or {style(a), style(b)} != {"from 1", "plain first"}):
                first, later = sorted((ra, rb), key=order.__getitem__)
                parent[later] = first  # the earliest stem stays the root: the family's name
    clusters: dict[str, list[str]] = {}
    for stem in stems:
        clusters.setdefault(root(stem), []).append(stem)
    out: dict[str, str] = {}
    for first, members in clusters.items():
        rows = len(members) > 1 and (len({kinds[s] for s in members if s in kinds}) > 1 or any(
            frozenset((a, b)) in interleaved for i, a in enumerate(members) for b in members[i + 1:]))
        out.update({stem: first if rows else stem for stem in members})
    return out


def _assign_cooccurring(stems: list[str], numbers: dict[str, set[int]], assign: dict[str, tuple[str, str]],
                        table: dict[str, str], kinds: dict[str, str], twins: frozenset[str] = frozenset(),
                        interleaved: frozenset[frozenset[str]] = frozenset()) -> None:
    """Leftover stems join a family of the table when their numbers are among its two or more and they are no
    prefixed variant of its stems (imageN, partyN beside the election's nomineeN; not cyearsN beside yearsN, not
    native_lang1 beside a family of number 1); other stems sharing numbers join each other, named after the
    first (image2/caption2: family 'image'); a ``_``-joined stem joins them, or another ``_``-joined stem, when
    its numbers are within theirs (popular_vote1..2 beside image1..2/nominee1..2); else it is family and member
    (leader_title2 alone: 'leader'/'title'; ionization_energy1..3 beside isotopes 1..2: 'ionization').

    A ``_``-joined stem with a plain twin also joins the stems with twins whose rows are the same, the plain key
    being row 1 (row 0 beside a number 1): a block of parameters repeated for a second instance (Infobox
    legislation enacted_by/enacted_by2, bill/bill2, introduced_by/introduced_by2: the second chamber) is one
    family, though each stem is numbered once. Rows only within another family's (an element's heat fusion and
    heat fusion 2 beside its isotopes 0..2) still say nothing."""
    def rows(stem: str) -> set[int]:
        return numbers[stem] | ({0} if 1 in numbers[stem] else {1}) if stem in twins else numbers[stem]

    table_families: dict[str, set[int]] = {}
    table_members: dict[str, set[str]] = {}
    for stem, table_family in table.items():
        table_families.setdefault(table_family, set()).update(numbers[stem])
        table_members.setdefault(table_family, set()).add(stem)
    open_families: dict[str, set[int]] = {}
    open_rows: dict[str, set[int]] = {}
    joined = [s for s in stems if "_" in s.strip("_")]
    in_table: dict[str, str] = {}
    for stem in [s for s in stems if s not in joined] + joined:
        family = next((name for name, nums in table_families.items()
                       if numbers[stem] <= nums and len(nums) >= 2  # a documented family of number 1 alone
                       and not _prefix_variant(stem, table_members[name])), None)  # takes no guess
        if family is not None:
            in_table[stem] = family
    clusters = _row_clusters([s for s in stems if s not in joined and s not in in_table], numbers, kinds, twins,
                             interleaved)
    for stem in [s for s in stems if s not in joined] + joined:
        family = in_table.get(stem)
        if family is None and stem not in joined:
            family = clusters[stem]
        elif family is None:
            family = next((name for name, nums in open_families.items() if _within(numbers[stem], nums)
                           or (stem in twins and open_rows.get(name) == rows(stem))), None)
        if family is None and stem in joined and not any(
                _within(numbers[stem], numbers[other]) or _within(numbers[other], numbers[stem])
                or (stem in twins and other in twins and rows(stem) == rows(other))
                for other in joined if other != stem and other not in assign):
            head, _sep, last = stem.rpartition("_")  # leader_title2 alone: family 'leader', member 'title'
            assign[stem] = (head, last)
            continue
        if family is None:
            family = stem
        if family not in table_families:
            open_families.setdefault(family, set()).update(numbers[stem])
            if stem in twins:  # the rows of a repeated block: the same for all of its stems
                open_rows[family] = open_rows.get(family, set()) | rows(stem)
        assign[stem] = (family, stem)


def _interleaved(order: list[tuple[str, int]]) -> frozenset[frozenset[str]]:
    """Pairs of stems whose keys are written row by row: a key of one stands between two rows of the other
    (component1, class1, component2: not fam1, fam2, fam3, dia1, dia2, parallel lists one after the other)."""
    first: dict[tuple[str, int], int] = {}
    for i, (stem, n) in enumerate(order):
        first.setdefault((stem, n), i)
    rows: dict[str, list[int]] = {}
    for (stem, _n), i in first.items():
        rows.setdefault(stem, []).append(i)
    out: set[frozenset[str]] = set()
    for stem, positions in rows.items():
        positions.sort()
        for a, b in pairwise(positions):
            out.update(frozenset((stem, other)) for other, _n in order[a + 1:b] if other != stem)
    return frozenset(out)


def group_fields(pairs: list[tuple[str, str]], empty: Iterable[str] = (),
                 labels: Mapping[str, str] | None = None) -> dict[str, list[Row]]:
    """Group (key, value) pairs of numbered families into rows ``{"n": number, member: value, ...}``.

    A plain key next to numbered ones (years/years1, leader_title/leader_title2) is number 1, or number 0
    when the same key also exists numbered 1 (office next to office1). A family needs a numbered key, and
    more than one row, a row with two members, or a name of its own (youthclubs1 alone is family 'youth');
    image2 alone is no family. Every field also stays in ``fields``. ``empty`` are keys given without a
    value: they make no row member but show the family's shape (youthyears1 empty beside youthclubs1).
    ``labels`` maps keys to the parameter names as written (wikitext): a capital letter after the number
    abbreviates a member (award1W), and members keep the case of the names (member 'W', not 'w').
    """
    labels = labels or {}

    def read(key: str) -> NumberedKey | None:
        return read_numbered(key, labels.get(key))

    numbers: dict[str, set[int]] = {}
    infos: dict[str, NumberedKey] = {}
    parsed: list[tuple[str, str, NumberedKey | None]] = []
    heads = {info.stem if info.head is None else info.head for key, _ in pairs if (info := read(key)) is not None
             and not info.abbreviated}
    for key, value in pairs:
        info = read(key)
        if info is not None and info.abbreviated and info.head not in heads:
            info = None  # 'MP3A' alone: a capital letter after a number is a member only beside award1, award2W
        parsed.append((key, value, info))
        if info is not None:
            numbers.setdefault(info.stem, set()).add(info.n)
            infos.setdefault(info.stem, info)
    set_numbers = {stem: set(nums) for stem, nums in numbers.items()}
    for key in empty:
        if (info := read(key)) is not None:
            numbers.setdefault(info.stem, set()).add(info.n)
            infos.setdefault(info.stem, info)
    if not set_numbers:
        return {}
    table = _table_families(numbers)
    values: dict[str, list[str]] = {}
    for _key, value, info in parsed:
        if info is not None:
            values.setdefault(info.stem, []).append(value)
    plain = _plain_members(pairs, infos, read)
    order = [(info.stem, info.n) if info is not None else (plain[key], 0 if 1 in numbers[plain[key]] else 1)
             for key, _value, info in parsed if info is not None or key in plain]
    assign, named = _families(numbers, infos, table, _stem_kinds(values), frozenset(plain.values()),
                              _interleaved(order))
    zero_based = {assign[stem][0] for stem in plain.values() if 1 in set_numbers.get(stem, ())}
    joins = _plain_joins(pairs, assign, plain, table, read)
    rows: dict[str, dict[int, dict[str, str]]] = {}
    written: dict[tuple[str, str], str] = {}
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
        if (label := labels.get(key)) is not None:
            member = written.setdefault((family, member), aligned_part(member, key, label))
            written.setdefault((family, ""), aligned_part(family, key, label))
        rows.setdefault(family, {}).setdefault(n, {}).setdefault(member, value)
    for family, members in rows.items():
        stems = {member for fam, member in assign.values() if fam == family}
        if 0 in members and len(members[0]) == 1 and len(stems) > 1:
            # a lone plain key beside its number 1 ('year' beside club1/year1 is the cricketer's statistics
            # date) is not a row of its own: a plain row 0 needs two members (office + term_start)
            del members[0]
    with_value = {assign[stem][0] for stem in set_numbers}  # a family needs a numbered key with a value
    return {
        written.get((family, ""), family): [{"n": n, **members[n]} for n in sorted(members)]
        for family, members in rows.items()
        if members and family in with_value
        and (len(members) > 1 or any(len(m) > 1 for m in members.values()) or family in named)
    }


def _plain_members(pairs: list[tuple[str, str]], infos: dict[str, NumberedKey],
                   read: Callable[[str], NumberedKey | None]) -> dict[str, str]:
    """Plain keys that are the unnumbered form of a numbered stem: key -> stem (years -> years)."""
    alias: dict[str, str] = {}
    for stem, info in infos.items():
        for name in plain_aliases(info):
            alias.setdefault(name, stem)
    return {key: alias[key] for key, _ in pairs if key in alias and read(key) is None}


def _plain_joins(pairs: list[tuple[str, str]], assign: dict[str, tuple[str, str]], plain: dict[str, str],
                 table: dict[str, str], read: Callable[[str], NumberedKey | None]) -> dict[str, tuple[str, str]]:
    """Plain keys that belong to a present family without being numbered anywhere: leader_party next to
    leader_title2 ('leader' + '_party'), predecessor next to office2 (the families table)."""
    table_families = set(table.values())
    structural = {family for stem, (family, _member) in assign.items()
                  if stem not in table and stem != family and stem.startswith(family)} - table_families  # not 'coach'
    # of cyears; not 'event' of event1/date_event1: event_start beside them is no member of row 1
    joins: dict[str, tuple[str, str]] = {}
    for key, _value in pairs:
        if key in plain or read(key) is not None:
            continue
        family = next((name for name, stems in _table() if key in stems and name in table_families), None)
        if family is not None:
            joins[key] = (family, key)
            continue
        head, _sep, member = key.rpartition("_")
        if head in structural and member:
            joins[key] = (head, member)
    return joins

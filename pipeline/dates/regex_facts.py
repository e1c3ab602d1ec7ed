"""Facts about a date pattern's matches read from its parse tree, to search less (the matches stay the same).

``with_first_chars``: a one-character lookahead of the characters a match can start with.

Python's regex engine skips quickly over positions where a pattern cannot start only when the pattern begins
with something it can test at once; most date patterns begin with a lookbehind (``(?<![\\w.,/])`` before a day,
``(?<!\\w)`` before a month), so each was tried at every character of every sentence. Prefixing
``(?=[FIRST])``, where FIRST holds every character a match's first consumed character can be, lets the engine
reject the other positions at once. The matches are the same: a match at position i starts by consuming
``text[i]``, which is in FIRST by construction. When the analysis meets anything it cannot bound (a negated set,
any character, a back-reference, a pattern that can match the empty string), the
pattern is returned unchanged.

``needed_strings``: strings one of which every match contains, so that a text holding none of them need not be
searched at all (``grammar.scan`` tests them first when there are few).
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

_c: Any
_p: Any
_compiler: Any
_sre: Any
try:  # the parser's tree is not a public interface: without it the patterns stay as they are
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
    _compiler = importlib.import_module("re._compiler")
    _sre = importlib.import_module("_sre")
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = _compiler = _sre = None


_FACTS_CACHED = 1024
"""Patterns whose facts are kept: each fact is read from a parse of the pattern, and the date grammar asks for the
same fact of a pattern up to three times (its gates, digit windows and string windows); the facts are small, and
keeping them rather than the parse trees leaves the collector little more to walk."""


class _Unbounded(Exception):
    """The first character of a match cannot be bounded by a character set."""


def _category(code: Any) -> str:
    names = {
        _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
        _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
        _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
    }
    if code not in names:
        raise _Unbounded
    return names[code]


def _set_items(items: list[tuple[Any, Any]]) -> list[str]:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY:
            out.append(_category(av))
        else:  # NEGATE, charset internals: not bounded here
            raise _Unbounded
    return out


def _first(seq: Any, ignorecase: bool = False) -> tuple[list[tuple[str, bool]], bool]:
    """The set items a match of ``seq`` can start with (each with whether it is matched ignoring case), and
    whether ``seq`` can match the empty string."""
    out: list[tuple[str, bool]] = []
    for op, av in seq:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the first character comes later
        if op is _c.LITERAL:
            return [*out, (re.escape(chr(av)), ignorecase)], False
        if op is _c.IN:
            return out + [(item, ignorecase) for item in _set_items(av)], False
        if op is _c.BRANCH:
            nullable = False
            for alternative in av[1]:
                items, empty = _first(alternative, ignorecase)
                out += items
                nullable = nullable or empty
            if not nullable:
                return out, False
            continue
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            items, empty = _first(sub, inner)
            out += items
            if not empty:
                return out, False
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            items, empty = _first(sub, ignorecase)
            out += items
            if low > 0 and not empty:
                return out, False
            continue
        if op is _c.ATOMIC_GROUP:
            items, empty = _first(av, ignorecase)
            out += items
            if not empty:
                return out, False
            continue
        raise _Unbounded  # ANY, NOT_LITERAL, GROUPREF, ...: any character
    return out, True


def _first_items(pattern: re.Pattern[str]) -> list[tuple[str, bool]] | None:
    """The (set item, ignore case) pairs a match of ``pattern`` can start with; None when unknown, when a match may
    be empty, or for a pattern compiled to ignore case."""
    items = _first_items_cached(pattern)
    return None if items is None else list(items)


@lru_cache(maxsize=_FACTS_CACHED)
def _first_items_cached(pattern: re.Pattern[str]) -> tuple[tuple[str, bool], ...] | None:
    """``_first_items``, read once per pattern (``with_first_chars``, ``starts_with_digit`` and
    ``starts_in_common_text`` all ask)."""
    if _p is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        items, nullable = _first(_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
    except (_Unbounded, re.error, RecursionError):
        return None
    return None if nullable or not items else tuple(items)


def with_first_chars(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a lookahead of the characters its matches can start with (same matches, fewer tries).

    Items under a case-insensitive group (``(?i:...)``) go into a case-insensitive set of their own, so the
    lookahead admits exactly what the engine would (including case folds such as the Kelvin sign for 'k').
    """
    items = _first_items(pattern)
    if items is None:
        return pattern
    exact = "".join(dict.fromkeys(item for item, ic in items if not ic))
    folded = "".join(dict.fromkeys(item for item, ic in items if ic))
    sets = ([f"[{exact}]"] if exact else []) + ([f"(?i:[{folded}])"] if folded else [])
    source = f"(?={'|'.join(sets)})(?:{pattern.pattern})"
    return _with_start_set(source, pattern.pattern, pattern.flags, exact, folded) or re.compile(source, pattern.flags)


# Characters outside ASCII that a case-insensitive ASCII letter matches (the engine's simple case folds: dotted
# capital I and dotless i for 'i', the long s for 's', the Kelvin sign for 'k'; a test checks all of Unicode).
_ASCII_LETTER_FOLDS = "\u0130\u0131\u017f\u212a"


def _case_exact(folded: str, flags: int) -> str | None:
    """A case-sensitive character set holding every character that ``(?i:[folded])`` matches, when its items are
    ASCII literals or ranges (both cases of each letter, and the non-ASCII characters that fold to one); else None."""
    chars: set[str] = set()
    categories = ""
    for op, av in _set_items_of(f"[{folded}]", flags) or [(None, None)]:
        if op is _c.LITERAL and av < 128:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] < 128:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is _c.CATEGORY and av in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE):
            categories += _category(av)  # no character matches a digit or a space only ignoring case
        else:
            return None
    if any(ch.isalpha() for ch in chars):
        chars |= {ch.swapcase() for ch in chars} | set(_ASCII_LETTER_FOLDS)
    return "".join(re.escape(ch) for ch in sorted(chars)) + categories


def _set_items_of(source: str, flags: int) -> list[tuple[Any, Any]] | None:
    """The items of the one character set ``source`` ('[...]'; a one-character set parses as a literal)."""
    data = _p.parse(source, flags).data
    if len(data) != 1:
        return None
    op, av = data[0]
    if op is _c.LITERAL:
        return [(op, av)]
    return list(av) if op is _c.IN else None


def _with_start_set(source: str, program: str, flags: int, exact: str, folded: str) -> re.Pattern[str] | None:
    """``source`` (``program`` behind its first-character lookahead) compiled with the characters a match can
    start with in its search information, or None.

    The engine's search skips, in a tight C loop, the positions whose character is not in a pattern's start set,
    but it reads that set only from a pattern that begins with a character or a set: a pattern that begins with a
    lookbehind or a lookahead (all of ours) is tried at every position. The compiled code here is Python's own
    for ``program`` with that information block put in front, so every match is the same (a match can only start
    at a character of the first-character lookahead, which the set holds; the set does the lookahead's work, so
    the lookahead is not run again at each candidate). The pattern's text is ``source``: compiled from its text
    (a copy, a pickle) it has the same matches.
    """
    if _compiler is None or _sre is None:
        return None
    try:
        extra = _case_exact(folded, flags) if folded else ""
        if extra is None:
            return None
        parsed = _p.parse(program, flags)
        code = _compiler._code(parsed, flags)
        if code[0] == _c.INFO and code[2]:  # the pattern as written has a prefix or a set: keep the lookahead's
            parsed = _p.parse(source, flags)
            code = _compiler._code(parsed, flags)
        all_flags = parsed.state.flags | flags
        if code[0] != _c.INFO or code[2] or code[3] == 0:  # already a prefix or a set; or no width known
            return None
        start_set = _set_items_of(f"[{exact}{extra}]", flags)
        if not start_set:
            return None
        charset, _cased = _compiler._optimize_charset(start_set)
        info = [_c.INFO, 0, _c.SRE_INFO_CHARSET, code[3], code[4]]
        _compiler._compile_charset(charset, all_flags, info)
        info[1] = len(info) - 1
        groupindex = parsed.state.groupdict
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        compiled: re.Pattern[str] = _sre.compile(source, all_flags, info + code[1 + code[1]:],
                                                 parsed.state.groups - 1, groupindex, tuple(indexgroup))
        return compiled
    except (re.error, RecursionError, AttributeError, TypeError, ValueError, IndexError, KeyError):
        return None


_MAX_SET = 24  # a character set wider than this is no useful condition


def _needed_items(seq: Any) -> set[str] | None:
    """Strings of which every match of ``seq`` contains at least one, or None when none can be given."""
    best: set[str] | None = None

    def better(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or (min(map(len, candidate)), -len(candidate))
                          > (min(map(len, best)), -len(best))):
            best = candidate

    run = ""
    for op, av in [*list(seq), (None, None)]:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            better({run})
            run = ""
        if op is _c.IN:
            chars = _set_chars(av)
            better(chars)
        elif op is _c.BRANCH:
            union: set[str] = set()
            for alternative in av[1]:
                sub = _needed_items(alternative)
                if sub is None:
                    union = set()
                    break
                union |= sub
            better(union or None)
        elif op is _c.SUBPATTERN:
            if not av[1] & re.IGNORECASE:
                better(_needed_items(av[3]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if av[0] > 0:
                better(_needed_items(av[2]))
        elif op is _c.ATOMIC_GROUP:
            better(_needed_items(av))
    return best


def _set_chars(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_SET:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # a category, a negation, a wide range
            return None
    return chars if len(chars) <= _MAX_SET else None


@lru_cache(maxsize=_FACTS_CACHED)
def needed_strings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` contains one (a text holding none cannot match), or None.

    Read from the pattern's parse tree: a literal run, a small character set, or the union of such over the
    alternatives of a branch, whichever element of the sequence every match must pass through is most selective.
    """
    if _p is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        items = _needed_items(_p.parse(pattern.pattern, pattern.flags))
    except (re.error, RecursionError):
        return None
    return tuple(sorted(items, key=lambda s: (-len(s), s))) if items else None


def _ascii_extra_cases() -> dict[int, str]:
    """Non-ASCII characters a case-insensitive pattern matches as an ASCII letter although ``str.lower`` does not
    turn them into it: the engine's extra equivalences ('ı' for 'i', 'ſ' for 's') and 'İ', whose full lowercase
    is two characters but whose simple one (the engine's) is 'i'."""
    extra: dict[int, str] = {0x130: "i"}
    try:
        casefix = importlib.import_module("re._casefix")
        for key, others in casefix._EXTRA_CASES.items():
            if key < 128 and chr(key).isalpha():
                extra.update({other: chr(key) for other in others})
    except (ImportError, AttributeError):  # pragma: no cover - other Python versions
        extra.update({0x131: "i", 0x17F: "s"})
    return extra


_ASCII_EXTRA_CASES = _ascii_extra_cases()
_EXTRA_CHARS = tuple(map(chr, _ASCII_EXTRA_CASES))


def ascii_fold(text: str) -> str:
    """``text`` lowercased so that every match of a case-insensitive ASCII word is the word itself in the result:
    a substring test on it is a safe gate before a case-insensitive search (a miss means no match)."""
    if text.isascii() or not any(map(text.__contains__, _EXTRA_CHARS)):
        return text.lower()
    return text.translate(_ASCII_EXTRA_CASES).lower()


def _reach(seq: Any) -> tuple[int, int]:
    """(the most characters ``seq`` consumes, the farthest offset after its start that the engine reads trying it)."""
    width = reach = 0
    for op, av in seq:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
            width += 1
            reach = max(reach, width)
        elif op is _c.AT:
            if av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
                reach = max(reach, width + 1)  # '\b' reads the character after it
            elif av not in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING, _c.AT_BEGINNING_LINE):
                raise _Unbounded  # an end anchor: where the text ends matters
        elif op is _c.BRANCH:
            pairs = [_reach(alternative) for alternative in av[1]]
            reach = max(reach, *(width + r for _, r in pairs))
            width += max(w for w, _ in pairs)
        elif op is _c.SUBPATTERN or op is _c.ATOMIC_GROUP:
            w, r = _reach(av[3] if op is _c.SUBPATTERN else av)
            reach = max(reach, width + r)
            width += w
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            _low, high, sub = av
            if high is _c.MAXREPEAT or high >= _c.MAXREPEAT:
                raise _Unbounded
            if high:
                w, r = _reach(sub)
                reach = max(reach, width + (high - 1) * w + r)
                width += high * w
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            w, r = _reach(sub)
            reach = max(reach, width + (r if direction == 1 else max(0, r - w)))  # a lookbehind ends where it is
        else:  # a back-reference, a conditional group, ...
            raise _Unbounded
    return width, reach


@lru_cache(maxsize=_FACTS_CACHED)
def right_reach(pattern: re.Pattern[str]) -> int | None:
    """How far after a match's start the engine can read while trying a match there (lookaheads included), or None
    when that is not bounded (an unbounded repetition, an end anchor, a back-reference).

    A search with ``endpos`` at least this far beyond the last position where a match can start sees, for every
    such position, the same characters as a search of the whole text: the same matches.
    """
    if _p is None:
        return None
    try:
        return _reach(_p.parse(pattern.pattern, pattern.flags).data)[1]
    except (_Unbounded, re.error, RecursionError):
        return None


def starts_with_digit(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` starts with a digit (``\\d``: its first consumed character)."""
    items = _first_items(pattern)
    if items is None or any(ignorecase for _, ignorecase in items):
        return False
    for op, av in _set_items_of("[" + "".join(item for item, _ in items) + "]", pattern.flags) or [(None, None)]:
        if not ((op is _c.CATEGORY and av is _c.CATEGORY_DIGIT) or (op is _c.LITERAL and chr(av) in "0123456789")
                or (op is _c.RANGE and "0" <= chr(av[0]) <= chr(av[1]) <= "9")):
            return False
    return True


def starts_in_common_text(pattern: re.Pattern[str]) -> bool:
    """Whether a match of ``pattern`` can start with a lowercase ASCII letter or a space (True when unknown).

    The engine skips positions whose character is not in a pattern's start set in C (``with_first_chars``): a
    pattern whose matches start only with capitals, digits or punctuation is tried at few positions of prose, so
    finding a window for it first (``grammar._string_windows``) costs more than the search it saves."""
    items = _first_items(pattern)
    if items is None or any(ignorecase and re.search("[A-Za-z]", item) for item, ignorecase in items):
        return True
    start = re.compile("[" + "".join(item for item, _ in items) + "]", pattern.flags)
    return any(map(start.match, "abcdefghijklmnopqrstuvwxyz \t\n"))


@lru_cache(maxsize=_FACTS_CACHED)
def max_width(pattern: re.Pattern[str]) -> int | None:
    """The most characters a match of ``pattern`` can consume (lookarounds consume none), or None when unbounded."""
    if _p is None:
        return None
    try:
        high = _p.parse(pattern.pattern, pattern.flags).getwidth()[1]
    except (re.error, RecursionError):
        return None
    return high if high < _c.MAXREPEAT else None


_GATES: dict[int, tuple[re.Pattern[str], tuple[str, ...]]] = {}


def could_match(pattern: re.Pattern[str], text: str) -> bool:
    """False when ``text`` holds none of the strings one of which every match of ``pattern`` contains
    (``needed_strings``, read once per pattern): then it has no match. True otherwise (it may have one)."""
    kept = _GATES.get(id(pattern))
    if kept is None or kept[0] is not pattern:  # the pattern itself is kept, so its id is never reused
        kept = (pattern, needed_strings(pattern) or ("",))  # "" is in every text
        _GATES[id(pattern)] = kept
    return any(map(text.__contains__, kept[1]))

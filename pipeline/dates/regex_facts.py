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
from typing import Any

_c: Any
_p: Any
try:  # the parser's tree is not a public interface: without it the patterns stay as they are
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = None


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


def with_first_chars(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a lookahead of the characters its matches can start with (same matches, fewer tries).

    Items under a case-insensitive group (``(?i:...)``) go into a case-insensitive set of their own, so the
    lookahead admits exactly what the engine would (including case folds such as the Kelvin sign for 'k').
    """
    if _p is None or pattern.flags & re.IGNORECASE:
        return pattern
    try:
        items, nullable = _first(_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
    except (_Unbounded, re.error, RecursionError):
        return pattern
    if nullable or not items:
        return pattern
    exact = "".join(dict.fromkeys(item for item, ic in items if not ic))
    folded = "".join(dict.fromkeys(item for item, ic in items if ic))
    sets = ([f"[{exact}]"] if exact else []) + ([f"(?i:[{folded}])"] if folded else [])
    return re.compile(f"(?={'|'.join(sets)})(?:{pattern.pattern})", pattern.flags)


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

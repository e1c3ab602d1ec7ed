"""``regex_facts._tree``: a pattern is parsed once for all the facts read from it; the readers do not change the
shared tree, so every fact is what a fresh parse gives."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pipeline.dates import grammar
from pipeline.dates import regex_facts as rf


def _facts(pattern: re.Pattern[str]) -> tuple[Any, ...]:
    return (rf._first_items(pattern), rf.needed_strings(pattern), rf.right_reach(pattern), rf.max_width(pattern),
            rf.starts_with_digit(pattern), rf.starts_in_common_text(pattern))


@pytest.mark.parametrize("mode", ["prose", "value"])
def test_shared_trees_give_the_facts_of_fresh_parses(mode: str) -> None:
    patterns = [pattern for _name, pattern, *_rest in grammar.compiled(mode)]
    shared = [_facts(pattern) for pattern in patterns]
    for _ in range(2):  # the second time every tree comes from the cache, after every reader has walked it
        assert [_facts(pattern) for pattern in patterns] == shared
    fresh = []
    for pattern in patterns:
        rf._tree.cache_clear()
        fresh.append(_facts(pattern))
    assert fresh == shared
    assert any(facts[1] for facts in shared) and any(facts[2] is not None for facts in shared)


@pytest.mark.parametrize("mode", ["prose", "value"])
def test_readers_leave_the_shared_tree_as_parsed(mode: str) -> None:
    for _name, pattern, *_rest in grammar.compiled(mode):
        _facts(pattern)
        for flags in (pattern.flags, pattern.flags & ~re.UNICODE):
            assert repr(rf._tree(pattern.pattern, flags)) == repr(rf._p.parse(pattern.pattern, flags))


def test_a_changed_tree_would_be_seen() -> None:
    """The comparison above sees a reader that changes the tree (here: one literal dropped)."""
    source = r"(?<!\w)May\s\d{4}"
    tree = rf._p.parse(source, 0)
    before = repr(tree)
    del tree.data[1]
    assert repr(tree) != before

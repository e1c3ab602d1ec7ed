"""The facts ``regex_facts`` reads from a pattern's parse tree are read once per pattern and kept: every kept fact is
what a fresh reading gives, and a caller that changes the list ``_first_items`` hands out changes nothing kept."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pipeline.dates import grammar
from pipeline.dates import regex_facts as rf


def _facts(pattern: re.Pattern[str]) -> tuple[Any, ...]:
    return (rf._first_items(pattern), rf.needed_strings(pattern), rf.right_reach(pattern), rf.max_width(pattern),
            rf.starts_with_digit(pattern), rf.starts_in_common_text(pattern))


def _fresh(pattern: re.Pattern[str]) -> tuple[Any, ...]:
    items = rf._first_items_cached.__wrapped__(pattern)
    return (None if items is None else list(items), rf.needed_strings.__wrapped__(pattern),
            rf.right_reach.__wrapped__(pattern), rf.max_width.__wrapped__(pattern))


@pytest.mark.parametrize("mode", ["prose", "value"])
def test_kept_facts_are_those_of_a_fresh_reading(mode: str) -> None:
    patterns = [pattern for _name, pattern, *_rest in grammar.compiled(mode)]
    kept = [_facts(pattern) for pattern in patterns]
    assert [_facts(pattern) for pattern in patterns] == kept  # the second time, from the caches
    assert [facts[:4] for facts in kept] == [_fresh(pattern) for pattern in patterns]
    assert any(facts[0] for facts in kept) and any(facts[1] for facts in kept)
    assert any(facts[2] is not None for facts in kept) and any(facts[4] for facts in kept)


def test_a_changed_first_items_list_changes_nothing_kept() -> None:
    pattern = re.compile(r"(?<!\w)(?:May|June)\s\d{4}")
    items = rf._first_items(pattern)
    assert items
    items.clear()
    assert rf._first_items(pattern) == [("M", False), ("J", False)]


def test_the_facts_are_read_once_per_pattern() -> None:
    pattern = re.compile(r"(?<![\w.])\d{1,2}\s(?:May|June)\s\d{4}")
    rf.needed_strings.cache_clear()
    for _ in range(3):
        rf.needed_strings(pattern)
    assert rf.needed_strings.cache_info().misses == 1

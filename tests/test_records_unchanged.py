"""Every record of the shared corpus is byte-identical to the committed digests (tests/golden/corpus_digests.json).

The safety net of changes that must not alter output (speed work): a failure lists the records that differ.
When a change alters records on purpose, regenerate: ``python -m tests.tools.corpus_digests --update``.
"""

from __future__ import annotations

import json

import pytest

from tests.tools.corpus_digests import GOLDEN, corpus_digests, differences, record_digest, shared_corpus


def test_corpus_records_match_the_golden_digests() -> None:
    corpus = shared_corpus()
    if corpus is None:
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = corpus_digests(corpus)
    diff = differences(expected, actual)
    assert not diff, f"{len(diff)} of {len(expected)} records changed: {diff[:40]}"


def test_digest_ignores_key_order_and_version_but_not_content() -> None:
    a = {"id": "x", "title": "X", "pipeline_version": "1", "events": [{"text": "a"}]}
    reordered = {"events": [{"text": "a"}], "pipeline_version": "2", "title": "X", "id": "x"}
    changed = {"id": "x", "title": "X", "pipeline_version": "1", "events": [{"text": "b"}]}
    assert record_digest(a) == record_digest(reordered)
    assert record_digest(a) != record_digest(changed)


def test_differences_lists_changed_missing_and_new_records() -> None:
    expected = {"a": "1", "b": "2", "c": "3"}
    actual = {"a": "1", "b": "9", "d": "4"}
    assert differences(expected, actual) == ["b", "c", "d"]
    assert differences(expected, dict(expected)) == []

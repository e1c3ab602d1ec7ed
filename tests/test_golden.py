"""Every fixture article with hand gold gives exactly its committed snapshot (tests/golden/<slug>.json).

Any change of an event (date text/start/end/precision/qualifier, sentence start, section, actors), an
infobox field or a group member fails with "expected, not found" / "found, not expected" lines. After an
intended change run `pytest tests/test_golden.py --update-golden` and review `git diff tests/golden`.
"""

from __future__ import annotations

import json

import pytest

from tests.golden_snapshot import GOLDEN, GoldenSource, current, differences, dump, golden_sources

SOURCES = golden_sources()


def test_every_gold_article_has_a_snapshot() -> None:
    assert len(SOURCES) >= 25  # seed + 19 event gold + 10 infobox gold, minus shared sources
    snapshots = {p.stem for p in GOLDEN.glob("*.json") if '"records": [' in p.read_text("utf-8")[:400]}
    stale = sorted(snapshots - {s.slug for s in SOURCES})  # other files here (corpus_digests.json) are not ours
    assert not stale, f"snapshots without a gold article (delete them): {stale}"


@pytest.mark.parametrize("source", SOURCES, ids=[s.slug for s in SOURCES])
def test_golden_snapshot(source: GoldenSource, request: pytest.FixtureRequest) -> None:
    found = current(source)
    path = GOLDEN / f"{source.slug}.json"
    if request.config.getoption("--update-golden"):
        path.write_text(dump(found), encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}: run pytest tests/test_golden.py --update-golden"
    expected = json.loads(path.read_text("utf-8"))
    assert dump(expected) == path.read_text("utf-8"), f"{path.name} is not in the canonical layout"
    problems = differences(expected, found)
    assert not problems, f"{path.name} changed ({len(problems)} lines; --update-golden rewrites it):\n" + \
        "\n".join(problems)


def test_differences_reports_both_directions() -> None:
    old = {"source": "raw/x", "records": [{"id": "x", "events": ["a", "b"], "infobox": ["k"], "groups": []}]}
    new = {"source": "raw/x", "records": [{"id": "x", "events": ["a", "c"], "infobox": ["k"], "groups": []}]}
    assert differences(old, old) == []
    assert differences(old, new) == ['x events: expected, not found: "b"', 'x events: found, not expected: "c"']
    swapped = {"source": "raw/x", "records": [{"id": "x", "events": ["b", "a"], "infobox": ["k"], "groups": []}]}
    assert differences(old, swapped) == ["x events: same lines in a different order"]

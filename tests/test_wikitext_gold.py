"""Infobox and group accuracy on hand-checked gold records of real corpus articles (tests/fixtures/gold_wikitext).

Every gold value is met today (`make accuracy`: infobox 1.0, groups 1.0), so any lost value fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tools.accuracy import FIXTURES, score

GOLD = FIXTURES / "gold_wikitext"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out: Path = tmp_path_factory.mktemp("records")
    return score(GOLD, out)


def test_wikitext_gold_covers_every_gold_file(report: dict[str, Any]) -> None:
    assert report["summary"]["documents"] == len(list(GOLD.glob("*.gold.json"))) >= 10
    assert report["summary"]["missing_records"] == 0


def test_wikitext_gold_infobox_accuracy(report: dict[str, Any]) -> None:
    misses = [(d["gold"], m) for d in report["documents"] for m in d["infobox"]["misses"]]
    assert report["summary"]["infobox_accuracy"] == 1.0, misses


def test_wikitext_gold_groups_accuracy(report: dict[str, Any]) -> None:
    misses = [(d["gold"], m) for d in report["documents"] for m in d["groups"]["misses"]]
    assert report["summary"]["groups_accuracy"] == 1.0, misses

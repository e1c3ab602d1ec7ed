"""Numbered families on the blind tune set (tests/fixtures/gold_families/, written before any output existed),
scored with the project's scorer (a copy of shared/eval/score_records.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.api import extract_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD = FIXTURES / "gold_families"
SCORER = FIXTURES / "score_records.py"


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("records")
    for gold_path in sorted(GOLD.glob("*.gold.json")):
        source = json.loads(gold_path.read_text(encoding="utf-8"))["source"]
        text = (GOLD / source).read_text(encoding="utf-8")
        for i, record in enumerate(extract_text(text, name=source)):
            (out / f"{Path(source).stem}-{i}.json").write_text(record.model_dump_json(), encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_families_gold_covers_the_kinds_the_corpus_lacks(summary: dict) -> None:
    assert summary["summary"]["documents"] >= 8
    assert summary["summary"]["missing_records"] == 0


def test_families_gold_groups_accuracy(summary: dict) -> None:
    misses = [(d["gold"], m) for d in summary["documents"] for m in d["groups"]["misses"]]
    assert summary["summary"]["groups_accuracy"] >= 0.95, misses


def test_families_gold_infobox_accuracy(summary: dict) -> None:
    misses = [(d["gold"], m) for d in summary["documents"] for m in d["infobox"]["misses"]]
    assert summary["summary"]["infobox_accuracy"] >= 0.97, misses

"""Event F1 on hand-checked gold for real articles (tests/fixtures/gold_events), scored with the project's scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import extract_text
from tests.conftest import FIXTURES, ROOT, SEED

GOLD_EVENTS = FIXTURES / "gold_events"
SOURCE_DIRS = (FIXTURES / "wikitext", FIXTURES / "flat")
EVENT_F1_FLOOR = 0.90


PROSE_ONLY = frozenset({"prose"})
"""The own gold was written for prose (paragraphs and list items): table rows and captions are scored apart."""


def _score(gold_dir: Path, sources: list[Path], out: Path, contexts: frozenset[str] | None = None) -> dict:
    for source in sources:
        for record in extract_text(source.read_text("utf-8"), f"raw/{source.name}"):
            if contexts is not None:
                record.events = [e for e in record.events if e.context in contexts]
            (out / f"{record.id}-{source.suffix[1:]}.json").write_text(record.model_dump_json(), encoding="utf-8")
    run = subprocess.run([sys.executable, str(FIXTURES / "score_records.py"), str(gold_dir), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def _gold_sources() -> list[Path]:
    names = [json.loads(p.read_text("utf-8"))["source"] for p in sorted(GOLD_EVENTS.glob("*.gold.json"))]
    return [next(d / n for d in SOURCE_DIRS if (d / n).exists()) for n in names]


def test_events_gold_real_articles_f1(tmp_path: Path) -> None:
    sources = _gold_sources()
    assert len(sources) >= 6
    report = _score(GOLD_EVENTS, sources, tmp_path, PROSE_ONLY)
    summary = report["summary"]
    assert summary["missing_records"] == 0
    per_doc = {d["gold"]: d["events"]["f1"] for d in report["documents"]}
    assert summary["event_f1"] >= EVENT_F1_FLOOR, (summary, per_doc)


def test_events_gold_seed_f1_and_no_1956(tmp_path: Path) -> None:
    report = _score(FIXTURES / "gold", [SEED], tmp_path)
    assert report["summary"]["event_f1"] >= 0.95, report["documents"][0]["events"]
    record = json.loads(next(tmp_path.glob("*.json")).read_text("utf-8"))
    assert not [e for e in record["events"] if e["date"]["start"].startswith("1956")]


BLIND_TUNE = FIXTURES / "gold_events_blind"
CORPUS_WIKITEXT = next((p / "shared" / "corpus" / "wikitext" for p in (ROOT.parent, ROOT.parent.parent)
                        if (p / "shared" / "corpus" / "wikitext").is_dir()), None)
BLIND_F1_FLOOR = 0.95


@pytest.mark.skipif(CORPUS_WIKITEXT is None, reason="../shared/corpus is not beside the clone")
def test_events_gold_blind_tune_set_f1(tmp_path: Path) -> None:
    """The blind tune gold (life spans, eras, list rows, timelines; all contexts scored): F1 at least 0.95."""
    assert CORPUS_WIKITEXT is not None
    names = [json.loads(p.read_text("utf-8"))["source"] for p in sorted(BLIND_TUNE.glob("*.gold.json"))]
    assert len(names) >= 6
    report = _score(BLIND_TUNE, [CORPUS_WIKITEXT / n for n in names], tmp_path)
    assert report["summary"]["missing_records"] == 0
    per_doc = {d["gold"]: d["events"]["f1"] for d in report["documents"]}
    assert report["summary"]["event_f1"] >= BLIND_F1_FLOOR, (report["summary"], per_doc)

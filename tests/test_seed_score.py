"""The seed article scored with the project's record scorer (a copy of shared/eval/score_records.py)."""

from __future__ import annotations

from pathlib import Path

from tests.tools.accuracy import FIXTURES, score


def test_seed_infobox_groups_sections_see_also_events_are_exact(tmp_path: Path) -> None:
    summary = score(FIXTURES / "gold", tmp_path)["summary"]
    assert summary["missing_records"] == 0
    assert summary["infobox_accuracy"] == 1.0
    assert summary["groups_accuracy"] == 1.0
    assert summary["sections_exact"] == "1/1"
    assert summary["see_also_exact"] == "1/1"
    assert summary["event_f1"] == 1.0

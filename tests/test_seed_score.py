"""The seed article scored with the project's record scorer (a copy of shared/eval/score_records.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline import extract_text
from tests.conftest import FIXTURES, SEED


def _score(tmp_path: Path) -> dict:
    record = extract_text(SEED.read_text("utf-8"), "raw/" + SEED.name)[0]
    (tmp_path / f"{record.id}.json").write_text(record.model_dump_json(), encoding="utf-8")
    out = subprocess.run([sys.executable, str(FIXTURES / "score_records.py"), str(FIXTURES / "gold"),
                          str(tmp_path), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["summary"]


def test_seed_infobox_groups_sections_see_also_are_exact(tmp_path: Path) -> None:
    summary = _score(tmp_path)
    assert summary["missing_records"] == 0
    assert summary["infobox_accuracy"] == 1.0
    assert summary["groups_accuracy"] == 1.0
    assert summary["sections_exact"] == "1/1"
    assert summary["see_also_exact"] == "1/1"

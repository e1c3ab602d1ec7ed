"""Two `wikirecords extract` runs at the same time, each starting its own temporary Prefect server.

Both use one fresh Prefect home (as two cron jobs started in one folder share `.prefect/`): the first
start of a temporary server creates and migrates its SQLite database, and two servers doing that at once
printed a 40-line alembic traceback (docs/testing.md). Both runs must finish cleanly with the right records.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import extract_text
from tests.conftest import FIXTURES, ROOT, SEED
from tests.flow_helpers import record_files

pytestmark = pytest.mark.slow  # starts two real temporary Prefect servers (~30-60 s)


def _start(raw: Path, out: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "extract", str(raw), "--out", str(out),
                             "--always-flow"], cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def test_two_extract_runs_at_once_with_a_fresh_shared_prefect_home(tmp_path: Path) -> None:
    sources = {"one": SEED, "two": FIXTURES / "wikitext" / "royal_cinema.wiki"}
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["WIKIRECORDS_HOME"] = env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # fresh: nothing migrated
    runs = {}
    for name, source in sources.items():
        raw = tmp_path / f"raw-{name}"
        raw.mkdir()
        shutil.copy(source, raw / source.name)
        runs[name] = _start(raw, tmp_path / f"out-{name}", env, tmp_path / f"{name}.log")
    for name, process in runs.items():
        assert process.wait(timeout=600) == 0, (tmp_path / f"{name}.log").read_text(errors="replace")[-3000:]
    for name, source in sources.items():
        log = (tmp_path / f"{name}.log").read_text(errors="replace")
        assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
        [expected] = extract_text(source.read_text("utf-8"), source.name)
        written = sorted(record_files(tmp_path / f"out-{name}"))
        assert [p.stem for p in written] == [expected.id]
        record = json.loads(written[0].read_text("utf-8"))
        assert record["title"] == expected.title
        assert record["events"] == json.loads(expected.model_dump_json())["events"]
        assert record["infobox"] == json.loads(expected.model_dump_json())["infobox"]

"""Installing: `make run` installs the runtime dependencies only, `make test` adds the test extra."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.flow_helpers import ROOT


def _make_dry_run(target: str, venv: Path) -> str:
    done = subprocess.run(["make", "-n", f"VENV={venv}", target], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_install_make_run_installs_runtime_only(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run = _make_dry_run("run", venv)
    installs = [line for line in run.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs and all("[test]" not in line for line in installs), run
    assert any(line.rstrip().endswith("-e .") for line in installs), run
    test = _make_dry_run("test", venv)
    assert any("pip install" in line and "'.[test]'" in line for line in test.splitlines()), test

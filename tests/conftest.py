"""Shared fixtures: paths to the repository's own copies of the seed, gold files and scorer."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

# Prefect reads its settings when it is imported: make every test run quiet, offline and isolated
# (its own PREFECT_HOME, never the user's) before anything imports prefect.
_PREFECT_HOME = tempfile.mkdtemp(prefix="wikirecords-test-prefect-")
atexit.register(shutil.rmtree, _PREFECT_HOME, True)
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["WIKIRECORDS_HOME"] = _PREFECT_HOME
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.pop("PREFECT_API_URL", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = ROOT / "raw" / "durbar_mahila_samanwaya_committee.txt"


# A test module that imports the orchestration layer (flows/, prefect, bench) or its helpers is a "flows"
# test: `make test-fast` leaves those out (they start Prefect or write output folders); `make test` runs all.
# `flows.cli` alone does not count: a library test may call a command that needs no Prefect (`tag-dates`).
_FLOWS_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:prefect|bench|tests\.flow_helpers)\b"
                           r"|^\s*(?:from|import)\s+flows(?!\.cli\b)(?:\.\w+)?\b|prefect_harness", re.MULTILINE)
_FLOWS_MODULES: dict[Path, bool] = {}


def _uses_flows(path: Path) -> bool:
    if path not in _FLOWS_MODULES:
        _FLOWS_MODULES[path] = bool(_FLOWS_IMPORT.search(path.read_text(encoding="utf-8")))
    return _FLOWS_MODULES[path]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `-m "... not flows ..."` (make test-fast), do not even import flow test modules (Prefect: seconds)."""
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_") \
            and "not flows" in (config.option.markexpr or "") and _uses_flows(collection_path):
        return True
    return None


# Whole-corpus sweeps written in other modules (each extracts every corpus article: ~15-25 s of CPU); like the
# tests marked `sweep` in place, `make test` runs them and `make test-fast` leaves them out.
SWEEP_MODULES = frozenset({"test_schema_corpus.py", "test_records_unchanged.py"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if _uses_flows(path):
            item.add_marker(pytest.mark.flows)
        if path.name in SWEEP_MODULES:
            item.add_marker(pytest.mark.sweep)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.json from today's output (review the git diff)")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (it takes ~20 s to start): flow tests only."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield

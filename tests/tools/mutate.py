"""Mutation check: disable each non-event rule and each date pattern in turn and see whether the tests notice.

    python -m tests.tools.mutate [--only SUBSTRING ...] [--list] [--json]

Mutations are generated from the files as they are when the script runs, so new rules are covered without
editing this script:

* ``code:<reason>@<line>``: each ``return "<reason>"`` of pipeline/extract/event_filters.py (one non-event
  rule) becomes ``return None`` (the date is kept as an event);
* ``filters:<key>``: each entry of pipeline/resources/event_filters.json is emptied (lists become [],
  numbers 0, strings "");
* ``dates:<pattern>``: each pattern of pipeline/resources/dates/patterns.json gets ``"modes": []`` (never run).

Each mutation is applied to a temporary copy of the repository, and the relevant fast tests run there with
``-x`` (stop at the first failure). A mutation is *caught* when they fail. Prints one line per mutation and
the count; docs/testing.md records the last result.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FILTER_CODE = Path("pipeline/extract/event_filters.py")
FILTER_DATA = Path("pipeline/resources/event_filters.json")
DATE_PATTERNS = Path("pipeline/resources/dates/patterns.json")
# Every test file of the area (found when the script runs, so new ones count), then the cross-cutting checks.
# With -x the run stops at the first failure.
EVENT_TESTS = [*(str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests").glob("test_events_*.py"))),
               "tests/test_rules_coverage.py", "tests/test_golden.py", "tests/test_seed_score.py"]
DATE_TESTS = [*(str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests").glob("test_dates_*.py"))),
              "tests/test_rules_coverage.py", "tests/test_wikitext_render.py", "tests/test_golden.py",
              "tests/test_events_gold.py", "tests/test_seed_score.py"]
_RETURN_REASON = re.compile(r'^(?P<indent>\s*)return "(?P<reason>[a-z_]+)".*$', re.MULTILINE)


@dataclass(frozen=True)
class Mutation:
    """One disabled rule: the file it changes, the changed text, and the tests that should notice."""

    name: str
    path: Path
    text: str
    tests: tuple[str, ...]


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _disabled(value: Any) -> Any:
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {k: _disabled(v) for k, v in value.items()}
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return 0
    return ""


def mutations(root: Path = ROOT) -> Iterator[Mutation]:
    """Every mutation of the three rule files, in file order."""
    code = (root / FILTER_CODE).read_text("utf-8")
    for m in _RETURN_REASON.finditer(code):
        line = code.count("\n", 0, m.start()) + 1
        text = code[:m.start()] + f"{m['indent']}return None" + code[m.end():]
        yield Mutation(f"code:{m['reason']}@{line}", FILTER_CODE, text, tuple(EVENT_TESTS))
    data = json.loads((root / FILTER_DATA).read_text("utf-8"))
    for key in data:
        if not key.startswith("_"):
            yield Mutation(f"filters:{key}", FILTER_DATA, _dump({**data, key: _disabled(data[key])}),
                           tuple(EVENT_TESTS))
    patterns = json.loads((root / DATE_PATTERNS).read_text("utf-8"))
    for i, spec in enumerate(patterns["patterns"]):
        changed = [dict(p, modes=[]) if j == i else p for j, p in enumerate(patterns["patterns"])]
        yield Mutation(f"dates:{spec['name']}", DATE_PATTERNS, _dump({**patterns, "patterns": changed}),
                       tuple(DATE_TESTS))


def run_tests(copy: Path, tests: tuple[str, ...], timeout: float = 900) -> tuple[bool, str]:
    """(tests passed, first failing test or error line) in the copy."""
    env_python = sys.executable
    run = subprocess.run([env_python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                          "-m", "not slow and not flows", *tests], cwd=copy, capture_output=True, text=True,
                         timeout=timeout, env={**_clean_env(), "PYTHONPATH": str(copy)})
    failed = re.search(r"^(?:FAILED|ERROR) (.+?)(?: - |$)", run.stdout, re.MULTILINE)
    return run.returncode == 0, failed.group(1) if failed else run.stdout.strip().splitlines()[-1:][0]


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="run only mutations whose name contains this (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    chosen = [m for m in mutations() if not args.only or any(part in m.name for part in args.only)]
    if args.list:
        print("\n".join(m.name for m in chosen))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="wikirecords-mutate-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "output", ".prefect"))
        for tests in sorted({m.tests for m in chosen}):
            ok, detail = run_tests(copy, tests)
            if not ok:
                print(f"the unmutated tests fail ({detail}): fix them first", file=sys.stderr)
                return 2
        for m in chosen:
            original = (copy / m.path).read_text("utf-8")
            (copy / m.path).write_text(m.text, encoding="utf-8")
            started = time.monotonic()
            try:
                passed, detail = run_tests(copy, m.tests)
            finally:
                (copy / m.path).write_text(original, encoding="utf-8")
            caught = not passed
            results.append({"mutation": m.name, "caught": caught, "by": detail if caught else None,
                            "seconds": round(time.monotonic() - started, 1)})
            if not args.json:
                print(f"{'caught' if caught else 'MISSED':6}  {m.name:40} {detail if caught else ''}", flush=True)
    caught_count = sum(r["caught"] for r in results)
    if args.json:
        print(json.dumps({"caught": caught_count, "total": len(results), "results": results}, indent=1))
    else:
        print(f"caught {caught_count} of {len(results)} mutations")
    return 0


if __name__ == "__main__":
    sys.exit(main())

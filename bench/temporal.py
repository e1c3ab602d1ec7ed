"""``python -m bench.temporal [--domain auto|news|narrative] [--data DIR] [--errors N]``: TIMEX3 value F1 per type.

Runs the date tagger behind ``wikirecords tag-dates`` over the temporal benchmark files in ``../shared/temporal/``
(TempEval-3 training news: TimeBank and AQUAINT; WikiWars dev) and scores each with the TempEval-3-style scorer
(a verbatim copy of ``../shared/temporal/score.py`` in ``tests/fixtures/temporal/score.py``): value F1 for DATE,
TIME, DURATION, SET and all types. The data stays outside the repository (research use only).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.dates.timex import tag_jsonl_lines

ROOT = Path(__file__).resolve().parent.parent


def _data_dir() -> Path:
    """``shared/temporal`` beside the clone (CI), else beside the nearest ancestor that has one (worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "temporal").is_dir():
            return parent / "shared" / "temporal"
    return ROOT.parent / "shared" / "temporal"


DATA = _data_dir()
SCORER = ROOT / "tests" / "fixtures" / "temporal" / "score.py"
FILES = ("tempeval3_train_timebank.jsonl", "tempeval3_train_aquaint.jsonl", "wikiwars_dev.jsonl")
TYPES = ("DATE", "TIME", "DURATION", "SET", "all")


def scorer() -> ModuleType:
    """The scorer module (a copy of ../shared/temporal/score.py, standard library only)."""
    spec = importlib.util.spec_from_file_location("temporal_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tag_file(gold: Path, out: Path, domain: str) -> None:
    """Tag every document of ``gold`` (its gold timexes are ignored) into ``out``."""
    with gold.open(encoding="utf-8") as lines, out.open("w", encoding="utf-8") as f:
        for record in tag_jsonl_lines(lines, source=str(gold), domain=domain):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def score_file(gold: Path, system: Path, errors: int = 0) -> dict[str, dict[str, Any]]:
    """Overall scorer results for each type of ``TYPES`` ('all' = no type filter)."""
    module = scorer()
    out: dict[str, dict[str, Any]] = {}
    for kind in TYPES:
        argv = [str(gold), str(system)] + ([] if kind == "all" else ["--types", kind])
        if errors and kind == "all":
            argv += ["--errors", str(errors)]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            result = module.main(argv)
        out[kind] = result["overall"]
        if errors and kind == "all":
            print(buffer.getvalue())
    return out


def evaluate(data: Path = DATA, domain: str = "auto", errors: int = 0,
             files: tuple[str, ...] = FILES) -> dict[str, dict[str, dict[str, Any]]]:
    """{file: {type: scorer overall}} for every benchmark file found in ``data``."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            gold = data / name
            if not gold.is_file():
                continue
            system = Path(tmp) / name
            tag_file(gold, system, domain)
            results[name] = score_file(gold, system, errors)
    return results


def markdown(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """One row per file: value F1 (and gold count) per type."""
    lines = ["| file | " + " | ".join(TYPES) + " |", "|---|" + "---|" * len(TYPES)]
    for name, by_type in results.items():
        cells = [f"{100 * r['value_F1']:.1f} ({r['n_gold']})" if r["n_gold"] else "–"
                 for r in (by_type[t] for t in TYPES)]
        lines.append(f"| {name.removesuffix('.jsonl')} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.temporal", description=__doc__)
    p.add_argument("--data", type=Path, default=DATA, help=f"folder of the benchmark files (default {DATA})")
    p.add_argument("--domain", default="auto", choices=("auto", "news", "narrative"))
    p.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind per file")
    p.add_argument("--only", nargs="*", default=list(FILES), help="file names to run")
    args = p.parse_args(argv)
    results = evaluate(args.data, args.domain, args.errors, tuple(args.only))
    if not results:
        print(f"no benchmark files in {args.data}")
        return 1
    print("value F1 (gold count) per TIMEX3 type")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

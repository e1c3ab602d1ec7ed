"""Accuracy report: each hand-gold folder scored with the project's scorer (`make accuracy`).

    python -m tests.tools.accuracy [--json]

Prints infobox / groups / event scores for every folder of tests/fixtures holding *.gold.json files (and per
document below the summary line, except for held-out folders: those are for measuring only, so only their
summary is shown, see tests/fixtures/heldout/README.md).
This is a report, not a gate: exact changes are pinned by the golden snapshots (tests/test_golden.py);
the few meaningful floors live in tests/test_seed_score.py, tests/test_events_gold.py and
tests/test_wikitext_gold.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import extract_text
from schemas.record import Record

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCORER = FIXTURES / "score_records.py"
SHARED_WIKITEXT = ROOT.parent / "shared" / "corpus" / "wikitext"
"""The shared corpus beside the repository: sources of gold that the repository does not copy (e.g. athena.wiki
of heldout/events); when it is absent such a gold file counts as a missing record, as before."""
SOURCE_DIRS = (FIXTURES / "wikitext", FIXTURES / "flat", ROOT / "raw", SHARED_WIKITEXT)


def gold_dirs() -> list[Path]:
    """Every folder under tests/fixtures that holds hand gold (*.gold.json), sorted."""
    return sorted({p.parent for p in FIXTURES.rglob("*.gold.json")})


def is_heldout(gold_dir: Path) -> bool:
    """Held-out gold: scored, never shown article by article nor pinned in snapshots."""
    return "heldout" in gold_dir.relative_to(FIXTURES).parts


def gold_sources(gold_dir: Path) -> list[Path]:
    """The source file of every gold file in the folder (beside the gold first, then wikitext, flat, raw/)."""
    names = [json.loads(p.read_text("utf-8"))["source"] for p in sorted(gold_dir.glob("*.gold.json"))]
    found = [next((d / n for d in (gold_dir, *SOURCE_DIRS) if (d / n).exists()), None) for n in names]
    return [p for p in found if p is not None]  # a source not in the repository is a missing record


def missing_sources(gold_dir: Path) -> list[str]:
    """Sources named by gold files of the folder that are not in the repository's fixtures."""
    names = [json.loads(p.read_text("utf-8"))["source"] for p in sorted(gold_dir.glob("*.gold.json"))]
    return [n for n in names if not any((d / n).exists() for d in (gold_dir, *SOURCE_DIRS))]


@cache
def records_of(source: Path) -> tuple[Record, ...]:
    """The records of one fixture source, named `raw/<file name>` (cached: several tests score the same files)."""
    return tuple(extract_text(source.read_text("utf-8"), f"raw/{source.name}"))


def score(gold_dir: Path, out: Path, contexts: frozenset[str] | None = None) -> dict[str, Any]:
    """Extract every source of the gold folder into `out` and return the scorer's JSON report.

    With `contexts` (for a record format whose events carry a `context`: "prose", ...), only events of
    those contexts are written, i.e. scored.
    """
    for source in dict.fromkeys(gold_sources(gold_dir)):
        for i, record in enumerate(records_of(source)):
            if contexts is not None:
                events = [e for e in record.events if getattr(e, "context", None) in contexts]
                record = record.model_copy(update={"events": events})
            (out / f"{record.id}-{source.suffix[1:]}-{i}.json").write_text(record.model_dump_json(), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), str(gold_dir), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the summaries as one JSON object")
    args = parser.parse_args()
    summaries = {}
    for gold_dir in gold_dirs():
        name = str(gold_dir.relative_to(FIXTURES))
        with tempfile.TemporaryDirectory() as tmp:
            report = score(gold_dir, Path(tmp))
        s = summaries[name] = report["summary"]
        has_events = any(json.loads(p.read_text("utf-8")).get("events") for p in gold_dir.glob("*.gold.json"))
        if not has_events:  # an infobox-only gold: every record event would count as "extra"
            for key in ("event_precision", "event_recall", "event_f1"):
                s[key] = None
        if args.json:
            continue
        missing = missing_sources(gold_dir)
        if missing:
            print(f"{name}: sources not in tests/fixtures (scored as missing records): {', '.join(missing)}")
        print(f"{name} ({s['documents']} documents, {s['missing_records']} missing): "
              f"infobox {s['infobox_accuracy']}  groups {s['groups_accuracy']}  events P={s['event_precision']} "
              f"R={s['event_recall']} F1={s['event_f1']}")
        for doc in [] if is_heldout(gold_dir) else report["documents"]:
            if doc["record"] is None:
                print(f"    {doc['gold']}: NO RECORD")
                continue
            ev = doc["events"]
            events = ""
            if has_events:
                events = f"  events F1={ev['f1']} (missed {len(ev['missed'])}, extra {len(ev['extra'])})"
            print(f"    {doc['gold']:50} infobox {doc['infobox']['hits']}/{doc['infobox']['total']}"
                  f"  groups {doc['groups']['hits']}/{doc['groups']['total']}{events}")
            for miss in doc["infobox"]["misses"] + doc["groups"]["misses"]:
                print(f"        miss: {miss}")
            for miss in ev["missed"] if has_events else []:
                print(f"        event missed: {miss['start']}..{miss['end']} {miss['precision']} {miss['cue']!r}")
            for extra in ev["extra"] if has_events else []:
                print(f"        event extra: {extra}")
    if args.json:
        print(json.dumps(summaries, indent=2))


if __name__ == "__main__":
    main()

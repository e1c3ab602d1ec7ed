"""Golden snapshots: the exact events and infobox of every fixture article with hand gold.

A snapshot is one line per event / infobox field / group member, so a reviewer reads a change as a diff
of `tests/golden/<slug>.json` (rewritten by `pytest --update-golden`), and the test reports it as
"expected, not found" / "found, not expected" lines.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.record import Record
from tests.tools.accuracy import gold_dirs, gold_sources, is_heldout, records_of

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
SENTENCE_CHARS = 80


@dataclass(frozen=True)
class GoldenSource:
    """A fixture source with hand gold, and the name of its snapshot."""

    slug: str
    path: Path


def golden_sources() -> list[GoldenSource]:
    """Every source named by a gold file under tests/fixtures, once, held-out gold excepted.

    The slug is the file's stem; a flat copy gets `_flat`, and a second file of the same stem elsewhere
    gets its folder's name in front.
    """
    paths: dict[str, Path] = {}
    for gold_dir in gold_dirs():
        if is_heldout(gold_dir):
            continue
        for path in gold_sources(gold_dir):
            slug = path.stem + ("_flat" if path.parent.name == "flat" else "")
            if paths.get(slug, path).resolve() != path.resolve():
                slug = f"{path.parent.name}_{slug}"
            paths[slug] = path
    return [GoldenSource(slug, paths[slug]) for slug in sorted(paths)]


def _line(item: dict[str, Any]) -> dict[str, Any]:
    return item


def line_text(item: Any) -> str:
    """One snapshot line as canonical one-line JSON (what the file holds and what the diff compares)."""
    return json.dumps(item, ensure_ascii=False)


def snapshot(record: Record) -> dict[str, list[dict[str, Any]]]:
    """The parts of a record the snapshot pins, each as a list of small JSON objects (one line each)."""
    events: list[dict[str, Any]] = []
    for event in record.events:
        d = event.date
        events.append(_line({
            "date": [d.text, d.start, d.end, d.precision, d.qualifier],
            "sentence": event.sentence[:SENTENCE_CHARS],
            "section": event.section,
            "actors": [[a.name, a.article] for a in event.actors],
        }))
    fields: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    if record.infobox is not None:
        fields.append(_line({"template": record.infobox.template, "name": record.infobox.name}))
        for f in record.infobox.fields:
            fields.append(_line({
                "key": f.key, "value": f.value, "items": f.items,
                "date": None if f.date is None else [f.date.text, f.date.start, f.date.end, f.date.precision],
                "number": f.number, "unit": f.unit,
            }))
        dumped = record.infobox.model_dump(mode="json")["groups"]  # whatever a member's shape is
        for name, members in dumped.items():
            for i, member in enumerate(members):
                groups.append(_line({"group": name, "index": i, "member": member}))
    return {"events": events, "infobox": fields, "groups": groups}


def current(source: GoldenSource) -> dict[str, Any]:
    """The snapshot of what the pipeline makes of the source today."""
    rel = "raw/" + source.path.name
    records = records_of(source.path)
    return {"source": rel, "records": [{"id": r.id, **snapshot(r)} for r in records]}


def dump(data: dict[str, Any]) -> str:
    """JSON with one snapshot line per line, so that git diffs show one changed event or field per line."""
    out = ["{", f'  "source": {json.dumps(data["source"])},', '  "records": [']
    for ri, rec in enumerate(data["records"]):
        out.append("    {")
        out.append(f'      "id": {json.dumps(rec["id"], ensure_ascii=False)},')
        parts = ("events", "infobox", "groups")
        for pi, part in enumerate(parts):
            lines = rec[part]
            close = "," if pi < len(parts) - 1 else ""
            if not lines:
                out.append(f'      "{part}": []{close}')
                continue
            out.append(f'      "{part}": [')
            out.extend(f"        {line_text(line)}" + ("," if i < len(lines) - 1 else "")
                       for i, line in enumerate(lines))
            out.append(f"      ]{close}")
        out.append("    }" + ("," if ri < len(data["records"]) - 1 else ""))
    out += ["  ]", "}"]
    return "\n".join(out) + "\n"


def differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """Human-readable lines for every difference; empty when the snapshots agree exactly (order included)."""
    problems: list[str] = []
    exp_ids = [r["id"] for r in expected["records"]]
    got_ids = [r["id"] for r in found["records"]]
    if exp_ids != got_ids:
        problems.append(f"records: expected {exp_ids}, found {got_ids}")
    for exp, got in zip(expected["records"], found["records"], strict=False):
        for part in ("events", "infobox", "groups"):
            want_lines = [line_text(x) for x in exp[part]]
            have_lines = [line_text(x) for x in got[part]]
            want, have = Counter(want_lines), Counter(have_lines)
            problems += [f"{exp['id']} {part}: expected, not found: {line}" for line in sorted(want - have)]
            problems += [f"{exp['id']} {part}: found, not expected: {line}" for line in sorted(have - want)]
            if want == have and want_lines != have_lines:
                problems.append(f"{exp['id']} {part}: same lines in a different order")
    return problems

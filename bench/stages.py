"""``python -m bench.stages [--corpus DIR] [--runs K] [--json]``: where the library's CPU time goes, by stage.

Runs the library loop (``read_documents`` + ``extract_document`` per file) over the corpus' wikitext articles
(those of ``sources.json``, as the peers section) with a CPU-time meter around the library functions that make
each stage, and reports each stage's *own* CPU seconds (time inside nested metered stages is counted once, in the
innermost one), then the remainder. No profiler: the meters cost about a microsecond per call, so C code
(mwparserfromhell's tokenizer, spaCy) and Python code are measured alike. A plain run of the same loop is the
control that shows the meters' overhead. Nothing in ``pipeline`` is changed: the meters wrap module attributes
for the duration of the run only.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.corpus import corpus_dirs
from bench.peerbench import corpus_files

STAGES: dict[str, list[tuple[str, str]]] = {
    "read source (decode, detect, XML)": [("pipeline.api", "read_documents")],
    "parse (mwparserfromhell + defuse)": [("mwparserfromhell", "parse"), ("pipeline.wikitext", "parse_lifted_sized"),
                                          ("pipeline.wikitext", "defuse")],
    "render body (paragraphs, plain text, links)": [("pipeline.wikitext", "read_body")],
    "render infoboxes": [("pipeline.wikitext", "find_infoboxes"), ("pipeline.wikitext", "read_infobox")],
    "type infobox values": [("pipeline.api", "build_infobox")],
    "sentences (spaCy segment)": [("pipeline.extract.events", "segment")],
    "dates (find_dates, parse_date)": [("pipeline.extract.events", "find_dates"),
                                       ("pipeline.extract.infobox", "parse_date")],
    "actors": [("pipeline.extract.events", "link_actors"), ("pipeline.extract.events", "name_actors"),
               ("pipeline.extract.events", "capitalized_words")],
    "events (the rest of extract_events)": [("pipeline.api", "extract_events_and_warnings")],
    "sections, see also, categories, warnings": [
        ("pipeline.api", "build_sections"), ("pipeline.api", "build_see_also"), ("pipeline.api", "build_categories"),
        ("pipeline.api", "lost_value_warnings"), ("pipeline.api", "cap_infoboxes")],
}
PYDANTIC = "pydantic models (construction and validation)"


class Meter:
    """Own CPU time per stage: a stack of open stages; a nested stage's time is taken out of its parent's."""

    def __init__(self, clock: Callable[[], float] = time.process_time) -> None:
        self._clock = clock
        self.own: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list[Any]] = []  # [stage, start, time of nested stages]

    def enter(self, stage: str) -> None:
        self._stack.append([stage, self._clock(), 0.0])

    def leave(self) -> None:
        stage, start, nested = self._stack.pop()
        spent = self._clock() - start
        self.own[stage] += spent - nested
        self.calls[stage] += 1
        if self._stack:
            self._stack[-1][2] += spent

    def wrap(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        """``func`` metered; a generator function is metered at each step of its iteration."""
        meter = self
        if inspect.isgeneratorfunction(func):
            def stepped(*args: Any, **kwargs: Any) -> Iterator[Any]:
                meter.enter(stage)
                try:
                    gen = func(*args, **kwargs)
                finally:
                    meter.leave()
                while True:
                    meter.enter(stage)
                    try:
                        item = next(gen)
                    except StopIteration:
                        return
                    finally:
                        meter.leave()
                    yield item
            return stepped

        def metered(*args: Any, **kwargs: Any) -> Any:
            meter.enter(stage)
            try:
                return func(*args, **kwargs)
            finally:
                meter.leave()
        return metered


@contextlib.contextmanager
def metered(meter: Meter) -> Iterator[None]:
    """Every stage's functions and pydantic's ``BaseModel.__init__`` wrapped for the duration."""
    import pydantic

    saved: list[tuple[Any, str, Any]] = []
    for stage, targets in STAGES.items():
        for module_name, attr in targets:
            module = importlib.import_module(module_name)
            original = getattr(module, attr)
            saved.append((module, attr, original))
            setattr(module, attr, meter.wrap(stage, original))
    init = pydantic.BaseModel.__init__
    saved.append((pydantic.BaseModel, "__init__", init))
    pydantic.BaseModel.__init__ = meter.wrap(PYDANTIC, init)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for owner, attr, original in reversed(saved):
            setattr(owner, attr, original)


def library_loop(files: list[Path]) -> float:
    """CPU seconds of ``read_documents`` + ``extract_document`` over ``files`` (the peers' library loop)."""
    import pipeline.api as api
    from pipeline.errors import WikirecordsError

    start = time.process_time()
    for path in files:
        with path.open("rb") as stream:
            try:
                for doc in api.read_documents(str(path), stream):
                    api.extract_document(doc)
            except WikirecordsError:
                pass
    return time.process_time() - start


def measure_stages(files: list[Path], runs: int = 3) -> dict[str, object]:
    """Median over ``runs`` of each stage's own CPU seconds, the metered total and the plain (control) total."""
    library_loop(files[:2])  # warm-up: imports, spaCy, vocabularies
    plain, totals, per_stage = [], [], defaultdict(list)
    calls: dict[str, int] = {}
    for _ in range(runs):
        plain.append(library_loop(files))
        meter = Meter()
        with metered(meter):
            totals.append(library_loop(files))
        for stage in [*STAGES, PYDANTIC]:
            per_stage[stage].append(meter.own.get(stage, 0.0))
        calls = dict(meter.calls)
    stages = {stage: statistics.median(v) for stage, v in per_stage.items()}
    total = statistics.median(totals)
    stages["other (extract_document's own code, GC, glue)"] = max(0.0, total - sum(stages.values()))
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "runs": runs,
            "plain_cpu_s": statistics.median(plain), "metered_cpu_s": total, "stages_cpu_s": stages,
            "calls": calls}


_LIFTABLE = {
    "comments": re.compile(r"<!--.*?-->", re.S),
    "references": re.compile(r"<ref\b[^>]*/>|<ref\b[^>]*>.*?</ref\s*>", re.S | re.I),
    "citation templates": re.compile(r"\{\{\s*(?:cite|citation)\b[^{}]*(?:\{\{[^{}]*\}\}[^{}]*)*\}\}", re.I),
}


def parse_savings(files: list[Path], runs: int = 3) -> dict[str, object]:
    """What "parse less" could save: share of the wikitext in comments, <ref>s and citation templates (lifted
    cumulatively, in that order, by rough patterns) and the parse CPU time of the text without them; and the
    parse the library runs (``pipeline.wikitext.lift.parse_lifted``) on the full text."""
    import mwparserfromhell

    texts = [p.read_text(encoding="utf-8") for p in files]
    variants = {"full text": texts}
    current = texts
    for name, pattern in _LIFTABLE.items():
        current = [pattern.sub("", t) for t in current]
        variants[f"without {', '.join(list(_LIFTABLE)[: list(_LIFTABLE).index(name) + 1])}"] = current
    out: dict[str, object] = {}
    for name, variant in variants.items():
        times = []
        for _ in range(runs):
            start = time.process_time()
            for t in variant:
                mwparserfromhell.parse(t, skip_style_tags=True)
            times.append(time.process_time() - start)
        out[name] = {"chars": sum(len(t) for t in variant), "parse_cpu_s": statistics.median(times)}
    from pipeline.wikitext.lift import parse_lifted  # what the library runs: <ref> bodies tokenized, not built

    times = []
    for _ in range(runs):
        start = time.process_time()
        for t in texts:
            parse_lifted(t)
        times.append(time.process_time() - start)
    out["full text, <ref> bodies not built (parse_lifted)"] = {"chars": sum(len(t) for t in texts),
                                                               "parse_cpu_s": statistics.median(times)}
    return out


def render(result: dict[str, object]) -> str:
    stages: dict[str, float] = result["stages_cpu_s"]  # type: ignore[assignment]
    total = float(result["metered_cpu_s"])  # type: ignore[arg-type]
    lines = [f"library loop over {result['files']} articles ({float(result['bytes']) / 1e6:.1f} MB), "  # type: ignore[arg-type]
             f"median of {result['runs']}: {result['plain_cpu_s']:.2f} CPU s plain, {total:.2f} CPU s metered", "",
             "| stage | CPU s | share |", "| --- | --- | --- |"]
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {stage} | {seconds:.2f} | {100 * seconds / total:.1f}% |")
    savings = result.get("parse_savings")
    if isinstance(savings, dict):
        full = savings["full text"]
        lines += ["", "| mwparserfromhell.parse of | characters | parse CPU s |", "| --- | --- | --- |"]
        for name, v in savings.items():
            lines.append(f"| {name} | {v['chars']:,} ({100 * v['chars'] / full['chars']:.0f}%) | "
                         f"{v['parse_cpu_s']:.2f} ({100 * v['parse_cpu_s'] / full['parse_cpu_s']:.0f}%) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, help="corpus folder (default ../shared/corpus, else tests/fixtures)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    files = corpus_files(corpus_dirs(args.corpus)[0])
    result = measure_stages(files, args.runs)
    result["parse_savings"] = parse_savings(files, args.runs)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

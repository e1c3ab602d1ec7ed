"""``python -m bench.profile [library|floor|flow] [--n N] [--top K]``: cProfile of one loop on the bench corpus.

Prints the functions with the most own time, the most cumulative time, and own time summed per package
(pipeline.wikitext, mwparserfromhell, spacy, pydantic, ...), which is where a fix pays off.
``flow`` profiles the extract flow with the default (inline) runner after a warm-up run that starts the temporary
Prefect server; only the calling thread is profiled, so time spent waiting on Prefect's API thread shows up as
lock waits.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.corpus import load_pool, write_corpus
from bench.measures import measure_floor, measure_library


def measure_flow(paths: list[Path]) -> None:
    """The extract flow (default runner) over the folder holding ``paths``, into a fresh output folder."""
    from flows.runs import run_extract

    raw = paths[0].parent
    out = raw.parent / f"out-{len(list(raw.parent.glob('out-*')))}"
    if len(paths) < 3:  # the warm-up: extract a copy of these few files
        raw = raw.parent / "warm-up"
        raw.mkdir(exist_ok=True)
        for path in paths:
            (raw / path.name).write_bytes(path.read_bytes())
    run_extract(str(raw), str(out))


LOOPS = {"library": measure_library, "floor": measure_floor, "flow": measure_flow}


def package_of(filename: str) -> str:
    """A short package label for a profiled file name: 'pipeline.wikitext', 'spacy', 'pydantic', ..."""
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    for top in ("pipeline", "flows", "schemas", "bench"):
        marker = f"/{top}/"
        if marker in path:
            rest = path.split(marker, 1)[1].split("/")
            return f"{top}.{rest[0].removesuffix('.py')}" if len(rest) > 1 or top != "pipeline" else top
    if path.startswith(("~", "<")) or "/lib/python" in path:
        return "builtins/stdlib"
    return path.split("/", 1)[0].removesuffix(".pyx")  # Cython modules are named 'spacy/tokenizer.pyx'



def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time per package, largest first."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[package_of(filename)] += tottime
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    p.add_argument("loop", choices=sorted(LOOPS), nargs="?", default="library")
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--save", type=Path, help="also write the raw profile here (for snakeviz / pstats)")
    args = p.parse_args(argv)
    pool, _ = load_pool()
    with tempfile.TemporaryDirectory(prefix="wikirecords-profile-") as tmp:
        os.environ.setdefault("WIKIRECORDS_HOME", str(Path(tmp) / "prefect-home"))
        paths = write_corpus(pool, args.n, Path(tmp) / "raw")
        LOOPS[args.loop](paths[:2])  # warm-up: imports, spaCy and resource loading are not profiled
        profiler = cProfile.Profile()
        profiler.enable()
        LOOPS[args.loop](paths)
        profiler.disable()
    if args.save:
        profiler.dump_stats(args.save)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    print(f"profile of the {args.loop} loop over {args.n} articles: {total:.2f} s of own time\n")
    print("own time per package:")
    for name, seconds in by_package(stats)[:15]:
        print(f"  {seconds:8.2f} s  {100 * seconds / total:5.1f}%  {name}")
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())

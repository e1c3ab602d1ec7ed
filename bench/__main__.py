"""``python -m bench [--quick] [--json] [--n N] [--mem-n SMALL LARGE] [--only SECTIONS]``: run the benchmark.

Sections: floor, library, tagger, flow, memory (issue 5); dump (a synthetic multistream dump of N pages read by
stream ranges, issue 10); peers (the library against wtf_wikipedia, plus the tagger against dateparser, issue 12).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_bytes, corpus_dirs, load_pool, write_corpus
from bench.machine import machine_facts
from bench.measures import measure_floor, measure_library, measure_tagger, tagger_texts
from bench.report import add_ratios, markdown, table

SECTIONS = ("floor", "library", "tagger", "flow", "memory", "dump", "peers")
_NEEDS_CORPUS = {"floor", "library", "tagger", "flow", "peers"}  # sections that read the written N-article corpus
FULL = {"n": 1000, "mem_n": (1000, 10000), "tagger_chars": 300_000}
QUICK = {"n": 20, "mem_n": (10, 40), "tagger_chars": 20_000}


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help=f"small sizes {QUICK}, well under a minute")
    p.add_argument("--json", action="store_true", help="print one JSON object with every figure and ratio")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables (as in bench/RESULTS.md)")
    p.add_argument("--n", type=int, help=f"articles in the throughput corpus (default {FULL['n']})")
    p.add_argument("--mem-n", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                   help=f"corpus sizes of the two peak-RSS measurements (default {FULL['mem_n']})")
    p.add_argument("--tagger-chars", type=int, help="characters of plain text given to both date taggers")
    p.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes of the parallel flow run")
    p.add_argument("--dask", action="store_true", help="also time the flow on a local Dask cluster of W workers")
    p.add_argument("--corpus", type=Path, help="corpus folder (default ../shared/corpus, else tests/fixtures)")
    p.add_argument("--seed", type=int, default=0, help="shuffle seed of the article pool")
    p.add_argument("--peer-runs", type=int, default=3, help="runs of each side of the peer comparison (median)")
    return p.parse_args(argv)


def run(args: argparse.Namespace, log=lambda msg: None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Run the selected sections and return every figure and ratio."""
    sizes = QUICK if args.quick else FULL
    n = args.n or sizes["n"]
    mem_small, mem_large = args.mem_n or sizes["mem_n"]
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    result: dict[str, object] = {"mode": "quick" if args.quick else "full", "n": n, **machine_facts()}
    started = time.perf_counter()
    pool, where = load_pool(args.corpus, args.seed)
    result.update(corpus=where, pool_articles=len(pool), workers=args.workers)
    with tempfile.TemporaryDirectory(prefix="wikirecords-bench-") as tmp:
        raw = Path(tmp) / "raw"
        paths = write_corpus(pool, n, raw) if only & _NEEDS_CORPUS else []
        result["corpus_bytes"] = corpus_bytes(paths)
        if "floor" in only:
            log(f"floor: parsing and tokenizing {n} articles")
            floor = measure_floor(paths)
            result.update(floor_s=floor.seconds, **{f"floor_{k}": v for k, v in floor.parts.items()},
                          floor_tokens=floor.notes["tokens"])
        if "library" in only:
            log(f"library: extracting {n} articles")
            lib = measure_library(paths)
            result.update(library_s=lib.seconds, library_records=lib.notes["records"],
                          library_failed=lib.notes["failed"])
        if "tagger" in only or "peers" in only:
            log("tagger: tag-dates (tag_document) and find_dates against dateparser.search_dates")
            texts = tagger_texts(paths, args.tagger_chars or sizes["tagger_chars"])
            ours, find, theirs = measure_tagger(texts)
            result.update(tagger_chars=ours.items, tagger_paragraphs=len(texts), tagger_s=ours.seconds,
                          find_dates_s=find.seconds, dateparser_s=theirs.seconds, tagger_timexes=ours.notes["dates"],
                          find_dates_dates=find.notes["dates"], dateparser_dates=theirs.notes["dates"],
                          tagger_chars_per_s=_per_s(ours.items, ours.seconds),
                          find_dates_chars_per_s=_per_s(find.items, find.seconds),
                          dateparser_chars_per_s=_per_s(theirs.items, theirs.seconds))
        if "flow" in only:
            log(f"flow: full run, re-runs and {args.workers}-worker run in a fresh process")
            spec = {"raw": str(raw), "n": n, "corpus": where, "seed": args.seed, "out": str(Path(tmp) / "out"),
                    "workers": args.workers, "tmp": tmp, "dask": args.dask}
            result.update(_child(["flow", json.dumps(spec)]))
        if "dump" in only:
            from bench.dumpbench import measure_dump

            result.update(measure_dump(Path(tmp) / "dump", n, args.seed, pool, args.workers, log))
    if "peers" in only:
        from bench.peerbench import measure_peers

        result.update(measure_peers(corpus_dirs(args.corpus)[0], args.peer_runs, log))
    if "memory" in only:
        for label, size in (("small", mem_small), ("large", mem_large)):
            log(f"memory: extracting {size} articles in a fresh process")
            mem = _child(["memory", str(size), str(args.seed)])
            result.update({f"rss_{label}_n": size, f"rss_{label}_bytes": mem["peak_rss_bytes"],
                           f"rss_{label}_extract_s": mem["seconds"], f"rss_{label}_curve": mem["rss_curve"],
                           f"rss_{label}_failed": mem["failed"]})
    result["load_average_end"] = list(os.getloadavg())
    result["bench_wall_s"] = time.perf_counter() - started
    add_ratios(result)
    return result


def _per_s(items: int, seconds: float) -> float | None:
    return items / seconds if seconds else None


def _child(args: list[str]) -> dict[str, object]:
    """Run ``python -m bench.child ARGS`` and return the JSON object it prints last."""
    proc = subprocess.run([sys.executable, "-m", "bench.child", *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench.child {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    log = (lambda msg: None) if args.json else (lambda msg: print(f"[bench] {msg}", file=sys.stderr, flush=True))
    result = run(args, log)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(markdown(result) if args.markdown else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measurements that need a fresh process, run as ``python -m bench.child KIND ...``; prints one JSON object.

``memory N [SEED]``: extract corpus articles 0..N-1 streamed from memory through the public API, then report
this process's peak RSS; the corpus is generated article by article, so nothing grows with N but the library.
``flow-memory N TMP [SEED]``: the same for the extract flow (default runner) over N articles written under TMP.
``flow SPEC``: see bench.flowrun. ``dump-flow SPEC``: see bench.dumpflow.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time


def memory(n: int, seed: int = 0) -> dict[str, object]:
    """Peak RSS (bytes) of a process that extracted N articles, its extraction time, and the peak RSS after
    every tenth of the articles (flat when memory does not grow with the corpus)."""
    from bench.corpus import article_bytes, file_name, load_pool
    from pipeline.api import extract_document, read_documents
    from pipeline.errors import WikirecordsError

    pool, _ = load_pool(seed=seed)
    base_rss = _peak_rss()
    records = failed = 0
    curve: list[tuple[int, int]] = []
    t0 = time.perf_counter()
    for i in range(n):
        if i and i % max(1, n // 10) == 0:
            curve.append((i, _peak_rss()))
            print(json.dumps({"done": i, "peak_rss_bytes": curve[-1][1], "seconds": time.perf_counter() - t0}),
                  file=sys.stderr, flush=True)  # progress: a long run still leaves its curve behind
        name = file_name(pool, i)
        data = io.BytesIO(article_bytes(pool, i))
        try:
            for doc in read_documents(name, data):
                extract_document(doc)
                records += 1
        except WikirecordsError:
            failed += 1
    seconds = time.perf_counter() - t0
    return {"n": n, "peak_rss_bytes": _peak_rss(), "rss_before_bytes": base_rss, "seconds": seconds,
            "records": records, "failed": failed, "rss_curve": [*curve, (n, _peak_rss())]}


def flow_memory(n: int, tmp: str, seed: int = 0) -> dict[str, object]:
    """Peak RSS (bytes) of a process that ran the extract flow (default runner) over N articles written to ``tmp``.

    The temporary Prefect server is a separate process and is not counted: only the flow's own process.
    """
    import os
    from pathlib import Path

    os.environ["WIKIRECORDS_HOME"] = str(Path(tmp) / "prefect-home")
    from bench.corpus import load_pool, write_corpus
    from flows.runs import run_extract

    pool, _ = load_pool(seed=seed)
    raw = Path(tmp) / "raw"
    write_corpus(pool, n, raw)
    base_rss = _peak_rss()
    t0 = time.perf_counter()
    log = run_extract(str(raw), str(Path(tmp) / "out"))
    return {"n": n, "peak_rss_bytes": _peak_rss(), "rss_before_bytes": base_rss, "seconds": time.perf_counter() - t0,
            "records": log["counts"]["records"], "failed": log["counts"]["failed"]}


def _peak_rss() -> int:
    """This process's peak resident set size in bytes (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str]) -> int:
    kind, args = argv[0], argv[1:]
    if kind == "memory":
        result = memory(int(args[0]), int(args[1]) if len(args) > 1 else 0)
    elif kind == "flow-memory":
        result = flow_memory(int(args[0]), args[1], int(args[2]) if len(args) > 2 else 0)
    elif kind == "flow":
        from bench.flowrun import run_flows

        result = run_flows(json.loads(args[0]))
    elif kind == "dump-flow":
        from bench.dumpflow import run_dump_flow

        result = run_dump_flow(json.loads(args[0]))
    else:
        print(f"unknown measurement {kind!r}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

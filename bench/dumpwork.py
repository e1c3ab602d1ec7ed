"""``python -m bench.dumpwork DUMP FIRST END [--read-only]``: one worker of the dump benchmark; prints one JSON object.

Reads the streams from byte FIRST to END of a multistream dump (``pipeline.sources.multistream``) and extracts
every article (``pipeline.api.extract_document``), as a flow worker would; imports nothing but the library
(no Prefect, no Dask), and reports what it imported. The collector is tuned as the flows' ``light_gc`` does
(objects alive at the start frozen, generation-0 threshold 20,000): users running their own loop should too.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import gc  # noqa: E402  (the clock above starts before the imports it measures)
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def work(path: str, first: int, end: int, read_only: bool = False) -> dict[str, object]:
    """Read (and unless ``read_only`` extract) the pages of one range; counts, seconds and resources."""
    from pipeline.errors import WikirecordsError
    from pipeline.sources.dump import DumpStats
    from pipeline.sources.multistream import iter_stream_range, read_siteinfo

    extract = None
    if not read_only:
        from pipeline.api import extract_text

        extract_text("'''Warm-up''' was founded on 1 May 1900 in [[Paris]].\n\n== History ==\nIt closed in 1950.",
                     "warm-up.wiki")  # loads spaCy and the vocabularies: start-up cost, not per-page cost
        from pipeline.api import extract_document as extract
    startup = time.perf_counter() - _STARTED
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
    stats = DumpStats()
    records = failed = 0
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, "rb") as dump:
        site = read_siteinfo(path, dump)
        for doc in iter_stream_range(path, dump, first, end, site, stats=stats):
            if extract is None:
                continue
            try:
                extract(doc)
                records += 1
            except WikirecordsError:
                failed += 1
    loop, loop_cpu = time.perf_counter() - t0, time.process_time() - c0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"first": first, "end": end, "pages_seen": stats.pages_seen, "articles": stats.articles,
            "records": records, "failed": failed, "bytes_decompressed": stats.bytes_decompressed + len(site.header),
            "startup_s": startup, "loop_s": loop, "loop_cpu_s": loop_cpu, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_bytes": usage.ru_maxrss * 1024, "imported_prefect": "prefect" in sys.modules,
            "imported_dask": "dask" in sys.modules or "distributed" in sys.modules}


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    print(json.dumps(work(args[0], int(args[1]), int(args[2]), read_only="--read-only" in argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

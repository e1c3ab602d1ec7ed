"""The ``dump`` section of the benchmark: a synthetic multistream dump read by stream ranges, at library level.

Measured on ``bench.dumpgen``'s dump of N pages: how fast one process reads and extracts it, how many bytes the
readers decompress together (ranges of streams against the whole-dump reader shared by the same number of
tasks), the speed-up of W worker processes over W ranges (plain subprocesses that import only the library:
``bench.dumpwork``), and a projection to English Wikipedia on 64 cores with its assumptions; then the same
dump through the extract flow (``bench.dumpflow``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpus import PoolArticle
from bench.dumpgen import generate
from pipeline.api import read_documents
from pipeline.sources.dump import DumpStats
from pipeline.sources.multistream import iter_stream_range, list_streams, read_siteinfo

ENWIKI_ARTICLES = 6_900_000
"""Article pages of English Wikipedia (namespace 0, not redirects), issue 10."""
ENWIKI_COMPRESSED_BYTES = 22e9
"""Size of ``enwiki-...-pages-articles-multistream.xml.bz2``, issue 10."""
PROJECTION_CORES = 64


def measure_dump(out: Path, n: int, seed: int, pool: list[PoolArticle], workers: int = 2,
                 log: Callable[[str], None] = lambda msg: None, flow: bool = True) -> dict[str, object]:
    """Every figure of the ``dump`` section (``dump_*`` keys and the projection); with ``flow``, also the flow's
    own (``bench.dumpflow``: ``dump_speedup_2w``, ``dump_rss_ratio``, ``dump_refresh_to_full``)."""
    workers = max(2, workers)
    log(f"dump: generating a multistream dump of {n} pages")
    t0 = time.perf_counter()
    made = generate(out, n, seed, pool)
    result: dict[str, object] = {
        "dump_n": n, "dump_generate_s": time.perf_counter() - t0, "dump_streams": made.streams,
        "dump_xml_bytes": made.xml_bytes, "dump_compressed_bytes": made.compressed_bytes,
        "dump_median_text_bytes": made.median_text_bytes, "dump_mean_text_bytes": made.mean_text_bytes}
    path = str(made.dump)
    with made.dump.open("rb") as dump, made.index.open("rb") as index:
        site = read_siteinfo(path, dump)
        streams = list_streams(path, dump, site, index, str(made.index))
    everything = streams.ranges(1)[0]
    halves = streams.ranges(workers)

    log(f"dump: reading only, by {workers} stream ranges and by the whole-dump reader shared by {workers} tasks")
    read_s, read_cpu, read = _read_range(path, everything)
    by_streams = sum(_read_range(path, r)[2].bytes_decompressed + len(site.header) for r in halves)
    whole = 0
    for _part in range(workers):  # what the flow does today: every task reads the whole dump, keeps 1/W of it
        stats = DumpStats()
        with made.dump.open("rb") as f:
            for _doc in read_documents(path, f, stats=stats):
                pass
        whole += stats.bytes_decompressed
    result.update(dump_read_s=read_s, dump_read_cpu_s=read_cpu, dump_read_pages_per_s=read.pages_seen / read_s,
                  dump_read_xml_mb_per_s=made.xml_bytes / read_s / 1e6,
                  dump_read_xml_mb_per_cpu_s=made.xml_bytes / read_cpu / 1e6,
                  dump_read_amplification=by_streams / made.xml_bytes,
                  dump_read_amplification_whole_reader=whole / made.xml_bytes, dump_workers=workers)

    log("dump: extracting every page in 1 worker process")
    load_before = os.getloadavg()[0]
    wall1, one = _workers(path, [everything])
    log(f"dump: extracting in {workers} worker processes over {workers} stream ranges")
    wall2, many = _workers(path, halves)
    k = max(1, len(streams.offsets) // 10)
    log("dump: extracting the first tenth of the streams in 1 worker process (peak RSS at N/10)")
    _, tenth = _workers(path, [(streams.offsets[0], streams.offsets[k] if k < len(streams.offsets) else streams.end)])
    articles = one[0]["articles"]
    result.update(
        dump_load_average=[load_before, os.getloadavg()[0]],
        dump_1w_wall_s=wall1, dump_1w_loop_s=one[0]["loop_s"], dump_1w_startup_s=one[0]["startup_s"],
        dump_1w_cpu_s=one[0]["cpu_s"], dump_1w_loop_cpu_s=one[0]["loop_cpu_s"],
        dump_pages_per_s=articles / one[0]["loop_s"], dump_pages_per_cpu_s=articles / one[0]["loop_cpu_s"],
        dump_2w_wall_s=wall2, dump_2w_loop_s=[w["loop_s"] for w in many],
        dump_2w_startup_s=[w["startup_s"] for w in many], dump_2w_cpu_s=[w["cpu_s"] for w in many],
        dump_library_speedup_2w=wall1 / wall2,
        dump_library_speedup_2w_loops=one[0]["loop_s"] / max(w["loop_s"] for w in many),
        dump_2w_cpu_efficiency=one[0]["loop_cpu_s"] / sum(w["loop_cpu_s"] for w in many),
        dump_records=[sum(w["records"] for w in one), sum(w["records"] for w in many)],
        dump_failed=[sum(w["failed"] for w in one), sum(w["failed"] for w in many)],
        dump_worker_peak_rss_bytes=max(w["peak_rss_bytes"] for w in [*one, *many]),
        dump_worker_rss_ratio=one[0]["peak_rss_bytes"] / tenth[0]["peak_rss_bytes"],
        dump_worker_rss_tenth_pages=tenth[0]["articles"],
        dump_workers_imported_prefect=any(w["imported_prefect"] or w["imported_dask"] for w in [*one, *many]))
    result.update(project_enwiki(result))
    if flow:
        from bench.dumpflow import measure_dump_flow

        result.update(measure_dump_flow(out.parent / "dump-flow", out, n, seed, pool, workers, log))
    return result


def project_enwiki(r: dict[str, object]) -> dict[str, object]:
    """Hours for English Wikipedia on ``PROJECTION_CORES`` cores from the measured rates, and the assumptions."""
    per_core = float(r["dump_pages_per_cpu_s"])  # type: ignore[arg-type]
    efficiency = min(1.0, float(r["dump_2w_cpu_efficiency"]))  # type: ignore[arg-type]
    ratio = float(r["dump_xml_bytes"]) / float(r["dump_compressed_bytes"])  # type: ignore[arg-type]
    xml_total = ENWIKI_COMPRESSED_BYTES * ratio
    xml_articles = ENWIKI_ARTICLES * float(r["dump_xml_bytes"]) / float(r["dump_n"])  # type: ignore[arg-type]
    read_rate = float(r["dump_read_xml_mb_per_cpu_s"]) * 1e6  # type: ignore[arg-type]
    core_seconds = ENWIKI_ARTICLES / per_core + max(0.0, xml_total - xml_articles) / read_rate
    hours = core_seconds / (PROJECTION_CORES * efficiency) / 3600
    assumptions = [
        f"{ENWIKI_ARTICLES:,} article pages, each costing what a synthetic page cost here (same size distribution: "
        f"median {r['dump_median_text_bytes']:,.0f} B, mean {r['dump_mean_text_bytes']:,.0f} B of wikitext): "
        f"{per_core:.1f} pages per CPU second of one worker, reading included (CPU time, not wall time: "
        "the rate of a core of its own on this machine, whatever else ran beside the benchmark)",
        f"the rest of the dump's XML (redirects, other namespaces): {ENWIKI_COMPRESSED_BYTES / 1e9:.0f} GB "
        f"compressed x {ratio:.2f} (this dump's ratio) = {xml_total / 1e9:.0f} GB of XML, minus the articles' "
        f"{xml_articles / 1e9:.0f} GB, read (not extracted) at the measured {read_rate / 1e6:.1f} MB per CPU second",
        f"{PROJECTION_CORES} cores, one worker each, with the CPU efficiency measured with 2 workers "
        f"({efficiency:.2f}: "
        "CPU of 1 worker / CPU of 2 workers for the same pages); workers read disjoint stream ranges, so nothing is "
        "decompressed twice; cores as fast as this machine's and not starved by memory bandwidth",
        "not counted: writing the output (the flow's store and commit), orchestration, disk and network I/O, "
        "and articles longer than the corpus' (the synthetic tail stops at its longest article)"]
    return {"full_enwiki_hours_64_cores": hours, "full_enwiki_core_hours": core_seconds / 3600,
            "full_enwiki_assumptions": assumptions}


def _read_range(path: str, span: tuple[int, int]) -> tuple[float, float, DumpStats]:
    """Wall and CPU seconds of reading one range without extracting, and its stats."""
    stats = DumpStats()
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, "rb") as dump:
        site = read_siteinfo(path, dump)
        for _doc in iter_stream_range(path, dump, span[0], span[1], site, stats=stats):
            pass
    return time.perf_counter() - t0, time.process_time() - c0, stats


def _workers(path: str, spans: list[tuple[int, int]]) -> tuple[float, list[dict[str, object]]]:
    """Wall seconds of ``len(spans)`` worker processes run at once (start to last exit), and their reports."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "bench.dumpwork", path, str(a), str(b)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for a, b in spans]
    outputs = [p.communicate() for p in procs]
    wall = time.perf_counter() - t0
    reports = []
    for proc, (out, err) in zip(procs, outputs, strict=True):
        if proc.returncode != 0:
            raise RuntimeError(f"bench.dumpwork failed ({proc.returncode}):\n{err[-3000:]}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return wall, reports

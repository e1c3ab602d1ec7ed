"""Flow-level figures of the ``dump`` section: the extract flow itself on a synthetic multistream dump.

Each measurement runs in a fresh process (``python -m bench.child dump-flow SPEC``), so that its peak RSS is its
own: after a warm-up run on a 3-page dump (the temporary Prefect server starts, outside the timings), the flow
runs with the process pool of ``workers`` processes into an empty output folder; the process then reports its
own peak RSS (the flow process: plan, staging, commit) and its reaped children's (``RUSAGE_CHILDREN``: the
largest pool worker; the Prefect server is still running, so it is not counted). At N (``full``), the same
process then runs the flow with the default runner (1 worker, in the flow's process) into another empty folder,
and the "next month" refresh into that folder: a dump of the same wiki with a later date in its file name and 1%
of its pages given a new revision.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.corpus import PoolArticle
from bench.dumpgen import generate

REFRESH_CHANGED = 0.01
"""Fraction of the pages given a new revision in the "next month" dump."""


def measure_dump_flow(tmp: Path, raw: Path, n: int, seed: int, pool: list[PoolArticle], workers: int,
                      log: Any = lambda msg: None) -> dict[str, object]:
    """``dump_speedup_2w``, ``dump_rss_ratio`` (with its two parts) and ``dump_refresh_to_full`` through the flow.

    ``raw``: a folder holding only the N-page dump of ``bench.dumpgen`` (date 2026-01-01) and its index.
    """
    warm = generate(tmp / "warm", 3, seed + 1, pool)
    tenth = generate(tmp / "tenth", max(1, n // 10), seed, pool)
    later = generate(tmp / "next", n, seed, pool, date="20260201", changed=REFRESH_CHANGED)
    common = {"warm": str(warm.dump.parent), "workers": workers, "home": str(tmp / "prefect-home")}
    log(f"dump flow: {workers}-worker flow, 1-worker flow and the next-month refresh at N = {n}, fresh process")
    full = _child({**common, "raw": str(raw), "out": str(tmp / "flow-n"), "next": str(later.dump.parent)})
    log(f"dump flow: {workers}-worker flow at N/10 = {tenth.pages}, fresh process (peak RSS)")
    small = _child({**common, "raw": str(tenth.dump.parent), "out": str(tmp / "flow-tenth")})
    flow_ratio = full["flow_rss_bytes"] / small["flow_rss_bytes"]
    worker_ratio = full["worker_rss_bytes"] / small["worker_rss_bytes"]
    return {
        "dump_flow_1w_s": full["flow_1w_s"], "dump_flow_2w_s": full["flow_2w_s"],
        "dump_speedup_2w": full["flow_1w_s"] / full["flow_2w_s"],
        "dump_flow_records": [full["records_2w"], full["records_1w"]],
        "dump_flow_read_by": full["read_by"], "dump_flow_tasks": full["tasks"],
        "dump_flow_rss_bytes": [small["flow_rss_bytes"], full["flow_rss_bytes"]],
        "dump_flow_worker_rss_bytes": [small["worker_rss_bytes"], full["worker_rss_bytes"]],
        "dump_flow_rss_ratio": flow_ratio, "dump_flow_worker_rss_ratio": worker_ratio,
        "dump_rss_ratio": max(flow_ratio, worker_ratio), "dump_rss_tenth_n": tenth.pages,
        "dump_refresh_s": full["refresh_s"], "dump_refresh_to_full": full["refresh_s"] / full["flow_1w_s"],
        "dump_refresh_changed_pages": later.changed, "dump_refresh_extracted": full["refresh_extracted"],
        "dump_refresh_updated": full["refresh_updated"], "dump_refresh_unchanged": full["refresh_unchanged"],
        "dump_refresh_log": full["refresh_log"]}


def run_dump_flow(spec: dict[str, Any]) -> dict[str, Any]:
    """The measurements of one fresh process (see the module's docstring); ``spec`` from ``measure_dump_flow``."""
    os.environ["WIKIRECORDS_HOME"] = spec["home"]  # the flows package reads it at import
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    from flows.runs import run_extract

    out, workers = Path(spec["out"]), int(spec["workers"])
    run_extract(spec["warm"], str(out / "warm"), workers=workers)
    seconds, log = _timed(run_extract, spec["raw"], str(out / "pool"), workers=workers)
    dump = next(iter(log["dumps"].values()))
    result: dict[str, Any] = {
        "flow_2w_s": seconds, "records_2w": log["counts"]["records"], "read_by": dump["read_by"],
        "tasks": dump["tasks"], "flow_rss_bytes": _peak_rss(resource.RUSAGE_SELF),
        "worker_rss_bytes": _peak_rss(resource.RUSAGE_CHILDREN)}
    if spec.get("next"):
        seconds, log = _timed(run_extract, spec["raw"], str(out / "one"))
        result.update(flow_1w_s=seconds, records_1w=log["counts"]["records"])
        seconds, log = _timed(run_extract, spec["next"], str(out / "one"))
        result.update(refresh_s=seconds, refresh_extracted=log["counts"]["extracted"],
                      refresh_updated=log["counts"]["updated"], refresh_unchanged=log["counts"]["unchanged"],
                      refresh_log=log["dump_refresh"])
    return result


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


def _peak_rss(who: int) -> int:
    """Peak RSS in bytes of this process (``RUSAGE_SELF``) or of its largest reaped child (``RUSAGE_CHILDREN``)."""
    return resource.getrusage(who).ru_maxrss * 1024


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.child", "dump-flow", json.dumps(spec)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench.child dump-flow failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

"""Flow-level figures of the ``dump`` section: the extract flow itself on a synthetic multistream dump.

Each measurement runs in a fresh process (``python -m bench.child dump-flow SPEC``), so that its peak RSS is its
own: after a warm-up run on a 3-page dump (the temporary Prefect server starts, outside the timings), the flow
runs with the process pool of ``workers`` processes into an empty output folder; the process then reports its
own peak RSS (the flow process: plan, staging, commit) and that of the largest of the processes started under it
during the run (the pool's workers, whatever starts them: ``VmHWM`` of ``/proc/<pid>/status``, polled; the Prefect
server and a fork server started before the run are not counted). At N (``full``), the same
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
import threading
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
        "dump_flow_worker_processes": [small["worker_processes"], full["worker_processes"]],
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
    with DescendantPeaks() as workers_peak:
        seconds, log = _timed(run_extract, spec["raw"], str(out / "pool"), workers=workers)
    dump = next(iter(log["dumps"].values()))
    result: dict[str, Any] = {
        "flow_2w_s": seconds, "records_2w": log["counts"]["records"], "read_by": dump["read_by"],
        "tasks": dump["tasks"], "flow_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "worker_rss_bytes": workers_peak.peak, "worker_processes": len(workers_peak.peaks)}
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


class DescendantPeaks:
    """Peak RSS (``VmHWM``) of every process started under this one while the block runs, polled (Linux ``/proc``).

    Pool workers may be children of a fork server rather than of this process, and are reaped by it, so
    ``RUSAGE_CHILDREN`` does not see them; processes that already ran before the block (the Prefect server, the fork
    server) are left out.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._before: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    @property
    def peak(self) -> int:
        """The largest peak RSS in bytes of one such process (0 when none was seen)."""
        return max(self.peaks.values(), default=0)

    def __enter__(self) -> DescendantPeaks:
        self._before = _descendants(os.getpid())
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.is_set():
            for pid in _descendants(os.getpid()) - self._before:
                hwm = _vm_hwm(pid)
                if hwm:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
            self._stop.wait(self.interval)


def _descendants(root: int) -> set[int]:
    """Every process below ``root`` (children, their children, ...), from the parent ids in ``/proc/<pid>/stat``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # the process ended meanwhile
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _vm_hwm(pid: int) -> int:
    """Peak resident set size of ``pid`` in bytes (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.child", "dump-flow", json.dumps(spec)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench.child dump-flow failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

"""Flow measurements, run in a fresh process (``python -m bench.child flow SPEC``) with its own Prefect home.

In order: a cold start (first flow run of the process, on a 2-article folder: the temporary Prefect server
starts), the full run with the default runner (1 worker, inline), a no-change re-run through the flow and
through the CLI's no-change shortcut, the full run with a process pool of W workers into an empty folder
(optionally also on a local Dask cluster), then a re-run after 1% of the sources changed.
"""

from __future__ import annotations

import os
import resource
import shutil
import time
from pathlib import Path
from typing import Any


def run_flows(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the flow measurements described by ``spec`` and return the figures.

    ``spec``: raw (the corpus folder), n, corpus and seed (to find the corpus' files in order), out, workers,
    tmp (for the Prefect home and the warm-up folder), dask (also time a local Dask cluster).
    """
    tmp = Path(spec["tmp"])
    os.environ["WIKIRECORDS_HOME"] = str(tmp / "prefect-home")  # the flows package reads it at import
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    t0 = time.perf_counter()
    from bench.corpus import edit_sources, file_name, load_pool
    from flows.runs import quick_unchanged_run, run_extract

    result: dict[str, Any] = {"flow_import_s": time.perf_counter() - t0}
    raw, out, workers = Path(spec["raw"]), Path(spec["out"]), int(spec["workers"])
    pool, _ = load_pool(Path(spec["corpus"]), int(spec["seed"]))
    paths = [raw / file_name(pool, i) for i in range(int(spec["n"]))]

    tiny = tmp / "raw-tiny"
    tiny.mkdir()
    for path in paths[:2]:
        shutil.copy(path, tiny / path.name)
    result["flow_cold_start_s"], _ = _timed(run_extract, str(tiny), str(tmp / "out-tiny"))

    result["flow_rss_before_full_bytes"] = _peak_rss()
    log = _phased("flow_s", result, run_extract, str(raw), str(out / "one"))
    result["flow_rss_after_full_bytes"] = _peak_rss()  # the flow keeps every record of a run until its commit
    result["flow_records"], result["flow_failed"] = log["counts"]["records"], log["counts"]["failed"]
    result["noop_rerun_s"], log = _timed(run_extract, str(raw), str(out / "one"))
    result["noop_rerun_extracted"] = log["counts"]["extracted"]
    result["noop_cli_shortcut_s"], _ = _timed(quick_unchanged_run, str(raw), str(out / "one"))

    log = _phased("parallel_s", result, run_extract, str(raw), str(out / "parallel"), workers=workers)
    result["parallel_records"] = log["counts"]["records"]
    if spec.get("dask"):
        result["dask_s"], log = _timed(run_extract, str(raw), str(out / "dask"), workers=workers,
                                       task_runner="dask")
        result["dask_records"] = log["counts"]["records"]

    edited = edit_sources(pool, paths, 0.01)
    log = _phased("one_percent_rerun_s", result, run_extract, str(raw), str(out / "one"))
    result["one_percent_edited"], result["one_percent_updated"] = len(edited), len(log["updated"])
    return result


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _timed(fn, *args, **kwargs) -> tuple[float, Any]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


class Phases:
    """Seconds from the call to the flow's progress events: start-up and scan, extraction, commit."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.t0 = time.perf_counter()

    def __call__(self, event: str, data: dict[str, Any]) -> None:
        if event in ("planned", "extracted", "committing", "done"):
            self.marks[event] = time.perf_counter() - self.t0
        if event == "committing":
            self.ahead_s = float(data.get("ahead_s") or 0.0)

    ahead_s = 0.0
    """Seconds the commit-ahead thread spent writing records during the extraction (flows.ahead)."""

    def split(self, total: float) -> dict[str, float]:
        """{"start_s", "extract_s", "commit_s", "ahead_s"}: before the plan, planned to the end of the last batch,
        from there to the end (waiting for the commit-ahead thread included), and the commit-ahead thread's time,
        which overlapped the extraction."""
        planned = self.marks.get("planned", 0.0)
        extracted = self.marks.get("extracted", self.marks.get("committing", total))
        return {"start_s": planned, "extract_s": extracted - planned, "commit_s": total - extracted,
                "ahead_s": self.ahead_s}


def _phased(name: str, result: dict[str, Any], fn, *args, **kwargs) -> Any:  # type: ignore[no-untyped-def]
    """Run ``fn`` timing it as ``<name>`` and its phases as ``<name>_start_s``, ``_extract_s``, ``_commit_s``."""
    from flows import progress

    phases = Phases()
    unsubscribe = progress.subscribe(phases)
    try:
        result[name], value = _timed(fn, *args, **kwargs)
    finally:
        unsubscribe()
    result.update({f"{name.removesuffix('_s')}_{k}": v for k, v in phases.split(result[name]).items()})
    return value

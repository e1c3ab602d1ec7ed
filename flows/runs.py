"""Running the extract flow from Python or the CLI, and the fast answer when nothing changed.

``run_extract`` calls the Prefect flow (a real flow run: visible in the Prefect UI when a server is
configured). ``quick_unchanged_run`` answers a run in which no source is new, changed or gone without
starting Prefect's temporary server (5-20 s): same lock, same plan, same change log, no flow run.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from flows.commit import commit_run
from flows.manifest import normalize
from flows.plan import make_plan, scan_raw
from flows.store import OutputStore
from pipeline.errors import WikirecordsError
from pipeline.limits import Limits


def run_extract(raw: str, out: str, workers: int = 1, task_runner: str = "auto", dask_address: str | None = None,
                lock_timeout: float = 60.0, limits: Limits | None = None, keep_runs: int = 1000,
                mappings: str | None = None) -> dict[str, Any]:
    """Run the ``wikirecords-extract`` flow and return its change log; errors are raised, not logged twice."""
    from flows.extract import extract_flow, limits_dict

    with _quiet_expected_errors():
        return extract_flow(raw=raw, out=out, workers=workers, task_runner=task_runner, dask_address=dask_address,
                            lock_timeout=lock_timeout, keep_runs=keep_runs,
                            limits=limits_dict(limits) if limits else None, mappings=mappings)


def quick_unchanged_run(raw: str, out: str, lock_timeout: float = 60.0, keep_runs: int = 1000
                        ) -> dict[str, Any] | None:
    """The change log of a run with nothing to do, or None when there is work (then run the flow)."""
    from flows.extract import finish_run, now

    store = OutputStore(out)
    if not store.manifest_path.exists():
        return None
    started = now()
    with store.lock(timeout=lock_timeout):
        store.clean_temporary_files()
        old = normalize(store.read_manifest())
        plan = make_plan(scan_raw(raw, exclude=[out]), old, store.stored_record_ids())
        if not plan.nothing_to_do or not store.jsonl_path.exists():
            return None
        commit = commit_run(store, old, plan, [])
        if commit.manifest != old or commit.files_written or commit.files_removed:
            return None  # cannot happen when nothing changed; the flow repairs whatever it is
        log = finish_run(store, old, commit, raw, started, keep_runs, orchestration="skipped: nothing changed")
    return log


class _DropExpectedTracebacks(logging.Filter):
    """Prefect logs a flow's exception with its traceback; for our own errors one line is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], WikirecordsError):
            return False
        return not (record.levelno >= logging.ERROR and "WikirecordsError" in str(record.getMessage())
                    and "Traceback" in str(record.getMessage()))


@contextlib.contextmanager
def _quiet_expected_errors() -> Iterator[None]:
    """While the flow runs, drop Prefect's error logs about errors we report ourselves."""
    flt = _DropExpectedTracebacks()
    handlers = [h for name in ("", "prefect", "prefect.flow_runs", "prefect.task_runs")
                for h in logging.getLogger(name).handlers]
    for handler in handlers:
        handler.addFilter(flt)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(flt)

"""Running the extract flow from Python or the CLI, and the fast answer when nothing changed.

``run_extract`` calls the Prefect flow (a real flow run: visible in the Prefect UI when a server is
configured). ``quick_unchanged_run`` answers a run in which no source is new, changed or gone without
starting Prefect's temporary server (5-20 s): same lock, same plan, same change log, no flow run.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from flows.errors import OutputStoreError
from flows.layout import migrate_layout
from flows.manifest import normalize, run_version
from flows.plan import RawFolderError, make_plan, scan_folder
from flows.refresh import apply_series
from flows.sources import Selection, check_folders
from flows.store import OutputStore
from pipeline.errors import WikirecordsError
from pipeline.limits import Limits

if TYPE_CHECKING:
    from prefect.states import State


def run_extract(raw: str, out: str, workers: int = 1, task_runner: str = "auto", dask_address: str | None = None,
                lock_timeout: float = 60.0, limits: Limits | None = None, keep_runs: int = 1000,
                selection: Selection | None = None, prune: bool = False, strict: bool = False,
                mappings: str | None = None) -> dict[str, Any]:
    """Run the ``wikirecords-extract`` flow and return its change log; errors are raised, not logged twice.

    A run that ends ``Failed`` because of ``strict`` still returns its change log.
    """
    from flows.extract import extract_flow, limits_dict, runner_kind

    selection = selection or Selection()
    if runner_kind(workers, task_runner, dask_address) == "process":
        from flows.pool import prestart

        prestart()  # the pool's fork server imports the library while Prefect's server starts (flows.pool)
    start_temporary_server()
    with _quiet_expected_errors():
        state = cast("State[Any]", extract_flow(  # a sync flow: the State itself, not an awaitable
            raw=raw, out=out, workers=workers, task_runner=task_runner, dask_address=dask_address,
            lock_timeout=lock_timeout, keep_runs=keep_runs, limits=limits_dict(limits) if limits else None,
            include=list(selection.include), exclude=list(selection.exclude), prune=prune, strict=strict,
            mappings=mappings, return_state=True))
        result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


def start_temporary_server() -> None:
    """Start Prefect's temporary server (when no server is configured) under a lock in the Prefect home.

    A temporary server creates and migrates its SQLite database when it starts; two runs starting at once
    on one Prefect home migrated it together and one of them printed an alembic traceback. Under the lock
    the second server starts after the first has migrated. Prefect's client then reuses this server.
    """
    from filelock import FileLock
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME

    if PREFECT_API_URL.value():
        return
    home = Path(PREFECT_HOME.value())
    home.mkdir(parents=True, exist_ok=True)
    with FileLock(str(home / "temporary-server-start.lock")):
        SubprocessASGIServer().start()


def quick_unchanged_run(raw: str, out: str, lock_timeout: float = 60.0, keep_runs: int = 1000,
                        selection: Selection | None = None, prune: bool = False,
                        mappings: str | None = None) -> dict[str, Any] | None:
    """The change log of a run with nothing to do, or None when there is work (then run the flow).

    Also refuses, before any flow starts, a run that would silently remove other sources' records.
    """
    from flows.commit import commit_run
    from flows.extract import commit_base, finish_run, now, planning_state, refuse_silent_removals

    store = OutputStore(out)
    if not store.manifest_path.exists():
        return None
    started = now()
    with store.lock(timeout=lock_timeout):
        store.clean_temporary_files()
        migrate_layout(store)
        store.state.prepare()  # indexes of a newer version, before planning and commit ahead ask the state
        known, state = planning_state(store)  # documents left in the database: a run with work loads none
        scan = scan_folder(raw, exclude=[out], selection=selection)
        scan, known, series = apply_series(raw, scan, known)
        stored = store.record_listing()
        plan = make_plan(scan.sources, known, stored, run_version(mappings), state)
        refuse_silent_removals(raw, out, known, plan, prune)
        if not plan.nothing_to_do or series.refreshes:
            return None
        old = commit_base(store, [])  # None: the commit asks the state database, loading no document
        if old is not None:  # an output folder of the older layout: planned again from its whole manifest
            plan = make_plan(scan.sources, old, stored, run_version(mappings))
        commit = commit_run(store, old, plan, [])
        commit.warnings.extend(series.warnings())
        if commit.files_written or commit.files_removed:
            commit.close()
            return None  # cannot happen when nothing changed; the flow repairs whatever it is
        log = finish_run(store, old, commit, raw, started, keep_runs, orchestration="skipped: nothing changed",
                         skipped=scan.skipped)
    return log


def preflight(raw: str, out: str, lock_timeout: float, selection: Selection | None = None) -> None:
    """Checks that need no Prefect, so that the CLI fails in a second rather than after starting a server.

    Raw and output folders usable together; the output folder writable; the lock free within
    ``lock_timeout`` (it is released again: the flow takes it for the run).
    """
    if not Path(raw).exists():
        raise RawFolderError(str(raw), "does not exist (give the folder or file holding the articles)")
    check_folders(raw, out, selection)
    store = OutputStore(out)
    store.ensure_folders()
    if not os.access(store.root, os.W_OK | os.X_OK):
        raise OutputStoreError(str(store.root), "permission denied; make the output folder writable")
    with store.lock(timeout=lock_timeout):
        pass


def plan_preview(raw: str, out: str, selection: Selection | None = None, mappings: str | None = None
                 ) -> dict[str, Any]:
    """What a run would do, read-only (no lock, no write): for ``--dry-run``.

    Source paths that are new (``added``), changed or to be redone (``changed``), gone with their record ids
    (``removed``), ``unchanged``, unreadable, and the files that are not sources (``skipped``).
    """
    check_folders(raw, out, selection)
    store = OutputStore(out)
    state = store.state if store.state.exists() else None  # the per-source state: no document is loaded
    old = normalize(state.read_sources() if state is not None else store.read_manifest())
    scan = scan_folder(raw, exclude=[out], selection=selection)
    scan, old, series = apply_series(raw, scan, old)
    plan = make_plan(scan.sources, old, store.record_listing(), run_version(mappings), state)
    old_sources: dict[str, Any] = old.get("sources", {})

    def removed_ids(entry: dict[str, Any]) -> list[str]:
        if state is not None and entry.get("state_source") is not None:
            return sorted(set(state.record_ids(entry["state_source"])))
        return list(entry.get("record_ids") or [])

    return {
        "dump_refresh": [{"from": r.old, "to": r.new, "site": r.site} for r in series.refreshes],
        "added": [w.path for w in plan.work if w.path not in old_sources],
        "changed": [w.path for w in plan.work if w.path in old_sources],
        "removed": [{"source": path, "ids": removed_ids(old_sources[path])} for path in plan.removed],
        "unchanged": plan.unchanged,
        "unreadable": [{"source": s.path, "reason": s.error} for s in plan.unreadable],
        "skipped": scan.skipped,
    }


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

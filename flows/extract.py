"""The Prefect flow ``wikirecords-extract``: raw folder -> output folder, incremental and batched.

Tasks: ``scan-sources`` (hash every file), ``list-dump-streams`` (how each dump is read: ``flows.dumps``),
``extract-batch`` (a few hundred at most, each ~1 s or more of work; records go to staging files under the output
folder, ``flows.staging``), ``commit-output`` (ids, records, manifest, change log). Only these touch files, so
only they retry.
Extraction runs in the flow's thread by default; with ``workers > 1`` the task runs run in threads of the flow's
process and hand their batches to a plain process pool whose workers import only the library (``flows.pool``);
or on Dask (``task_runner="dask"``, optionally ``dask_address="tcp://..."``). Then the records new to the output
folder are written as their batch ends, while the others still extract (``flows.ahead``), and the commit checks them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import progress
from flows.ahead import AheadWrites, CommitAhead
from flows.commit import Commit, commit_run
from flows.dumps import DumpReading, dump_reading, may_be_multistream
from flows.errors import OutputStoreError
from flows.layout import migrate_layout
from flows.manifest import normalize, run_version
from flows.plan import Plan, Scan, WorkItem, make_batches, make_plan, scan_folder
from flows.pool import extraction_pool, prestart, run_in_pool
from flows.refresh import DumpRefresh, apply_series, carry_over, refresh_log
from flows.report import batch_line, batch_run_name, final_state, publish_run
from flows.sources import Selection, check_folders, check_removals
from flows.staging import remove_staging, run_staging_dir, write_known
from flows.state import DocumentState
from flows.store import LOG_LIST_LIMIT, OutputStore
from flows.work import SourceOutcome, extract_items, load_mappings
from pipeline.errors import WikirecordsError
from pipeline.limits import Limits
from pipeline.version import PIPELINE_VERSION
from schemas.record import SCHEMA_VERSION

TASK_RUNNERS = ("auto", "inline", "process", "dask")


def _retry_on_io_error(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a task only for I/O errors (a flaky disk or share); our own errors are final."""
    try:
        state.result()
    except OutputStoreError:
        return True
    except WikirecordsError:
        return False
    except OSError:
        return True
    except Exception:  # any other failure is final: retrying would fail the same way
        return False
    return False


@task(name="scan-sources", task_run_name="scan {raw}", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      retry_condition_fn=_retry_on_io_error)
def scan_sources(raw: str, out: str, selection: Selection | None = None) -> Scan:
    """Every source file under the raw folder with its SHA-256 (retried: it reads files)."""
    return scan_folder(raw, exclude=[out], selection=selection)


def _batch_task_run_name() -> str:
    """``extract 12 sources (3.1 MB)``: the extraction task run's name in the Prefect UI."""
    from prefect.runtime import task_run

    try:
        return batch_run_name(task_run.parameters["items"])
    except Exception:  # a name is never worth failing a task for
        return "extract-batch"


@task(name="list-dump-streams", task_run_name="list dump streams", retries=2, retry_delay_seconds=1,
      cache_policy=NO_CACHE, retry_condition_fn=_retry_on_io_error)
def list_dump_streams(raw: str, paths: list[str]) -> dict[str, DumpReading]:
    """How each dump to extract is read: by ranges of its streams, or whole (retried: it reads files)."""
    return {path: dump_reading(raw, path) for path in paths}


@task(name="extract-batch", task_run_name=_batch_task_run_name, retries=1, retry_delay_seconds=1,
      cache_policy=NO_CACHE)
def extract_batch(raw: str, items: list[WorkItem], limits: Limits, mappings: str | None = None,
                  stage: str | None = None, pool: str | None = None) -> list[SourceOutcome]:
    """Extract a batch of sources (retried: it reads files; per-source errors are results, not raises).

    With ``stage`` the records go to a staging file there, and the outcomes say only where (bounded memory).
    With ``pool`` (a key of ``flows.pool``) the work runs in that process pool, this task run waiting for it.
    """
    if pool is not None:
        return run_in_pool(pool, extract_items, raw, items, limits, mappings, stage)
    return extract_items(raw, items, limits, mappings, stage)


@task(name="commit-output", task_run_name="write {out}", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      retry_condition_fn=_retry_on_io_error)
def commit_output(out: str, old: dict[str, Any] | None, plan: Plan, outcomes: list[SourceOutcome], raw: str,
                  started: str, keep_runs: int, skipped: list[str] | None = None,
                  warnings: list[str] | None = None, ahead: AheadWrites | None = None) -> dict[str, Any]:
    """Write records, JSONL shards, manifest and the run's change log (retried: each write is atomic).

    ``ahead``: the records already written while the batches ran (``flows.ahead``), checked and counted here.
    """
    store = OutputStore(out)
    commit = commit_run(store, old, plan, outcomes, ahead)
    commit.warnings.extend(warnings or [])
    return finish_run(store, old, commit, raw, started, keep_runs, orchestration="prefect flow", skipped=skipped,
                      refreshes=plan.refreshes)


MAX_SKIPPED_LISTED = 100
"""Skipped files named in the change log (all are counted)."""


def finish_run(store: OutputStore, old: dict[str, Any] | None, commit: Commit, raw: str, started: str, keep_runs: int,
               orchestration: str, skipped: list[str] | None = None,
               refreshes: list[DumpRefresh] | None = None) -> dict[str, Any]:
    """After the records: the JSONL shards holding a changed record, the manifest, then the change log.

    ``refreshes``: the dumps that replaced an older dump of the same wiki (``flows.refresh``), for ``dump_refresh``.
    ``old`` is not read (the commit holds what it needs of the previous state); kept for callers.
    """
    try:
        claimed = commit.claimed
        if claimed is None:
            raise ValueError("finish_run() takes the Commit returned by commit_run()")
        # ids no document holds any more (their file may be gone already: a killed run): their lines go
        store.write_jsonl(claimed, also_touched=claimed.given_up())
        unchanged_count = commit.unchanged_count()
        unchanged = commit.unchanged_keys() if unchanged_count <= LOG_LIST_LIMIT else None
    finally:
        commit.close()
    store.write_changes(commit.delta, commit.base)
    log = {
        "started": started,
        "finished": now(),
        "raw": raw,
        "orchestration": orchestration,
        "pipeline_version": PIPELINE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "flow_run_id": _flow_run_id(),
        "counts": {"added": len(commit.added), "updated": len(commit.updated), "removed": len(commit.removed),
                   "unchanged": unchanged_count, "failed": len(commit.failed),
                   "still_failed": len(commit.still_failed), "extracted": commit.extracted,
                   "records": store.state.documents_with_records(),
                   "files_written": commit.files_written, "files_removed": commit.files_removed,
                   "skipped": len(skipped or [])},
        "added": commit.added,
        "updated": commit.updated,
        "removed": commit.removed,
        **({"unchanged": unchanged} if unchanged is not None else {"unchanged_listed": False}),
        "failed": commit.failed,
        "still_failed": commit.still_failed,
        "warnings": commit.warnings,
        "dumps": commit.dumps,
        "dump_refresh": refresh_log(refreshes or [], commit.added, commit.updated, commit.removed,
                                    commit.unchanged),
        "skipped": (skipped or [])[:MAX_SKIPPED_LISTED],
    }
    path = store.write_run_log(started.replace(":", "").replace("-", ""), log, keep_runs)
    log["change_log"] = str(path)
    if path.with_suffix(".jsonl").exists():  # the lists were too long for the JSON log (flows.store.LOG_LIST_LIMIT)
        log["change_lists"] = str(path.with_suffix(".jsonl"))
    return log


@flow(name="wikirecords-extract", log_prints=False)
def extract_flow(raw: str = "raw", out: str = "output", workers: int = 1, task_runner: str = "auto",
                 dask_address: str | None = None, lock_timeout: float = 60.0, keep_runs: int = 1000,
                 limits: dict[str, Any] | None = None, include: list[str] | None = None,
                 exclude: list[str] | None = None, prune: bool = False, strict: bool = False,
                 mappings: str | None = None) -> Any:
    """Extract new and changed sources of ``raw`` into ``out``; remove the records of gone sources.

    Returns the run's change log (also written to ``out/runs/<timestamp>.json``). When sources failed, the
    run ends in a ``Completed`` state named "Completed with failures" (``Failed`` with ``strict``) that
    carries the change log. ``include``/``exclude`` are globs that change which files are sources;
    ``prune`` allows removing the records of most of the output's sources (see ``flows.sources``).

    ``mappings``: the user's DBpedia mapping file (``--mappings``); without it nothing reads one.
    """
    started, clock = now(), time.perf_counter()
    if runner_kind(workers, task_runner, dask_address) == "process":
        prestart()  # the pool's fork server imports the library while the run plans
    logger = get_run_logger()
    limit_values = limits_from_dict(limits)
    selection = Selection.of(include, exclude)
    check_folders(raw, out, selection)
    store = OutputStore(out)
    with store.lock(timeout=lock_timeout):
        store.clean_temporary_files()
        migrate_layout(store)
        store.state.prepare()  # indexes of a newer version, before planning and commit ahead ask the state
        known, state = planning_state(store)
        scan = scan_sources(raw, out, selection)
        scan, known, series = apply_series(raw, scan, known)  # a newer dump of the same wiki (flows.refresh)
        plan = make_plan(scan.sources, known, store.record_listing(), run_version(mappings), state)
        plan.refreshes, plan.dump_sites = series.refreshes, series.sites()
        refuse_silent_removals(raw, out, known, plan, prune)
        del known
        compressed = [w.path for w in plan.work if may_be_multistream(w.path)]
        readings = list_dump_streams(raw, compressed) if compressed else {}
        run_name = started.replace(":", "").replace("-", "").replace(".", "")
        stage = str(run_staging_dir(out, run_name)) if plan.work else None
        try:  # the run's staging folder never outlives it (a killed run's is removed by the next run)
            work = known_to_file(plan.work, stage) if stage else plan.work
            batches = make_batches(work, workers if task_runner != "inline" else 1, readings=readings)
            logger.info("%d sources (%d files skipped): %d to extract in %d batches, %d unchanged, %d gone",
                        len(scan.sources), len(scan.skipped), len(plan.work), len(batches), len(plan.unchanged),
                        len(plan.removed))
            progress.emit("planned", sources=len(scan.sources), work=len(plan.work), batches=len(batches))
            if mappings:
                load_mappings(mappings)  # a bad file stops the run here, before any batch
            # with several batches at once, the new records of finished batches are written while the others run
            side_by_side = runner_kind(workers, task_runner, dask_address) != "inline"
            ahead = CommitAhead(out, series.refreshes, stage) if side_by_side else None
            committing = False
            try:
                with ahead or contextlib.nullcontext():
                    outcomes = run_batches(raw, batches, limit_values, workers, task_runner, dask_address,
                                           mappings, stage, ahead)
                    progress.emit("extracted")
                    written = ahead.finish() if ahead is not None else None
                progress.emit("committing", ahead_s=written.seconds if written else 0.0,
                              ahead_records=len(written.records) if written else 0)
                # the state database is asked only about what changed; an older layout's manifest is read whole
                old = commit_base(store, series.refreshes)
                committing = True
                # quote(): Prefect would otherwise walk every outcome of these arguments looking for futures (about
                # 10% of a run's time, measured by bench/; see bench/RESULTS.md). The task gets them unwrapped,
                # which Prefect's type stubs do not say: hence the ignore.
                log = commit_output(  # type: ignore[call-overload]
                    out, quote(old), quote(plan), quote(outcomes), raw, started, keep_runs, quote(scan.skipped),
                    [*series.warnings(), *(r.warning for _, r in sorted(readings.items()) if r.warning)],
                    quote(written))
            except BaseException:
                # Before the commit, what was written ahead and the state does not hold goes: records/ as the run
                # found it. Once the commit has begun (shards may already list those records), the files stay for
                # the next run's commit to claim or remove, as after a killed commit.
                if ahead is not None and not committing:
                    ahead.discard()
                raise
        finally:
            if stage is not None:
                remove_staging(out, run_name)
    progress.emit("done", log=log)
    publish_run(log, time.perf_counter() - clock, logger)
    return final_state(log, strict)


def commit_base(store: OutputStore, refreshes: list[DumpRefresh]) -> dict[str, Any] | None:
    """What the commit starts from: None (it asks ``state.sqlite``), or in an output folder of the older layout
    (no database yet) its whole manifest, renamed for dump refreshes; the commit then migrates it."""
    if store.state.exists():
        return None
    return carry_over(normalize(store.read_manifest()), refreshes)


def planning_state(store: OutputStore) -> tuple[dict[str, Any], DocumentState | None]:
    """What a run is planned from: the per-source state, documents left in the database (``flows.state``); in an
    output folder of the older layout (no database yet), its whole manifest."""
    if store.state.exists():
        return normalize(store.state.read_sources()), store.state
    return normalize(store.read_manifest()), None


def known_to_file(items: list[WorkItem], stage: str) -> list[WorkItem]:
    """The work items with their known fingerprints moved to one file of the run's staging folder.

    Each task then looks up only the pages it reads, instead of receiving (pickled) the map of every known page
    of its dump: O(pages of the dump) per task, times the number of tasks sharing the dump.
    """
    known: dict[str, str] = {}
    for item in items:
        known.update(item.known)
    from_state = [item.known_state for item in items if item.known_state is not None]
    if not known and not from_state:
        return items
    path = write_known(stage, known, from_state)
    return [dataclasses.replace(item, known={}, known_state=None,
                                known_file=path if item.known or item.known_state else None) for item in items]


def refuse_silent_removals(raw: str, out: str, old: dict[str, Any], plan: Plan, prune: bool) -> None:
    """No silent deletes: see :func:`flows.sources.check_removals`."""
    old_sources: dict[str, Any] = old.get("sources", {})
    removed_records = sum(old_sources[path].get("records", len(old_sources[path].get("record_ids") or []))
                          for path in plan.removed)
    check_removals(raw, out, old_sources, plan.sources, removed_records, prune)


def run_batches(raw: str, batches: list[list[WorkItem]], limits: Limits, workers: int, task_runner: str,
                dask_address: str | None, mappings: str | None = None, stage: str | None = None,
                ahead: CommitAhead | None = None) -> list[SourceOutcome]:
    """Run the extraction tasks on the chosen runner; a batch that crashes marks its sources failed.

    ``stage``: the run's staging folder, where the tasks put their records (see ``flows.staging``).
    ``ahead``: given each finished batch's outcomes, to write their new records while the others run.
    """
    if task_runner not in TASK_RUNNERS:
        raise ValueError(f"unknown task runner {task_runner!r}; choose one of {', '.join(TASK_RUNNERS)}")
    if not batches:
        return []
    kind = runner_kind(workers, task_runner, dask_address)
    outcomes: list[SourceOutcome] = []
    logger = get_run_logger()
    if kind == "inline":
        for index, batch in enumerate(batches, 1):
            try:
                done = extract_batch(raw, batch, limits, mappings, stage)
            except Exception as exc:  # the task failed after its retries: report its sources, go on
                done = _batch_failed(batch, exc)
            outcomes.extend(done)
            logger.info("%s", batch_line(index, len(batches), done))
            progress.emit("batch", items=len(batch))
        return outcomes
    runner = _make_runner(kind, workers, dask_address)
    # Pool workers never talk to Prefect; local Dask workers do, and must use this process's server.
    server = _workers_use_this_server() if kind == "dask" else contextlib.nullcontext()
    with server, _pool_for(kind, workers) as pool, runner:
        futures = {runner.submit(extract_batch, {"raw": raw, "items": batch, "limits": limits,
                                                 "mappings": mappings, "stage": stage, "pool": pool}): batch
                   for batch in batches}
        for index, future in enumerate(as_completed(list(futures)), 1):
            batch = futures[future]
            try:
                done = future.result()
            except Exception as exc:  # the task failed after its retries (or its worker died)
                done = _batch_failed(batch, exc)
            outcomes.extend(done)
            if ahead is not None:
                ahead.submit(done)
            logger.info("%s", batch_line(index, len(batches), done))
            progress.emit("batch", items=len(batch))
    return sorted(outcomes, key=lambda o: (o.path, o.part))


def runner_kind(workers: int, task_runner: str, dask_address: str | None) -> str:
    """Where the batches run: ``inline`` (the flow's thread), ``process`` (``flows.pool``) or ``dask``."""
    if task_runner != "auto":
        return task_runner
    return "dask" if dask_address else ("process" if workers > 1 else "inline")


@contextlib.contextmanager
def _workers_use_this_server() -> Any:
    """Give worker processes the URL of this process's temporary Prefect server while they start.

    Without a configured server, every local-Dask worker otherwise starts its own temporary
    server (15-20 s each, every run; measured by bench/, see bench/RESULTS.md).
    """
    from prefect.client.orchestration import get_client
    from prefect.settings import get_current_settings

    if get_current_settings().api.url or os.environ.get("PREFECT_API_URL"):
        yield
        return
    with get_client(sync_client=True) as client:
        url = str(client.api_url)
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        yield  # an in-process app ("http://ephemeral-prefect/api") cannot be reached from another process
        return
    os.environ["PREFECT_API_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


@contextlib.contextmanager
def _pool_for(kind: str, workers: int) -> Any:
    """The run's extraction pool (its key) for the ``process`` runner; None for Dask, which has its own workers."""
    if kind != "process":
        yield None
        return
    with extraction_pool(workers) as key:
        yield key


def _make_runner(kind: str, workers: int, dask_address: str | None) -> Any:
    if kind == "process":
        # Threads only wait for the pool: Prefect's bookkeeping stays in this process, the CPU work in the pool.
        return ThreadPoolTaskRunner(max_workers=max(1, workers))
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": max(1, workers), "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


def _batch_failed(batch: list[WorkItem], exc: BaseException) -> list[SourceOutcome]:
    with contextlib.suppress(Exception):
        get_run_logger().warning("extraction batch failed: %s: %s", type(exc).__name__, exc)
    reason = f"internal error: the extraction task failed ({type(exc).__name__}: {exc})"
    return [SourceOutcome(item.path, item.sha256, item.part, item.parts, error=reason,
                          error_type=f"InternalError:{type(exc).__name__}") for item in batch]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _flow_run_id() -> str | None:
    try:
        from prefect.runtime import flow_run

        return str(flow_run.id) if flow_run.id else None
    except Exception:  # outside a flow run there is no id
        return None


def limits_dict(limits: Limits) -> dict[str, Any]:
    """A ``Limits`` as the plain dict the flow takes as a parameter."""
    return dataclasses.asdict(limits)


def limits_from_dict(values: dict[str, Any] | None) -> Limits:
    """The flow's ``limits`` parameter back as ``Limits``, each value in the type of its default.

    (Parameters travel as JSON and may come back as floats: byte counts must stay integers.)
    """
    defaults = Limits()
    known = {f.name for f in dataclasses.fields(Limits)}
    unknown = sorted(set(values or {}) - known)
    if unknown:
        raise ValueError(f"unknown limits {unknown}; known: {sorted(known)}")
    typed = {name: type(getattr(defaults, name))(value) for name, value in (values or {}).items()}
    return Limits(**typed)




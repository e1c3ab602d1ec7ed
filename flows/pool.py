"""A plain process pool for the extraction work: its workers import the library, never Prefect.

With ``workers > 1`` the flow runs its ``extract-batch`` task runs in threads of the flow's process (Prefect's
bookkeeping stays there, one client) and each task hands its batch to this pool. A worker starts in about a
second (``flows.work`` and spaCy, preloaded once by a fork server) instead of the ~3 s a Prefect
process-pool worker spends importing Prefect and opening a client per task run (measured: bench/RESULTS.md).
A worker that dies (killed, out of memory) breaks a ``concurrent.futures`` pool for good; this one is replaced,
so the task's retry and the other batches run on a fresh pool.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

PRELOAD = ["flows.work"]
"""Modules the fork server imports once, so that each worker starts from them already imported."""


class ExtractionPool:
    """``workers`` processes that run batches; replaced as a whole when one of them dies."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self.replaced = 0

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                                     initializer=_warm_up)
            return self._executor

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker; BrokenProcessPool when the worker (or another one) died meanwhile."""
        executor = self._current()
        try:
            return executor.submit(fn, *args).result()
        except BrokenProcessPool:
            self._replace(executor)
            raise

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop a broken executor (once, whichever thread sees it first); the next ``run`` starts a new one."""
        with self._lock:
            if self._executor is broken:
                self._executor = None
                self.replaced += 1
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_POOLS: dict[str, ExtractionPool] = {}


@contextlib.contextmanager
def extraction_pool(workers: int) -> Iterator[str]:
    """A pool for one run, known by the returned key (a task parameter must stay a small, plain value)."""
    key = uuid.uuid4().hex
    pool = ExtractionPool(workers)
    _POOLS[key] = pool
    try:
        yield key
    finally:
        _POOLS.pop(key, None)
        pool.close()


def run_in_pool(key: str, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` in the pool ``key`` of this process."""
    try:
        pool = _POOLS[key]
    except KeyError:
        raise RuntimeError(f"no extraction pool {key!r} in this process (the run that made it has ended)") from None
    return pool.run(fn, *args)


def prestart() -> None:
    """Start the fork server now: it imports the library in the background (about a second) while the run starts
    Prefect and plans, and the pool's workers fork from it at once when the first batch comes. A no-op where
    there is no fork server (the pool then spawns its workers) and when it already runs."""
    if _context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
    except OSError as exc:  # the pool starts it again, and reports what is wrong, when the first batch needs it
        logging.getLogger(__name__).debug("fork server not started early: %s", exc)


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where the platform has one (fast, and safe in a process with threads), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _warm_up() -> None:
    """Load what every batch needs (spaCy's tokenizer) when the worker starts, not in its first batch."""
    from pipeline.nlp.sentences import get_nlp

    get_nlp()

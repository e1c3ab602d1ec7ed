"""light_gc: the GC tuning around an extraction batch is scoped, nests, and leaves the process as it found it."""

from __future__ import annotations

import gc
import threading

from flows.work import GC_GEN0_THRESHOLD, light_gc


def test_flows_work_light_gc_is_scoped_and_nests():
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with light_gc():
        assert gc.get_threshold()[0] == max(GC_GEN0_THRESHOLD, before[0])
        assert gc.get_freeze_count() > frozen
        with light_gc():  # a second batch in another thread of the same process
            pass
        assert gc.get_threshold()[0] == max(GC_GEN0_THRESHOLD, before[0])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_flows_work_light_gc_restores_after_concurrent_batches():
    before = gc.get_threshold()
    started, release = threading.Barrier(3), threading.Event()

    def batch() -> None:
        with light_gc():
            started.wait()
            release.wait()

    threads = [threading.Thread(target=batch) for _ in range(2)]
    for t in threads:
        t.start()
    started.wait()
    assert gc.get_threshold() != before or before[0] >= GC_GEN0_THRESHOLD
    release.set()
    for t in threads:
        t.join()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

"""Timing checks that hold on a busy machine: every time is compared with a control measured in the same test.

* ``assert_linear``: f on one input GROWTH times larger vs f on GROWTH inputs of the small size (the same
  number of characters in total). Linear code gives a ratio near 1, a quadratic step gives GROWTH.
* ``assert_within``: a run vs a fixed pure-Python workload (``control_seconds``), for "must not take
  minutes" guards: the budget is in multiples of the control, so a machine twice as slow or busy allows
  twice the time.

Times are CPU time of this process (``time.process_time``), not wall-clock time: while other processes
use the cores this process waits, and waiting is not counted. They are the best of interleaved repeats
(what load still does, e.g. to caches, hits control and subject alike), and a failing check is measured
again once before it fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
GROWTH = 8
LINEAR_MAX_RATIO = 4.0  # linear: about 1; quadratic: GROWTH (8)
IDLE_CONTROL_SECONDS = 0.005  # control_seconds() on the idle 2-core development machine (budgets: seconds / this)


def seconds(f: Callable[[], object]) -> float:
    """CPU seconds this process spends in f (time spent waiting for a core is not counted)."""
    started = time.process_time()
    f()
    return time.process_time() - started


def linear_ratio(f: Callable[[str], object], small: str, big: str, growth: int, repeats: int = 2) -> tuple[
        float, float]:
    """(best time of `growth` calls on `small`, best time of one call on `big`), interleaved."""
    control = subject = float("inf")
    for _ in range(repeats):
        control = min(control, seconds(lambda: [f(small) for _ in range(growth)]))
        subject = min(subject, seconds(lambda: f(big)))
    return control, subject


def assert_linear(f: Callable[[str], object], small: str, big: str, what: str, growth: int = GROWTH,
                  max_ratio: float = LINEAR_MAX_RATIO, ignore_below: float = 0.0) -> None:
    """Fail when f on `big` (`growth` times `small`) costs more than `max_ratio` times `growth` calls on `small`.

    Runs of `big` under `ignore_below` CPU seconds are not measured further (too short to hold a quadratic
    step worth timing).
    """
    if ignore_below and seconds(lambda: f(big)) < ignore_below:
        return
    control, subject = linear_ratio(f, small, big, growth)
    if subject > max_ratio * control:  # measure again before failing: one preempted run is not a quadratic step
        control, subject = linear_ratio(f, small, big, growth, repeats=4)
    assert subject <= max_ratio * control, (
        f"{what}: {growth} x {len(small):,} chars take {control:.4f} s, {len(big):,} chars at once {subject:.4f} s "
        f"(ratio {subject / max(control, 1e-9):.1f}, linear ~1, quadratic ~{growth})")


def control_seconds() -> float:
    """Best of 3 runs of a fixed pure-Python workload (string building, dict and regex-free loops): ~10 ms idle."""
    def work() -> int:
        table: dict[str, int] = {}
        for i in range(20_000):
            key = f"k{i % 997}"
            table[key] = table.get(key, 0) + len(key) * i
        return sum(table.values())
    return min(seconds(work) for _ in range(3))


def assert_within(run: Callable[[], T], controls: float, what: str) -> T:
    """Run `run` and fail if it took more than `controls` times the control workload (measured again once)."""
    result: list[T] = []
    for _ in range(2):
        before = control_seconds()
        elapsed = seconds(lambda: result.append(run()))
        unit = min(before, control_seconds())
        if elapsed <= controls * unit:
            return result[-1]
    raise AssertionError(f"{what}: {elapsed:.2f} s = {elapsed / unit:.0f} x the control workload "
                         f"({unit * 1000:.1f} ms), allowed {controls:.0f} x (measured twice)")

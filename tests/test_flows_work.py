"""The extraction task's body: every failure stays with its source, and a source has a time limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import flows.work
from flows.plan import WorkItem
from flows.work import extract_items, time_limit
from pipeline.errors import LimitExceededError
from tests.flow_helpers import make_raw


def test_flows_work_time_limit_stops_a_runaway_source() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceededError, match="seconds-per-source"), time_limit(0.3, "slow.wiki"):
        while time.monotonic() - started < 10:
            pass
    assert time.monotonic() - started < 5


def test_flows_work_internal_error_is_reported_per_source(tmp_path: Path, monkeypatch) -> None:
    raw = make_raw(tmp_path / "raw")
    real = flows.work.extract_document

    def flaky(doc, limits, deadline=None):
        if doc.path == "test_society.wiki":
            raise ValueError("boom")
        return real(doc, limits, deadline)

    monkeypatch.setattr(flows.work, "extract_document", flaky)
    items = [WorkItem("durbar_mahila_samanwaya_committee.txt", "x", 1), WorkItem("test_society.wiki", "y", 1),
             WorkItem("missing.txt", "z", 1)]
    seed, society, missing = extract_items(str(raw), items)
    assert seed.docs[0].status == "extracted" and seed.docs[0].record["id"] == "durbar-mahila-samanwaya-committee"
    assert society.docs[0].status == "failed" and society.docs[0].error_type == "InternalError:ValueError"
    assert "boom" in society.docs[0].error
    assert missing.error.startswith("cannot be read") and missing.error_type == "FileNotFoundError"


def test_flows_work_deadline_holds_in_worker_threads_where_signals_cannot(tmp_path: Path) -> None:
    """Dask runs tasks in threads, where SIGALRM is unavailable: the between-stages deadline still stops a source."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.limits import Limits

    raw = make_raw(tmp_path / "raw")
    items = [WorkItem("durbar_mahila_samanwaya_committee.txt", "x", 1)]
    with ThreadPoolExecutor(1) as pool:
        (outcome,) = pool.submit(extract_items, str(raw), items, Limits(seconds_per_source=1e-9)).result()
    assert outcome.docs[0].status == "failed"
    assert outcome.docs[0].error_type == "LimitExceededError" and "seconds_per_source" in outcome.docs[0].error

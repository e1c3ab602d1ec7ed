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

    def flaky(doc, limits):
        if doc.path == "test_society.wiki":
            raise ValueError("boom")
        return real(doc, limits)

    monkeypatch.setattr(flows.work, "extract_document", flaky)
    items = [WorkItem("durbar_mahila_samanwaya_committee.txt", "x", 1), WorkItem("test_society.wiki", "y", 1),
             WorkItem("missing.txt", "z", 1)]
    seed, society, missing = extract_items(str(raw), items)
    assert seed.docs[0].status == "extracted" and seed.docs[0].record["id"] == "durbar-mahila-samanwaya-committee"
    assert society.docs[0].status == "failed" and society.docs[0].error_type == "InternalError:ValueError"
    assert "boom" in society.docs[0].error
    assert missing.error.startswith("cannot be read") and missing.error_type == "FileNotFoundError"

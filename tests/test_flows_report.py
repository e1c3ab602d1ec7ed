"""The text a run gives Prefect (task names, log lines, the Markdown artifact), its failure events and its
final state, checked without a server."""

from __future__ import annotations

from flows.plan import WorkItem
from flows.report import (
    FAILED_EVENT,
    FAILED_STATE_NAME,
    MAX_TABLE_ROWS,
    _emit_failures,
    batch_line,
    batch_run_name,
    final_state,
    run_markdown,
)
from flows.work import DocOutcome, SourceOutcome


def _log(failed: int = 0, still_failed: int = 0, added: int = 0) -> dict:
    return {"raw": "raw", "change_log": "output/runs/x.json", "flow_run_id": "1234",
            "counts": {"records": added, "added": added, "updated": 0, "removed": 0, "unchanged": 0,
                       "failed": failed, "still_failed": still_failed, "skipped": 3},
            "added": [{"id": f"a-{n}", "source": f"a{n}.wiki"} for n in range(added)],
            "updated": [], "removed": [],
            "failed": [{"source": f"bad{n}.txt", "reason": "is empty | nothing", "error_type": "SourceDecodeError"}
                       for n in range(failed)],
            "still_failed": [{"source": "old.txt", "reason": "was broken", "error_type": "X"}] * still_failed}


def test_report_task_names_say_what_they_extract() -> None:
    items = [WorkItem(f"a{n}.wiki", "x", 1, size=1_550_000) for n in range(2)]
    assert batch_run_name(items) == "extract 2 sources (3.1 MB)"
    assert batch_run_name([WorkItem("one.wiki", "x", 1, size=9_000)]) == "extract one.wiki (9 KB)"
    share = WorkItem("dump.xml.bz2", "x", 1, part=1, parts=4, size=10_000_000, first_offset=600, end_offset=10_000_600)
    assert batch_run_name([share]) == "extract streams 2/4 of dump.xml.bz2 (10.0 MB)"


def test_report_batch_line_counts_records_and_failures() -> None:
    outcomes = [SourceOutcome("a.wiki", "x", docs=[DocOutcome("a.wiki", "extracted")], seconds=1.25),
                SourceOutcome("d.xml", "x", docs=[DocOutcome("d.xml#1", "extracted"), DocOutcome("d.xml#2", "failed")],
                              seconds=0.5),
                SourceOutcome("b.txt", "x", error="is empty", seconds=0.0)]
    assert batch_line(2, 5, outcomes) == "batch 2/5: 3 sources, 2 records extracted, 2 failures, 1.8 s"


def test_report_markdown_tables_are_capped_and_escaped() -> None:
    text = run_markdown(_log(failed=MAX_TABLE_ROWS + 5, added=2), 1.0)
    assert "| added | 2 |" in text and "| skipped | 3 |" in text
    assert f"## failed ({MAX_TABLE_ROWS + 5})" in text and "... and 5 more" in text
    assert text.count("bad") == MAX_TABLE_ROWS, "the first 50 rows only"
    assert "is empty \\| nothing" in text, "a | in a reason must not break the table"
    assert "## updated (0)" in text and "## removed (0)" in text


def test_report_events_per_failed_source(monkeypatch) -> None:
    sent = []
    monkeypatch.setattr("prefect.events.emit_event", lambda **kwargs: sent.append(kwargs))
    _emit_failures(_log(failed=2))
    assert [e["event"] for e in sent] == [FAILED_EVENT] * 2
    assert sent[0]["resource"]["prefect.resource.id"] == "wikirecords.source.bad0.txt"
    assert sent[0]["payload"]["reason"] == "is empty | nothing"
    assert sent[0]["related"][0]["prefect.resource.id"] == "prefect.flow-run.1234"
    sent.clear()
    _emit_failures(_log(failed=0, still_failed=1))
    assert sent == [], "sources that failed before and were not retried send no new event"


def test_report_final_state() -> None:
    clean = _log(added=1)
    assert final_state(clean, strict=True) is clean, "no failure: the change log itself"
    state = final_state(_log(failed=1), strict=False)
    assert state.is_completed() and state.name == FAILED_STATE_NAME and "1 sources" in state.message
    assert final_state(_log(failed=1), strict=True).is_failed()
    assert final_state(_log(still_failed=1), strict=True).is_failed()
    assert final_state(_log(still_failed=1), strict=False)["counts"]["still_failed"] == 1

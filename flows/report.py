"""What a run tells Prefect: log lines, the ``wikirecords-run`` Markdown artifact, failure events, final state.

Pure text building (``batch_line``, ``summary_line``, ``run_markdown``, ``batch_run_name``) is kept apart
from the calls into Prefect (``publish_run``, ``final_state``), which only work inside a flow run.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from flows.plan import WorkItem
from flows.work import SourceOutcome

ARTIFACT_KEY = "wikirecords-run"
FAILED_EVENT = "wikirecords.source.failed"
FAILED_STATE_NAME = "Completed with failures"
MAX_TABLE_ROWS = 50
"""Rows per table of the artifact; the change log lists everything."""
MAX_EVENTS = 200
"""At most this many ``wikirecords.source.failed`` events per run (a broken dump may fail thousands of pages)."""


def human_bytes(size: float) -> str:
    """3.1 MB, 512 KB, 20 B."""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit in ("B", "KB") else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def batch_run_name(items: list[WorkItem]) -> str:
    """The name of an extraction task run: what it extracts, e.g. ``extract 12 sources (3.1 MB)``."""
    size = sum(item.size for item in items)
    if len(items) == 1 and items[0].parts > 1:
        item = items[0]
        return f"extract streams {item.part + 1}/{item.parts} of {item.path} ({human_bytes(size)})"
    if len(items) == 1:
        return f"extract {items[0].path} ({human_bytes(size)})"
    return f"extract {len(items)} sources ({human_bytes(size)})"


def batch_line(index: int, total: int, outcomes: list[SourceOutcome]) -> str:
    """One log line per finished batch: sources, records, failures, seconds of extraction."""
    records = sum(1 for o in outcomes for d in o.docs if d.status == "extracted")
    failures = sum(1 for o in outcomes if o.error) + sum(1 for o in outcomes for d in o.docs if d.status == "failed")
    seconds = sum(o.seconds for o in outcomes)
    return (f"batch {index}/{total}: {len(outcomes)} sources, {records} records extracted, {failures} failures, "
            f"{seconds:.1f} s")


def summary_line(log: dict[str, Any], seconds: float) -> str:
    """One log line per run: every count, the time and where the change log is."""
    counts = log["counts"]
    parts = [f"{counts[name]} {name.replace('_', ' ')}" for name in
             ("added", "updated", "removed", "unchanged", "failed", "still_failed")]
    skipped = counts.get("skipped", 0)
    return (f"{counts['records']} records: {', '.join(parts)}; {skipped} files skipped (not sources); "
            f"{seconds:.1f} s; change log {log.get('change_log')}")


def _cell(value: Any) -> str:
    text = str(value if value is not None else "")
    return text.replace("|", "\\|").replace("\n", " ")[:300]


def _table(title: str, header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = [f"## {title} ({len(rows)})", ""]
    if not rows:
        return [*lines, "none", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[:MAX_TABLE_ROWS])
    if len(rows) > MAX_TABLE_ROWS:
        lines.append(f"\n... and {len(rows) - MAX_TABLE_ROWS} more (see the change log)")
    return [*lines, ""]


def _what_changed(entry: dict[str, Any]) -> str:
    fields = entry.get("infobox_fields") or {}
    events = entry.get("events") or {}
    parts = [f"{k} {len(fields.get(k) or [])}" for k in ("added", "removed", "changed") if fields.get(k)]
    text = f"fields: {', '.join(parts)}" if parts else ""
    event_parts = [f"{k} {len(events.get(k) or [])}" for k in ("added", "removed", "changed") if events.get(k)]
    if event_parts:
        text += ("; " if text else "") + f"events: {', '.join(event_parts)}"
    if entry.get("other"):
        text += ("; " if text else "") + "other: " + ", ".join(entry["other"])
    return text or "offsets only"


def run_markdown(log: dict[str, Any], seconds: float) -> str:
    """The ``wikirecords-run`` artifact: counts, then added, updated, removed and failed tables."""
    counts = log["counts"]
    lines = ["# wikirecords run", "", f"Raw folder `{log.get('raw')}`; change log `{log.get('change_log')}`; "
             f"{seconds:.1f} s.", "", "| result | count |", "|---|---|"]
    for name in ("records", "added", "updated", "removed", "unchanged", "failed", "still_failed", "skipped"):
        lines.append(f"| {name.replace('_', ' ')} | {counts.get(name, 0)} |")
    lines.append("")
    lines += _table("added", ["id", "source"], [[e["id"], e["source"]] for e in log["added"]])
    lines += _table("updated", ["id", "source", "what changed"],
                    [[e["id"], e["source"], _what_changed(e)] for e in log["updated"]])
    lines += _table("removed", ["id", "source"], [[e["id"], e["source"]] for e in log["removed"]])
    failed = [[e["source"], e.get("error_type"), e.get("reason")] for e in log["failed"]]
    failed += [[e["source"], e.get("error_type"), f"(not retried) {e.get('reason')}"] for e in log["still_failed"]]
    lines += _table("failed", ["source", "error", "reason"], failed)
    return "\n".join(lines)


def publish_run(log: dict[str, Any], seconds: float, logger: logging.Logger | logging.LoggerAdapter[Any]) -> None:
    """Inside the flow run: the summary log line, the Markdown artifact and one event per failed source."""
    logger.info("%s", summary_line(log, seconds))
    from prefect.artifacts import create_markdown_artifact

    counts = log["counts"]
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=run_markdown(log, seconds),
                             description=f"{counts['added']} added, {counts['updated']} updated, "
                                         f"{counts['removed']} removed, {counts['failed']} failed")
    _emit_failures(log)


def _emit_failures(log: dict[str, Any]) -> None:
    """A ``wikirecords.source.failed`` event per failed source, for Prefect automations (best effort)."""
    from prefect.events import emit_event

    related = []
    if log.get("flow_run_id"):
        related = [{"prefect.resource.id": f"prefect.flow-run.{log['flow_run_id']}",
                    "prefect.resource.role": "flow-run"}]
    for item in log["failed"][:MAX_EVENTS]:
        with contextlib.suppress(Exception):  # an event that cannot be sent must not fail the run
            emit_event(event=FAILED_EVENT,
                       resource={"prefect.resource.id": f"wikirecords.source.{item['source']}",
                                 "prefect.resource.name": str(item["source"])},
                       related=related,
                       payload={"reason": item.get("reason"), "error_type": item.get("error_type"),
                                "raw": log.get("raw"), "change_log": log.get("change_log")})


def final_state(log: dict[str, Any], strict: bool) -> Any:
    """The flow's return value: the log, or a state an automation can match when sources failed.

    ``Completed`` named "Completed with failures" (``Failed`` with ``strict``) carrying the log as its data.
    """
    failed = log["counts"]["failed"] + (log["counts"]["still_failed"] if strict else 0)
    if not failed:
        return log
    from prefect.states import Completed, Failed

    message = f"{failed} sources or pages failed; see {log.get('change_log')}"
    if strict:
        return Failed(message=message, data=log)
    return Completed(name=FAILED_STATE_NAME, message=message, data=log)

"""``wikirecords show``: one record for the terminal (infobox table, groups, events timeline)."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text


def render_record(record: dict[str, Any]) -> list[RenderableType]:
    """Renderables for rich: a title line, the infobox, its groups, the events by date, the warnings."""
    parts: list[RenderableType] = []
    source = record.get("source") or {}
    parts.append(Text.assemble((str(record.get("title")), "bold"), f"  [{record.get('id')}]  ",
                               (f"{source.get('path')} ({source.get('format')})", "dim")))
    box = record.get("infobox")
    if box:
        table = Table(title=f"infobox: {box.get('template') or box.get('name') or ''}".rstrip(": "),
                      title_justify="left")
        table.add_column("key", style="cyan", no_wrap=True)
        table.add_column("value", overflow="fold")
        table.add_column("typed", overflow="fold")
        for item in box.get("fields", []):
            table.add_row(item.get("key", ""), item.get("value", ""), _typed(item))
        parts.append(table)
        for name, members in (box.get("groups") or {}).items():
            group = Table(title=f"group: {name}", title_justify="left")
            columns = list(dict.fromkeys(k for m in members for k in m))  # 'n' first, then members as written
            for column in columns:
                group.add_column(column, overflow="fold")
            for member in members:
                group.add_row(*(str(member.get(c, "")) for c in columns))
            parts.append(group)
    else:
        parts.append(Text("no infobox", style="dim"))
    events = sorted(record.get("events") or [], key=lambda e: (_chronological(e["date"]["start"]),
                                                               _chronological(e["date"]["end"])))
    timeline = Table(title=f"events ({len(events)})", title_justify="left")
    timeline.add_column("when", no_wrap=True, style="green")
    timeline.add_column("as written", overflow="fold")
    timeline.add_column("kind", no_wrap=True, style="magenta")
    timeline.add_column("sentence", overflow="fold")
    for event in events:
        date = event["date"]
        when = date["start"] if date["start"] == date["end"] else f"{date['start']}..{date['end']}"
        if date.get("qualifier"):
            when = f"{date['qualifier']} {when}"
        kind = " ".join(x for x in (event.get("kind"), _context(event)) if x)
        timeline.add_row(when, date.get("text", ""), kind, event.get("sentence", ""))
    parts.append(timeline)
    periods = (box or {}).get("periods") or []
    if periods:
        spans = Table(title=f"infobox periods ({len(periods)})", title_justify="left")
        for column in ("group", "n", "member", "when"):
            spans.add_column(column, overflow="fold")
        for period in periods:
            date = period.get("date") or {}
            end = date.get("end")
            when = f"{date.get('start')}..{end if end is not None else ''}"
            spans.add_row(str(period.get("group", "")), str(period.get("n", "")), str(period.get("member", "")), when)
        parts.append(spans)
    for warning in record.get("warnings") or []:
        parts.append(Text(f"warning [{warning.get('code')}]: {warning.get('message')}", style="yellow"))
    return parts


def _chronological(iso: str | None) -> tuple[int, str]:
    """A sort key that puts BC dates ('-0331') in time order, before AD ones."""
    if not iso:
        return (10**6, "")
    if iso.startswith("-") and not iso.startswith("--"):
        year, _, rest = iso[1:].partition("-")
        return (-int(year) if year.isdigit() else 0, rest)
    year, _, rest = iso.partition("-")
    return (int(year) if year.isdigit() else 0, rest)


def _context(event: dict[str, Any]) -> str:
    """'table' or 'caption' for events outside the prose; nothing for prose."""
    context = event.get("context")
    return "" if context in (None, "prose") else str(context)


def _typed(item: dict[str, Any]) -> str:
    if item.get("date"):
        date = item["date"]
        if date["end"] is None:  # an open end: '2013–', '2016–present'
            return f"date {date['start']}.. (open)"
        return f"date {date['start']}" + (f"..{date['end']}" if date["end"] != date["start"] else "")
    if item.get("number") is not None:
        unit = f" {item['unit']}" if item.get("unit") else ""
        return f"number {item['number']:g}{unit}"
    if item.get("items"):
        return f"list of {len(item['items'])}"
    return ""

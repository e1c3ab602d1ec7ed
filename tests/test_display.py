"""``wikirecords show`` rendering: event kinds and contexts, infobox periods, BC dates in time order."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from flows.display import render_record


def _event(start: str, end: str, sentence: str, kind: str | None = None, context: str = "prose") -> dict[str, Any]:
    return {"id": sentence[:4], "date": {"text": start, "start": start, "end": end, "precision": "year",
                                         "qualifier": None},
            "sentence": sentence, "section": None, "source_span": [0, 1], "actors": [], "kind": kind,
            "context": context}


def _render(record: dict[str, Any]) -> str:
    console = Console(width=200, record=True, color_system=None)
    for part in render_record(record):
        console.print(part)
    return console.export_text()


def _record(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "x", "title": "X", "source": {"path": "x.wiki", "format": "wikitext"},
                            "infobox": None, "events": [], "warnings": []}
    base.update(extra)
    return base


def test_display_orders_bc_dates_chronologically() -> None:
    events = [_event("0079", "0079", "Vesuvius buried Pompeii."), _event("-0100", "-0100", "Caesar was born."),
              _event("-0331", "-0331", "Alexander defeated Darius.")]
    text = _render(_record(events=events))
    assert text.index("Alexander") < text.index("Caesar") < text.index("Vesuvius")


def test_display_shows_birth_death_and_non_prose_context() -> None:
    events = [_event("1879", "1879", "Einstein was born.", kind="birth"),
              _event("1911", "1911", "1911 | The Gold Lust", context="table"),
              _event("1920", "1920", "He wrote a book.")]
    lines = _render(_record(events=events)).splitlines()
    assert any("birth" in line and "Einstein" in line for line in lines)
    assert any("table" in line and "Gold Lust" in line for line in lines)
    book = next(line for line in lines if "He wrote a book" in line)
    assert "prose" not in book and "birth" not in book


def test_display_lists_infobox_periods_with_open_ends() -> None:
    box = {"template": "Infobox football biography", "name": "X", "fields": [], "groups": {},
           "periods": [{"group": "career", "n": 1, "member": "years",
                        "date": {"text": "1984–1987", "start": "1984", "end": "1987", "precision": "year",
                                 "qualifier": None}}]}
    text = _render(_record(infobox=box))
    assert "infobox periods (1)" in text
    assert "1984..1987" in text and "career" in text

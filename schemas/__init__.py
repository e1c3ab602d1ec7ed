"""Pydantic v2 models: the single definition of the wikirecords record format."""

from __future__ import annotations

from schemas.record import (
    SCHEMA_VERSION,
    Actor,
    DateValue,
    Event,
    Infobox,
    InfoboxField,
    Record,
    RecordWarning,
    Section,
    SourceInfo,
)

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "DateValue",
    "Event",
    "Infobox",
    "InfoboxField",
    "Record",
    "RecordWarning",
    "Section",
    "SourceInfo",
]

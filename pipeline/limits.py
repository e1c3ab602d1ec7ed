"""Safety limits with defaults that suit real Wikipedia pages; all configurable by the caller."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Upper bounds that keep one hostile source from stalling or exhausting a batch."""

    max_source_bytes: int = 64 * 1024 * 1024
    """Largest single article (or dump page) accepted; the biggest Wikipedia pages are ~2 MB."""
    max_dump_bytes: int = 1 << 40
    """Largest XML dump streamed (compressed size is not limited, this bounds what is read)."""
    max_infobox_fields: int = 1000
    """Fields kept per infobox; the rest are dropped with a warning."""
    max_field_chars: int = 100_000
    """Characters kept per infobox value; longer values are cut with a warning."""
    max_template_depth: int = 100
    """Template nesting beyond this is not rendered (kept as plain text) with a warning."""
    seconds_per_source: float = 60.0
    """Wall-clock budget for one article; enforced by the orchestrator."""

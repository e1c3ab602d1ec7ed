"""Safety limits with defaults that suit real Wikipedia pages; all configurable by the caller."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.errors import LimitExceededError
from pipeline.extract.keys import field_key
from schemas.record import RecordWarning

if TYPE_CHECKING:
    from pipeline.article import ParsedArticle


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
    max_events: int = 20_000
    """Events kept per article (the longest Wikipedia articles have a few thousand); the rest dropped with a warning."""
    seconds_per_source: float = 60.0
    """Wall-clock budget for one article; enforced by the orchestrator."""


class Deadline:
    """The wall-clock budget of one source, checked between stages (parse, infobox, events) by the caller.

    A check cannot interrupt a stage that is running; the orchestrator should also run each source under a
    task timeout. Raises ``LimitExceededError`` naming the source, the budget and the stage reached.
    """

    def __init__(self, source: str, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.source, self.seconds, self._clock = source, seconds, clock
        self._start = clock()

    @classmethod
    def for_source(cls, source: str, limits: Limits) -> Deadline:
        return cls(source, limits.seconds_per_source)

    def elapsed(self) -> float:
        return self._clock() - self._start

    def remaining(self) -> float:
        return self.seconds - self.elapsed()

    def check(self, stage: str) -> None:
        """Raise when the budget is spent; ``stage`` names what was just finished (for the message)."""
        elapsed = self.elapsed()
        if elapsed > self.seconds:
            raise LimitExceededError(
                self.source, f"took {elapsed:.1f} s, more than the {self.seconds:g}-second budget per source "
                f"(stopped after {stage}); raise Limits.seconds_per_source (--seconds-per-source) or remove it")


def cap_infoboxes(article: ParsedArticle, limits: Limits) -> list[RecordWarning]:
    """Keep at most ``max_infobox_fields`` fields per infobox and ``max_field_chars`` per value, in place.

    Applied to every reader's output, so one hostile infobox cannot blow up typing and grouping; each cut is
    returned as a warning naming the limit to raise.
    """
    warnings: list[RecordWarning] = []
    for box in article.infoboxes:
        name = box.template or box.name or "infobox"
        if len(box.fields) > limits.max_infobox_fields:
            warnings.append(RecordWarning(
                code="infobox_fields_limit",
                message=f"{name!r} has {len(box.fields):,} fields; the first {limits.max_infobox_fields:,} are "
                        "kept (raise Limits.max_infobox_fields to keep more)"))
            del box.fields[limits.max_infobox_fields:]
        for raw in box.fields:
            if len(raw.value) > limits.max_field_chars:
                warnings.append(RecordWarning(
                    code="field_truncated", field=field_key(raw.label, box.keys_as_written),
                    message=f"the value of {raw.label[:200]!r} has {len(raw.value):,} characters; the first "
                            f"{limits.max_field_chars:,} are kept (raise Limits.max_field_chars to keep more)"))
                raw.value = raw.value[: limits.max_field_chars]
                raw.items = [item[: limits.max_field_chars] for item in raw.items[: limits.max_infobox_fields]]
    return warnings

"""The project's own parsed-article type: what every source reader produces and every extractor reads.

Readers (flat, wikitext, dump) turn text into a ``ParsedArticle``; extractors never see markup.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from schemas.record import DateValue, RecordWarning


@dataclass
class RawField:
    """An infobox parameter after markup removal, before typing and key normalization."""

    label: str
    value: str
    items: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    """Dates known exactly from the markup (e.g. {{birth date|1946|9|5}}); parsed from text otherwise."""


@dataclass
class RawInfobox:
    """One infobox as read from the source."""

    template: str | None
    name: str | None
    fields: list[RawField] = field(default_factory=list)
    empty_labels: list[str] = field(default_factory=list)
    """Parameters given with an empty value: no field, but they show which numbered families exist."""
    keys_as_written: bool = False
    """True when the labels are the template's parameter names (wikitext): keys keep their case and spaces.
    False for a flat rendering, whose labels ('Leader Title2') are normalized back to snake_case."""


@dataclass
class LinkSpan:
    """A link in a paragraph: its label's offsets in the paragraph text and the linked article."""

    start: int
    end: int
    target: str


CELL_SEPARATOR = " | "
"""Between the cells of a table row in the row's plain text (a Paragraph of context "table")."""


@dataclass
class Paragraph:
    """A block of prose as plain text, with a map from text offsets back to source offsets."""

    text: str
    section: str | None
    anchors: list[tuple[int, int]]
    """Sorted (text_offset, source_offset) pairs: text from text_offset on comes from source_offset on."""
    links: list[LinkSpan] = field(default_factory=list)
    context: str = "prose"
    italics: list[tuple[int, int]] = field(default_factory=list)
    """[start, end) of the text set in italics (wikitext), sorted: titles of works mostly."""
    """Where the text stands: "prose" (a paragraph or list item), "table" (one table row, its cells joined by
    " | "; one sentence) or "caption" (an image caption)."""

    def source_offset(self, offset: int) -> int:
        """Map an offset in ``text`` to an offset in the source (exact inside copied runs of text)."""
        if not self.anchors:
            return offset
        i = bisect_right(self.anchors, (offset, float("inf"))) - 1
        text_at, source_at = self.anchors[max(i, 0)]
        return source_at + max(offset - text_at, 0)


@dataclass
class ParsedArticle:
    """An article reduced to what the extractors need, with the source's own structure kept."""

    title: str
    title_from: str
    infoboxes: list[RawInfobox] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    warnings: list[RecordWarning] = field(default_factory=list)

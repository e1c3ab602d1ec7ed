"""A unit of extraction: one article's text with where it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceDocument:
    """One article to extract: a flat or wikitext file, or one page of an XML dump."""

    path: str
    format: str
    text: str
    title: str | None = None
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    decode_note: str | None = None
    """Set when the bytes needed repair (e.g. invalid UTF-8 replaced); becomes a record warning."""

    @property
    def key(self) -> str:
        """Unique key of the document within a raw folder: the path, plus the page id for dump pages."""
        return self.path if self.page_id is None else f"{self.path}#{self.page_id}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

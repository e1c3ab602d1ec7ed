"""The few exceptions the library raises; each message names the source, what was found and what to do."""

from __future__ import annotations


class WikirecordsError(Exception):
    """Base class: a source could not be turned into records. Other exceptions are bugs."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class SourceDecodeError(WikirecordsError):
    """The bytes are not text the pipeline can read (binary data, unknown encoding, empty)."""


class SourceFormatError(WikirecordsError):
    """The text is not a recognisable flat article, wikitext page or MediaWiki XML export."""


class LimitExceededError(WikirecordsError):
    """A configured safety limit was reached (source size, fields per infobox, time per source)."""

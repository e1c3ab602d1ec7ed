"""The few exceptions the library raises; each message names the source, what was found and what to do."""

from __future__ import annotations

from typing import Any


class WikirecordsError(Exception):
    """Base class: a source could not be turned into records. Other exceptions are bugs."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild from (source, reason) so errors survive pickling across worker processes (Dask, Prefect).
        return (self.__class__, (self.source, self.reason), self.__dict__)


class SourceDecodeError(WikirecordsError):
    """The bytes are not text the pipeline can read (binary data, unknown encoding, empty)."""


class SourceFormatError(WikirecordsError):
    """The text is not a recognisable flat article, wikitext page or MediaWiki XML export."""


class LimitExceededError(WikirecordsError):
    """A configured safety limit was reached (source size, fields per infobox, time per source)."""


class UnsafeXMLError(SourceFormatError):
    """An XML source declares entities or external references (entity bomb, XXE): refused, nothing expanded or read."""


class DumpTruncatedError(SourceFormatError):
    """A dump (or its .bz2 stream) ends before its closing tag; the pages read before the break were yielded.

    ``pages_read`` counts the article pages yielded before the break; ``last_page`` is the title of the last
    complete page seen (any namespace), or None when the break came before the first page.
    """

    def __init__(self, source: str, reason: str, pages_read: int = 0, last_page: str | None = None) -> None:
        super().__init__(source, reason)
        self.pages_read = pages_read
        self.last_page = last_page



class TimexInputError(WikirecordsError):
    """A tag-dates input line that is not a JSON object with a string ``text``."""

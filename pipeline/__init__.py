"""wikirecords' pure extraction library: sources -> parse -> extract -> validate.

No Prefect, no file writes, no environment reads: every entry point can be called on a string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.errors import (
    DumpTruncatedError,
    LimitExceededError,
    SourceDecodeError,
    SourceFormatError,
    UnsafeXMLError,
    WikirecordsError,
)
from pipeline.limits import Deadline, Limits
from pipeline.version import PIPELINE_VERSION

if TYPE_CHECKING:
    from pipeline.api import extract_document, extract_text, read_documents

_LAZY = ("extract_document", "extract_text", "read_documents")


def __getattr__(name: str) -> Any:
    """The extraction entry points, imported on first use: they load spaCy (~1.5 s), which a caller that
    only needs the error types or limits (the CLI before it fails fast) should not pay for."""
    if name in _LAZY:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

__all__ = [
    "PIPELINE_VERSION",
    "Deadline",
    "DumpTruncatedError",
    "LimitExceededError",
    "Limits",
    "SourceDecodeError",
    "SourceFormatError",
    "UnsafeXMLError",
    "WikirecordsError",
    "extract_document",
    "extract_text",
    "read_documents",
]

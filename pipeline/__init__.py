"""wikirecords' pure extraction library: sources -> parse -> extract -> validate.

No Prefect, no file writes, no environment reads: every entry point can be called on a string.
"""

from __future__ import annotations

from pipeline.api import extract_document, extract_text, read_documents
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

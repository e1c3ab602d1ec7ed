"""Errors of the output store (kept next to the flows because only the orchestration writes files).

Both derive from :class:`pipeline.errors.WikirecordsError`, so callers catch one base class.
"""

from __future__ import annotations

from pipeline.errors import WikirecordsError


class OutputStoreError(WikirecordsError):
    """The output folder cannot be written (permissions, full disk, unsafe path); nothing was half-written."""


class OutputLockedError(OutputStoreError):
    """Another run holds the output folder's lock and did not release it in time."""

"""How each dump of a run is read: by ranges of streams (multistream dumps) or whole, by one task.

A multistream dump (``*-pages-articles-multistream.xml.bz2``) is cut into ranges of bz2 streams, so that N
tasks decompress it once in total; its streams come from the index beside it, else from a scan of the dump.
Any other dump (plain ``.xml``, single-stream or pbzip2 ``.bz2``) is read whole by one task: sharing it would
make every task decompress all of it. Reads only headers and indexes; writes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import WikirecordsError
from pipeline.sources.multistream import StreamIndexError, StreamList, dump_layout, list_streams, read_siteinfo

WHOLE = "whole"


@dataclass(frozen=True)
class DumpReading:
    """How one source is read: ``read_by`` (``"streams (index)"``, ``"streams (scan)"`` or ``"whole"``)."""

    read_by: str
    streams: StreamList | None = None
    """The page streams, when the dump is read by ranges of them."""
    warning: str | None = None
    """Why the index beside the dump was not used, when it was there but did not match."""

    def ranges(self, parts: int) -> list[tuple[int, int]]:
        """``(first_offset, end_offset)`` of at most ``parts`` ranges of streams; empty when read whole."""
        return self.streams.ranges(parts) if self.streams is not None else []


def may_be_multistream(path: str) -> bool:
    """Only a ``.bz2`` file can be a multistream dump; everything else is read whole without opening it here."""
    return path.lower().endswith(".bz2")


def dump_reading(raw: str | os.PathLike[str], path: str) -> DumpReading:
    """How to read the source ``path`` of the raw folder (or the raw file itself).

    A ``.bz2`` that is a multistream dump is read by streams; an index beside it that does not match the dump
    is left aside (a warning says so) and the streams are found by scanning. Any other file, and any file whose
    header cannot be read, is read whole: the task that reads it reports the error.
    """
    if not may_be_multistream(path):
        return DumpReading(WHOLE)
    root = Path(raw)
    file = root if root.is_file() else root / path
    try:
        layout = dump_layout(path, file)
    except StreamIndexError as exc:
        try:
            with open(file, "rb") as dump:
                site = read_siteinfo(path, dump)
                streams = list_streams(path, dump, site)
        except (WikirecordsError, OSError):
            return DumpReading(WHOLE)
        return DumpReading(f"streams ({streams.found_by})", streams,
                           f"{path}: the index beside it was not used ({exc.reason}); its streams were found by "
                           "scanning the dump")
    except (WikirecordsError, OSError):
        return DumpReading(WHOLE)
    return DumpReading(layout.read_by, layout.streams)

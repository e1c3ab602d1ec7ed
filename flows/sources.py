"""Which files of a raw folder are sources, and which raw and output folders are refused before a run.

By default a source is a file with a source extension (``.txt``, ``.wiki``, ``.wikitext``, ``.mediawiki``,
``.xml``, ``.bz2``) that is not documentation or data (``README*``, ``*.md``, ``*.json``, ``*.jsonl``), outside
any folder that holds a wikirecords manifest (an output folder); the index beside a multistream dump
(``*-multistream-index.txt.bz2``) never is. ``--include GLOB`` takes more files,
``--exclude GLOB`` leaves files or folders out (and wins over ``--include``). A glob with a ``/`` is matched
against the path relative to the raw folder, otherwise against the file or folder name.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import WikirecordsError
from pipeline.sources.multistream import is_multistream_index

SOURCE_SUFFIXES = (".txt", ".wiki", ".wikitext", ".mediawiki", ".xml", ".bz2")
NOT_SOURCE_SUFFIXES = (".md", ".json", ".jsonl")
NOT_SOURCE_PREFIXES = ("readme",)
MANIFEST_NAME = "manifest.json"


class FolderError(WikirecordsError):
    """The raw and output folders cannot be used together (one inside the other, or the same folder)."""


class RemovalRefusedError(WikirecordsError):
    """A run would remove the records of many sources the raw folder does not hold: refused without --prune."""


@dataclass(frozen=True)
class Selection:
    """The user's ``--include`` and ``--exclude`` globs."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None) -> Selection:
        """A selection from option values (None or lists)."""
        return cls(tuple(include or ()), tuple(exclude or ()))

    def excluded(self, rel: str) -> bool:
        """True when ``--exclude`` names this file or folder (path relative to the raw folder)."""
        return any(_matches(pattern, rel) for pattern in self.exclude)

    def is_source(self, rel: str) -> bool:
        """True when the file (path relative to the raw folder) is read as a source.

        The index of a multistream dump (``*-multistream-index.txt.bz2``) never is, even with ``--include``:
        it holds stream offsets and titles, no article (the dump beside it is read by its streams).
        """
        if self.excluded(rel) or is_multistream_index(rel):
            return False
        if any(_matches(pattern, rel) for pattern in self.include):
            return True
        return is_default_source(PurePosixPath(rel).name)


def is_default_source(name: str) -> bool:
    """The default rule for a file name: a source extension, and not documentation or data."""
    lower = name.lower()
    if lower.startswith(NOT_SOURCE_PREFIXES) or lower.endswith(NOT_SOURCE_SUFFIXES):
        return False
    return lower.endswith(SOURCE_SUFFIXES)


def _matches(pattern: str, rel: str) -> bool:
    pattern = pattern.strip().rstrip("/")
    if not pattern:
        return False
    if "/" in pattern:
        return fnmatch.fnmatchcase(rel, pattern.lstrip("./")) or fnmatch.fnmatchcase(rel, pattern)
    return fnmatch.fnmatchcase(PurePosixPath(rel).name, pattern)


def holds_manifest(folder: Path) -> bool:
    """True when ``folder`` is a wikirecords output folder (its ``manifest.json`` has the manifest's shape)."""
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file():
            return False
        data: Any = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "format" in data and isinstance(data.get("sources"), dict)


def check_folders(raw: str | Path, out: str | Path, selection: Selection | None = None) -> None:
    """Refuse raw and output folders that would feed a run's output back in as sources (one-line errors)."""
    selection = selection or Selection()
    raw_path, out_path = Path(raw).resolve(), Path(out).resolve()
    if raw_path == out_path:
        raise FolderError(f"--out {out}", "is the raw folder itself: the records would be read as sources by the "
                          "next run; give another --out")
    if raw_path.is_dir() and out_path.is_relative_to(raw_path):
        rel = out_path.relative_to(raw_path).as_posix()
        hidden = any(part.startswith(".") for part in PurePosixPath(rel).parts)
        if not hidden and not any(selection.excluded(prefix) for prefix in _prefixes(rel)):
            raise FolderError(f"--out {out}", f"is inside the raw folder {raw}: the records would be read as "
                              f"sources; give an --out outside {raw}, or --exclude '{rel}'")
    for folder in [raw_path, *raw_path.parents] if raw_path.is_dir() else list(raw_path.parents):
        if holds_manifest(folder):
            raise FolderError(str(raw), f"is inside the wikirecords output folder {folder} (it holds a "
                              f"{MANIFEST_NAME}); give the folder holding the articles")


def _prefixes(rel: str) -> list[str]:
    parts = PurePosixPath(rel).parts
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def check_removals(raw: str | Path, out: str | Path, known: Iterable[str], present: Iterable[str],
                   removed_records: int, prune: bool) -> None:
    """Refuse a run that would remove other sources' records when RAW is one file or lacks most known sources.

    ``known`` are the sources the output's manifest lists, ``present`` the sources of this raw folder. A raw
    folder that still holds more than half of them, or lost a single one, is a normal update: its gone
    sources are removed.
    """
    known_set = set(known)
    gone = known_set - set(present)
    if prune or not gone or not removed_records:
        return
    held = len(known_set) - len(gone)
    if Path(raw).is_file() or (held * 2 <= len(known_set) and len(gone) > 1):
        where = f"{raw} is one file" if Path(raw).is_file() else f"{raw} holds {held} of them"
        raise RemovalRefusedError(
            str(out), f"holds the records of {len(known_set)} sources and {where}: this run would remove "
            f"{removed_records} records of {len(gone)} other sources; give --prune to remove them, "
            "or --out another folder")

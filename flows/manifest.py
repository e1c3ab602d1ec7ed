"""The manifest: which source gave which records, at which versions (the flow's in-memory state).

Stored in ``output/state.sqlite``, summarised per source in ``output/manifest.json`` (``flows.state``); an
output folder of the older layout held it whole in ``manifest.json``. Shape (format 1)::

    {"format": 1, "pipeline_version": "0.1.0", "schema_version": "1.0.0",
     "sources":   {"<path relative to raw>": {"sha256", "size", "status": "ok|partial|failed",
                                             "error", "error_type", "pipeline_version", "schema_version",
                                             "documents": [doc keys], "record_ids": [ids]}},
     "documents": {"<doc key>": {"source", "record_id", "title", "fingerprint", "status", "error",
                                 "error_type"}}}

A document key is the source path, or ``path#page_id`` for a dump page; its fingerprint is
``<revision id>:<sha256 of its text>``. No timestamps: an unchanged run leaves the manifest byte-identical.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.version import PIPELINE_VERSION
from schemas.record import SCHEMA_VERSION

MANIFEST_FORMAT = 1


def empty_manifest() -> dict[str, Any]:
    """A manifest with no sources, at the current versions."""
    return {"format": MANIFEST_FORMAT, "pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION,
            "sources": {}, "documents": {}}


def normalize(manifest: dict[str, Any] | None) -> dict[str, Any]:
    """A usable manifest from what was read (None or an unknown format: start from scratch)."""
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return empty_manifest()
    if not isinstance(manifest.get("sources"), dict) or not isinstance(manifest.get("documents"), dict):
        return empty_manifest()
    return manifest


def versions_match(entry: dict[str, Any], version: str = PIPELINE_VERSION) -> bool:
    """True when an entry was produced by the current pipeline (``version``) and schema versions."""
    return entry.get("pipeline_version") == version and entry.get("schema_version") == SCHEMA_VERSION


def run_version(mappings: str | None) -> str:
    """The version a run's records are made by: the pipeline's, plus the user's mapping file when one is given.

    Records made with ``--mappings`` differ from records made without it (and with another mapping file), so a
    source extracted one way is redone when the next run asks for the other.
    """
    if not mappings:
        return PIPELINE_VERSION
    digest = hashlib.sha256(Path(mappings).read_bytes()).hexdigest()[:12]
    return f"{PIPELINE_VERSION}+mappings.{digest}"


def fingerprint(revision_id: int | None, sha256: str) -> str:
    """What identifies a document's content: its revision (dumps) and the hash of its text."""
    return f"{revision_id if revision_id is not None else ''}:{sha256}"

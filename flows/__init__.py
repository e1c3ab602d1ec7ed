"""Orchestration and I/O around the pure ``pipeline`` library: Prefect flows, output store, CLI.

Importing any ``flows`` module first applies wikirecords' Prefect defaults (project-local state,
no telemetry), because Prefect reads its settings when it is imported.
"""

from __future__ import annotations

from flows.settings import apply_defaults as _apply_defaults

_apply_defaults()

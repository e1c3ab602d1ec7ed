"""Prefect defaults for wikirecords, applied to the environment BEFORE prefect is imported.

Prefect reads its settings once, at import; so ``flows/__init__.py`` calls :func:`apply_defaults`
first. Every default is a ``setdefault``: a variable the user exported always wins.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_HOME_ENV = "WIKIRECORDS_HOME"
"""Folder that holds wikirecords' Prefect state (default: ``.prefect`` in the current folder)."""

QUIET_DEFAULTS: dict[str, str] = {
    # No analytics, no telemetry, nothing that tries to reach the network.
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    # The temporary (ephemeral) server needs 10-30 s on a loaded machine; Prefect's default is 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    # The UI is not served by the temporary server; `prefect server start` serves it.
    "PREFECT_UI_ENABLED": "false",
    # Keep the terminal for our own progress bar and summary: Prefect's console handler shows warnings only,
    # while the flow's and tasks' INFO lines still go to the API (the UI and `prefect flow-run logs`).
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    # Old flow runs are deleted by the server's vacuum service (real servers; see README).
    "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
}


def project_home() -> Path:
    """Where Prefect keeps its database and settings for this project: never the user's home folder."""
    explicit = os.environ.get(PROJECT_HOME_ENV)
    return Path(explicit).resolve() if explicit else Path.cwd().resolve() / ".prefect"


def apply_defaults() -> None:
    """Set wikirecords' Prefect defaults in ``os.environ`` unless the user already set them."""
    os.environ.setdefault("PREFECT_HOME", str(project_home()))
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)


def server_configured() -> bool:
    """True when runs go to a real Prefect server (``PREFECT_API_URL``) instead of a temporary one."""
    return bool(os.environ.get("PREFECT_API_URL", "").strip())

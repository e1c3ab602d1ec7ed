"""Facts about the machine and the versions measured, recorded with every result."""

from __future__ import annotations

import os
import platform
from importlib import metadata

PACKAGES = ("wikirecords", "mwparserfromhell", "spacy", "pydantic", "prefect", "prefect-dask", "distributed",
            "dateparser")


def machine_facts() -> dict[str, object]:
    """CPU count, memory, load, Python and package versions."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpu_count": os.cpu_count(), "memory_bytes": _mem_total(), "python": platform.python_version(),
            "platform": platform.platform(), "load_average_start": list(os.getloadavg()), "versions": versions}


def _mem_total() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None

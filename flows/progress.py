"""Progress events from the flow to whoever listens (the CLI's progress bar); a no-op by default.

The flow body runs in the caller's process, so a plain callback is enough; listeners must not raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[str, dict[str, Any]], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Callable[[], None]:
    """Add a listener of ``(event, data)``; returns a function that removes it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def emit(event: str, **data: Any) -> None:
    """Tell the listeners: ``planned`` (sources, work, batches), ``item`` (path; only from tasks that run in
    this process), ``batch`` (items), ``extracted`` (the last batch ended), ``committing`` (ahead_s, ahead_records:
    the seconds spent and the records written by ``flows.ahead`` during the extraction), ``done`` (log)."""
    for listener in list(_listeners):
        listener(event, data)

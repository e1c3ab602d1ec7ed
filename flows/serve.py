"""Scheduled runs: a deployment of the extract flow, and a local Prefect server when none is configured.

Prefect's temporary (ephemeral) mode cannot schedule runs, so ``wikirecords serve`` needs a real server:
the one ``PREFECT_API_URL`` names, or one it starts itself on loopback (state in the project folder)
and stops on exit.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flows.plan import RawFolderError
from flows.settings import project_home, server_configured
from flows.sources import Selection, check_folders
from flows.store import OutputStore
from pipeline.errors import WikirecordsError

DEPLOYMENT_NAME = "scheduled"
SERVER_START_TIMEOUT = 180.0


class ServeError(WikirecordsError):
    """The schedule could not be set up (bad options, server did not start)."""


def check_schedule(cron: str | None, interval: float | None) -> None:
    """Exactly one schedule: a valid five-field cron string, or a positive interval (one-line errors)."""
    if bool(cron) == bool(interval is not None):
        raise ServeError("serve", "give exactly one schedule: --cron '0 3 * * *' or --interval SECONDS")
    if interval is not None and interval <= 0:
        raise ServeError("serve", "--interval must be a positive number of seconds")
    if cron:
        from prefect.client.schemas.schedules import CronSchedule
        from pydantic import ValidationError

        try:
            CronSchedule(cron=cron)
        except ValidationError as exc:
            raise ServeError("serve", f"invalid --cron {cron!r}: give five fields, minute hour day month weekday, "
                             "e.g. '0 3 * * *' for 03:00 every day") from exc


def check_serve(raw: str, out: str, cron: str | None, interval: float | None,
                selection: Selection | None = None) -> None:
    """Everything ``serve`` can check before it starts a server: schedule, folders, the output lock."""
    check_schedule(cron, interval)
    if not Path(raw).exists():
        raise RawFolderError(str(raw), "does not exist (give the folder or file holding the articles)")
    check_folders(raw, out, selection)
    store = OutputStore(out)
    store.ensure_folders()
    with store.lock(timeout=0.5):
        pass


def build_deployment(raw: str, out: str, cron: str | None = None, interval: float | None = None,
                     workers: int = 1, task_runner: str = "auto", dask_address: str | None = None,
                     name: str = DEPLOYMENT_NAME, selection: Selection | None = None) -> Any:
    """A ``RunnerDeployment`` of ``wikirecords-extract`` with one schedule (cron or interval).

    Paths are made absolute (runs execute in a subprocess) and the entry point is the module path
    ``flows.extract.extract_flow``, importable wherever wikirecords is installed.
    """
    check_schedule(cron, interval)
    from prefect.deployments.runner import EntrypointType

    from flows.extract import extract_flow

    selection = selection or Selection()
    parameters = {"raw": str(Path(raw).resolve()), "out": str(Path(out).resolve()), "workers": workers,
                  "task_runner": task_runner, "dask_address": dask_address,
                  "include": list(selection.include), "exclude": list(selection.exclude)}
    try:
        return extract_flow.to_deployment(
            name=name, cron=cron, interval=interval, parameters=parameters,
            description=f"Extract {parameters['raw']} into {parameters['out']} on a schedule.",
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
    except ValueError as exc:
        raise ServeError("serve", f"invalid schedule: {exc}") from exc


@contextlib.contextmanager
def prefect_server(home: Path | None = None, timeout: float = SERVER_START_TIMEOUT) -> Iterator[str]:
    """The API URL of a Prefect server: ``PREFECT_API_URL`` when set, else a local one started here.

    The local server listens on 127.0.0.1 only, keeps its SQLite database in the project's Prefect
    home, and is stopped when the block exits.
    """
    if server_configured():
        yield os.environ["PREFECT_API_URL"]
        return
    home = home or project_home()
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": os.environ.get("PREFECT_SERVER_UI_ENABLED", "true")}
    env.pop("PREFECT_API_URL", None)
    log_path = home / "server.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, process, timeout, log_path)
        yield url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its children (uvicorn): its own process group, SIGTERM then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def serve_deployment(deployment: Any, api_url: str) -> None:
    """Register the deployment and run its scheduled runs until interrupted (Ctrl-C)."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        serve(deployment, print_starting_message=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError("prefect server", f"exited with status {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise ServeError("prefect server", f"not healthy after {timeout:g} s; see {log_path}")


def run_line(log: dict[str, Any], path: Path) -> str:
    """One line for a finished scheduled run: when, the counts, the change log."""
    counts = log.get("counts") or {}
    finished = str(log.get("finished") or "")[:19].replace("T", " ")
    parts = ", ".join(f"{counts.get(k, 0)} {k.replace('_', ' ')}" for k in
                      ("added", "updated", "removed", "unchanged", "failed"))
    return f"{finished} UTC run finished: {counts.get('records', 0)} records ({parts}); change log {path}"


class RunWatcher(threading.Thread):
    """While serving: calls ``report`` with one line for each new change log in ``out/runs``.

    Scheduled runs execute in subprocesses started by Prefect's runner; the change log each one writes is
    the one thing every run leaves, whatever runner executed it.
    """

    def __init__(self, out: str, report: Callable[[str], None], every: float = 2.0) -> None:
        super().__init__(name="wikirecords-run-watcher", daemon=True)
        self.runs = OutputStore(out).runs_dir
        self.report = report
        self.every = every
        self.seen = set(self._logs())
        self.stopped = threading.Event()

    def _logs(self) -> list[Path]:
        try:
            return sorted(p for p in self.runs.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
        except OSError:
            return []

    def poll(self) -> list[str]:
        """Lines for the change logs that appeared since the last poll."""
        lines = []
        for path in self._logs():
            if path in self.seen:
                continue
            self.seen.add(path)
            try:
                log = json.loads(path.read_bytes())
            except (OSError, ValueError):
                continue
            lines.append(run_line(log, path))
        return lines

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            for line in self.poll():
                with contextlib.suppress(Exception):
                    self.report(line)

    def stop(self) -> None:
        """Stop polling (the thread ends within one poll interval)."""
        self.stopped.set()

"""The ``wikirecords`` command line (typer + rich): thin over the library and the flows.

User errors print one line (``error: ...``) and exit with status 1; usage errors exit with status 2.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import flows  # noqa: F401 - applies the Prefect defaults before anything imports prefect
from flows import progress as flow_progress
from flows.settings import server_configured
from flows.sources import Selection
from flows.store import OutputStore, atomic_write_bytes
from pipeline.errors import WikirecordsError
from pipeline.limits import Limits

app = typer.Typer(
    name="wikirecords",
    help="Turn wiki-style articles (flat text, wikitext, XML dumps) into validated JSON records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
MAX_ROWS = 50
"""Failed sources listed in the summary; the change log and the manifest list them all."""
MAX_REMOVED = 20
"""Removed record ids named in the summary."""
err_console = Console(stderr=True)
INCLUDE_HELP = ("Also read files matching GLOB as sources (repeatable; a GLOB with '/' matches the path under "
                "RAW, otherwise the file name). By default only .txt .wiki .wikitext .mediawiki .xml .bz2 files, "
                "never README*, *.md, *.json, *.jsonl or an output folder.")
EXCLUDE_HELP = "Leave out files or folders matching GLOB (repeatable; wins over --include)."


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        from pipeline.version import PIPELINE_VERSION
        from schemas.record import SCHEMA_VERSION

        try:
            package = version("wikirecords")
        except PackageNotFoundError:
            package = "not installed"
        console.print(f"wikirecords {package} (pipeline {PIPELINE_VERSION}, record schema {SCHEMA_VERSION})",
                      highlight=False)
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn wiki-style articles (flat text, wikitext, XML dumps) into validated JSON records."""


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _guarded(fn: Callable[[], int]) -> None:
    """Run a command body; user errors become one line on stderr and exit status 1."""
    try:
        code = fn()
    except (WikirecordsError, UserError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise _fail(f"{exc.strerror or exc}{where}") from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None
    except Exception as exc:  # a bug or an environment problem: one line, the traceback on demand
        if os.environ.get("WIKIRECORDS_DEBUG"):
            raise
        if "Failed to reach API" in str(exc):
            raise _fail(f"cannot reach the Prefect server at PREFECT_API_URL={os.environ.get('PREFECT_API_URL')}: "
                        "start it, or unset PREFECT_API_URL to run without a server") from None
        raise _fail(f"{type(exc).__name__}: {exc} (set WIKIRECORDS_DEBUG=1 to see the traceback)") from None
    if code:
        raise typer.Exit(code)


# -- extract ------------------------------------------------------------------------------------------
@app.command()
def extract(
    raw: Annotated[Path, typer.Argument(help="Folder (or one file) holding the articles.")] = Path("raw"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parallel extraction processes.")] = 1,
    task_runner: Annotated[str, typer.Option(
        help="auto (inline for 1 worker, else processes), inline, process or dask.")] = "auto",
    dask_address: Annotated[str | None, typer.Option(
        help="Scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (implies --task-runner dask).")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit with status 1 when any source failed.")] = False,
    lock_timeout: Annotated[float, typer.Option(help="Seconds to wait for another run on the same output.")
    ] = 60.0,
    max_source_bytes: Annotated[int | None, typer.Option(help="Largest article accepted, in bytes.")] = None,
    seconds_per_source: Annotated[float | None, typer.Option(help="Time limit per article, in seconds.")
    ] = None,
    always_flow: Annotated[bool, typer.Option(
        help="Start the Prefect flow even when nothing changed (otherwise such a run is answered without "
             "starting a temporary Prefect server).")] = False,
    include: Annotated[list[str] | None, typer.Option(metavar="GLOB", help=INCLUDE_HELP)] = None,
    exclude: Annotated[list[str] | None, typer.Option(metavar="GLOB", help=EXCLUDE_HELP)] = None,
    prune: Annotated[bool, typer.Option(
        help="Allow removing the records of sources RAW does not hold when RAW is one file or lacks most of the "
             "output's sources (refused otherwise).")] = False,
    dry_run: Annotated[bool, typer.Option(
        help="Print what a run would add, change and remove, and write nothing.")] = False,
    mappings: Annotated[Path | None, typer.Option(
        help="DBpedia mapping file (Mapping_en.xml): templates it maps get DBpedia's numbered families and "
             "property names (docs/families.md). Applies to the articles extracted in this run.")] = None,
) -> None:
    """Extract new and changed articles of RAW into OUT (incremental; a summary table at the end)."""

    def body() -> int:
        from flows.runs import plan_preview, preflight, quick_unchanged_run, run_extract

        if task_runner not in ("auto", "inline", "process", "dask"):
            raise UserError(f"unknown --task-runner {task_runner!r}; choose auto, inline, process or dask")
        if not raw.exists():
            raise UserError(f"{raw}: no such folder or file (give the folder holding the articles)")
        limits = _limits(max_source_bytes, seconds_per_source)
        _check_mappings(mappings)
        selection = Selection.of(include, exclude)
        if dry_run:
            _print_plan(plan_preview(str(raw), str(out), selection, str(mappings) if mappings else None), raw, out)
            return 0
        started = time.perf_counter()
        preflight(str(raw), str(out), lock_timeout, selection)  # in a second, before any Prefect server starts
        if dask_address and not server_configured():
            err_console.print("warning: PREFECT_API_URL is not set: each Dask worker starts its own temporary "
                              "Prefect server (set it to a real server shared by the workers)", highlight=False)
        log = None
        if not always_flow and not server_configured():  # also refuses silent removals before any flow starts
            log = quick_unchanged_run(str(raw), str(out), lock_timeout, selection=selection, prune=prune,
                                      mappings=str(mappings) if mappings else None)
        if log is None:
            with _progress_bar() as _:
                log = run_extract(str(raw), str(out), workers=workers, task_runner=task_runner,
                                  dask_address=dask_address, lock_timeout=lock_timeout, limits=limits,
                                  selection=selection, prune=prune, strict=strict,
                                  mappings=str(mappings) if mappings else None)
        _print_summary(log, time.perf_counter() - started)
        counts = log["counts"]
        if counts["failed"] and not counts["records"]:
            err_console.print("error: no record could be written (see the failed sources above)")
            return 1
        if strict and (counts["failed"] or counts["still_failed"]):
            return 1
        return 0

    _guarded(body)


def _check_mappings(mappings: Path | None) -> None:
    """--mappings: read the user's file now, so a wrong file is one clear error before any work."""
    if mappings is None:
        return
    from flows.work import load_mappings
    from pipeline.mappings import MappingsError

    try:
        load_mappings(str(mappings))
    except MappingsError as exc:
        raise UserError(str(exc)) from None


def _limits(max_source_bytes: int | None, seconds_per_source: float | None) -> Limits:
    values: dict[str, Any] = {}
    if max_source_bytes is not None:
        values["max_source_bytes"] = max_source_bytes
    if seconds_per_source is not None:
        values["seconds_per_source"] = seconds_per_source
    return Limits(**values)


class _progress_bar:
    """A rich progress bar fed by the flow's progress events."""

    def __enter__(self) -> _progress_bar:
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=err_console, transient=True)
        self.task = self.progress.add_task("starting Prefect and scanning sources", total=None)
        self.items_heard = 0
        self.progress.start()
        self.unsubscribe = flow_progress.subscribe(self._on_event)
        return self

    def _on_event(self, event: str, data: dict[str, Any]) -> None:
        if event == "planned":
            self.progress.update(self.task, description=f"extracting {data['work']} of {data['sources']} sources",
                                 total=max(1, data["work"]), completed=0)
        elif event == "item":  # per source, when batches run in this process
            self.progress.advance(self.task, 1)
            self.items_heard += 1
        elif event == "batch":  # per batch; sources already counted one by one are not counted twice
            self.progress.advance(self.task, max(0, data.get("items", 1) - self.items_heard))
            self.items_heard = 0
        elif event == "committing":
            self.progress.update(self.task, description="writing the output")

    def __exit__(self, *exc: object) -> None:
        self.unsubscribe()
        self.progress.stop()


def _print_summary(log: dict[str, Any], seconds: float) -> None:
    counts = log["counts"]
    table = Table(title=f"{counts['records']} records ({seconds:.1f} s)", title_justify="left")
    table.add_column("result")
    table.add_column("count", justify="right")
    for name in ("added", "updated", "unchanged", "removed", "failed", "still_failed"):
        table.add_row(name.replace("_", " "), str(counts[name]))
    console.print(table)
    problems = [*log["failed"], *log["still_failed"]]
    if problems:
        failed = Table(title="failed sources", title_justify="left")
        failed.add_column("source", overflow="fold")
        failed.add_column("reason", overflow="fold")
        for item in problems[:MAX_ROWS]:
            failed.add_row(str(item["source"]), str(item["reason"]))
        if len(problems) > MAX_ROWS:
            failed.add_row(f"... and {len(problems) - MAX_ROWS} more", "see the change log and manifest.json")
        console.print(failed)
    for path, dump in sorted(log.get("dumps", {}).items()):
        console.print(f"dump {path}: {dump['pages_seen']} pages, {dump['articles']} articles, "
                      f"{dump['redirects_skipped']} redirects and {dump['other_namespaces_skipped']} pages of other "
                      f"namespaces skipped; read {_read_by(dump)}", highlight=False)
    for refresh in log.get("dump_refresh", []):  # next month's dump took over the older one's records (flows.refresh)
        console.print(f"dump refresh {refresh['from']} -> {refresh['to']}: {refresh['pages_unchanged']} pages "
                      f"unchanged (not parsed), {refresh['pages_updated']} updated, {refresh['pages_added']} added, "
                      f"{refresh['pages_removed']} removed", highlight=False)
    removed = log.get("removed", [])
    if removed:
        names = ", ".join(str(item["id"]) for item in removed[:MAX_REMOVED])
        more = f" and {len(removed) - MAX_REMOVED} more (see the change log)" if len(removed) > MAX_REMOVED else ""
        console.print(f"removed: {names}{more}", highlight=False, soft_wrap=True)
    skipped = log["counts"].get("skipped", 0)
    if skipped:
        console.print(f"skipped {skipped} files that are not sources (README*, *.md, *.json, other extensions, "
                      "output folders; --include GLOB to read them)", highlight=False)
    warnings = log.get("warnings", [])
    for warning in warnings[:10]:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if len(warnings) > 10:
        console.print(f"[yellow]warning:[/] ... and {len(warnings) - 10} more (see the change log)", highlight=False)
    if log.get("change_log"):
        console.print(f"change log: {log['change_log']}", highlight=False)


def _read_by(dump: dict[str, Any]) -> str:
    """How a dump was read, for the summary: ``whole`` or ``by streams (index), 8 tasks``."""
    read_by = str(dump.get("read_by") or "whole")
    if read_by == "whole":
        return "whole (one task)"
    return f"by {read_by}, {dump.get('tasks', 1)} task{'s' if dump.get('tasks', 1) != 1 else ''}"


def _print_plan(plan: dict[str, Any], raw: Path, out: Path) -> None:
    """``--dry-run``: what a run would do, by source, and nothing written."""
    removed_ids = [rid for item in plan["removed"] for rid in item["ids"]]
    console.print(f"dry run: {raw} -> {out}: {len(plan['added'])} added, {len(plan['changed'])} changed, "
                  f"{len(plan['removed'])} removed ({len(removed_ids)} records), {len(plan['unchanged'])} "
                  f"unchanged, {len(plan['unreadable'])} unreadable, {len(plan['skipped'])} skipped; "
                  "nothing written", highlight=False, soft_wrap=True)
    rows = [("added", plan["added"]), ("changed", plan["changed"]),
            ("removed", [f"{i['source']} ({', '.join(i['ids']) or 'no record'})" for i in plan["removed"]]),
            ("unchanged", plan["unchanged"]), ("unreadable", [f"{i['source']}: {i['reason']}"
                                                             for i in plan["unreadable"]]),
            ("skipped", plan["skipped"])]
    for name, items in rows:
        for item in items[:MAX_ROWS]:
            console.print(f"  {name}: {item}", highlight=False, soft_wrap=True)
        if len(items) > MAX_ROWS:
            console.print(f"  {name}: ... and {len(items) - MAX_ROWS} more", highlight=False)


# -- serve --------------------------------------------------------------------------------------------
@app.command()
def serve(
    raw: Annotated[Path, typer.Argument(help="Folder (or one file) holding the articles.")] = Path("raw"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    cron: Annotated[str | None, typer.Option(help="Cron schedule, e.g. '0 3 * * *'.")] = None,
    interval: Annotated[float | None, typer.Option(help="Run every SECONDS seconds.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Parallel extraction processes.")] = 1,
    task_runner: Annotated[str, typer.Option(help="auto, inline, process or dask.")] = "auto",
    dask_address: Annotated[str | None, typer.Option(help="Scheduler of an existing Dask cluster.")] = None,
    include: Annotated[list[str] | None, typer.Option(metavar="GLOB", help=INCLUDE_HELP)] = None,
    exclude: Annotated[list[str] | None, typer.Option(metavar="GLOB", help=EXCLUDE_HELP)] = None,
) -> None:
    """Run the extraction on a schedule until stopped (needs a Prefect server; starts one if none is set)."""

    def body() -> int:
        from flows.serve import RunWatcher, build_deployment, check_serve, prefect_server, serve_deployment

        if task_runner not in ("auto", "inline", "process", "dask"):
            raise UserError(f"unknown --task-runner {task_runner!r}; choose auto, inline, process or dask")
        selection = Selection.of(include, exclude)
        check_serve(str(raw), str(out), cron, interval, selection)  # before any server starts
        deployment = build_deployment(str(raw), str(out), cron=cron, interval=interval, workers=workers,
                                      task_runner=task_runner, dask_address=dask_address, selection=selection)
        signal.signal(signal.SIGTERM, _interrupt)  # so that `finally` stops the server we started
        if not server_configured():
            err_console.print("starting a local Prefect server (PREFECT_API_URL is not set)...")
        watcher = RunWatcher(str(out), lambda line: console.print(line, highlight=False, soft_wrap=True))
        with prefect_server() as api_url:
            err_console.print(f"Prefect API: {api_url} (UI at {api_url.removesuffix('/api')}); Ctrl-C stops")
            watcher.start()
            try:
                serve_deployment(deployment, api_url)
            finally:
                watcher.stop()
        return 0

    _guarded(body)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# -- validate, schema, show ---------------------------------------------------------------------------
@app.command()
def validate(
    out: Annotated[Path, typer.Argument(help="Output folder (or one record file) to check.")] = Path("output"),
) -> None:
    """Check every record of OUT against the JSON Schema (exit status 1 when any is invalid)."""

    def body() -> int:
        from flows.validation import validate_output

        checked, problems = validate_output(out)
        for problem in problems:
            console.print(f"[red]invalid:[/] {problem}", highlight=False, soft_wrap=True)
        if not checked:
            raise UserError(f"{out}: no records found (expected {out}/records/<abc>/<id>.json)")
        verdict = "all valid" if not problems else f"{len(problems)} problem(s)"
        console.print(f"{checked} records checked: {verdict}")
        return 1 if problems else 0

    _guarded(body)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record."""
    from schemas.generate import schema_text

    sys.stdout.write(schema_text())


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id (or path to a record file).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
) -> None:
    """Show one article: its infobox as a table and its events as a timeline."""

    def body() -> int:
        from flows.display import render_record

        record = _load_record(record_id, out)
        for renderable in render_record(record):
            console.print(renderable)
        return 0

    _guarded(body)


def _load_record(record_id: str, out: Path) -> dict[str, Any]:
    candidate = Path(record_id)
    if candidate.suffix == ".json" and candidate.is_file():
        path = candidate
    else:
        store = OutputStore(out)
        try:
            found = store.find_record_path(record_id)
        except WikirecordsError as exc:
            raise UserError(f"{record_id!r} is not a record id (ids look like 'durbar-mahila-samanwaya-committee')"
                            ) from exc
        if found is None:
            raise UserError(f"no record {record_id!r} in {out}/records (list them with: ls {out}/records/*/)")
        path = found
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UserError(f"{path} is not valid JSON ({exc})") from exc


# -- tag-dates ----------------------------------------------------------------------------------------
@app.command("tag-dates")
def tag_dates(
    source: Annotated[Path, typer.Argument(metavar="IN.jsonl", help='Lines of {"id", "text", "dct"}.')],
    out: Annotated[Path, typer.Option("--out", "-o", help='Where to write lines of {"id", "timexes"}.')],
    domain: Annotated[str, typer.Option(
        "--domain", help="news: anchor 'Friday', 'last year', year-less months to the document's dct; "
                         "narrative: to the year the text is in (Wikipedia); auto: news when the document has a "
                         "dct and reads like dated news (see docs/dates.md).")] = "auto",
) -> None:
    """Tag the dates of any text with TIMEX3 values (JSON lines in, JSON lines out)."""

    def body() -> int:
        from pipeline.dates.timex import tag_jsonl_lines

        if domain not in ("auto", "news", "narrative"):
            raise UserError(f"--domain {domain!r}: use auto, news or narrative")
        if not source.is_file():
            raise UserError(f"{source}: no such file")
        with source.open(encoding="utf-8") as handle:
            lines = list(_encoded(tag_jsonl_lines(handle, str(source), domain)))
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(out, b"".join(lines))
        console.print(f"tagged {len(lines)} documents into {out}")
        return 0

    _guarded(body)


def _encoded(lines: Any) -> Iterator[bytes]:
    for line in lines:
        text = line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
        yield (text.rstrip("\n") + "\n").encode("utf-8")


def main() -> None:
    """Entry point of the ``wikirecords`` command."""
    app()


if __name__ == "__main__":
    main()

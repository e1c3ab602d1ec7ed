"""Ratios, targets and the readable table of a benchmark result."""

from __future__ import annotations

from collections.abc import Callable

# name -> (comparison, bound, what it means); checked only when the ratio was measured.
TARGETS: dict[str, tuple[str, float, str]] = {
    "library_to_floor": ("<=", 3.0, "library <= 3x the mwparserfromhell + spaCy floor"),
    "flow_to_library": ("<=", 1.2, "flow <= 1.2x the library loop (issue: at N=10,000)"),
    "noop_rerun_to_full": ("<=", 0.05, "no-change re-run <= 5% of the full run"),
    "parallel_speedup": (">=", 1.6, "speed-up >= 1.6 on 2 cores"),
    "rss_10k_to_1k": ("<=", 1.3, "peak RSS at the large N <= 1.3x at the small N"),
    "tagger_to_dateparser": (">=", 20.0, "date tagger >= 20x dateparser's search_dates"),
    "dump_read_amplification": ("<=", 1.1, "2 stream-range readers decompress <= 1.1x the dump's XML"),
    "dump_speedup_2w": (">=", 1.6, "the flow on a dump: 2 workers (process pool) >= 1.6x 1 (default runner)"),
    "dump_rss_ratio": ("<=", 1.2, "peak RSS of the flow process and of a worker at N <= 1.2x at N/10 (max of both)"),
    "dump_refresh_to_full": ("<=", 0.05, "next month's dump (new name, 1% of pages changed) <= 5% of the full run"),
    "library_cpu_to_wtf": ("<=", 2.0, "library CPU <= 2x wtf_wikipedia's on the same articles"),
}
EXTRA_RATIOS = ("one_percent_rerun_to_full", "dump_read_amplification_whole_reader", "dump_library_speedup_2w",
                "dump_library_speedup_2w_loops", "dump_2w_cpu_efficiency", "dump_worker_rss_ratio",
                "dump_flow_rss_ratio", "dump_flow_worker_rss_ratio",
                "library_loop_cpu_to_wtf", "full_enwiki_hours_64_cores")
"""Figures shown with the ratios, without a target."""

_OPS: dict[str, Callable[[float, float], bool]] = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def add_ratios(result: dict[str, object]) -> None:
    """Fill the named ratios from the raw figures that were measured (absent figures give null ratios)."""
    f = {k: v for k, v in result.items() if isinstance(v, int | float)}
    g = f.get
    result["library_to_floor"] = _ratio(g("library_s"), g("floor_s"))
    result["flow_to_library"] = _ratio(g("flow_s"), g("library_s"))
    result["noop_rerun_to_full"] = _ratio(g("noop_rerun_s"), g("flow_s"))
    result["one_percent_rerun_to_full"] = _ratio(g("one_percent_rerun_s"), g("flow_s"))
    result["parallel_speedup"] = _ratio(g("flow_s"), g("parallel_s"))
    result["rss_10k_to_1k"] = _ratio(g("rss_large_bytes"), g("rss_small_bytes"))
    result["tagger_to_dateparser"] = _ratio(g("tagger_chars_per_s"), g("dateparser_chars_per_s"))
    for name in TARGETS:  # measured by their sections (dump, peers): present, null when not run
        result.setdefault(name, None)
    result["targets"] = {name: _verdict(result.get(name), *spec[:2]) for name, spec in TARGETS.items()}


def _verdict(value: object, op: str, bound: float) -> str:
    if not isinstance(value, int | float):
        return "not measured"
    return "met" if _OPS[op](value, bound) else "missed"


def table(result: dict[str, object]) -> str:
    """A plain-text report: figures, then ratios with their targets."""
    where = result.get("corpus")
    rows = [("corpus", f"{result.get('n')} articles, {_mb(result.get('corpus_bytes'))} from {where}"
             if result.get("corpus_bytes") else f"pool of {result.get('pool_articles')} articles from {where}")]
    for key, label in [("floor_s", "floor (parse + tokenize)"), ("library_s", "library loop"),
                       ("flow_cold_start_s", "flow cold start (tiny run)"), ("flow_s", "flow, 1 worker"),
                       ("parallel_s", f"flow, {result.get('workers')} workers"), ("noop_rerun_s", "re-run, no change"),
                       ("noop_cli_shortcut_s", "re-run, no change, CLI shortcut (no flow)"),
                       ("one_percent_rerun_s", "re-run, 1% changed"),
                       ("dask_s", f"flow, local Dask cluster of {result.get('workers')} workers")]:
        if isinstance(result.get(key), int | float):
            rows.append((label, f"{result[key]:.2f} s  ({_rate(result, key)}){_phases(result, key)}"))
    for key, label in [("rss_small_bytes", f"peak RSS, library, N={result.get('rss_small_n')}"),
                       ("rss_large_bytes", f"peak RSS, library, N={result.get('rss_large_n')}"),
                       ("flow_rss_before_full_bytes", "peak RSS, flow process, before the full run"),
                       ("flow_rss_after_full_bytes", "peak RSS, flow process, after its full run")]:
        if isinstance(result.get(key), int | float):
            rows.append((label, _mb(result[key])))
    for key, label in [("tagger_chars_per_s", "date tagger (tag-dates: tag_document)"),
                       ("find_dates_chars_per_s", "find_dates"),
                       ("dateparser_chars_per_s", "dateparser.search_dates")]:
        if isinstance(result.get(key), int | float):
            rows.append((label, f"{result[key]:,.0f} chars/s"))
    rows += _dump_rows(result) + _peer_rows(result)
    width = max(len(r[0]) for r in rows)
    lines = [f"{a:<{width}}  {b}" for a, b in rows]
    if result.get("mode") == "quick":
        lines.append("(--quick: sizes so small that fixed costs dominate; the ratios only show that the code runs)")
    lines.append("")
    for name, shown, target, verdict, text in _ratio_rows(result):
        lines.append(f"{name:<25} {shown:>8}  target {target:<8} {verdict:<13} {text}".rstrip())
    assumptions = result.get("full_enwiki_assumptions")
    if isinstance(assumptions, list):
        lines += ["", "full_enwiki_hours_64_cores assumes:", *(f"  - {a}" for a in assumptions)]
    return "\n".join(lines)


def _dump_rows(r: dict[str, object]) -> list[tuple[str, str]]:
    """Rows of the ``dump`` section, when it ran."""
    if not isinstance(r.get("dump_1w_wall_s"), int | float):
        return []
    w = r.get("dump_workers")
    return [
        ("dump (synthetic multistream)", f"{r['dump_n']} pages in {r['dump_streams']} streams, "
         f"{_mb(r['dump_xml_bytes'])} XML, {_mb(r['dump_compressed_bytes'])} bz2, wikitext median "
         f"{r['dump_median_text_bytes']:,.0f} B, mean {r['dump_mean_text_bytes']:,.0f} B"),
        ("dump read by streams (no extraction)", f"{r['dump_read_s']:.2f} s, {r['dump_read_cpu_s']:.2f} CPU s  "
         f"({r['dump_read_pages_per_s']:,.0f} pages/s, {r['dump_read_xml_mb_per_cpu_s']:.1f} MB of XML per CPU s)"),
        ("dump extraction, 1 worker process", f"{r['dump_1w_wall_s']:.2f} s  [start-up {r['dump_1w_startup_s']:.2f} s, "
         f"loop {r['dump_1w_loop_s']:.2f} s: {r['dump_pages_per_s']:.1f} pages/s, "
         f"{r['dump_pages_per_cpu_s']:.1f} pages per CPU s]"),
        (f"dump extraction, {w} worker processes", f"{r['dump_2w_wall_s']:.2f} s  [start-up "
         f"{_list(r['dump_2w_startup_s'])} s, loops {_list(r['dump_2w_loop_s'])} s]"),
        ("peak RSS of a worker", f"{_mb(r['dump_worker_peak_rss_bytes'])}; {r['dump_worker_rss_ratio']:.3f}x that of a "
         f"worker that extracted the first tenth of the streams ({r['dump_worker_rss_tenth_pages']} pages)"),
        (f"bytes decompressed / XML, {w} tasks", f"{r['dump_read_amplification']:.3f} by stream ranges, "
         f"{r['dump_read_amplification_whole_reader']:.3f} by the whole-dump reader (today's flow)"),
        ("full English Wikipedia, 64 cores", f"{r['full_enwiki_hours_64_cores']:.2f} h projected "
         f"({r['full_enwiki_core_hours']:.0f} core-hours; assumptions below)"),
        *_dump_flow_rows(r),
    ]


def _dump_flow_rows(r: dict[str, object]) -> list[tuple[str, str]]:
    """Rows of the flow-level part of the ``dump`` section (``bench.dumpflow``), when it ran."""
    if not isinstance(r.get("dump_flow_1w_s"), int | float):
        return []
    rss, workers = r["dump_flow_rss_bytes"], r["dump_flow_worker_rss_bytes"]
    refresh = r.get("dump_refresh_log") or [{}]
    return [
        ("dump through the flow, 1 worker / 2 workers", f"{r['dump_flow_1w_s']:.2f} s / {r['dump_flow_2w_s']:.2f} s "
         f"(speed-up {r['dump_speedup_2w']:.2f}; {r['dump_flow_tasks']} tasks, {r['dump_flow_read_by']})"),
        ("peak RSS, flow process, N/10 -> N", f"{_mb(rss[0])} -> {_mb(rss[1])} "  # type: ignore[index]
         f"({r['dump_flow_rss_ratio']:.3f}x; N/10 = {r['dump_rss_tenth_n']} pages)"),
        ("peak RSS, largest worker, N/10 -> N", f"{_mb(workers[0])} -> {_mb(workers[1])} "  # type: ignore[index]
         f"({r['dump_flow_worker_rss_ratio']:.3f}x)"),
        ("next month's dump (refresh)", f"{r['dump_refresh_s']:.2f} s = {r['dump_refresh_to_full']:.3f}x the full "
         f"run; {r['dump_refresh_changed_pages']} pages changed, {r['dump_refresh_extracted']} extracted, "
         f"{r['dump_refresh_unchanged']} kept unparsed; "
         f"{refresh[0].get('from', '?')} -> {refresh[0].get('to', '?')}"),  # type: ignore[union-attr]
    ]


def _peer_rows(r: dict[str, object]) -> list[tuple[str, str]]:
    """Rows of the ``peers`` section, when it ran."""
    if not isinstance(r.get("library_cpu_s"), int | float):
        return []
    rows = [(f"library, {r['peers_files']} articles ({_mb(r['peers_bytes'])})",
             f"{r['library_cpu_s']:.2f} CPU s per process (loop {r['library_loop_cpu_s']:.2f}), "
             f"{r['library_mb_per_cpu_s']:.2f} MB per CPU s; median of {r['peers_runs']}")]
    if isinstance(r.get("wtf_cpu_s"), int | float):
        rows.append((f"wtf_wikipedia {r.get('wtf_version')} (node {r.get('node_version')})",
                     f"{r['wtf_cpu_s']:.2f} CPU s per process (loop {r['wtf_loop_cpu_s']:.2f}); median of "
                     f"{r['peers_runs']}"))
    if r.get("peers_note"):
        rows.append(("peer", str(r["peers_note"])))
    return rows


def _list(values: object) -> str:
    return "/".join(f"{v:.2f}" for v in values) if isinstance(values, list) else "-"  # type: ignore[union-attr]


def _ratio_rows(result: dict[str, object]) -> list[tuple[str, str, str, str, str]]:
    """(name, value, target, verdict, meaning) of every ratio, the targets' first, for both renderings."""
    rows = []
    for name, (op, bound, text) in TARGETS.items():
        value = result.get(name)
        shown = f"{value:.3f}" if isinstance(value, int | float) else "-"
        rows.append((name, shown, f"{op} {bound}", str(result["targets"][name]), text))  # type: ignore[index]
    for name in EXTRA_RATIOS:
        extra = result.get(name)
        if isinstance(extra, int | float):
            rows.append((name, f"{extra:.3f}", "(none)", "", ""))
    return rows


def _rate(result: dict[str, object], key: str) -> str:
    seconds = result[key]
    n = result.get("n")
    if key.startswith(("noop", "one_percent", "flow_cold")) or not isinstance(n, int) or not seconds:  # fixed costs
        return "-"
    return f"{n / seconds:.1f} articles/s, {(result.get('corpus_bytes') or 0) / seconds / 1e6:.2f} MB/s"  # type: ignore[operator]


def _phases(result: dict[str, object], key: str) -> str:
    base = key.removesuffix("_s")
    parts = [result.get(f"{base}_{p}_s") for p in ("start", "extract", "commit")]
    if not all(isinstance(p, int | float) for p in parts):
        return ""
    ahead = result.get(f"{base}_ahead_s")
    during = f"; writing ahead during the extraction {ahead:.2f} s" if isinstance(ahead, float) and ahead else ""
    return "  [start {:.2f} s, extraction {:.2f} s, commit and finish {:.2f} s{}]".format(*parts, during)  # type: ignore[str-format]


def _mb(value: object) -> str:
    return f"{value / 1e6:.1f} MB" if isinstance(value, int | float) else "-"


def markdown(result: dict[str, object]) -> str:
    """The figures and ratios as Markdown tables (for bench/RESULTS.md)."""
    lines = ["| measure | value |", "| --- | --- |"]
    for line in table(result).split("\n\n", 1)[0].splitlines():
        label, _, value = line.partition("  ")
        lines.append(f"| {label.strip()} | {value.strip()} |")
    lines += ["", "| ratio | value | target | verdict |", "| --- | --- | --- | --- |"]
    for name, shown, target, verdict, _text in _ratio_rows(result):
        lines.append(f"| `{name}` | {shown} | {target} | {verdict} |")
    return "\n".join(lines)


def merge(results: list[dict[str, object]]) -> dict[str, object]:
    """Results of separate runs (e.g. ``--only memory`` and ``--only floor,library,tagger,flow``) as one; later wins."""
    merged: dict[str, object] = {}
    for result in results:
        merged.update({k: v for k, v in result.items() if v is not None})
    add_ratios(merged)
    return merged


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.report RUN.json [RUN.json ...] [--json]``: merge saved ``--json`` outputs and print them."""
    import json
    import sys

    args = sys.argv[1:] if argv is None else argv
    as_json = "--json" in args
    files = [a for a in args if a != "--json"]
    results = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            results.append(json.load(f))
    merged = merge(results)
    print(json.dumps(merged, indent=2, sort_keys=True) if as_json else markdown(merged))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Smoke tests of the benchmark harness on a tiny corpus: code paths and result shape, never timings."""

from __future__ import annotations

import json

from bench.__main__ import parse_args, run
from bench.corpus import edit_sources, load_pool, page_text, write_corpus
from bench.report import TARGETS, add_ratios, table
from pipeline.api import read_documents


def test_bench_corpus_repeats_articles_under_distinct_names(tmp_path):
    pool, _ = load_pool()
    n = len(pool) + 3
    paths = write_corpus(pool, n, tmp_path / "raw")
    assert len({p.name for p in paths}) == n
    assert len({p.read_bytes() for p in paths}) == n  # copies differ, so content hashes differ too
    docs = [doc for p in (paths[0], paths[len(pool)]) for doc in read_documents(str(p), p.open("rb"))]
    assert [d.title for d in docs] == [pool[0].title, f"{pool[0].title} (copy 1)"]
    assert docs[0].text == docs[1].text == pool[0].text == page_text(paths[0])


def test_bench_edit_sources_changes_one_percent(tmp_path):
    pool, _ = load_pool()
    paths = write_corpus(pool, 200, tmp_path / "raw")
    before = {p: p.read_bytes() for p in paths}
    edited = edit_sources(pool, paths, 0.01)
    changed = [p for p in paths if p.read_bytes() != before[p]]
    assert changed == edited
    assert len(changed) == 2


def test_bench_ratios_are_named_and_judged():
    result: dict[str, object] = {"floor_s": 2.0, "library_s": 5.0, "flow_s": 5.5, "noop_rerun_s": 0.5,
                                 "parallel_s": 4.0, "tagger_chars_per_s": 100.0, "dateparser_chars_per_s": 20.0}
    add_ratios(result)
    assert result["library_to_floor"] == 2.5
    assert result["noop_rerun_to_full"] == 0.5 / 5.5
    assert result["rss_10k_to_1k"] is None
    assert result["targets"] == {"library_to_floor": "met", "flow_to_library": "met", "noop_rerun_to_full": "missed",
                                 "parallel_speedup": "missed", "rss_10k_to_1k": "not measured",
                                 "tagger_to_dateparser": "missed", "dump_read_amplification": "not measured",
                                 "dump_speedup_2w": "not measured", "dump_rss_ratio": "not measured",
                                 "dump_refresh_to_full": "not measured", "library_cpu_to_wtf": "not measured"}
    assert set(TARGETS) <= set(result)


def test_bench_run_measures_a_tiny_corpus_in_process():
    args = parse_args(["--quick", "--n", "2", "--tagger-chars", "2000", "--only", "floor,library,tagger"])
    result = run(args)
    json.dumps(result)  # the --json output is one serializable object
    assert result["n"] == 2
    assert result["floor_s"] > 0 and result["library_s"] > 0
    assert result["library_records"] + result["library_failed"] == 2
    assert result["tagger_chars"] >= 2000
    assert isinstance(result["library_to_floor"], float)
    assert "library_to_floor" in table(result)


def test_bench_memory_child_reports_peak_rss_of_a_fresh_process():
    from bench.__main__ import _child

    mem = _child(["memory", "2"])
    assert mem["n"] == 2 and mem["records"] + mem["failed"] == 2
    assert mem["peak_rss_bytes"] >= mem["rss_before_bytes"] > 0

"""The synthetic multistream dump generator and the dump and peers sections of the benchmark (never timings)."""

from __future__ import annotations

import bz2
import io
import json

import pytest

import bench.peerbench as peerbench
from bench.__main__ import parse_args, run
from bench.corpus import load_pool
from bench.dumpgen import cut_text, dump_names, generate, safe_cuts, target_sizes
from bench.report import table
from pipeline.sources.dump import DumpStats, iter_dump_pages
from pipeline.sources.multistream import index_name_for, iter_stream_range, list_streams, read_siteinfo


def test_safe_cuts_skip_breaks_inside_templates_tables_refs_and_comments():
    text = ("Lead.\n\n{{Infobox x\n\n| a = 1}}\n\nPara<ref>cite\n\nmore</ref> end.\n\n<!-- note\n\n-->\n\n"
            "{|\n|cell\n\n|}\n\nLast<ref name=a/>\n\nTail.")
    cuts = safe_cuts(text)
    pieces = [text[:c] for c in cuts]
    assert pieces[0] == "Lead."
    for piece in pieces:  # every cut leaves every construct closed
        assert piece.count("{{") == piece.count("}}") and piece.count("{|") == piece.count("|}")
        assert piece.count("<ref>") == piece.count("</ref>") and piece.count("<!--") == piece.count("-->")
    assert len(cuts) == 6  # the six top-level breaks; the four inside constructs are not cuts


def test_cut_text_takes_the_nearest_safe_break_or_the_whole_text():
    text = "a" * 100 + "\n\n" + "b" * 100 + "\n\n" + "c" * 100
    cuts = safe_cuts(text)
    assert cut_text(text, cuts, 120) == "a" * 100
    assert cut_text(text, cuts, 190) == text[:202]
    assert cut_text(text, cuts, 10_000) == text
    assert cut_text("no break " * 50, [], 40) == "no break " * 50  # no safe break: never cut mid-paragraph


def test_target_sizes_follow_the_real_distribution():
    sizes = sorted(target_sizes(20_000, 0))
    median, mean = sizes[len(sizes) // 2], sum(sizes) / len(sizes)
    assert 3_600 < median < 4_400 and 9_000 < mean < 11_000
    assert target_sizes(50, 1) == target_sizes(50, 1) != target_sizes(50, 2)


@pytest.fixture(scope="module")
def pool():
    return load_pool(seed=0)[0]


def test_generated_dump_is_a_multistream_dump_with_its_index(tmp_path, pool):
    made = generate(tmp_path, 230, seed=3, pool=pool)
    assert made.dump.name == dump_names("20260101")[0] and str(made.index) == index_name_for(str(made.dump))
    xml = bz2.decompress(made.dump.read_bytes())
    assert len(xml) == made.xml_bytes
    stats = DumpStats()
    whole = list(iter_dump_pages(str(made.dump), io.BytesIO(xml), stats=stats))
    assert len(whole) == 230 == stats.articles and len({d.title for d in whole}) == 230
    assert len({d.page_id for d in whole}) == 230
    with made.dump.open("rb") as dump, made.index.open("rb") as index:
        site = read_siteinfo(str(made.dump), dump)
        streams = list_streams(str(made.dump), dump, site, index)
        assert streams.offsets == list_streams(str(made.dump), dump, site).offsets[:-1]  # scan: + closing stream
        assert len(streams.offsets) == made.streams == 3 and site.dbname == "benchwiki" and site.date == "2026-01-01"
        by_ranges = [d for r in streams.ranges(2) for d in iter_stream_range(str(made.dump), dump, *r, site)]
    assert by_ranges == whole
    again = generate(tmp_path / "again", 230, seed=3, pool=pool)
    assert again.dump.read_bytes() == made.dump.read_bytes()  # deterministic
    assert again.index.read_bytes() == made.index.read_bytes()


def test_next_month_dump_changes_the_given_fraction(tmp_path, pool):
    base = generate(tmp_path / "a", 300, seed=1, pool=pool)
    later = generate(tmp_path / "b", 300, seed=1, pool=pool, date="20260201", changed=0.01)
    assert later.changed == 3 and "20260201" in later.dump.name

    def pages(path):
        return {d.page_id: d for d in iter_dump_pages(str(path), io.BytesIO(bz2.decompress(path.read_bytes())))}

    old, new = pages(base.dump), pages(later.dump)
    changed = [k for k in old if old[k].revision_id != new[k].revision_id]
    assert len(changed) == 3 and old.keys() == new.keys()
    assert all(new[k].text.startswith(old[k].text) and new[k].text != old[k].text for k in changed)
    assert all(old[k].text == new[k].text for k in old if k not in changed)


def test_bench_dump_section_counts_bytes_decompressed(tmp_path):
    result = run(parse_args(["--only", "dump", "--n", "12", "--workers", "2"]))
    json.dumps(result)
    assert result["dump_records"] == [12, 12] and result["dump_failed"] == [0, 0]
    assert result["dump_read_amplification"] < 1.001  # each byte once (plus the header per reader)
    assert result["dump_read_amplification_whole_reader"] == pytest.approx(2.0)  # today: each task reads it all
    assert result["dump_workers_imported_prefect"] is False
    assert result["dump_worker_rss_ratio"] > 0 and result["dump_worker_rss_tenth_pages"] == 12  # 1 stream: all
    assert result["full_enwiki_hours_64_cores"] > 0 and len(result["full_enwiki_assumptions"]) >= 3
    assert "full English Wikipedia" in table(result) and "assumes" in table(result)
    # through the flow: 2 workers and 1 worker give every record, the next month's dump is a refresh
    assert result["dump_flow_records"] == [12, 12] and result["dump_flow_read_by"] == "streams (index)"
    assert result["dump_speedup_2w"] == result["dump_flow_1w_s"] / result["dump_flow_2w_s"]
    assert result["dump_library_speedup_2w"] > 0, "the library-level figure is kept under its own name"
    [refresh] = result["dump_refresh_log"]
    assert refresh["from"].startswith("benchwiki-20260101-") and refresh["to"].startswith("benchwiki-20260201-")
    assert result["dump_refresh_extracted"] == result["dump_refresh_changed_pages"] == refresh["pages_updated"]
    assert result["dump_refresh_unchanged"] == refresh["pages_unchanged"] == 12 - result["dump_refresh_changed_pages"]
    assert result["dump_refresh_to_full"] == result["dump_refresh_s"] / result["dump_flow_1w_s"]
    # peak RSS: the flow process and the largest pool worker (processes started during the run), at N and N/10
    assert result["dump_rss_tenth_n"] == 1 and all(b > 50e6 for b in result["dump_flow_worker_rss_bytes"])
    assert all(count >= 1 for count in result["dump_flow_worker_processes"])
    assert result["dump_rss_ratio"] == max(result["dump_flow_rss_ratio"], result["dump_flow_worker_rss_ratio"])
    assert {"dump_speedup_2w", "dump_rss_ratio", "dump_refresh_to_full"} <= set(result["targets"])
    assert "next month's dump (refresh)" in table(result)


def test_peers_without_node_measure_only_the_library(tmp_path, monkeypatch):
    for name in ("a", "b"):
        (tmp_path / f"{name}.wiki").write_text(f"'''{name.upper()}''' was founded on 2 May 1901.\n", encoding="utf-8")
    (tmp_path / "sources.json").write_text(json.dumps([{"file": "b.wiki", "title": "B"}]), encoding="utf-8")
    assert [p.name for p in peerbench.corpus_files(tmp_path)] == ["b.wiki"]  # the listed files only
    (tmp_path / "sources.json").unlink()
    assert [p.name for p in peerbench.corpus_files(tmp_path)] == ["a.wiki", "b.wiki"]
    monkeypatch.setattr(peerbench.shutil, "which", lambda name: None)
    result = peerbench.measure_peers(tmp_path, runs=1)
    assert "node is not installed" in result["peers_note"]
    assert result["library_peer_records"] == 2 and result["library_cpu_s"] > 0
    assert "library_cpu_to_wtf" not in result and result["library_mb_per_cpu_s"] > 0


def test_stage_meter_counts_nested_time_once():
    from bench.stages import Meter

    now = [0.0]
    meter = Meter(clock=lambda: now[0])

    def inner() -> int:
        now[0] += 2.0
        return 1

    def gen():
        now[0] += 0.5
        yield 1
        now[0] += 0.25
        yield 2

    metered_inner = meter.wrap("inner", inner)
    metered_gen = meter.wrap("gen", gen)

    def outer() -> list[int]:
        now[0] += 1.0
        out = [metered_inner(), *metered_gen()]
        now[0] += 3.0
        return out

    assert meter.wrap("outer", outer)() == [1, 1, 2]
    assert dict(meter.own) == {"inner": 2.0, "gen": 0.75, "outer": 4.0}  # own time: nested stages taken out
    assert meter.calls["inner"] == 1 and meter.calls["outer"] == 1

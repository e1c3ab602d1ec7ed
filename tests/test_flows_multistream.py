"""Multistream dumps in the flow: read by ranges of streams (index or scan), the index is no source, plain dumps
are read once by one task, and the output is byte-identical to reading the dump whole."""

from __future__ import annotations

import bz2
import itertools
from pathlib import Path

import pytest

import flows.extract
from flows.dumps import WHOLE, DumpReading, dump_reading
from flows.plan import WorkItem, make_batches, scan_folder
from tests.flow_helpers import club_pages, dump_xml, multistream_dump, page_xml, read_json, read_state, snapshot

NAME = "testwiki-20260115-pages-articles-multistream.xml.bz2"
INDEX = "testwiki-20260115-pages-articles-multistream-index.txt.bz2"


def _xml(count: int) -> str:
    """Article pages plus a redirect, a talk page and a page without text, spread over the streams."""
    xml = dump_xml(club_pages(count))
    redirect = page_xml("Club Alias", 900, 9000, "#REDIRECT [[Club 1]]").replace(
        "<ns>0</ns>", '<ns>0</ns>\n    <redirect title="Club 1" />')
    talk = page_xml("Talk:Club 2", 901, 9001, "Is this club notable?").replace("<ns>0</ns>", "<ns>1</ns>")
    empty = page_xml("Club Blank", 902, 9002, "")
    cut = xml.index("  <page>", xml.index("<title>Club 4</title>") - 30)
    return xml[:cut] + redirect + talk + empty + xml[cut:]


def _write_dump(raw: Path, count: int = 12, per_stream: int = 2, index: bool = True) -> tuple[bytes, bytes]:
    raw.mkdir(parents=True, exist_ok=True)
    dump, idx = multistream_dump(_xml(count), per_stream)
    (raw / NAME).write_bytes(dump)
    if index:
        (raw / INDEX).write_bytes(idx)
    return dump, idx


# -- plan (no Prefect) ----------------------------------------------------------------------------------------
def test_flows_multistream_index_is_never_a_source(tmp_path: Path) -> None:
    _write_dump(tmp_path)
    (tmp_path / "other.xml.bz2").write_bytes(bz2.compress(dump_xml(club_pages(2)).encode()))
    scan = scan_folder(tmp_path)
    assert [s.path for s in scan.sources] == ["other.xml.bz2", NAME]
    assert scan.skipped == [INDEX]
    from flows.sources import Selection

    assert INDEX not in [s.path for s in scan_folder(tmp_path, selection=Selection.of(["*.txt.bz2"])).sources]


def test_flows_multistream_reading_by_index_scan_or_whole(tmp_path: Path) -> None:
    dump, _ = _write_dump(tmp_path)
    by_index = dump_reading(tmp_path, NAME)
    assert by_index.read_by == "streams (index)" and by_index.warning is None
    assert by_index.streams is not None and by_index.streams.end == len(dump)
    (tmp_path / INDEX).unlink()
    by_scan = dump_reading(tmp_path, NAME)
    assert by_scan.read_by == "streams (scan)" and by_scan.streams is not None
    offsets = by_index.streams.offsets
    assert by_scan.streams.offsets[:len(offsets)] == offsets, "the scan also lists the stream holding the tail"
    # an index of another dump (here: of a dump with other stream sizes) is left aside, with a warning
    _, other_index = multistream_dump(_xml(5), 3)
    (tmp_path / INDEX).write_bytes(other_index)
    mismatched = dump_reading(tmp_path, NAME)
    assert mismatched.read_by == "streams (scan)" and mismatched.streams == by_scan.streams
    assert mismatched.warning and "index" in mismatched.warning and NAME in mismatched.warning
    # single-stream .bz2 and plain .xml dumps are read whole; so is a file that is no dump at all
    (tmp_path / "single.xml.bz2").write_bytes(bz2.compress(_xml(4).encode()))
    (tmp_path / "plain.xml").write_text(_xml(4), encoding="utf-8")
    (tmp_path / "notes.txt.bz2").write_bytes(bz2.compress(b"Just some text."))
    for name in ("single.xml.bz2", "plain.xml", "notes.txt.bz2", "missing.xml.bz2"):
        assert dump_reading(tmp_path, name) == DumpReading(WHOLE), name
    assert dump_reading(tmp_path / NAME, NAME).read_by == "streams (scan)", "RAW may be the dump file itself"


def test_flows_multistream_batches_are_ranges_of_streams(tmp_path: Path) -> None:
    dump, _ = _write_dump(tmp_path, count=40, per_stream=2)
    reading = dump_reading(tmp_path, NAME)
    item = WorkItem(NAME, "x", len(dump) * 5, size=len(dump))
    small = WorkItem("a.wiki", "y", 10, size=10)
    for workers in (1, 2):
        batches = make_batches([item, small], workers, target_bytes=len(dump), readings={NAME: reading})
        pieces = sorted((i for b in batches for i in b if i.path == NAME), key=lambda i: i.part)
        assert len(pieces) > 1 and all(p.parts == len(pieces) for p in pieces)
        assert pieces[0].first_offset == reading.streams.offsets[0]
        assert pieces[-1].end_offset == len(dump)
        assert all(a.end_offset == b.first_offset for a, b in itertools.pairwise(pieces)), "contiguous"
        assert {p.read_by for p in pieces} == {"streams (index)"}
        assert [i.first_offset for b in batches for i in b if i.path == "a.wiki"] == [None]
    # a dump read whole is one work item, whatever the workers: no task re-reads what another one reads
    whole = make_batches([item], 4, target_bytes=1024, readings={NAME: DumpReading(WHOLE)})
    assert [(i.part, i.parts, i.first_offset) for b in whole for i in b] == [(0, 1, None)]
    assert make_batches([item], 4, target_bytes=1024) == whole


# -- the flow ---------------------------------------------------------------------------------------------------
def _output(out: Path) -> dict[str, object]:
    """Every output file's bytes (the SQLite state by its content: its file's bytes are not deterministic)."""
    files: dict[str, object] = {k: v[2] for k, v in snapshot(out).items() if k != "state.sqlite"}
    return {**files, "state": read_state(out)}


@pytest.mark.usefixtures("prefect_harness")
def test_flows_multistream_by_streams_is_byte_identical_to_whole(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    _write_dump(raw)
    monkeypatch.setattr(flows.plan, "TARGET_BATCH_BYTES", 200)  # many ranges, several per task
    streams = flows.extract.extract_flow(raw=str(raw), out=str(tmp_path / "streams"))
    monkeypatch.setattr(flows.extract, "dump_reading", lambda raw, path: DumpReading(WHOLE))
    whole = flows.extract.extract_flow(raw=str(raw), out=str(tmp_path / "whole"))
    assert _output(tmp_path / "streams") == _output(tmp_path / "whole")
    assert streams["counts"] == whole["counts"] and streams["counts"]["added"] == 12
    assert streams["dumps"][NAME]["read_by"] == "streams (index)" and streams["dumps"][NAME]["tasks"] > 2
    assert whole["dumps"][NAME]["read_by"] == "whole" and whole["dumps"][NAME]["tasks"] == 1
    xml_bytes = len(_xml(12).encode())
    for log in (streams, whole):  # every byte decompressed once (ranges skip only the header, parsed from memory)
        assert 0.9 * xml_bytes <= log["dumps"][NAME]["bytes_decompressed"] <= xml_bytes
    counts = {"pages_seen": 15, "articles": 12, "redirects_skipped": 1, "other_namespaces_skipped": 1,
              "problems": 1}
    for log in (streams, whole):
        assert {k: log["dumps"][NAME][k] for k in counts} == counts, "per-range counts add up to the dump's"
        assert [f["source"] for f in log["failed"]] == [f"{NAME}#902"], "the page without text, reported once"
    manifest = read_json(tmp_path / "streams" / "manifest.json")
    assert INDEX not in manifest["sources"] and manifest["sources"][NAME]["dump"]["pages_seen"] == 15


@pytest.mark.usefixtures("prefect_harness")
def test_flows_multistream_new_revision_reextracts_only_that_page(tmp_path: Path, monkeypatch) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    _write_dump(raw)
    monkeypatch.setattr(flows.plan, "TARGET_BATCH_BYTES", 200)
    flows.extract.extract_flow(raw=str(raw), out=str(out))
    xml = _xml(12).replace("<id>105</id>", "<id>1105</id>")  # a new revision of page 5, with a new text
    xml = xml.replace("Club 5&apos;&apos;&apos; was founded", "Club 5&apos;&apos;&apos; was first founded")
    xml = xml.replace("'''Club 5''' was founded", "'''Club 5''' was first founded")
    assert "first founded" in xml
    dump, index = multistream_dump(xml, 2)
    (raw / NAME).write_bytes(dump)
    (raw / INDEX).write_bytes(index)
    log = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert [u["source"] for u in log["updated"]] == [f"{NAME}#5"] and log["counts"]["extracted"] == 1
    assert log["counts"]["unchanged"] == 11 and log["dumps"][NAME]["read_by"] == "streams (index)"
    assert not (out / ".staging").exists()

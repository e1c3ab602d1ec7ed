"""A newer dump of the same wiki under a new file name replaces the older one page by page (flows.refresh)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import flows.extract
import flows.plan
from flows.plan import scan_folder
from flows.refresh import apply_series, carry_over, dump_name, find_refreshes
from tests.flow_helpers import club_pages, dump_xml, jsonl_lines, multistream_dump, read_json, read_state

OLD = "testwiki-20260115-pages-articles-multistream.xml.bz2"
NEW = "testwiki-20260215-pages-articles-multistream.xml.bz2"


def _index(name: str) -> str:
    return name.replace("-multistream.xml.bz2", "-multistream-index.txt.bz2")


def _write(raw: Path, name: str, pages: list[tuple[str, int, int, str]], site: str | None = None) -> None:
    """A multistream dump (2 pages per stream) and its index; ``site`` sets ``<dbname>`` (default: none)."""
    raw.mkdir(parents=True, exist_ok=True)
    xml = dump_xml(pages)
    if site is not None:
        xml = xml.replace("<sitename>Test</sitename>", f"<sitename>Test</sitename>\n    <dbname>{site}</dbname>")
    dump, index = multistream_dump(xml, 2)
    (raw / name).write_bytes(dump)
    (raw / _index(name)).write_bytes(index)


def _next_month(pages: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    """Page 5 has a new revision, page 12 is gone, page 13 is new; the others are as they were."""
    result = []
    for title, page_id, revision, text in pages:
        if page_id == 12:
            continue
        if page_id == 5:
            revision, text = 1005, text.replace("was founded", "was first founded")
        result.append((title, page_id, revision, text))
    return [*result, ("Club 13", 13, 113, "The '''Club 13''' was founded in 1813 in [[York]].")]


def _move(raw: Path, name: str, to: Path) -> None:
    to.mkdir(parents=True, exist_ok=True)
    for file in (name, _index(name)):
        (raw / file).rename(to / file)


def _records(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "records").rglob("*.json")}


# -- naming and matching (no Prefect) -------------------------------------------------------------------------
def test_refresh_series_names() -> None:
    assert dump_name(OLD).series == dump_name(NEW).series == "testwiki-*-pages-articles-multistream.xml.bz2"
    assert dump_name("a/enwiki-latest-pages-articles.xml.bz2").series == "a/enwiki-*-pages-articles.xml.bz2"
    assert dump_name("a/" + OLD).series != dump_name("b/" + OLD).series, "another folder is another series"
    assert dump_name(OLD).db == "testwiki"
    for name in ("minidump_sample.xml.bz2", "enwiki-2026-pages.xml.bz2", _index(OLD), "notes-20260115-x.txt"):
        assert dump_name(name) is None, name


def test_refresh_matching_by_site_and_date(tmp_path: Path) -> None:
    pages = club_pages(4)
    _write(tmp_path, OLD, pages, "testwiki")
    _write(tmp_path, NEW, pages, "testwiki")
    known = {OLD: {"dump": {"site": "testwiki", "date": "2026-01-15"}, "documents": []}}
    both = find_refreshes(tmp_path, [OLD, NEW], known)
    assert both.superseded == {OLD: NEW}, "the newest dump of a wiki is read; the older one is left out"
    assert [(r.old, r.new, r.site) for r in both.refreshes] == [(OLD, NEW, "testwiki")]
    assert both.sites() == {NEW: {"site": "testwiki", "date": "2026-02-15"}}
    gone = find_refreshes(tmp_path, [NEW], known)
    assert not gone.superseded and [r.old for r in gone.refreshes] == [OLD]
    # the state of a run before sites were stored: the database named in the file name
    assert [r.old for r in find_refreshes(tmp_path, [NEW], {OLD: {"documents": []}}).refreshes] == [OLD]
    # negative: the known dump is of another wiki (its site stored), or the new one says it is of another wiki
    other = {OLD: {"dump": {"site": "otherwiki", "date": "2026-01-15"}, "documents": []}}
    assert find_refreshes(tmp_path, [NEW], other).refreshes == []
    _write(tmp_path, NEW, pages, "otherwiki")
    assert find_refreshes(tmp_path, [NEW], known).refreshes == []
    assert find_refreshes(tmp_path, [OLD, NEW], known).superseded == {}, "two wikis: both are read"
    # negative: the known dump is still read (same file name kept, or the newer one is known already)
    _write(tmp_path, NEW, pages, "testwiki")
    assert find_refreshes(tmp_path, [OLD, NEW], {**known, NEW: known[OLD]}).refreshes == []
    # negative: a dump whose name holds no date is in no series
    assert find_refreshes(tmp_path, ["minidump.xml.bz2"], known).refreshes == []


def test_refresh_carry_over_renames_keys_and_keeps_ids() -> None:
    doc = {"source": OLD, "record_id": "club-1", "title": "Club 1", "fingerprint": "101:ab", "status": "ok",
           "error": None, "error_type": None}
    manifest = {"format": 1, "sources": {OLD: {"sha256": "x", "documents": [f"{OLD}#1"], "record_ids": ["club-1"]},
                                         "other.wiki": {"documents": ["other.wiki"]}},
                "documents": {f"{OLD}#1": doc, "other.wiki": {"source": "other.wiki", "record_id": "other"}}}
    _, _, series = apply_series(".", scan_folder(Path(__file__).parent / "fixtures" / "flows"), manifest)
    assert series.refreshes == [], "no dump here"
    from flows.refresh import DumpRefresh

    moved = carry_over(manifest, [DumpRefresh(OLD, NEW, "Test", "2026-01-15", "2026-02-15")])
    assert set(moved["sources"]) == {NEW, "other.wiki"} and moved["sources"][NEW]["documents"] == [f"{NEW}#1"]
    assert moved["documents"][f"{NEW}#1"] == {**doc, "source": NEW}
    assert moved["documents"]["other.wiki"] == manifest["documents"]["other.wiki"]
    assert OLD in manifest["sources"], "the manifest given is not changed"


# -- through the flow ------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("prefect_harness")
def test_refresh_flow_next_month_dump_under_a_new_name(tmp_path: Path, monkeypatch) -> None:
    raw, out, archive = tmp_path / "raw", tmp_path / "out", tmp_path / "archive"
    monkeypatch.setattr(flows.plan, "TARGET_BATCH_BYTES", 200)  # several ranges of streams
    pages = club_pages(12)
    _write(raw, OLD, pages)
    first = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert first["counts"]["extracted"] == 12 and first["dump_refresh"] == []
    assert read_json(out / "manifest.json")["sources"][OLD]["dump"]["site"] == "Test"
    ids = {key.split("#")[1]: doc["record_id"] for key, doc in read_state(out)["documents"].items()}
    before = _records(out)

    # next month: the new dump replaces the old one in the raw folder (old moved out)
    _move(raw, OLD, archive)
    _write(raw, NEW, _next_month(pages))
    log = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert log["counts"]["extracted"] == 2, "only the changed and the new page were parsed"
    assert [u["source"] for u in log["updated"]] == [f"{NEW}#5"] and "previous_id" not in log["updated"][0]
    assert [a["source"] for a in log["added"]] == [f"{NEW}#13"]
    assert log["removed"] == [{"source": f"{NEW}#12", "id": ids["12"]}]
    assert len(log["unchanged"]) == 10 and all(key.startswith(NEW + "#") for key in log["unchanged"])
    assert log["dump_refresh"] == [{"from": OLD, "to": NEW, "site": "Test", "from_date": "2026-01-15",
                                    "to_date": "2026-02-15", "pages_unchanged": 10, "pages_updated": 1,
                                    "pages_added": 1, "pages_removed": 1}]
    state = read_state(out)
    assert set(state["sources"]) == {NEW} and all(k.startswith(NEW + "#") for k in state["documents"])
    assert {key.split("#")[1]: doc["record_id"] for key, doc in state["documents"].items() if key[-2:] != "13"} \
        == {k: v for k, v in ids.items() if k != "12"}, "every kept page keeps its record id"
    after = _records(out)
    untouched = {name for name in before if name in after and after[name] == before[name]}
    assert len(untouched) == 10 and f"{ids['5']}.json" not in untouched, "unchanged pages' files not rewritten"
    assert f"{ids['12']}.json" not in after
    lines = [json.loads(line) for line in jsonl_lines(out)]
    assert len(lines) == 12 and {r["id"] for r in lines} == set(state_ids := {d["record_id"] for d in
                                                                              state["documents"].values()})
    assert len(state_ids) == 12

    # the old dump put back beside the new one: it is older, so it is left out and nothing changes
    _move(archive, OLD, raw)
    again = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert again["counts"]["extracted"] == 0 and again["counts"]["added"] == again["counts"]["removed"] == 0
    assert OLD in again["skipped"] and any(OLD in w and NEW in w for w in again["warnings"])
    assert _records(out) == after
    from flows.runs import quick_unchanged_run

    quick = quick_unchanged_run(str(raw), str(out))
    assert quick is not None and OLD in quick["skipped"], "the no-change shortcut leaves the older dump out too"


@pytest.mark.usefixtures("prefect_harness")
def test_refresh_flow_both_present_and_another_wiki_is_no_refresh(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    pages = club_pages(6)
    _write(raw, OLD, pages, "testwiki")
    flows.extract.extract_flow(raw=str(raw), out=str(out))
    # the new dump downloaded beside the old one: a refresh, the old one left out
    _write(raw, NEW, _next_month(club_pages(12))[:6], "testwiki")
    log = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert [(r["from"], r["to"]) for r in log["dump_refresh"]] == [(OLD, NEW)]
    assert log["counts"]["extracted"] == 1 and OLD in log["skipped"]
    # negative: a dump of another wiki under the next dated name is not a refresh: all extracted
    newer = "testwiki-20260315-pages-articles-multistream.xml.bz2"
    _write(raw, newer, _next_month(club_pages(12))[:6], "otherwiki")
    other = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert other["dump_refresh"] == [] and other["counts"]["extracted"] == 6
    assert newer not in other["skipped"] and NEW not in other["skipped"], "two wikis: both are read"


def test_refresh_latest_symlink_is_of_the_series_of_its_target(tmp_path: Path) -> None:
    pages = club_pages(3)
    _write(tmp_path, OLD, pages, "testwiki")
    _write(tmp_path, NEW, pages, "testwiki")
    latest = "testwiki-latest-pages-articles-multistream.xml.bz2"
    (tmp_path / latest).symlink_to(NEW)
    known = {OLD: {"dump": {"site": "testwiki", "date": "2026-01-15"}, "documents": []}}
    series = find_refreshes(tmp_path, [OLD, NEW, latest], known)
    assert series.identities[NEW].date == series.identities.get(latest, series.identities[NEW]).date == "2026-02-15"
    assert series.superseded == {OLD: NEW, latest: NEW}, "one dump of the series is read: never the same pages twice"
    assert [(r.old, r.new) for r in series.refreshes] == [(OLD, NEW)]
    # the link known to the output (its stable name) wins the tie with its target
    stable = find_refreshes(tmp_path, [NEW, latest], {latest: known[OLD]})
    assert stable.superseded == {NEW: latest} and stable.refreshes == []


def test_refresh_cli_summary_names_the_refresh(capsys) -> None:
    from flows import cli

    counts = dict.fromkeys(("added", "updated", "unchanged", "removed", "failed", "still_failed"), 0)
    log = {"counts": {**counts, "records": 3}, "added": [], "updated": [], "removed": [], "failed": [],
           "still_failed": [], "warnings": [], "dump_refresh": [
        {"from": OLD, "to": NEW, "site": "Test", "from_date": "2026-01-15", "to_date": "2026-02-15",
         "pages_unchanged": 10, "pages_updated": 1, "pages_added": 1, "pages_removed": 1}]}
    cli._print_summary(log, 1.0)
    out = " ".join(capsys.readouterr().out.split())
    assert f"dump refresh {OLD} -> {NEW}: 10 pages unchanged (not parsed), 1 updated, 1 added, 1 removed" in out
    cli._print_summary({**log, "dump_refresh": []}, 1.0)
    assert "dump refresh" not in capsys.readouterr().out


@pytest.mark.usefixtures("prefect_harness")
def test_refresh_flow_same_bytes_under_a_new_name_renames_the_state(tmp_path: Path) -> None:
    """A newer dump whose bytes are those of the older one is an unchanged source: nothing is parsed or rewritten,
    but its state takes the new name and the change log counts its pages as unchanged (the commit renames the rows
    inside the state database)."""
    raw, out, archive = tmp_path / "raw", tmp_path / "out", tmp_path / "archive"
    _write(raw, OLD, club_pages(4))
    flows.extract.extract_flow(raw=str(raw), out=str(out))
    ids = {key.split("#")[1]: doc["record_id"] for key, doc in read_state(out)["documents"].items()}
    before = _records(out)
    _move(raw, OLD, archive)
    for name in (OLD, _index(OLD)):
        (raw / name.replace("20260115", "20260215")).write_bytes((archive / name).read_bytes())
    log = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert log["counts"]["extracted"] == 0 and log["counts"]["unchanged"] == 4 and log["removed"] == []
    assert [(r["from"], r["to"], r["pages_unchanged"]) for r in log["dump_refresh"]] == [(OLD, NEW, 4)]
    state = read_state(out)
    assert set(state["sources"]) == {NEW} and sorted(state["sources"][NEW]["documents"]) == sorted(state["documents"])
    assert {key.split("#")[1]: doc["record_id"] for key, doc in state["documents"].items()} == ids
    assert all(key.startswith(NEW + "#") for key in state["documents"]) and _records(out) == before
    assert read_json(out / "manifest.json")["sources"][NEW]["documents"] == 4
    # negative: the next run finds nothing to do (the renamed state is complete)
    again = flows.extract.extract_flow(raw=str(raw), out=str(out))
    assert again["dump_refresh"] == [] and again["counts"]["unchanged"] == 4 and again["counts"]["extracted"] == 0

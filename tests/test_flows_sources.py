"""What counts as a source, which raw/output folder pairs are refused, when removals need --prune."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.manifest import empty_manifest
from flows.plan import scan_folder
from flows.sources import FolderError, RemovalRefusedError, Selection, check_folders, check_removals


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def _output_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(empty_manifest()), encoding="utf-8")
    return folder


def test_sources_default_rule_by_extension_and_never_docs_or_data() -> None:
    plain = Selection()
    for name in ("a.txt", "b.wiki", "c.wikitext", "d.mediawiki", "e.xml", "f.xml.bz2", "G.WIKI", "sub/h.txt"):
        assert plain.is_source(name), name
    for name in ("README", "README.txt", "readme.wiki", "SOURCES.md", "sources.json", "rows.jsonl", "page.html",
                 "image.png", "notes", "archive.gz", "sub/PARTIAL_GOLD.md"):
        assert not plain.is_source(name), name


def test_sources_include_and_exclude_globs() -> None:
    chosen = Selection.of(include=["*.text", "docs/README.txt"], exclude=["drafts", "*_old.wiki", "x/*.txt"])
    assert chosen.is_source("a.text") and chosen.is_source("docs/README.txt")
    assert not chosen.is_source("README.txt"), "an include with a / matches the path, not every README"
    assert not chosen.is_source("b_old.wiki") and chosen.is_source("b_new.wiki")
    assert not chosen.is_source("x/y.txt") and chosen.is_source("z/y.txt")
    assert chosen.excluded("drafts") and not chosen.excluded("drafts2")
    assert not Selection.of(include=["*.txt"], exclude=["*.txt"]).is_source("a.txt"), "exclude wins"


def test_sources_scan_lists_what_it_skipped(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt", "README.md", "sources.json", "b.wiki", "drafts/c.wiki", ".hidden.txt", "d.html")
    _touch(_output_folder(tmp_path / "old_output"), "records/x.json", "records.jsonl")
    scan = scan_folder(tmp_path, selection=Selection.of(exclude=["drafts"]))
    assert [s.path for s in scan.sources] == ["a.txt", "b.wiki"]
    assert scan.skipped == ["README.md", "d.html", "drafts/", "old_output/", "sources.json"]
    # A folder with a file named manifest.json that is not ours is read as usual.
    _touch(tmp_path, "mine/manifest.json", "mine/e.txt")
    assert "mine/e.txt" in [s.path for s in scan_folder(tmp_path).sources]


def test_sources_refused_folder_pairs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _touch(raw, "a.txt")
    with pytest.raises(FolderError, match="is the raw folder itself"):
        check_folders(raw, raw)
    with pytest.raises(FolderError, match=r"inside the raw folder.*--exclude 'out'"):
        check_folders(raw, raw / "out")
    check_folders(raw, raw / "out", Selection.of(exclude=["out"]))  # excluded: accepted
    check_folders(raw, raw / ".out")  # hidden folders are never read
    check_folders(raw, tmp_path / "output")  # side by side: accepted
    output = _output_folder(tmp_path / "output")
    _touch(output, "records/a.json")
    with pytest.raises(FolderError, match="inside the wikirecords output folder"):
        check_folders(output, tmp_path / "elsewhere")
    with pytest.raises(FolderError, match="inside the wikirecords output folder"):
        check_folders(output / "records", tmp_path / "elsewhere")
    with pytest.raises(FolderError, match="inside the wikirecords output folder"):
        check_folders(output / "records" / "a.json", tmp_path / "elsewhere")


def test_sources_removals_need_prune_when_raw_lacks_most(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _touch(raw, "a.txt")
    known = ["a.txt", "b.txt", "c.txt", "d.txt"]
    check_removals(raw, "out", known, ["a.txt", "b.txt", "c.txt"], 1, prune=False)  # one of four gone: normal
    with pytest.raises(RemovalRefusedError, match=r"holds 2 of them.*remove 5 records of 2 other.*--prune"):
        check_removals(raw, "out", known, ["a.txt", "b.txt"], 5, prune=False)
    check_removals(raw, "out", known, ["a.txt", "b.txt"], 5, prune=True)
    check_removals(raw, "out", known, ["a.txt"], 0, prune=False)  # gone sources had no record: nothing lost
    check_removals(raw, "out", ["a.txt", "b.txt"], ["a.txt"], 1, prune=False)  # one source deleted: normal
    with pytest.raises(RemovalRefusedError, match="holds 0 of them"):
        check_removals(raw, "out", ["x.txt", "y.txt"], ["a.txt"], 2, prune=False)  # another raw folder
    with pytest.raises(RemovalRefusedError, match="is one file"):
        check_removals(raw / "a.txt", "out", ["a.txt", "b.txt"], ["a.txt"], 1, prune=False)

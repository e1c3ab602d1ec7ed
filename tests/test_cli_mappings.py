"""``wikirecords extract --mappings Mapping_en.xml`` on corpus articles; without the option nothing reads it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import flows.work
import pipeline.mappings.dbpedia
from flows.cli import app
from flows.plan import WorkItem
from flows.work import extract_items
from tests.flow_helpers import record_files
from tests.test_families_dbpedia import _MAPPING_FILE, _shared_dir

runner = CliRunner()
# Corpus articles whose templates DBpedia maps with numbered families (baseball, officeholder, settlement).
ARTICLES = ["jerry_mumphrey.wiki", "angela_merkel.wiki", "islamabad.wiki"]


def _records(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text("utf-8")) for p in record_files(out)}


def _corpus_raw(tmp_path: Path, names: list[str] | None = None) -> Path:
    corpus = _shared_dir() / "corpus" / "wikitext"
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(corpus.glob("*.wiki")):
        if names is None or path.name in names:
            shutil.copy(path, raw / path.name)
    return raw


@pytest.mark.usefixtures("prefect_harness")
def test_cli_extract_with_mappings_on_corpus_articles(tmp_path: Path) -> None:
    raw, out = _corpus_raw(tmp_path, ARTICLES), tmp_path / "output"
    mapping_file = _shared_dir() / _MAPPING_FILE
    result = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--mappings", str(mapping_file)])
    assert result.exit_code == 0, result.output
    records = _records(out)
    assert len(records) == len(ARTICLES)
    for record in records.values():
        box = record["infobox"]
        assert any(f["property"] for f in box["fields"]), record["id"]  # DBpedia names the mapped keys
    merkel = records["angela-merkel"]["infobox"]
    assert "termPeriod" in merkel["groups"] and "office" not in merkel["groups"]


@pytest.mark.usefixtures("prefect_harness")
def test_cli_adding_or_dropping_mappings_redoes_the_records(tmp_path: Path) -> None:
    raw, out = _corpus_raw(tmp_path, ["angela_merkel.wiki"]), tmp_path / "output"
    mapping = ["--mappings", str(_shared_dir() / _MAPPING_FILE)]
    groups = []
    for extra in ([], mapping, mapping, []):
        result = runner.invoke(app, ["extract", str(raw), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
        groups.append(set(_records(out)["angela-merkel"]["infobox"]["groups"]))
    assert "office" in groups[0] and "termPeriod" not in groups[0]
    assert "termPeriod" in groups[1] and groups[2] == groups[1]  # same file again: nothing to redo
    assert groups[3] == groups[0]  # dropping the option gives the generic families back


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_cli_extract_with_mappings_on_the_whole_corpus(tmp_path: Path) -> None:
    raw, out = _corpus_raw(tmp_path), tmp_path / "output"
    mapping_file = _shared_dir() / _MAPPING_FILE
    result = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--mappings", str(mapping_file),
                                 "--strict"])
    assert result.exit_code == 0, result.output
    assert len(_records(out)) == len(list(raw.glob("*.wiki")))


def test_cli_mappings_that_are_no_mapping_file_are_one_line_errors(tmp_path: Path) -> None:
    raw = _corpus_raw(tmp_path, ARTICLES[:1])
    bad = tmp_path / "bad.xml"
    bad.write_text("<mediawiki><page><title>Main Page</title></page></mediawiki>", encoding="utf-8")
    for mapping in (bad, tmp_path / "missing.xml"):
        result = runner.invoke(app, ["extract", str(raw), "--out", str(tmp_path / "out"), "--mappings", str(mapping)])
        text = result.output.strip()
        assert result.exit_code == 1 and text.startswith("error:") and len(text.splitlines()) == 1, text
        assert "DBpedia mappings" in text


def test_without_mappings_nothing_reads_the_mapping_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _corpus_raw(tmp_path, ARTICLES[:1])

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the mapping file was read without --mappings")

    monkeypatch.setattr(flows.work, "read_mappings", forbidden)
    monkeypatch.setattr(flows.work, "load_mappings", forbidden)
    monkeypatch.setattr(pipeline.mappings.dbpedia, "read_mappings", forbidden)
    item = WorkItem(path=ARTICLES[0], sha256="", cost=1)
    outcome = extract_items(str(raw), [item])[0]
    assert outcome.error is None and outcome.docs[0].status == "extracted"
    record = json.loads(outcome.docs[0].record_json)
    assert all(f["property"] is None for f in record["infobox"]["fields"])
    # the same call with the option does read it (the patch is what would have caught a read)
    with pytest.raises(AssertionError, match="without --mappings"):
        extract_items(str(raw), [item], mappings=str(_shared_dir() / _MAPPING_FILE))

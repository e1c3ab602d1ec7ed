"""Issue 4 through the real flow and CLI: every broken or hostile input next to the seed, in one run.

The seed's record must still be written (100% on its infobox), every bad input must be named with a reason in
the manifest, the run's change log and the CLI summary, and no file may appear outside the output folder.
"""

from __future__ import annotations

import bz2
import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import FIXTURES, SEED
from tests.flow_helpers import dump_xml, read_json, read_state, record_file, record_files
from tests.test_dump_hostile import BILLION_LAUGHS, _xxe

pytestmark = pytest.mark.usefixtures("prefect_harness")

SECRET = "TOP-SECRET-CONTENT-4242"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def _wiki(name: str, body: str = "") -> str:
    return (f"{{{{Infobox organization\n| name = {name}\n| founded = {{{{start date|1990|5|1}}}}\n"
            f"| type = Society\n}}}}\n'''{name}''' is a society founded in 1990.{body}\n")


def _flat(title: str, body: str = "It was founded in 1990.") -> str:
    return f"= {title} =\n{title}\n- Founded: 1990\n- Type: Society\n\n==History==\n{body}\n"


def make_hostile_raw(raw: Path, secret: Path) -> dict[str, str]:
    """The seed plus one file per case of issue 4; returns {file name: word expected in its failure reason}."""
    raw.mkdir(parents=True)
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    sample = bz2.decompress((FIXTURES / "dumps" / "minidump_sample.xml.bz2").read_bytes())
    cut = sample.index(b"<text", sample.index(b"<title>Jim Pewter")) + 200
    split = sample.index(b"<page>", sample.index(b"<title>Ingoldiomyces"))
    bad = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\t\n   \n", "empty"),
        "image.txt": (PNG + bytes(range(256)), "PNG"),
        "latin1.txt": (("Café crème brûlée déjà vu naïveté. " * 60).encode("cp1252"), "not UTF-8"),
        "nul_many.txt": (b"\x00\x01\x00\x02abc" * 400, "NUL"),
        "long_line.txt": (("The committee met in Kolkata in 1992 and again in 1995. " * 540_000)[:30_000_000]
                          .encode(), "limit"),
        "truncated.xml": (sample[:cut], "closing </mediawiki>"),
        "truncated.xml.bz2": ((bz2.compress(sample[:split]) + bz2.compress(sample[split:]))[:-200], "cut off"),
        "laughs.xml": (BILLION_LAUGHS, "entity"),
        "xxe.xml": (_xxe(str(secret), parameter=False), "entity"),
        "vector.xml": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "<svg>"),
        "page.wiki": (b"<!DOCTYPE html><html><body>Kolkata Club</body></html>", "HTML"),
    }
    good = {
        "invalid_utf8.txt": _flat("Broken Bytes Society").replace("Society\n\n", "Soci\udcffety\n\n")
        .encode("utf-8", "surrogateescape"),
        "utf16.wiki": codecs.BOM_UTF16_LE + _wiki("Wide Society").encode("utf-16-le"),
        "nul_few.txt": _flat("Nul\x00 Society").encode(),
        "unclosed.wiki": (_wiki("Unclosed Society", " {{cite web|url=x [[Link|label <ref>never closed")).encode(),
        "nested.wiki": (_wiki("Nested Society", " " + "{{a|" * 20_000 + "x" + "}}" * 20_000)).encode(),
        "fields5000.wiki": ("{{Infobox organization\n| name = Wide Box\n"
                            + "".join(f"| field{i} = value {i}\n" for i in range(5000))
                            + "}}\n'''Wide Box''' was founded in 1990.\n").encode(),
        "bigvalue.wiki": ("{{Infobox organization\n| name = Big Value\n| motto = " + "lorem ipsum " * 90_000
                          + "\n}}\n'''Big Value''' was founded in 1990.\n").encode(),
        "escape_title.txt": _flat("../../x").encode(),
        "absolute_title.txt": _flat("/etc/passwd").encode(),
        "long_title.txt": _flat("A" * 1000).encode(),
        ("n" * 240 + ".txt"): _flat("Long File Name Society").encode(),
        "Case.txt": _flat("Case Study").encode(),
        "case.txt": _flat("case study").encode(),
        "twin_a.wiki": _wiki("Twin Society").encode(),
        "twin_b.wiki": _wiki("Twin Society").encode(),
        "pages.xml": dump_xml([("../../escape", 1, 11, _wiki("Escape")), ("/abs/path", 2, 12, _wiki("Abs")),
                               ("B" * 1000, 3, 13, _wiki("Long"))]).encode(),
    }
    for name, (data, _) in bad.items():
        (raw / name).write_bytes(data)
    for name, data in good.items():
        (raw / name).write_bytes(data)
    return {name: word for name, (_, word) in bad.items()}


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_hostile_flow_one_run_over_every_bad_input_and_the_seed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    raw, out = tmp_path / "raw", tmp_path / "output"
    expected = make_hostile_raw(raw, secret)
    raw_before = {name: (raw / name).read_bytes() for name in _files(raw)}

    result = CliRunner().invoke(app, ["extract", str(raw), "--out", str(out), "--seconds-per-source", "10"],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    summary = result.output

    # Nothing outside output/: the temporary folder holds raw/ (unchanged), output/ and the secret only.
    outside = {f for f in _files(tmp_path) if not f.startswith(("raw/", "output/"))}
    assert outside == {"secret.txt"}
    assert {name: (raw / name).read_bytes() for name in _files(raw)} == raw_before
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace")

    # Every bad input named with an actionable reason: manifest, change log, CLI summary.
    manifest = read_json(out / "manifest.json")
    log = read_json(sorted((out / "runs").glob("*.json"))[-1])
    failed = {item["source"]: item["reason"] for item in log["failed"]}
    for name, word in expected.items():
        entry = manifest["sources"][name]
        assert entry["status"] in ("failed", "partial"), (name, entry)
        assert word.lower() in entry["error"].lower(), (name, entry["error"])
        assert name in failed and word.lower() in failed[name].lower(), (name, failed.get(name))
        assert name in summary, f"{name} missing from the CLI summary"
    assert manifest["sources"]["truncated.xml"]["status"] == "partial"  # the pages before the break are kept
    assert "Ingoldiomyces" in manifest["sources"]["truncated.xml"]["error"]

    # The seed still scores 100% on its infobox.
    seed_record = record_file(out, "durbar-mahila-samanwaya-committee")
    scored = tmp_path / "scored"
    scored.mkdir()
    (scored / seed_record.name).write_bytes(seed_record.read_bytes())
    score = subprocess.run([sys.executable, str(FIXTURES / "score_records.py"), str(FIXTURES / "gold"), str(scored),
                            "--json"], capture_output=True, text=True, check=True)
    assert json.loads(score.stdout)["summary"]["infobox_accuracy"] == 1.0

    # The repaired and oversized inputs became records with warnings; duplicates got distinct ids.
    records = {p.stem: read_json(p) for p in record_files(out)}
    by_source: dict[str, list[dict]] = {}
    for record in records.values():
        by_source.setdefault(record["source"]["path"], []).append(record)
    assert "decode_repaired" in {w["code"] for w in by_source["invalid_utf8.txt"][0]["warnings"]}
    assert "decode_repaired" in {w["code"] for w in by_source["nul_few.txt"][0]["warnings"]}
    assert by_source["utf16.wiki"][0]["title"] == "Wide Society"
    assert "infobox_fields_limit" in {w["code"] for w in by_source["fields5000.wiki"][0]["warnings"]}
    assert "field_truncated" in {w["code"] for w in by_source["bigvalue.wiki"][0]["warnings"]}
    for name in ("unclosed.wiki", "nested.wiki", "escape_title.txt", "absolute_title.txt", "long_title.txt",
                 "n" * 240 + ".txt", "Case.txt", "case.txt", "twin_a.wiki", "twin_b.wiki"):
        assert len(by_source[name]) == 1, name
    assert len(by_source["pages.xml"]) == 3
    assert len(by_source["truncated.xml"]) == 3  # the article pages before the break
    twins = {by_source["twin_a.wiki"][0]["id"], by_source["twin_b.wiki"][0]["id"]}
    cases = {by_source["Case.txt"][0]["id"], by_source["case.txt"][0]["id"]}
    assert len(twins) == 2 and len(cases) == 2
    assert len({i.lower() for i in records}) == len(records), "ids that differ only by case"
    assert any("Twin Society" in w for w in log["warnings"])
    assert all(len(p.name) <= 255 for p in out.rglob("*"))


def test_hostile_flow_dump_pages_skipped_by_the_reader_are_reported(tmp_path: Path) -> None:
    from flows.extract import extract_flow

    raw, out = tmp_path / "raw", tmp_path / "output"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    pages = [("Fine Society", 1, 11, _wiki("Fine Society")), ("Empty Page", 2, 12, "   "),
             ("Huge Page", 3, 13, _wiki("Huge Page", " word" * 30_000))]
    (raw / "pages.xml").write_text(dump_xml(pages), encoding="utf-8")
    log = extract_flow(raw=str(raw), out=str(out), limits={"max_source_bytes": 100_000})
    failed = {item["source"]: item["reason"] for item in log["failed"]}
    assert "no revision text" in failed["pages.xml#2"]
    assert "100,000" in failed["pages.xml#3"] and "max_source_bytes" in failed["pages.xml#3"]
    manifest = read_json(out / "manifest.json")
    assert manifest["sources"]["pages.xml"]["status"] == "partial"
    assert read_state(out)["documents"]["pages.xml#3"]["title"] == "Huge Page"
    assert record_file(out, "fine-society").exists()
    assert record_file(out, "durbar-mahila-samanwaya-committee").exists()

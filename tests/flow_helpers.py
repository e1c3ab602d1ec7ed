"""Helpers shared by the flow tests: small raw folders made of real texts, and file snapshots."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "durbar_mahila_samanwaya_committee.txt"
SOCIETY = ROOT / "tests" / "fixtures" / "flows" / "test_society.wiki"


def make_raw(folder: Path) -> Path:
    """A raw folder with the seed (flat) and a small wikitext article."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SOCIETY, folder / SOCIETY.name)
    return folder


def snapshot(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """(inode, mtime_ns, bytes) of every file under ``out`` except the change logs and the lock."""
    result = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and "runs" not in path.parts and path.name != ".wikirecords.lock":
            stat = path.stat()
            result[str(path.relative_to(out))] = (stat.st_ino, stat.st_mtime_ns, path.read_bytes())
    return result


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def page_xml(title: str, page_id: int, revision: int, text: str) -> str:
    return (f"  <page>\n    <title>{escape(title)}</title>\n    <ns>0</ns>\n    <id>{page_id}</id>\n"
            f"    <revision>\n      <id>{revision}</id>\n      <timestamp>2020-01-0{page_id}T00:00:00Z</timestamp>\n"
            f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
            f'      <text xml:space="preserve">{escape(text)}</text>\n    </revision>\n  </page>\n')


def dump_xml(pages: list[tuple[str, int, int, str]]) -> str:
    """A small MediaWiki XML export holding ``pages`` (title, page id, revision id, wikitext)."""
    head = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n'
            "  <siteinfo>\n    <sitename>Test</sitename>\n  </siteinfo>\n")
    return head + "".join(page_xml(*p) for p in pages) + "</mediawiki>\n"

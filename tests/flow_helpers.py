"""Helpers shared by the flow tests: small raw folders made of real texts, and file snapshots."""

from __future__ import annotations

import bz2
import json
import re
import shutil
from pathlib import Path
from typing import Any
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


def multistream_dump(xml: str, per_stream: int) -> tuple[bytes, bytes]:
    """(dump, index) of ``xml`` in Wikimedia's multistream layout: a bz2 stream holding the header, streams of
    ``per_stream`` pages, one holding ``</mediawiki>``; index lines ``offset:page_id:title``."""
    data = xml.encode("utf-8")
    starts = [m.start() for m in re.finditer(rb"  <page>", data)]
    tail = data.rindex(b"</mediawiki>")
    pages = [data[a:b] for a, b in zip(starts, [*starts[1:], tail], strict=True)]
    dump, index = bz2.compress(data[:starts[0]]), []
    for k in range(0, len(pages), per_stream):
        offset = len(dump)
        for page in pages[k:k + per_stream]:
            page_id = re.search(rb"<id>(\d+)</id>", page).group(1)  # type: ignore[union-attr]
            title = re.search(rb"<title>(.*?)</title>", page).group(1)  # type: ignore[union-attr]
            index.append(b"%d:%s:%s\n" % (offset, page_id, title))
        dump += bz2.compress(b"".join(pages[k:k + per_stream]))
    dump += bz2.compress(data[tail:])
    return dump, bz2.compress(b"".join(index))


def club_pages(count: int) -> list[tuple[str, int, int, str]]:
    """``count`` small, distinct article pages (title, page id, revision id, wikitext) for dump tests."""
    return [(f"Club {n}", n, 100 + n, f"The '''Club {n}''' was founded in {1800 + n} in [[Leeds]]. "
             f"On {1 + n % 28} May {1900 + n} it won its first cup.") for n in range(1, count + 1)]


def read_state(out: Path) -> dict:
    """The output's document state in the manifest's in-memory shape (``state.sqlite``, see flows.state)."""
    from flows.store import OutputStore

    state = OutputStore(out).read_manifest()
    assert state is not None, f"{out} holds no state"
    return state


def one_line_error(result: Any) -> str:
    """The output of a CLI run that must fail with one ``error:`` line and exit status 1 (no traceback)."""
    text = result.output.strip()
    assert result.exit_code == 1, text
    assert "Traceback" not in text and len(text.splitlines()) == 1, text
    assert text.startswith("error:")
    return text


def record_file(out: Path, record_id: str) -> Path:
    """Where the output folder keeps a record: ``records/<abc>/<id>.json`` (flows.store.record_shard)."""
    from flows.store import record_shard

    return out / "records" / record_shard(record_id) / f"{record_id}.json"


def record_files(out: Path) -> list[Path]:
    """Every record file of an output folder, sorted by id."""
    return sorted((out / "records").glob("*/*.json"), key=lambda p: p.stem)


def jsonl_lines(out: Path) -> list[bytes]:
    """The lines of every JSONL shard (``records-*.jsonl``) of an output folder, in file order."""
    return [line for path in sorted(out.glob("records-*.jsonl")) for line in path.read_bytes().splitlines()]

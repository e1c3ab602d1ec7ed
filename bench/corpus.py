"""The benchmark corpus: N real articles from the shared corpus, repeated under distinct titles, one file each.

The pool is every wikitext article of ``corpus/wikitext/`` plus every main-namespace, non-redirect page of the
XML dumps in ``corpus/dumps/`` (each title once), shuffled with a fixed seed so that any prefix is a representative
mix of sizes.
Article ``i`` of the corpus is pool article ``i % len(pool)``, written as a one-page MediaWiki XML export
``<slug>_<copy>.xml`` whose ``<title>`` is the article's title, followed by `` (copy K)`` for the K-th repetition.
An export rather than a ``.wiki`` file because the reader takes a ``.wiki`` file's title from its infobox ``name``
when it has one: copies would share titles (and the flow would give them suffixed ids with warnings).
"""

from __future__ import annotations

import bz2
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml.ElementTree import iterparse

from pipeline.ids import slugify

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = next((p / "shared" / "corpus" for p in (ROOT.parent, ROOT.parent.parent)
                      if (p / "shared" / "corpus" / "wikitext").is_dir()), ROOT.parent / "shared" / "corpus")
"""``../shared/corpus`` beside the checkout (or beside the folder of git worktrees that holds it)."""
FIXTURE_CORPUS = ROOT / "tests" / "fixtures"
EDIT = "\n\nBench edit number {i}: the board met again on 3 March 2021 and renamed the company.\n"
_EXPORT = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
  <page>
    <title>{title}</title>
    <ns>0</ns>
    <id>{page_id}</id>
    <revision>
      <id>{revision_id}</id>
      <timestamp>2024-01-01T00:00:00Z</timestamp>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text xml:space="preserve">{text}</text>
    </revision>
  </page>
</mediawiki>
"""


@dataclass(frozen=True)
class PoolArticle:
    """One real article of the pool: its title, a name to derive file names from, and its wikitext."""

    name: str
    title: str
    text: str
    origin: str


def corpus_dirs(corpus: Path | None = None) -> tuple[Path, list[Path], str]:
    """(wikitext folder, dump files, description): the shared corpus when present, else the test fixtures."""
    if corpus is None:
        corpus = SHARED_CORPUS if (SHARED_CORPUS / "wikitext").is_dir() else FIXTURE_CORPUS
    dumps_dir = corpus / "dumps"
    dumps = sorted(p for p in dumps_dir.iterdir() if p.is_file()) if dumps_dir.is_dir() else []
    return corpus / "wikitext", dumps, str(corpus)


def load_pool(corpus: Path | None = None, seed: int = 0) -> tuple[list[PoolArticle], str]:
    """Every article of the corpus, shuffled with ``seed``; and the corpus folder used."""
    wikitext_dir, dumps, where = corpus_dirs(corpus)
    titles = _known_titles(wikitext_dir)
    pool = [PoolArticle(p.stem, titles.get(p.name) or p.stem.replace("_", " ").capitalize(),
                        p.read_text(encoding="utf-8"), f"wikitext/{p.name}")
            for p in sorted(wikitext_dir.glob("*.wiki"))]
    names = {a.name for a in pool}
    for dump in dumps:
        for article in _dump_articles(dump):
            if article.name not in names:  # the same page in two dumps (or also a .wiki file) counts once
                names.add(article.name)
                pool.append(article)
    if not pool:
        raise FileNotFoundError(f"no .wiki articles or dumps under {where}")
    random.Random(seed).shuffle(pool)
    return pool, where


def _known_titles(wikitext_dir: Path) -> dict[str, str]:
    """File name -> page title, from the corpus' ``sources.json`` when there is one."""
    try:
        entries = json.loads((wikitext_dir / "sources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {e["file"]: e["title"] for e in entries if isinstance(e, dict) and e.get("file") and e.get("title")}


def _dump_articles(path: Path) -> Iterator[PoolArticle]:
    """Main-namespace pages of a MediaWiki XML dump (plain or .bz2), redirects left out."""
    opener = bz2.open if path.read_bytes()[:3] == b"BZh" else open
    with opener(path, "rb") as stream:
        title, ns, text = "", "", ""
        for _, elem in iterparse(stream, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "title":
                title = elem.text or ""
            elif tag == "ns":
                ns = elem.text or ""
            elif tag == "text":
                text = elem.text or ""
            elif tag == "page":
                if ns == "0" and text.strip() and not text.lstrip().lower().startswith("#redirect"):
                    yield PoolArticle(slugify(title).replace("-", "_"), title, text, f"dumps/{path.name}")
                title, ns, text = "", "", ""
                elem.clear()


def file_name(pool: list[PoolArticle], i: int) -> str:
    """File name of corpus article ``i``: pool article ``i % len(pool)`` under its copy number."""
    article = pool[i % len(pool)]
    return f"{article.name}_{i // len(pool):05d}.xml"


def article_title(pool: list[PoolArticle], i: int) -> str:
    """Title of corpus article ``i``: distinct for every ``i``."""
    copy = i // len(pool)
    title = pool[i % len(pool)].title
    return f"{title} (copy {copy})" if copy else title


def article_bytes(pool: list[PoolArticle], i: int, edits: int = 0) -> bytes:
    """Corpus article ``i`` as a one-page XML export; each edit appends a dated paragraph and a new revision."""
    text = pool[i % len(pool)].text + "".join(EDIT.format(i=k) for k in range(edits))
    xml = _EXPORT.format(title=escape(article_title(pool, i)), page_id=i + 1, revision_id=1000 * (i + 1) + edits,
                         text=escape(text))
    return xml.encode("utf-8")


def write_corpus(pool: list[PoolArticle], n: int, raw_dir: Path) -> list[Path]:
    """Write corpus articles 0..n-1 into ``raw_dir`` (created); the paths in corpus order."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = raw_dir / file_name(pool, i)
        path.write_bytes(article_bytes(pool, i))
        paths.append(path)
    return paths


def edit_sources(pool: list[PoolArticle], paths: list[Path], fraction: float = 0.01) -> list[Path]:
    """Give ``fraction`` of the sources (at least one, evenly spread) a new revision with one more dated paragraph.

    ``paths`` are the corpus' files in corpus order (as ``write_corpus`` returns them); the edited paths.
    """
    count = max(1, round(len(paths) * fraction))
    step = len(paths) / count
    edited = [int(k * step) for k in range(count)]
    for i in edited:
        paths[i].write_bytes(article_bytes(pool, i, edits=1))
    return [paths[i] for i in edited]


def page_text(path: Path) -> str:
    """The wikitext of a corpus file (the ``<text>`` of its one-page export), for the floor and the taggers."""
    with path.open("rb") as stream:
        for _, elem in iterparse(stream, events=("end",)):
            if elem.tag.rsplit("}", 1)[-1] == "text":
                return elem.text or ""
    raise ValueError(f"{path}: no <text> element")


def corpus_bytes(paths: list[Path]) -> int:
    """Total size of the written sources."""
    return sum(p.stat().st_size for p in paths)

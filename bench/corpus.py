"""The benchmark corpus: N real articles from the shared corpus, repeated under distinct titles, one file each.

The pool is every wikitext article of ``corpus/wikitext/`` plus every main-namespace, non-redirect page of the
XML dumps in ``corpus/dumps/`` (each title once), shuffled with a fixed seed so that any prefix is a representative
mix of sizes.
Article ``i`` of the corpus is pool article ``i % len(pool)`` written as ``<slug>_<copy>.wiki``: the file name
gives the title, so every copy is a distinct article with its own record id.
"""

from __future__ import annotations

import bz2
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml.ElementTree import iterparse

from pipeline.ids import slugify

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURE_CORPUS = ROOT / "tests" / "fixtures"
EDIT = "\n\nBench edit number {i}: the board met again on 3 March 2021 and renamed the company.\n"


@dataclass(frozen=True)
class PoolArticle:
    """One real article of the pool: a name to derive file names from, and its wikitext."""

    name: str
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
    pool = [PoolArticle(p.stem, p.read_text(encoding="utf-8"), f"wikitext/{p.name}")
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
                    yield PoolArticle(slugify(title).replace("-", "_"), text, f"dumps/{path.name}")
                title, ns, text = "", "", ""
                elem.clear()


def file_name(pool: list[PoolArticle], i: int) -> str:
    """File name of corpus article ``i``: pool article ``i % len(pool)`` under its copy number."""
    article = pool[i % len(pool)]
    return f"{article.name}_{i // len(pool):05d}.wiki"


def article_text(pool: list[PoolArticle], i: int) -> str:
    """Text of corpus article ``i``; a comment makes every copy's bytes (and content hash) distinct."""
    article = pool[i % len(pool)]
    return f"{article.text}\n<!-- wikirecords bench copy {i // len(pool)} -->\n"


def write_corpus(pool: list[PoolArticle], n: int, raw_dir: Path) -> list[Path]:
    """Write corpus articles 0..n-1 into ``raw_dir`` (created); the paths in corpus order."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = raw_dir / file_name(pool, i)
        path.write_text(article_text(pool, i), encoding="utf-8")
        paths.append(path)
    return paths


def edit_sources(paths: list[Path], fraction: float = 0.01) -> list[Path]:
    """Append a dated paragraph to ``fraction`` of the sources (at least one), evenly spread; the edited paths."""
    count = max(1, round(len(paths) * fraction))
    step = len(paths) / count
    edited = [paths[int(k * step)] for k in range(count)]
    for k, path in enumerate(edited):
        with path.open("a", encoding="utf-8") as out:
            out.write(EDIT.format(i=k))
    return edited


def corpus_bytes(paths: list[Path]) -> int:
    """Total size of the written sources."""
    return sum(p.stat().st_size for p in paths)

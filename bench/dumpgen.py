"""A synthetic Wikimedia multistream dump with its index: N pages of real wikitext, deterministic for a seed.

``python -m bench.dumpgen OUT_DIR --n N [--seed S] [--date YYYYMMDD] [--changed F --base-date YYYYMMDD]``

Pages come from the bench pool (``bench.corpus.load_pool``: the shared corpus' articles), renamed
(``<title> (page K)``) and renumbered, each cut at a paragraph boundary outside templates, tables, references
and comments to a length drawn from a log-normal distribution with median 4 KB and mean 10 KB of wikitext,
which is what a real Wikipedia's articles look like (most are short; a long tail of long ones). The layout is
Wikimedia's: a first bz2 stream with the ``<siteinfo>`` header alone, then streams of 100 pages, then one with
``</mediawiki>``; the index ``...-multistream-index.txt.bz2`` has one ``offset:page_id:title`` line per page.
``changed`` gives a fraction of the pages a new revision (one more dated paragraph): a "next month" dump.
"""

from __future__ import annotations

import argparse
import bisect
import bz2
import math
import random
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from bench.corpus import PoolArticle, load_pool

MEDIAN_BYTES = 4_000
MEAN_BYTES = 10_000
PAGES_PER_STREAM = 100
WIKI = "benchwiki"
EDIT = "\n\nMonthly update: the council met on {day} March 2026 and approved the new budget.\n"
_HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ http://www.mediawiki.org/xml/export-0.11.xsd" \
version="0.11" xml:lang="en">
  <siteinfo>
    <sitename>Benchpedia</sitename>
    <dbname>{wiki}</dbname>
    <base>https://bench.invalid/wiki/Main_Page</base>
    <generator>wikirecords bench.dumpgen</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Media</namespace>
      <namespace key="-1" case="first-letter">Special</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="2" case="first-letter">User</namespace>
      <namespace key="4" case="first-letter">Benchpedia</namespace>
      <namespace key="6" case="first-letter">File</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
    </namespaces>
  </siteinfo>
"""
_PAGE = """  <page>
    <title>{title}</title>
    <ns>0</ns>
    <id>{page_id}</id>
    <revision>
      <id>{revision_id}</id>
      <timestamp>{timestamp}</timestamp>
      <contributor>
        <username>Bench</username>
        <id>1</id>
      </contributor>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{size}" xml:space="preserve">{text}</text>
    </revision>
  </page>
"""
_MARK = re.compile(r"\{\{|\}\}|\{\||\|\}|<ref\b[^>]*?/>|<ref\b|</ref\s*>|<!--|-->|\n\n", re.I)


@dataclass(frozen=True)
class GeneratedDump:
    """Where the dump and its index were written, and what they hold."""

    dump: Path
    index: Path
    pages: int
    streams: int
    xml_bytes: int
    """Size of the dump's XML (all streams decompressed)."""
    compressed_bytes: int
    median_text_bytes: float
    mean_text_bytes: float
    changed: int


def dump_names(date: str, wiki: str = WIKI) -> tuple[str, str]:
    """(dump, index) file names as Wikimedia forms them."""
    stem = f"{wiki}-{date}-pages-articles-multistream"
    return f"{stem}.xml.bz2", f"{stem}-index.txt.bz2"


def target_sizes(n: int, seed: int) -> list[int]:
    """N wikitext sizes (bytes) from a log-normal with median ``MEDIAN_BYTES`` and mean ``MEAN_BYTES``."""
    sigma = math.sqrt(2 * math.log(MEAN_BYTES / MEDIAN_BYTES))  # mean = median * exp(sigma^2 / 2)
    rng = random.Random(f"sizes-{seed}")
    return [max(200, round(rng.lognormvariate(math.log(MEDIAN_BYTES), sigma))) for _ in range(n)]


def safe_cuts(text: str) -> list[int]:
    """Character offsets of the paragraph breaks (blank lines) outside templates, tables, <ref>s and comments."""
    depth = refs = 0
    comment = False
    cuts = []
    for m in _MARK.finditer(text):
        token = m.group(0).lower()
        if comment:
            comment = token != "-->"
        elif token == "<!--":
            comment = True
        elif token in ("{{", "{|"):
            depth += 1
        elif token in ("}}", "|}"):
            depth = max(0, depth - 1)
        elif token.startswith("</ref"):
            refs = max(0, refs - 1)
        elif token == "<ref":
            refs += 1
        elif token == "\n\n" and depth == 0 and refs == 0:
            cuts.append(m.start())
    return cuts


def cut_text(text: str, cuts: list[int], size: int) -> str:
    """``text`` cut at the safe paragraph break nearest to ``size`` UTF-8 bytes (the whole text when shorter)."""
    data = text.encode("utf-8")
    if len(data) <= size or not cuts:
        return text
    chars = size * len(text) / len(data)  # bytes per character of this article: a good enough scale
    i = bisect.bisect_left(cuts, chars)
    best = min((c for c in cuts[max(0, i - 1): i + 1]), key=lambda c: abs(c - chars))
    return text[:best]


def _pick(rng: random.Random, lengths: list[int], cuts: list[list[int]], articles: list[PoolArticle],
          size: int) -> int:
    """An article long enough to be cut to ``size`` bytes whose first paragraph is not much longer (a few tries)."""
    fits = bisect.bisect_left(lengths, size)
    if fits >= len(articles):
        return len(articles) - 1
    best, best_first = fits, math.inf
    for _ in range(8):
        k = rng.randrange(fits, len(articles))
        first = cuts[k][0] if cuts[k] else lengths[k]
        if first <= 1.5 * size:
            return k
        if first < best_first:
            best, best_first = k, first
    return best


def generate(out_dir: Path, n: int, seed: int = 0, pool: list[PoolArticle] | None = None, date: str = "20260101",
             changed: float = 0.0) -> GeneratedDump:
    """Write a multistream dump of N pages and its index into ``out_dir``; the same arguments give the same bytes.

    With ``changed`` > 0, that fraction of the pages (chosen with the seed) gets a new revision with one more
    dated paragraph: the dump of the same wiki one month later (give it a later ``date``).
    """
    pool = pool if pool is not None else load_pool(seed=seed)[0]
    articles = sorted(pool, key=lambda a: len(a.text.encode("utf-8")))
    lengths = [len(a.text.encode("utf-8")) for a in articles]
    cuts = [safe_cuts(a.text) for a in articles]
    rng = random.Random(f"pages-{seed}")
    edited = set(random.Random(f"changed-{seed}-{date}").sample(range(n), round(n * changed))) if changed else set()
    out_dir.mkdir(parents=True, exist_ok=True)
    dump_name, index_name = dump_names(date)
    sizes: list[int] = []
    xml_bytes = 0
    streams = 0
    with (out_dir / dump_name).open("wb") as dump, bz2.open(out_dir / index_name, "wb") as index:
        header = _HEADER.format(wiki=WIKI).encode("utf-8")
        dump.write(bz2.compress(header, 9))
        xml_bytes += len(header)
        batch: list[bytes] = []
        lines: list[bytes] = []
        for i, size in enumerate(target_sizes(n, seed)):
            k = _pick(rng, lengths, cuts, articles, size)
            text = cut_text(articles[k].text, cuts[k], size)
            revision = 1_000_000 + 7 * i
            if i in edited:
                text += EDIT.format(day=1 + i % 28)
                revision += 5_000_000
            title = f"{articles[k].title} (page {i + 1})"
            page_id = 12 + 3 * i  # renumbered, with the gaps of deleted pages
            body = escape(text)
            sizes.append(len(text.encode("utf-8")))
            batch.append(_PAGE.format(title=escape(title), page_id=page_id, revision_id=revision, size=sizes[-1],
                                      timestamp=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00Z",
                                      text=body).encode("utf-8"))
            lines.append(f"{{offset}}:{page_id}:{title}\n".encode())
            if len(batch) == PAGES_PER_STREAM or i == n - 1:
                offset = dump.tell()
                data = b"".join(batch)
                dump.write(bz2.compress(data, 9))
                index.write(b"".join(line.replace(b"{offset}", str(offset).encode()) for line in lines))
                xml_bytes += len(data)
                streams += 1
                batch, lines = [], []
        tail = b"</mediawiki>\n"
        dump.write(bz2.compress(tail, 9))
        xml_bytes += len(tail)
        compressed = dump.tell()
    return GeneratedDump(out_dir / dump_name, out_dir / index_name, n, streams, xml_bytes, compressed,
                         statistics.median(sizes) if sizes else 0.0, statistics.fmean(sizes) if sizes else 0.0,
                         len(edited))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.dumpgen", description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--date", default="20260101", help="dump date in the file names (YYYYMMDD)")
    p.add_argument("--changed", type=float, default=0.0, help="fraction of pages given a new revision")
    p.add_argument("--corpus", type=Path, help="corpus folder (default ../shared/corpus, else tests/fixtures)")
    args = p.parse_args(argv)
    pool, _ = load_pool(args.corpus, args.seed)
    made = generate(args.out, args.n, args.seed, pool, args.date, args.changed)
    print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())

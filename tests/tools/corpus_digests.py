"""``python -m tests.tools.corpus_digests [--update] [--corpus DIR]``: one digest per record of the shared corpus.

Every ``*.wiki`` file of ``corpus/wikitext/`` and every dump of ``corpus/dumps/`` goes through the library
(``read_documents`` + ``extract_document``); each record's digest is the sha256 of its canonical JSON (keys sorted,
``pipeline_version`` left out so a version bump alone changes nothing; the source path is the corpus-relative one).
``--update`` writes them to ``tests/golden/corpus_digests.json``; without it, the ids whose digest differs from that
file are listed (exit status 1 when any does). ``tests/test_records_unchanged.py`` runs the comparison: the safety
net for changes that must not alter any record (speed work). Regenerate the file when a change alters records on
purpose, and say so in the commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pipeline.api import extract_document, read_documents
from pipeline.errors import WikirecordsError

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "corpus_digests.json"


def shared_corpus() -> Path | None:
    """``../shared/corpus`` beside the checkout, or beside the folder of git worktrees that holds it."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "corpus" / "wikitext").is_dir():
            return base / "shared" / "corpus"
    return None


def corpus_sources(corpus: Path) -> list[Path]:
    """The files digested, in a fixed order: the wikitext articles, then the dumps."""
    wikitext = sorted((corpus / "wikitext").glob("*.wiki"))
    dumps_dir = corpus / "dumps"
    dumps = sorted(p for p in dumps_dir.iterdir() if p.is_file()) if dumps_dir.is_dir() else []
    return wikitext + dumps


def record_digest(record_json: dict) -> str:
    """sha256 of a record's canonical JSON (sorted keys, no spaces, UTF-8), without its pipeline_version."""
    record_json = {k: v for k, v in record_json.items() if k != "pipeline_version"}
    canonical = json.dumps(record_json, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def file_digests(path: Path, name: str) -> Iterator[tuple[str, str]]:
    """(key, digest) per record of one source; key ``name`` (one record) or ``name#k:id`` (dump pages).

    A source the library refuses gives one entry whose digest names the error class.
    """
    try:
        with path.open("rb") as stream:
            docs = list(read_documents(name, stream))
    except WikirecordsError as exc:
        yield name, f"error:{type(exc).__name__}"
        return
    for k, doc in enumerate(docs):
        key = name if len(docs) == 1 else f"{name}#{k}"
        try:
            record = extract_document(doc)
        except WikirecordsError as exc:
            yield key, f"error:{type(exc).__name__}"
            continue
        yield f"{key}:{record.id}" if len(docs) > 1 else key, record_digest(record.model_dump(mode="json"))


def corpus_digests(corpus: Path) -> dict[str, str]:
    """Digest of every record of the corpus, keyed by corpus-relative source name (and page)."""
    out: dict[str, str] = {}
    for path in corpus_sources(corpus):
        out.update(file_digests(path, f"{path.parent.name}/{path.name}"))
    return out


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Keys whose digest differs, or that are in only one of the two sets, sorted."""
    return sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.tools.corpus_digests", description=__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true", help=f"write {GOLDEN.relative_to(ROOT)}")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: ../shared/corpus)")
    args = parser.parse_args(argv)
    corpus = args.corpus or shared_corpus()
    if corpus is None:
        print("no shared corpus found (../shared/corpus/wikitext)", file=sys.stderr)
        return 2
    actual = corpus_digests(corpus)
    if args.update:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(actual)} record digests written to {GOLDEN.relative_to(ROOT)}")
        return 0
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    diff = differences(expected, actual)
    for key in diff:
        print(key)
    print(f"{len(diff)} of {len(expected | actual)} records differ", file=sys.stderr)
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())

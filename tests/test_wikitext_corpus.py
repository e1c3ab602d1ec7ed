"""Every real wikitext article of the corpus parses without exception and gives a valid record."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.api import extract_text
from pipeline.limits import Limits
from pipeline.wikitext import parse_wikitext
from schemas.record import Record

CORPUS = Path(__file__).resolve().parent / "fixtures" / "wikitext"
FILES = sorted(CORPUS.glob("*.wiki"))


def test_wikitext_corpus_is_complete() -> None:
    assert len(FILES) == 62


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_wikitext_corpus_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = parse_wikitext(text, page_title=None, file_title=path.stem, limits=Limits())
    assert article.title
    if "\n==" in text:
        assert article.sections
    for paragraph in article.paragraphs:
        assert paragraph.text == paragraph.text.strip() and "\n" not in paragraph.text
        for link in paragraph.links:
            assert 0 <= link.start < link.end <= len(paragraph.text)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_wikitext_corpus_records_validate(path: Path) -> None:
    records = extract_text(path.read_text(encoding="utf-8"), name=path.name)
    assert len(records) == 1
    Record.model_validate(records[0].model_dump())

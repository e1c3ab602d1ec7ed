"""The tokenizer's suffix and infix searches run with a start set (``sentences._with_start_set``): the same matches
as spaCy's own patterns, so the same tokens."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any, cast

import pytest
import spacy

from pipeline.dates.regex_facts import _first_items
from pipeline.nlp.sentences import _with_start_set, get_nlp

FIXTURES = Path(__file__).parent / "fixtures" / "wikitext"


def _stock() -> Any:
    return cast(Any, spacy.blank("en").tokenizer)


def _chunks() -> list[str]:
    """Whitespace-delimited chunks of 8 fixture articles (markup included: brackets, braces, quotes, dashes), each
    with its suffixes cut one at a time as the tokenizer cuts them."""
    words = {w for path in sorted(FIXTURES.glob("*.wiki"))[:8] for w in path.read_text(encoding="utf-8").split()}
    return sorted(w[:cut] for w in words for cut in range(max(1, len(w) - 4), len(w) + 1))


def _generated(pattern: Any, seed: int, count: int) -> list[str]:
    """Strings built around every character a match of ``pattern`` can start with, next to letters, digits, dots,
    quotes and brackets: each start character is met before, inside and at the end of a chunk."""
    items = _first_items(pattern)
    assert items, "the affix pattern has a known first-character set"
    firsts = sorted({item.replace("\\", "")[:1] for item, _ in items} - {""})
    rng = random.Random(seed)
    around = ["a", "Z", "1", "9", ".", "..", "'", "\"", "(", ")", "-", "km", "s", "%", "\n", "é", ""]
    out = [a + c + b for c in firsts for a in around for b in ("", "x", "1", ".")]
    out += ["".join(rng.choice(firsts + around) for _ in range(rng.randrange(1, 9))) for _ in range(count)]
    return out


def test_the_pipeline_uses_the_start_set_searches() -> None:
    ours, stock = cast(Any, get_nlp().tokenizer), _stock()
    assert ours.suffix_search.__self__.pattern != stock.suffix_search.__self__.pattern
    assert ours.infix_finditer.__self__.pattern != stock.infix_finditer.__self__.pattern
    assert ours.suffix_search.__self__.pattern.endswith(stock.suffix_search.__self__.pattern + ")")


@pytest.mark.parametrize("texts", ["fixtures", "generated"])
def test_affix_searches_match_spacys(texts: str) -> None:
    ours, stock = cast(Any, get_nlp().tokenizer), _stock()
    suffix, infix = stock.suffix_search.__self__, stock.infix_finditer.__self__
    if texts == "fixtures":
        suffix_texts = infix_texts = _chunks()
    else:
        suffix_texts, infix_texts = _generated(suffix, 1, 20_000), _generated(infix, 2, 20_000)

    def span(m: Any) -> tuple[int, int] | None:
        return None if m is None else m.span()

    assert [span(ours.suffix_search(t)) for t in suffix_texts] == [span(suffix.search(t)) for t in suffix_texts]
    assert [[m.span() for m in ours.infix_finditer(t)] for t in infix_texts] \
        == [[m.span() for m in infix.finditer(t)] for t in infix_texts]
    assert any(suffix.search(t) for t in suffix_texts) and any(list(infix.finditer(t)) for t in infix_texts)


def test_tokens_match_spacys_on_fixture_text() -> None:
    text = (FIXTURES / "abraham_lincoln.wiki").read_text(encoding="utf-8")[:60_000]
    ours, stock = get_nlp().tokenizer, _stock()
    assert [(t.text, t.idx) for t in ours(text)] == [(t.text, t.idx) for t in stock(text)]


def test_a_start_set_missing_a_character_is_caught() -> None:
    """The generated strings meet every start character: the same pattern kept from starting at ')' (a start set
    that lost one character) finds other matches on them."""
    suffix = _stock().suffix_search.__self__
    broken = re.compile(r"(?=[^)])(?:" + suffix.pattern + ")", suffix.flags)
    texts = _generated(suffix, 1, 2_000)
    assert [m and m.span() for m in map(suffix.search, texts)] != [m and m.span() for m in map(broken.search, texts)]


def test_other_callables_are_kept() -> None:
    def search(text: str) -> None:
        return None
    assert _with_start_set(search, "search") is search
    assert _with_start_set(None, "search") is None

"""``pipeline.wikitext.textbuf.normalize``: the merged-run fast path gives exactly what the word-by-word walk
gives (text, anchors, links), on random texts with random anchors and links (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import LinkSpan
from pipeline.wikitext import textbuf
from pipeline.wikitext.textbuf import normalize


def _reference(text: str, anchors: list[tuple[int, int]], links: list[LinkSpan]
               ) -> tuple[str, list[tuple[int, int]], list[LinkSpan]]:
    """The word-by-word normalize as it was before the fast path (the oracle)."""
    if "(" in text:
        text = textbuf._EMPTY_PARENS.sub(lambda m: " " * len(m.group()), text)
        text = textbuf._OPEN_PUNCT.sub(lambda m: "(" + " " * (len(m.group()) - 1), text)
        text = textbuf._CLOSE_PUNCT.sub(lambda m: " " * len(m.group()), text)
    words: list[str] = []
    runs: list[tuple[int, int, int]] = []
    size = 0
    for m in textbuf._WORD.finditer(text):
        word = m.group()
        tight = word[0] in ",.;:)!?]" and (len(word) == 1 or not word[1].isalnum())
        if words and not tight and words[-1][-1] not in "([":
            words.append(" ")
            size += 1
        runs.append((m.start(), m.end(), size))
        words.append(word)
        size += len(word)
    return "".join(words), textbuf._move_anchors(anchors, runs), textbuf._move_links(links, runs)


_ALPHABET = "ab A1é_(),.;:!?[] \t\n\xa0"


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[LinkSpan]]:
    if draw(st.booleans()):
        text = draw(st.text(alphabet=_ALPHABET, max_size=60))
    else:  # mostly words with single spaces: long merged runs, marks falling on their spaces
        words = draw(st.lists(st.text(alphabet=_ALPHABET.replace(" ", ""), min_size=1, max_size=4), max_size=12))
        text = " ".join(words)
    n = len(text)
    offsets = sorted(draw(st.lists(st.integers(0, max(n, 0)), max_size=8)))
    if draw(st.booleans()) and (not offsets or offsets[0] != 0):
        offsets = [0, *offsets]
    anchors = [(t, draw(st.integers(0, 500))) for t in offsets]
    links = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        links.append(LinkSpan(a, b, draw(st.sampled_from(["", "T"]))))
    return text, anchors, links


@settings(max_examples=3000, deadline=None)
@given(_cases())
def test_normalize_matches_the_word_by_word_walk(case: tuple[str, list[tuple[int, int]], list[LinkSpan]]) -> None:
    text, anchors, links = case
    assert normalize(text, anchors, links) == _reference(text, anchors, links)


def test_marks_on_single_spaces_end_merged_runs() -> None:
    """An anchor on a space, a link starting on a space, a link ending just after a space: as word by word."""
    for anchors, links in (([(0, 0), (2, 50)], []), ([(0, 0)], [LinkSpan(2, 5, "T")]),
                           ([(0, 0)], [LinkSpan(0, 3, "T")])):
        assert normalize("ab cd", anchors, links) == _reference("ab cd", anchors, links)


def test_normalize_collapses_and_tightens() -> None:
    text, anchors, links = normalize("  Born  in\tParis ( , 1990 ) , he  ( left ) .  ", [(0, 100)],
                                     [LinkSpan(11, 16, "Paris")])
    assert text == "Born in Paris (1990), he (left)."
    assert links == [LinkSpan(8, 13, "Paris")]
    assert anchors[0] == (0, 102)


def test_merged_runs_are_fewer_than_words() -> None:
    """The fast path is taken on plain prose: one run for a sentence with single spaces and no anchors inside."""
    runs = textbuf._stretches("He was born in Paris in 1990 , and left.", [(0, 0)], [])
    assert runs is not None and len(runs) == 2  # broken only at the space before ","


def test_two_anchors_at_one_offset_inside_a_merged_run() -> None:
    """The later of two anchors at one offset wins, and is left out where the anchor before extrapolates to it
    (found by the property test: the merged run kept a redundant anchor the word walk dropped)."""
    anchors = [(0, 0), (0, 0), (4, 0), (4, 4)]
    assert normalize("111 1", anchors, []) == _reference("111 1", anchors, []) == ("111 1", [(0, 0)], [])

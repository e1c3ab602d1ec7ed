"""The grammar's speed-ups change no match: first-character lookaheads on the patterns, C-level feature tests."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates.grammar import (
    _DIGIT,
    _expand,
    _feature_words,
    _placeholders,
    _text_gates,
    compiled,
    features,
    may_contain_date,
)
from pipeline.dates.regex_facts import ascii_fold, needed_strings, right_reach, with_first_chars
from pipeline.dates.vocabulary import load

EXCERPT = Path(__file__).parent / "fixtures" / "temporal" / "wikiwars_excerpt.jsonl"
MODES = ("prose", "value")
# Pieces of dates and their neighbourhoods, so that random joins hit partial and whole matches of every pattern.
FRAGMENTS = ["1", "12", "1999", "1990s", "'89", "–", "-", "/", ".", ",", "(", ")", " ", "\n", "January", "Jan.",
             "MAY", "may", "the", "The", "early", "mid-", "c.", "BC", "AD", "BCE", "spring", "Fall", "of", "to", "and",
             "from", "between", "the next day", "two years later", "19th", "century", "Christmas", "Q3", "fiscal",
             "nineteen", "ninety-six", "the sixties", "Monday", "3rd", "31", "2000", "people", "$", "X", "é", "٣"]
fragment_text = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map(" ".join)
fragment_text_tight = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map("".join)


def _plain(mode: str) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns compiled as written, without the lookahead: the reference."""
    values = _placeholders(mode)
    return [(spec["name"], re.compile(_expand(spec["regex"], values)))
            for spec in load("patterns")["patterns"] if mode in spec["modes"]]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def _excerpt_sentences() -> list[str]:
    docs = [json.loads(line) for line in EXCERPT.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [s for d in docs for s in re.split(r"(?<=[.!?])\s+", d["text"]) if s.strip()]


def _assert_same_matches(texts: list[str]) -> None:
    for mode in MODES:
        for (name, plain), (name2, fast, *_rest) in zip(_plain(mode), compiled(mode), strict=True):
            assert name == name2
            for text in texts:
                assert _matches(fast, text) == _matches(plain, text), (mode, name, text)


def test_dates_scan_speedups_lookahead_applied_to_the_date_patterns() -> None:
    for mode in MODES:  # every pattern of every mode begins with a bounded first character (review: a count over
        # both modes let half the patterns lose their lookahead unnoticed)
        unprefixed = [name for name, pattern, *_ in compiled(mode) if not pattern.pattern.startswith("(?=[")]
        assert unprefixed == [], (mode, unprefixed)


def test_dates_scan_speedups_same_matches_on_real_sentences() -> None:
    sentences = _excerpt_sentences()
    assert len(sentences) >= 50
    _assert_same_matches(sentences)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(fragment_text, fragment_text_tight))
def test_dates_scan_speedups_same_matches_on_date_like_text(text: str) -> None:
    _assert_same_matches([text])


@pytest.mark.parametrize(("source", "first"), [
    (r"(?<!\d)(?:1\d{3}|20\d{2})(?!\d)", "12"),
    (r"(?<!\w)(?:January|Feb)\.?", "JF"),
    (r"\b(?:the\s)?(?P<d>[0-3]?\d)th", "t0123"),  # optional group: its first and what follows both can start
    (r"(?:ab)*c", "ac"),
    (r"(a)\1", "a"),  # a back-reference after a bounded start does not matter
])
def test_dates_scan_speedups_lookahead_holds_every_possible_first_character(source: str, first: str) -> None:
    pattern = with_first_chars(re.compile(source))
    assert pattern.pattern.startswith("(?=[")
    lookahead = re.compile(pattern.pattern[:pattern.pattern.index("])") + 2])
    assert all(lookahead.match(ch) for ch in first)
    assert not lookahead.match("x")


@pytest.mark.parametrize("source", [
    r"a*",  # matches the empty string: a match need not consume a character
    r"(?<!\d).{4}",  # any character
    r"[^a]b",  # a negated set
    r"(?:x|.)y",  # one alternative is any character
])
def test_dates_scan_speedups_unbounded_patterns_stay_as_written(source: str) -> None:
    pattern = re.compile(source)
    assert with_first_chars(pattern) is pattern
    assert with_first_chars(re.compile("may", re.IGNORECASE)).pattern == "may"


@pytest.mark.parametrize(("source", "admitted", "refused"), [
    (r"(?i:sky)", ["s", "S", "\u017f"], ["k", "x"]),  # 'ſ' (long s) matches 's' ignoring case
    (r"(?i:kin)", ["k", "K", "\u212a"], ["i"]),  # the Kelvin sign matches 'k' ignoring case
    (r"(?:Jan|(?i:may))\b", ["J", "M", "m"], ["j", "a"]),  # only the case-insensitive part admits both cases
    (r"(?<![\w-])(?:the\s)?(?i:(?:two|\d)\s)?(?i:hours?)", ["t", "T", "4", "h", "H"], ["x", " "]),
])
def test_dates_scan_speedups_case_insensitive_parts_get_a_folded_lookahead(
        source: str, admitted: list[str], refused: list[str]) -> None:
    pattern = with_first_chars(re.compile(source))
    assert pattern.pattern.startswith("(?=")
    lookahead = re.compile(pattern.pattern[:pattern.pattern.index("(?:" + source)])
    assert all(lookahead.match(ch) for ch in admitted), pattern.pattern
    assert not any(lookahead.match(ch) for ch in refused), pattern.pattern
    for text in ["The two hours", "Sky KIN \u017fky \u212ain", "May may Jan jan", "THE 4 HOURS"]:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in re.finditer(source, text)]


def test_dates_scan_speedups_ascii_fold_keeps_every_case_insensitive_ascii_match() -> None:
    """Every character that a case-insensitive ASCII letter matches folds to that letter (all of Unicode), so a
    substring test on the folded text never misses a case-insensitive match."""
    letter = re.compile(r"(?i)[a-z]")
    misses = [hex(i) for i in range(0x110000) if letter.fullmatch(chr(i))
              and not (len(f := ascii_fold(chr(i))) == 1 and re.fullmatch("(?i)" + re.escape(f), chr(i)))]
    assert misses == []
    assert ascii_fold("M\u0130NUTE \u0131 \u017f") == "minute i s"


def _assert_gates_hold(texts: list[str]) -> None:
    for mode in MODES:
        for (name, plain), strings in zip(_plain(mode), _text_gates(mode), strict=True):
            if strings is None:
                continue
            for text in texts:
                if plain.search(text) is not None:  # a text the pattern matches holds one of the strings
                    assert any(s in text for s in strings), (mode, name, text)


def test_dates_scan_speedups_text_gates_hold_on_real_sentences() -> None:
    gated = [s for mode in MODES for s in _text_gates(mode) if s is not None]
    assert len(gated) >= 10
    _assert_gates_hold(_excerpt_sentences())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(fragment_text, fragment_text_tight))
def test_dates_scan_speedups_text_gates_hold_on_date_like_text(text: str) -> None:
    _assert_gates_hold([text])


@pytest.mark.parametrize(("source", "expected"), [
    (r"(?<!\d)\d{4}\s(?:BC|AD)", {"BC", "AD"}),
    (r"[Ff]iscal\s\d{4}|FY\d{2}", {"iscal", "FY"}),  # the longest literal run of each alternative
    (r"(?:the\s)?\d+(?:st|nd|rd|th)", {"st", "nd", "rd", "th"}),
    (r"x[ab]y?", {"x"}),
])
def test_dates_scan_speedups_needed_strings_examples(source: str, expected: set[str]) -> None:
    found = needed_strings(re.compile(source))
    assert found is not None and set(found) == expected


@pytest.mark.parametrize("source", [
    r"\d+",  # a category: no literal is needed
    r"(?:BC)?\d{4}",  # optional
    r"BC|\d{4}",  # one alternative needs nothing
    r"[^x]y*",  # a negated set, then an optional repeat
])
def test_dates_scan_speedups_needed_strings_none_when_nothing_is_needed(source: str) -> None:
    assert needed_strings(re.compile(source)) is None
    assert needed_strings(re.compile("BC", re.IGNORECASE)) is None


def _reference_features(text: str) -> frozenset[str]:
    lower = text.lower()
    found = {name for name, words in _feature_words().items() if any(w in lower for w in words)}
    if _DIGIT.search(text):
        found.add("digit")
    return frozenset(found)


@settings(max_examples=200, deadline=None)
@given(st.one_of(fragment_text, st.text(max_size=80)))
def test_dates_scan_speedups_features_are_the_substring_tests(text: str) -> None:
    assert features(text) == _reference_features(text)
    assert may_contain_date(text) is bool(_reference_features(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("In the spring the army", True),
    ("It rained in the ninth decade", True),  # "dec": a month's prefix, a false alarm that is fine for a gate
    ("Nothing here", False),
    ("The soldiers rested.", False),
    ("The army marched on.", True),  # "mar" of "marched": the gate is a substring test
    ("٣ ships", True),  # a digit that is not ASCII
])
def test_dates_scan_speedups_may_contain_date_examples(text: str, expected: bool) -> None:
    assert may_contain_date(text) is expected


def test_dates_scan_speedups_narrative_copy_keeps_every_field() -> None:
    from dataclasses import fields

    from pipeline.dates.narrative import Narrative

    original = Narrative()
    markers = {f.name: object() for f in fields(Narrative)}
    for name, marker in markers.items():
        setattr(original, name, marker)
    copied = original.copy()
    assert copied is not original
    assert all(getattr(copied, name) is marker for name, marker in markers.items())
    copied.year = 1900  # independent: moving the copy leaves the original where it was
    assert original.year is markers["year"]


def test_dates_scan_speedups_start_set_folds_cover_all_of_unicode() -> None:
    """The start set of a case-insensitive part holds both cases of its ASCII letters and the non-ASCII characters
    the engine folds to one (``_ASCII_LETTER_FOLDS``): exactly those, over all of Unicode."""
    from pipeline.dates.regex_facts import _ASCII_LETTER_FOLDS

    ascii_any_case = re.compile(r"(?i:[\x00-\x7f])")
    outside = {chr(i) for i in range(128, 0x110000) if ascii_any_case.fullmatch(chr(i))}
    assert outside == set(_ASCII_LETTER_FOLDS)
    digit_or_space = re.compile(r"[\d\s]")  # a digit or a space in a case-insensitive part: no extra character
    folded = re.compile(r"(?i:[\d\s])")
    assert [i for i in range(0x110000) if bool(folded.fullmatch(chr(i))) != bool(digit_or_space.fullmatch(chr(i)))] \
        == []


def _has_start_set(pattern: re.Pattern[str]) -> bool:
    """Whether the compiled ``pattern`` differs from its source compiled plainly (its search information)."""
    return pattern != re.compile(pattern.pattern, pattern.flags)


def test_dates_scan_speedups_start_sets_on_the_patterns() -> None:
    """Every date, relative and duration pattern gets a start set (each begins with a lookaround)."""
    from pipeline.dates.relative import _patterns
    from pipeline.dates.timex import _bare_plural_regex, _durations, _references

    for mode in MODES:
        without = [name for name, pattern, *_ in compiled(mode) if not _has_start_set(pattern)]
        assert without == [], mode
    assert all(map(_has_start_set, [_durations()[0], _bare_plural_regex(), _references()[0], *_patterns().values()]))


@pytest.mark.parametrize("source", [
    r"(?<!\d)(?:1\d{3}|20\d{2})(?!\d)",
    r"(?<![\w-])(?:the\s)?(?i:(?:two|\d)\s)?(?i:hours?)",
    r"(?<!\w)(?i:kin|sky|it)\b",
    r"(?<=a)b(?P<x>c)?(?P=x)?",
])
def test_dates_scan_speedups_start_set_keeps_every_match(source: str) -> None:
    pattern = with_first_chars(re.compile(source))
    assert _has_start_set(pattern)
    assert pattern.groupindex == re.compile(source).groupindex
    pieces = ["1999", "2000", "12", "the", "The", "two", "TWO", "4", " ", "hours", "HOUR", "kin", "\u212ain",
              "\u017fky", "\u0130t", "\u0131t", "ab", "abc", "abcc", "-", "x", "é"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert _matches(pattern, text) == _matches(re.compile(source), text), text


@pytest.mark.parametrize(("source", "reach"), [
    (r"(?<!\d)(?:1\d{3}|20\d{2})(?!\d)", 5),  # four digits, then the lookahead reads one more
    (r"\d{1,2}(?:st|nd)\b", 5),  # '\b' reads the character after it
    (r"a(?=bcd)", 4),
    (r"(?:ab|c)\s{1,3}(?!x)", 6),
    (r"a(?<=(?=abc)a)", 3),  # a lookahead inside a lookbehind
])
def test_dates_scan_speedups_right_reach_examples(source: str, reach: int) -> None:
    assert right_reach(re.compile(source)) == reach


@pytest.mark.parametrize("source", [r"\d+", r"a$", r"\d\Z", r"(a)\1", r"(?:a(?=.*b))"])
def test_dates_scan_speedups_right_reach_unbounded(source: str) -> None:
    assert right_reach(re.compile(source)) is None


def test_dates_scan_speedups_digit_patterns_searched_in_the_digit_span() -> None:
    """The patterns whose matches start with a digit find the same matches searched from the first digit to their
    reach after the last one (``scan``) as over the whole text; most date patterns are such."""
    from pipeline.dates.grammar import _digit_reaches, _digit_span

    sentences = _excerpt_sentences()
    rng = random.Random(11)
    texts = sentences + ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(1, 16))) for _ in range(3000)]
    for mode in MODES:
        windowed = [(name, pattern, reach) for (name, pattern, *_), reach in zip(compiled(mode), _digit_reaches(mode),
                                                                                 strict=True) if reach is not None]
        assert len(windowed) >= 14, mode
        for name, pattern, reach in windowed:
            for text in texts:
                first, end = _digit_span(text)
                found = [(m.span(), m.groupdict()) for m in pattern.finditer(text, first, end + reach)]
                assert found == _matches(pattern, text), (mode, name, text)


def test_dates_scan_speedups_string_windows_keep_every_match() -> None:
    """A pattern searched from its needed strings' first occurrence (less its width) to its reach after their last
    finds what it finds over the whole text, and nothing where none of them occurs."""
    from pipeline.dates.grammar import _string_windows

    rng = random.Random(5)
    texts = _excerpt_sentences() + ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(1, 16)))
                                    for _ in range(3000)]
    for mode in MODES:
        windowed = [(name, pattern, window) for (name, pattern, *_), window in zip(compiled(mode),
                                                                                   _string_windows(mode), strict=True)
                    if window is not None]
        assert {"relative", "century_word", "season"} <= {name for name, *_ in windowed} or mode == "value"
        for name, pattern, (needed, width, reach) in windowed:
            for text in texts:
                firsts = [at for at in map(text.find, needed) if at >= 0]
                if not firsts:
                    assert _matches(pattern, text) == [], (mode, name, text)
                    continue
                end = len(text) if reach is None else max(map(text.rfind, needed)) + reach + 1
                found = [(m.span(), m.groupdict()) for m in pattern.finditer(text, max(0, min(firsts) - width), end)]
                assert found == _matches(pattern, text), (mode, name, text)


def test_dates_scan_speedups_durations_searched_near_their_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """The duration regexes searched from the first unit stem of the folded text (less a match's width) to their
    reach past the last find what they find over the whole text, also with case folds that are no ASCII letter."""
    from pipeline.dates import timex

    pieces = ["two", "TWO", "twenty-four", "a few", "several", "the past", "for", "within", "in", " ", "  ", "-",
              "years", "YEARS", "Days", "d\u0131y", "\u017feconds", "hours", "weeks", "minutes", "MONTHS", "decades",
              "centuries", "century", "quarter", "3", "12", "later", "ago", "old", "of age", ".", ",", "x", "\u0130",
              "\u212a", "é"]
    rng = random.Random(13)
    texts = [rng.choice(["", " ", " ", " "]).join(rng.choice(pieces) for _ in range(rng.randrange(1, 18)))
             for _ in range(4000)]
    texts += _excerpt_sentences()
    fast = [timex._duration_timexes(t, [], narrative) for t in texts for narrative in (True, False)]
    monkeypatch.setattr(timex, "_near_units", lambda length, *_args: (0, length))
    assert fast == [timex._duration_timexes(t, [], narrative) for t in texts for narrative in (True, False)]
    assert sum(map(len, fast)) > 1000


def test_dates_scan_speedups_feature_covers_hold_a_string_of_every_word() -> None:
    from pipeline.dates.grammar import _feature_plan

    plan = _feature_plan()
    assert [name for name, *_ in plan] == list(_feature_words())
    assert any(keys for *_, keys in plan)  # the holidays at least
    for _name, words, keys in plan:
        assert not keys or all(any(key in word for key in keys) for word in words)


def test_dates_scan_speedups_could_match_only_refuses_texts_without_a_match() -> None:
    from pipeline.dates.regex_facts import could_match
    from pipeline.dates.relative import _patterns, set_timexes

    pattern = _patterns()["set_named"]
    rng = random.Random(17)
    pieces = ["every", "Every", "EVERY", "each", "Each", "Monday", "July", "night", "morning", " ", " ", "x", "é",
              "\u212a"]
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 8))) for _ in range(3000)]
    for text in texts:
        if not could_match(pattern, text):
            assert list(pattern.finditer(text)) == [], text
    assert sum(bool(list(set_timexes(t))) for t in texts) > 100
    assert could_match(re.compile(r"(?<!x)\w"), "anything")  # no needed strings: every text may match


def _fixture_paragraphs(limit: int) -> list[str]:
    from pipeline.wikitext import parse_wikitext

    folder = Path(__file__).parent / "fixtures" / "wikitext"
    return [p.text for path in sorted(folder.glob("*.wiki"))[:limit]
            for p in parse_wikitext(path.read_text(encoding="utf-8")).paragraphs]


def test_dates_scan_speedups_scan_is_the_plain_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """``scan`` with its text gates (shared ones tested once per text: the capitalized month names), digit windows
    and needed-string windows returns the candidates of a scan that searches every pattern over the whole text,
    on the paragraphs of fixture articles, the excerpt's sentences and generated date-like texts."""
    from pipeline.dates import grammar

    assert max(grammar._gate_slots("prose")[0]) + 1 < sum(s is not None for s in _text_gates("prose"))  # shared
    assert len(next(s for s in _text_gates("prose") if s is not None and "Jan" in s)) > grammar._MAX_GATE_STRINGS
    rng = random.Random(17)
    texts = _fixture_paragraphs(12) + _excerpt_sentences() + [
        rng.choice([" ", ""]).join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(1, 16))) for _ in range(3000)]
    fast = {mode: [grammar.scan(text, mode) for text in texts] for mode in MODES}
    assert sum(map(len, fast["prose"])) > 2000
    for name in ("_text_gates", "_digit_reaches", "_string_windows"):
        monkeypatch.setattr(grammar, name, lambda mode, n=len: [None] * n(grammar.compiled(mode)))
    monkeypatch.setattr(grammar, "_gate_slots", lambda mode: ([-1] * len(grammar.compiled(mode)), 0))
    for mode in MODES:
        for text, found in zip(texts, fast[mode], strict=True):
            assert grammar.scan(text, mode) == found, (mode, text)


def test_dates_scan_speedups_no_window_for_patterns_led_by_rare_characters() -> None:
    """The month patterns (capitals) and 'AD 300' are searched whole: their start sets skip most of prose, so a
    window would cost more than it saves; 'the following year' (lowercase letters) keeps its window."""
    from pipeline.dates.grammar import _string_windows
    from pipeline.dates.regex_facts import starts_in_common_text

    windowed = {name for (name, *_), window in zip(compiled("prose"), _string_windows("prose"), strict=True)
                if window is not None}
    assert "relative" in windowed and not {"month", "month_year", "era_year"} & windowed
    assert not starts_in_common_text(re.compile(r"(?<!\w)(?:January|FEB)"))
    assert starts_in_common_text(re.compile(r"(?<!\w)(?:January|the)"))
    assert starts_in_common_text(re.compile(r"(?i:j)an"))  # ignoring case: lowercase too
    assert starts_in_common_text(re.compile(r"\s+x"))
    assert starts_in_common_text(re.compile(r".x"))  # unknown: as common


_TRIE_WORD = st.text(alphabet="aAbBeE y.-'", min_size=1, max_size=7).filter(lambda w: w == w.strip() and "  " not in w)
"""A vocabulary phrase: trimmed, single spaces between its words (as every phrase of the resources is)."""
_TRIE_TEXT = st.text(alphabet="aAbBeE y.-'\t\nx", max_size=40)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TRIE_WORD, min_size=1, max_size=8), st.lists(_TRIE_TEXT, min_size=1, max_size=6))
def test_dates_scan_speedups_trie_alternation_is_the_alternation(words: list[str], texts: list[str]) -> None:
    """The trie-shaped alternation finds the same matches as the longest-first one, whatever follows it (a word
    end, a space and a letter, a group the engine backtracks from), on words that share beginnings."""
    from pipeline.dates.vocabulary import alternation, trie_alternation

    for before, after in (("", ""), (r"(?<![\w-])", r"(?!\w)"), ("", r"\s{1,3}[bB]"), ("(?P<w>", r")(?:\s?e)?y")):
        plain = re.compile(before + alternation(words) + after)
        trie = re.compile(before + trie_alternation(words) + after)
        for text in texts:
            assert _matches(trie, text) == _matches(plain, text), (words, before, after, text)


def test_dates_scan_speedups_trie_alternation_examples() -> None:
    from pipeline.dates.vocabulary import alternation, trie_alternation

    assert trie_alternation(["each day", "every day", "Each week", "daily"]) == \
        r"(?:(?:[Dd]aily|[Ee](?:ach\s{1,3}(?:day|week)|very\s{1,3}day)))"
    assert trie_alternation(["late", "later"]) == r"(?:[Ll]ate(?:r|))"  # the longer word first
    for odd in (["a  b"], ["a\tb"], [" a"], ["été"], ["Ärger", "a"]):  # outside the argument: as written
        assert trie_alternation(odd) == alternation(odd)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TRIE_WORD, min_size=1, max_size=8), st.lists(_TRIE_TEXT, min_size=1, max_size=6))
def test_dates_scan_speedups_fast_alternation_is_the_alternation(words: list[str], texts: list[str]) -> None:
    """One branch per first letter (the references, 'the following year', the ordinal words) finds what the
    longest-first alternation finds, whatever follows it."""
    from pipeline.dates.vocabulary import alternation, fast_alternation

    words = [w for w in words if w.strip() == w and "  " not in w]  # alternation's single spaces between words
    if not words:
        return
    for before, after in (("", ""), (r"(?<![\w-])", r"(?!\w)"), ("", r"\s{1,3}[bB]"), ("(?P<w>", r")(?:\s?e)?y")):
        plain = re.compile(before + alternation(words) + after)
        fast = with_first_chars(re.compile(before + fast_alternation(words) + after))
        for text in texts:
            assert _matches(fast, text) == _matches(plain, text), (words, before, after, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TRIE_WORD, min_size=1, max_size=8), st.lists(_TRIE_TEXT, min_size=1, max_size=6),
       st.booleans())
def test_dates_scan_speedups_durations_words_by_first_letter(words: list[str], texts: list[str],
                                                             ignore_case: bool) -> None:
    """The duration regex's counts ('one hundred', 'a few', inside ``(?i:...)``) and modifiers ('the past', 'at
    least') grouped by first letter find what the words joined in their order find."""
    from pipeline.dates.timex import _by_first_letter, _escaped_phrase

    words = sorted(words, key=len, reverse=True)
    for render in (re.escape, _escaped_phrase):
        flags = "(?i:" if ignore_case else "(?:"
        for after in ("", r"(?!\w)", r"\s{1,3}[bB]"):
            plain = re.compile(flags + "|".join(map(render, words)) + ")" + after)
            grouped = re.compile(flags + _by_first_letter(words, render, ignore_case) + ")" + after)
            for text in texts:
                assert _matches(grouped, text) == _matches(plain, text), (words, ignore_case, after, text)


def test_dates_scan_speedups_durations_words_by_first_letter_fold_case() -> None:
    """Ignoring case, 'A' and 'a' are one branch: else 'Ab' would be tried before the longer 'abc'."""
    from pipeline.dates.timex import _by_first_letter

    words = ["Abcd", "abc", "Ab"]
    grouped = re.compile("(?i:" + _by_first_letter(words, re.escape, True) + ")")
    assert grouped.match("abc x").group(0) == re.match("(?i:Abcd|abc|Ab)", "abc x").group(0) == "abc"  # type: ignore[union-attr]
    assert _by_first_letter(["été", "a"], re.escape, True) == "été|a"  # a first letter outside ASCII: as written

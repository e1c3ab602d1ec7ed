"""Time stays linear in input size: adversarial repeated patterns through the readers, and every regex of pipeline/.

Each check compares f on one input 8 times larger with 8 calls of f on the small input (tests/timing.py): the
same characters in total, so linear code gives a ratio near 1 and a quadratic step 8; the checks allow 4, take
the best of interleaved repeats and measure again before failing, so a busy machine does not fail them.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from collections.abc import Callable

import pytest

import pipeline
from pipeline import Limits, WikirecordsError
from pipeline.article import RawField, RawInfobox
from pipeline.dates import find_dates, parse_date
from pipeline.extract.infobox import build_infobox
from pipeline.nlp.sentences import segment
from pipeline.sources.decode import decode_text
from pipeline.sources.detect import detect_text_format
from pipeline.sources.flat import parse_flat
from pipeline.wikitext import parse_wikitext, render_value
from tests.timing import GROWTH, assert_linear

pytestmark = pytest.mark.sweep  # ~10 s of CPU: `make test` runs it, `make test-fast` leaves it out

FLOOR = 0.01  # a big input done in under 10 ms holds no quadratic step worth timing
UNITS = ["{{", "[[", "- a: ", "1999–", "= ", "'", "<ref>", "|", "}}", "]]", "(", "a.", "Dr. ", "\n", "==", "&",
         "<!--", "–", "June ", "=" + " " * 7, "{{a|", "[[a|", "''b''"]
READERS: dict[str, Callable[[str], object]] = {
    "flat": lambda s: parse_flat(s, "x"),
    "flat-titled": lambda s: parse_flat("= " + s + " =\nx\n- a: " + s + "\n", "x"),
    "wikitext": lambda s: parse_wikitext(s, page_title=None, file_title="x", limits=Limits()),
    "render_value": render_value,
    "infobox": lambda s: build_infobox(RawInfobox(template=None, name="x", fields=[RawField(label=s[:50], value=s)])),
    "find_dates": find_dates,
    "parse_date": parse_date,
    "sentences": lambda s: list(segment([s])),
    "decode+detect": lambda s: _or_error(lambda: detect_text_format(decode_text("x", s.encode())[0])),
}


def _or_error(f: Callable[[], object]) -> object:
    try:
        return f()
    except WikirecordsError as exc:  # e.g. whitespace only: refused, which is the documented outcome
        return exc


def _assert_linear(f: Callable[[str], object], unit: str, chars: int, what: str) -> None:
    n = max(1, chars // len(unit))
    assert_linear(f, unit * n, unit * n * GROWTH, f"{what} on {unit!r}", ignore_below=FLOOR)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_fuzz_linear_readers_on_repeated_patterns(reader: str) -> None:
    f = READERS[reader]
    for unit in UNITS:
        _assert_linear(f, unit, 3000, reader)


def _module_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) \
                else [value]
            found.extend((f"{info.name}.{name}", v) for v in values if isinstance(v, re.Pattern))
    return found


# Patterns the code only ever applies to a bounded window before a position (``search(text, start - N, start)``);
# they are tested the same way. Anything else must be linear on the whole input.
WINDOWED = {
    "pipeline.dates.grammar._WORD_BEFORE": 40,
    "pipeline.dates.grammar._CAPITALIZED_BEFORE": 40,
    "pipeline.dates.grammar._INITIAL_BEFORE": 10,
    "pipeline.dates.grammar._PREFIX_HYPHEN": 8,
    "pipeline.dates.grammar._COMMA_BEFORE_YEAR": 8,
    "pipeline.extract.event_filters._CAPITAL_OF": 300,
    "pipeline.extract.event_filters._AUTHOR_SUBJECT_BEFORE": 300,  # searched in DateInSentence.before only
}
# Patterns only ever used anchored (``match``/``fullmatch`` at a position); tested with ``match``.
ANCHORED = {"pipeline.extract.events._APPOSITION", "pipeline.extract.events._LOWER_WORD_AFTER",
            "pipeline.extract.event_filters._PAGES_AFTER", "pipeline.extract.event_filters._PLURAL",
            "pipeline.extract.event_filters._TWO_WORDS_AFTER", "pipeline.extract.event_filters._VERB_AFTER_PARENTHESIS",
            "pipeline.wikitext.lift._OPEN_TAG_END"}
GENERIC = [" ", "a", "A", "1", "\n", "\t", "-", ":", "=", ".", ",", "(", ")", "'", "[", "{", "<", "–", "é", "/"]
SPECIAL = ["{{", "[[", "- a: ", "1999–", "= ", "1999 ", "a ", "A. ", "11", "1.", "-a", "A-", "“"]


def test_fuzz_linear_every_module_regex() -> None:
    """Every module-level regex of pipeline/, searched on pump strings built from its own characters."""
    patterns = _module_patterns()
    assert len(patterns) > 30
    for name, pattern in patterns:
        source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
        literals = {c for c in source if not c.isalnum()} - set("\\^$|?*+")
        window = WINDOWED.get(name)
        for unit, (pre, post) in itertools.product(sorted(literals | set(GENERIC)) + SPECIAL,
                                                   [("", ""), ("", "!"), ("=", "x")]):
            def run(text: str, pattern: re.Pattern = pattern, window: int | None = window,
                    anchored: bool = name in ANCHORED) -> object:
                data = text.encode() if isinstance(pattern.pattern, bytes) else text
                if anchored:
                    return pattern.match(data)
                if window is not None:
                    return pattern.search(data, max(0, len(data) - window))
                return pattern.search(data), list(itertools.islice(pattern.finditer(data), 1000))

            assert_linear(run, pre + unit * 500 + post, pre + unit * 500 * GROWTH + post,
                          f"{name} on {pre!r}+{unit!r}*n+{post!r}", ignore_below=0.005)

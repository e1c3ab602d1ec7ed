"""find_dates runs on every sentence of every article: it must stay far faster than dateparser."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from pipeline.dates import find_dates

EXCERPT = Path(__file__).parent / "fixtures" / "temporal" / "wikiwars_excerpt.jsonl"


def _sentences() -> list[str]:
    docs = [json.loads(line) for line in EXCERPT.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [s for d in docs for s in re.split(r"(?<=[.!?])\s+", d["text"]) if s.strip()]


def _seconds(function, sentences: list[str]) -> float:
    """CPU seconds of this process (waiting for a core on a busy machine is not counted)."""
    began = time.process_time()
    for sentence in sentences:
        function(sentence)
    return time.process_time() - began


def test_dates_speed_ten_times_faster_than_dateparser() -> None:
    from dateparser.search import search_dates

    sentences = _sentences()
    assert len(sentences) >= 50

    def dateparser_search(sentence: str) -> None:
        search_dates(sentence, languages=["en"])

    dateparser_search("warm-up on 5 May 1940")
    find_dates("warm-up on 5 May 1940")
    ours = theirs = float("inf")
    for _try in range(2):  # measured again once before failing
        for _ in range(4):  # interleaved, best of each: a load spike on the shared machine hits both alike
            ours = min(ours, _seconds(find_dates, sentences))
            theirs = min(theirs, _seconds(dateparser_search, sentences))
        if theirs >= 10 * ours:
            break
    assert theirs >= 10 * ours, f"find_dates {ours:.4f}s vs dateparser {theirs:.4f}s"

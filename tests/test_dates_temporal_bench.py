"""``python -m bench.temporal`` over the TempEval-3 training news (read from ../shared/temporal, never copied here)."""

from __future__ import annotations

import pytest

from bench.temporal import DATA, TYPES, evaluate, main, markdown

NEWS = ("tempeval3_train_timebank.jsonl", "tempeval3_train_aquaint.jsonl")
pytestmark = pytest.mark.skipif(not all((DATA / name).is_file() for name in NEWS),
                                reason="../shared/temporal (research-use TempEval-3 data) is not beside the clone")


def test_dates_temporal_bench_news_domain_reads_news() -> None:
    news = evaluate(domain="news", files=NEWS)
    narrative = evaluate(domain="narrative", files=NEWS)
    auto = evaluate(domain="auto", files=NEWS)
    for name in NEWS:
        assert set(news[name]) == set(TYPES)
        # Anchoring to the dct is what news needs: measured against the narrative domain on the same files.
        assert news[name]["DATE"]["value_F1"] > 3 * narrative[name]["DATE"]["value_F1"]
        assert auto[name]["DATE"]["value_F1"] >= 0.97 * news[name]["DATE"]["value_F1"]
        assert auto[name]["DATE"]["value_F1"] >= 0.70
        assert auto[name]["all"]["value_F1"] >= 0.70


def test_dates_temporal_bench_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", NEWS[1]]) == 0
    out = capsys.readouterr().out
    assert "| tempeval3_train_aquaint |" in out and "DURATION" in out
    assert markdown({}).count("\n") == 1  # header and rule only

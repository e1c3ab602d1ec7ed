from __future__ import annotations

from pipeline import extract_text


def test_api_title_from_file_name_is_capitalized_like_mediawiki() -> None:
    text = "'''Angela Merkel''' is a politician. She was elected in 2005.\n"
    record = extract_text(text, "raw/angela_merkel.wiki")[0]
    assert (record.title, record.source.title_from, record.id) == ("Angela merkel", "file_name", "angela-merkel")


def test_api_flat_heading_title_wins_over_file_name(seed_text: str) -> None:
    record = extract_text(seed_text, "raw/some_other_name.txt")[0]
    assert record.title == "Durbar Mahila Samanwaya Committee"
    assert record.source.title_from == "heading"

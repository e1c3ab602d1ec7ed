"""Safety limits: infobox fields and value length are capped with warnings; the per-source deadline raises."""

from __future__ import annotations

import io

import pytest

from pipeline import Deadline, LimitExceededError, Limits, extract_text
from pipeline.api import extract_document, read_documents
from tests.timing import assert_within


def _flat(fields: list[tuple[str, str]], body: str = "It was founded in 1907.") -> str:
    lines = "".join(f"- {label}: {value}\n" for label, value in fields)
    return f"= Kolkata Club =\nKolkata Club\n{lines}\n==History==\n{body}\n"


def test_hostile_flat_infobox_with_5000_fields_is_capped_with_a_warning() -> None:
    fields = [(f"Field {i}", f"value {i}") for i in range(5000)]
    text = _flat(fields)
    [record] = assert_within(lambda: extract_text(text, "raw/club.txt"), 4000, "5000 fields")  # ~20 s idle
    assert record.infobox is not None and len(record.infobox.fields) == Limits().max_infobox_fields
    assert record.infobox.fields[-1].value == f"value {Limits().max_infobox_fields - 1}"
    [warning] = [w for w in record.warnings if w.code == "infobox_fields_limit"]
    assert "5,000 fields" in warning.message and "max_infobox_fields" in warning.message


def test_hostile_infobox_field_limit_is_configurable() -> None:
    fields = [(f"Field {i}", f"value {i}") for i in range(5000)]
    [record] = extract_text(_flat(fields), "raw/club.txt", Limits(max_infobox_fields=5000))
    assert record.infobox is not None and len(record.infobox.fields) == 5000
    assert not [w for w in record.warnings if w.code in ("infobox_fields_limit", "field_truncated")]


def test_hostile_flat_1_mb_field_value_is_cut_with_a_warning() -> None:
    huge = ("lorem ipsum dolor sit amet " * 40_000)[:1_000_000]
    text = _flat([("Motto", huge), ("Founded", "1907")])
    [record] = assert_within(lambda: extract_text(text, "raw/club.txt"), 4000, "1 MB field")  # ~20 s idle
    assert record.infobox is not None
    motto, founded = record.infobox.fields
    assert len(motto.value) <= Limits().max_field_chars and huge.startswith(motto.value)
    assert founded.value == "1907"
    [warning] = [w for w in record.warnings if w.code == "field_truncated"]
    assert warning.field == "motto" and "1,000,000 characters" in warning.message


def test_hostile_deadline_raises_after_budget_with_stage_and_source() -> None:
    now = [100.0]
    deadline = Deadline("raw/slow.txt", 5.0, clock=lambda: now[0])
    deadline.check("parsing")
    now[0] += 4.0
    assert deadline.remaining() == pytest.approx(1.0)
    deadline.check("parsing")
    now[0] += 2.0
    with pytest.raises(LimitExceededError, match="5-second budget") as info:
        deadline.check("the infobox")
    assert info.value.source == "raw/slow.txt" and "after the infobox" in info.value.reason
    assert "seconds_per_source" in info.value.reason


def test_hostile_extract_document_checks_the_deadline() -> None:
    [doc] = read_documents("raw/club.txt", io.BytesIO(_flat([("Founded", "1907")]).encode()))
    assert extract_document(doc, deadline=Deadline.for_source(doc.path, Limits())).title == "Kolkata Club"
    spent = Deadline(doc.path, 0.0, clock=iter(range(0, 1000, 10)).__next__)
    with pytest.raises(LimitExceededError, match="after parsing"):
        extract_document(doc, deadline=spent)


def test_hostile_limits_events_are_capped_with_a_warning() -> None:
    from pipeline import Limits, extract_text

    text = "= Many =\n\n" + "".join(f"The club moved in {1800 + i}.\n" for i in range(40))
    record = extract_text(text, "many.txt", Limits(max_events=25))[0]
    assert len(record.events) == 25
    assert [w.code for w in record.warnings].count("events_limit") == 1
    assert len(extract_text(text, "many.txt")[0].events) == 40

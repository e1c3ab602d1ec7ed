"""Property-based tests: arbitrary text never makes a reader raise anything but the project's documented errors."""

from __future__ import annotations

import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import Limits, WikirecordsError, extract_text, read_documents
from pipeline.article import RawField, RawInfobox
from pipeline.dates import find_dates, parse_date
from pipeline.extract.infobox import build_infobox
from pipeline.sources.flat import parse_flat
from pipeline.wikitext import parse_wikitext, render_value
from schemas.record import DateValue, Record

# Markup-heavy alphabet: the characters that open and close constructs, plus digits and dashes for dates.
MARKUP = st.sampled_from([*"{}[]|=-:'\"<>/!\n *#&;(),.0123456789aAbBzZ é–—\t",
    "{{", "}}", "[[", "]]", "<ref>", "</ref>", "<!--", "-->", "{{Infobox x\n|", "\n- Key: ", "\n== H ==\n",
    "= T =\n", "1999", "June", "1950s", "c. ", "–", "{{start date|", "<br>", "&nbsp;", "\x00", "\ufffd"])
TEXT = st.one_of(st.text(max_size=400), st.lists(MARKUP, max_size=120).map("".join))
SCALE = int(os.environ.get("WIKIRECORDS_FUZZ_SCALE", "1"))  # e.g. 20 for a long local fuzzing session
FAST = settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_fuzz_flat_reader_never_raises(text: str) -> None:
    article = parse_flat(text, "Fallback")
    assert article.title
    for paragraph in article.paragraphs:
        start = paragraph.source_offset(0)
        assert 0 <= start <= len(text)


@FAST
@given(TEXT)
def test_fuzz_wikitext_reader_raises_only_project_errors(text: str) -> None:
    try:
        article = parse_wikitext(text, page_title=None, file_title="Fallback", limits=Limits())
    except WikirecordsError:
        return
    assert article.title


@FAST
@given(TEXT)
def test_fuzz_infobox_value_renderer_never_raises(text: str) -> None:
    field = render_value(text)
    assert isinstance(field.value, str) and all(isinstance(item, str) for item in field.items)


@FAST
@given(st.lists(st.tuples(TEXT, TEXT), max_size=12))
def test_fuzz_infobox_builder_never_raises(pairs: list[tuple[str, str]]) -> None:
    box = build_infobox(RawInfobox(template=None, name="x", fields=[RawField(label=k, value=v) for k, v in pairs]))
    assert len({f.key for f in box.fields}) == len(box.fields)


@FAST
@given(TEXT, st.one_of(st.none(), st.integers(min_value=1, max_value=2100)))
def test_fuzz_find_dates_offsets_are_consistent(text: str, anchor: int | None) -> None:
    for match in find_dates(text, anchor_year=anchor):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text
        assert match.value is None or isinstance(match.value, DateValue)


@FAST
@given(TEXT)
def test_fuzz_parse_date_returns_a_value_or_none(text: str) -> None:
    value = parse_date(text)
    assert value is None or isinstance(value, DateValue)


@SLOW
@given(TEXT, st.sampled_from(["raw/a.txt", "raw/a.wiki", "raw/a.xml", "raw/a"]))
def test_fuzz_extract_text_raises_only_project_errors_and_validates(text: str, name: str) -> None:
    try:
        records = extract_text(text, name)
    except WikirecordsError as exc:
        assert exc.source == name and exc.reason
        return
    for record in records:
        Record.model_validate(record.model_dump())


@FAST
@given(st.binary(max_size=600))
def test_fuzz_read_documents_on_bytes_raises_only_project_errors(data: bytes) -> None:
    try:
        docs = list(read_documents("raw/blob", io.BytesIO(data)))
    except WikirecordsError as exc:
        assert exc.source == "raw/blob"
        return
    assert all(isinstance(d.text, str) for d in docs)


@SLOW
@given(st.lists(MARKUP, max_size=60).map("".join))
def test_fuzz_dump_page_text_raises_only_project_errors(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace("\x00", "")
    xml = (f"<mediawiki><page><title>T</title><ns>0</ns><id>1</id><revision><id>2</id>"
           f"<text>{escaped}</text></revision></page>{text[:40]}</mediawiki>").encode("utf-8", "surrogatepass")
    try:
        for doc in read_documents("raw/d.xml", io.BytesIO(xml)):
            extract_text(doc.text, "raw/d.wiki")
    except WikirecordsError as exc:
        assert exc.source in ("raw/d.xml", "raw/d.wiki")

"""Period values of infobox rows and fields ('1984–1987', '2013–', '2009–10', '1996') read with the date
grammar; they become ``Infobox.periods``, never prose events."""

from __future__ import annotations

import pytest

from pipeline.api import extract_text
from pipeline.extract.periods import group_periods, period_of


@pytest.mark.parametrize(("value", "start", "end", "qualifier"), [
    ("1984–1987", "1984", "1987", None), ("2009–10", "2009", "2010", None), ("1996", "1996", "1996", None),
    # REVIEW 1.4: an open end has no end (null), not end = start
    ("2013–", "2013", None, "since"), ("2013 -", "2013", None, "since"), ("1996–present", "1996", None, "since"),
    ("January 20, 2009 – present", "2009-01-20", None, "since"),
    ("January 20, 2009", "2009-01-20", "2009-01-20", None), ("1998–2001*", "1998", "2001", None),
])
def test_periods_have_start_end_precision(value: str, start: str, end: str | None, qualifier: str | None) -> None:
    date = period_of(value)
    assert date is not None and (date.start, date.end, date.qualifier) == (start, end, qualifier)


@pytest.mark.parametrize("value", ["14", "Harbour View", "1999–2000 (loan)", "→ Hull City", "", "–", "51/68"])
def test_values_that_are_not_only_a_period(value: str) -> None:
    assert period_of(value) is None


def test_group_periods_follow_the_rows() -> None:
    groups = {"career": [{"n": 1, "years": "1984–1987", "clubs": "Harbour View", "caps": "14"},
                         {"n": 7, "years": "2013–", "clubs": "Santos"}]}
    periods = group_periods(groups)
    assert [(p.group, p.n, p.member, p.date.start, p.date.qualifier) for p in periods] == [
        ("career", 1, "years", "1984", None), ("career", 7, "years", "2013", "since")]


ARTICLE = """{{Infobox football biography
| name = Test Player
| years1 = 1984–1987 | clubs1 = Harbour View | caps1 = 14
| years2 = 2013– | clubs2 = Santos
| debut = 2009–10
}}
'''Test Player''' is a footballer. He joined Santos in 2013.
"""


def test_infobox_periods_are_not_prose_events() -> None:
    record = extract_text(ARTICLE, name="player.wiki")[0]
    box = record.infobox
    assert box is not None
    assert [(p.n, p.date.start, p.date.end) for p in box.periods] == [(1, "1984", "1987"), (2, "2013", None)]
    debut = next(f for f in box.fields if f.key == "debut")
    assert debut.date is not None and (debut.date.start, debut.date.end) == ("2009", "2010")
    # the only event is the prose sentence's; the infobox periods are not events
    assert [e.date.text for e in record.events] == ["2013"]
    assert all("1984" not in e.sentence for e in record.events)


def test_open_end_only_with_since() -> None:
    """The schema's convention: end null is an open end and needs qualifier 'since'; both the model and the
    published JSON Schema refuse it otherwise."""
    import jsonschema
    from pydantic import ValidationError

    from schemas.record import DateValue, Record

    open_end = DateValue(text="2013–", start="2013", end=None, precision="year", qualifier="since")
    assert open_end.end is None
    with pytest.raises(ValidationError, match="open end"):
        DateValue(text="2013", start="2013", end=None, precision="year")
    with pytest.raises(ValidationError, match="open end"):
        DateValue(text="c. 2013", start="2013", end=None, precision="year", qualifier="circa")
    schema = Record.model_json_schema()
    date_schema = {"$defs": schema["$defs"], **schema["$defs"]["DateValue"]}
    jsonschema.validate(open_end.model_dump(), date_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"text": "2013", "start": "2013", "end": None, "precision": "year", "qualifier": None},
                            date_schema)

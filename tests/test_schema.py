from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from flows.validation import validate_output
from schemas.generate import SCHEMA_PATH, schema_text
from schemas.record import DateValue


def test_committed_json_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "schemas/record.schema.json is stale: run `make schema` and commit it")


# -- DateValue: ISO strings, their length by precision, start <= end; `validate` refuses what the model refuses --


@pytest.mark.parametrize(("start", "end", "precision"), [
    ("1992-02-15", "1992-02-15", "day"),
    ("2013-09", "2013-10", "month"),
    ("1995", "1995", "year"),
    ("1950", "1959", "decade"),
    ("1801", "1900", "century"),
    ("-0331", "-0331", "year"),
    ("-0434-12", "-0433-02", "month"),  # a BC winter: -434 comes before -433 although the string sorts after
    ("-0500", "-0401", "century"),
    ("0079", "0079", "year"),
    ("--07-04", "--07-04", "day"),  # an infobox "4th of July": day and month, no year
])
def test_schema_date_value_accepts_iso_dates(start: str, end: str, precision: str) -> None:
    assert DateValue(text="x", start=start, end=end, precision=precision).start == start  # type: ignore[arg-type]


@pytest.mark.parametrize(("start", "end", "precision"), [
    ("19390", "19390", "year"),        # five digits
    ("-331-10", "-331-10", "month"),   # a BC year must have four digits
    ("79", "79", "year"),
    ("1939-13", "1939-13", "month"),
    ("1939-02-30x", "1939-02-30x", "day"),
    ("1995-03", "1995-03", "year"),    # longer than the precision
    ("1995", "1995", "day"),           # shorter than the precision
    ("1995", "1990", "year"),          # runs backwards
    ("-0433", "-0434", "year"),        # runs backwards in BC
    ("--07-04", "1990-07-04", "day"),  # one end with a year, one without
])
def test_schema_date_value_rejects_what_is_not_iso(start: str, end: str, precision: str) -> None:
    with pytest.raises(ValidationError):
        DateValue(text="x", start=start, end=end, precision=precision)  # type: ignore[arg-type]


def _record_with_date(tmp_path: Path, **date: str) -> Path:
    from pipeline import extract_text
    from tests.conftest import SEED

    record = extract_text(SEED.read_text("utf-8"), SEED.name)[0].model_dump(mode="json")
    assert record["events"]
    record["events"][0]["date"].update(date)
    path = tmp_path / f"{record['id']}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


@pytest.mark.parametrize("date", [
    {"start": "19390", "end": "19390", "precision": "year"},
    {"start": "-331-10", "end": "-331-10", "precision": "month"},
    {"start": "1995-03", "end": "1995-03", "precision": "year"},
    {"start": "1995", "end": "1990", "precision": "year"},
])
def test_schema_validate_rejects_what_the_model_forbids(tmp_path: Path, date: dict[str, str]) -> None:
    good = _record_with_date(tmp_path)
    assert validate_output(good) == (1, [])
    bad = _record_with_date(tmp_path, **date)
    checked, problems = validate_output(bad)
    assert checked == 1 and problems and all("events/0/date" in p for p in problems), problems


@pytest.mark.parametrize("text", ["He served from November 1975 until 2002.", "He played 1986 through January 2000.",
                                  "It lasted from the summer of 1778 to the middle of 1783."])
def test_schema_mixed_precision_ranges_give_valid_date_values(text: str) -> None:
    """A range whose ends have different precisions must still give a DateValue the schema accepts (the date
    grammar builds it: branch `dates`, ``pipeline/dates/__init__.py`` ``_build``, cuts both ends to one
    precision)."""
    from pipeline.dates import find_dates

    values = [m.value for m in find_dates(text) if m.value is not None]
    assert values and all(len(v.start.lstrip("-")) == len(v.end.lstrip("-")) for v in values)


def _record_with_groups(tmp_path: Path, rows: list[dict[str, object]] | None) -> Path:
    from pipeline import extract_text
    from tests.conftest import SEED

    record = extract_text(SEED.read_text("utf-8"), SEED.name)[0].model_dump(mode="json")
    assert record["infobox"] is not None
    if rows is not None:
        record["infobox"]["groups"]["leader"] = rows
    path = tmp_path / f"{record['id']}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_schema_group_rows_with_their_number_are_valid(tmp_path: Path) -> None:
    """REVIEW 2: a row with an integer n and string members validates (n 0 is the plain-key row)."""
    rows: list[dict[str, object]] = [{"n": 0, "title": "Mayor", "name": "A"}, {"n": 2, "title": "Deputy"}]
    assert validate_output(_record_with_groups(tmp_path, rows)) == (1, [])


@pytest.mark.parametrize(("row", "where"), [
    ({"n": "one", "title": "x"}, "infobox/groups/leader/0/n"),
    ({"title": "x", "name": "y"}, "infobox/groups/leader/0"),
    ({"n": 1, "name": 7}, "infobox/groups/leader/0/name"),
    ({"n": 1.5, "name": "y"}, "infobox/groups/leader/0/n"),
])
def test_schema_bad_group_rows_are_rejected_with_a_path(tmp_path: Path, row: dict[str, object], where: str) -> None:
    """A row without an integer n, or with a member that is no string, is invalid; the message names the
    path inside the infobox, not the whole infobox ('… is not valid under any of the given schemas')."""
    checked, problems = validate_output(_record_with_groups(tmp_path, [row]))
    assert checked == 1 and problems, problems
    assert any(f": {where}: " in p for p in problems), problems
    assert all(len(p) < 400 and "any of the given schemas" not in p for p in problems), problems


def test_schema_group_row_model_refuses_what_the_schema_refuses() -> None:
    from schemas.record import Infobox

    assert Infobox(template="T", groups={"leader": [{"n": 1, "title": "x"}]}).groups["leader"][0]["n"] == 1
    for row in ({"n": "1", "title": "x"}, {"title": "x"}, {"n": 1, "title": 2}, {"n": True, "title": "x"}):
        with pytest.raises(ValidationError, match=r"group row|valid string|valid integer"):
            Infobox(template="T", groups={"leader": [row]})

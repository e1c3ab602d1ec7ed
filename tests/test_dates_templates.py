"""date_from_template: which argument is year, month and day comes from data (templates.json)."""

from __future__ import annotations

import pytest

from pipeline.dates.templates import date_from_template, is_date_template


@pytest.mark.parametrize(("name", "args", "kwargs", "iso", "text"), [
    ("start date", ["1992", "2", "15"], {}, "1992-02-15", "February 15, 1992"),
    ("Birth date and age", ["1946", "9", "5"], {"df": "y"}, "1946-09-05", "5 September 1946"),
    ("death date and age", ["1991", "11", "24", "1946", "9", "5"], {}, "1991-11-24", "November 24, 1991"),
    ("Bda", ["1981", "06", "03"], {"mf": "y"}, "1981-06-03", "June 3, 1981"),
    ("Template:Start_date_and_age", ["2013"], {}, "2013", "2013"),
    ("end date", ["2001", "7"], {}, "2001-07", "July 2001"),
    ("dts", ["2000", "July", "1"], {}, "2000-07-01", "July 1, 2000"),
    ("dts", ["1 July 2000"], {}, "2000-07-01", "1 July 2000"),
    ("film date", ["2009", "12", "18", "London"], {}, "2009-12-18", "December 18, 2009"),
    ("birth year and age", ["1950"], {}, "1950", "1950"),
    ("death year and age", ["2017", "1938"], {}, "2017", "2017"),
    ("Birth date and age2", ["1988", "6", "10", "1961", "7", "4"], {}, "1961-07-04", "July 4, 1961"),
    ("BirthDeathAge", ["B", "1976", "1", "1", "2007", "1", "1"], {}, "1976-01-01", "January 1, 1976"),
    ("birth-date", ["January 16, 1948"], {}, "1948-01-16", "January 16, 1948"),
])
def test_dates_templates_value(name, args, kwargs, iso, text) -> None:
    value = date_from_template(name, args, kwargs)
    assert value is not None
    assert (value.start, value.end, value.text) == (iso, iso, text)


def test_dates_templates_circa_sets_qualifier() -> None:
    value = date_from_template("circa", ["1900"], {})
    assert (value.start, value.qualifier) == ("1900", "circa")


@pytest.mark.parametrize(("name", "args"), [
    ("start date", ["1992", "2", "31"]),
    ("start date", ["1992", "13"]),
    ("start date", []),
    ("infobox person", ["1992"]),
])
def test_dates_templates_rejects(name, args) -> None:
    assert date_from_template(name, args, {}) is None


def test_dates_templates_aliases_are_known() -> None:
    assert is_date_template("Dda")
    assert is_date_template("Template:Birth_date")
    assert not is_date_template("convert")

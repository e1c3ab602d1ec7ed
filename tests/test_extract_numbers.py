from __future__ import annotations

import pytest

from pipeline.extract.numbers import parse_number


@pytest.mark.parametrize(("value", "expected"), [
    ("390", (390.0, None)),
    ("60,000", (60000.0, None)),
    ("1.9 million", (1.9e6, None)),
    ("£476 million (2018)", (476e6, "GBP")),
    ("925 ft (282 m)", (925.0, "ft")),
    ("about 2,300 employees", (2300.0, "employees")),
    ("0.5", (0.5, None)),
])
def test_numbers_whole_value_quantities(value: str, expected: tuple[float, str | None]) -> None:
    parsed = parse_number(value)
    assert parsed is not None
    assert parsed[0] == pytest.approx(expected[0]) and parsed[1] == expected[1]


@pytest.mark.parametrize("value", ["030", "0044 20", "Sonagachi, Kolkata", "12 sex workers and 3 children", "", "1-2"])
def test_numbers_codes_and_text_are_not_numbers(value: str) -> None:
    assert parse_number(value) is None

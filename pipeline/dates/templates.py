"""Date templates ({{start date|1992|2|15}}, {{death date and age|...}}, {{dts|...}}) to a ``DateValue``.

Which templates exist and which positional arguments hold year, month and day is data
(``pipeline/resources/dates/templates.json``); the wikitext renderer renders the text itself and
asks here only for the normalized value.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Any

from pipeline.resources import load_json
from schemas.record import DateValue, Precision, Qualifier

_INT = re.compile(r"^\s*(-?\d{1,4})\s*$")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, dict[str, Any]], dict[str, str], dict[str, int]]:
    raw = load_json("dates/templates.json")
    months = load_json("dates/vocabulary.json")
    month_numbers = {name: number for name, number in months["months"].items()}
    return raw["templates"], raw["aliases"], month_numbers


def normalize_template_name(name: str) -> str:
    """MediaWiki-style name for lookup: 'Template:' prefix dropped, underscores as spaces, lowercased."""
    name = name.replace("_", " ").strip()
    if name.lower().startswith("template:"):
        name = name[len("template:"):]
    return " ".join(name.split()).lower()


def is_date_template(name: str) -> bool:
    """True when ``name`` (any case, any alias) is a known date template."""
    templates, aliases, _ = _table()
    key = normalize_template_name(name)
    return key in templates or key in aliases


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    m = _INT.match(value)
    return int(m.group(1)) if m else None


def _month(value: str | None, month_numbers: dict[str, int]) -> int | None:
    if value is None:
        return None
    number = _int(value)
    if number is not None:
        return number
    return month_numbers.get(value.strip().lower().rstrip("."))


def _arg(args: list[str], index: int | None) -> str | None:
    if index is None or index >= len(args):
        return None
    value = args[index].strip()
    return value or None


def build_value(text: str, year: int, month: int | None = None, day: int | None = None,
                qualifier: Qualifier | None = None) -> DateValue | None:
    """A ``DateValue`` at day/month/year precision, or None when the calendar date is impossible."""
    if not 1 <= year <= 9999:
        return None
    precision: Precision
    if month is None:
        iso, precision = f"{year:04d}", "year"
    elif not 1 <= month <= 12:
        return None
    elif day is None:
        iso, precision = f"{year:04d}-{month:02d}", "month"
    elif 1 <= day <= calendar.monthrange(year, month)[1]:
        iso, precision = f"{year:04d}-{month:02d}-{day:02d}", "day"
    else:
        return None
    return DateValue(text=text, start=iso, end=iso, precision=precision, qualifier=qualifier)


def date_from_template(name: str, args: list[str], kwargs: dict[str, str]) -> DateValue | None:
    """The date a date template stands for ({{death date and age|...}} gives the death date), or None."""
    templates, aliases, month_numbers = _table()
    key = normalize_template_name(name)
    spec = templates.get(aliases.get(key, key))
    if spec is None:
        return None
    args = [a for a in args if a is not None]
    switch = spec.get("when_first_arg", {})
    if args and args[0].strip() in switch:
        spec = switch[args[0].strip()]
    qualifier = spec.get("qualifier")
    if "text" in spec:
        return _from_text(_arg(args, spec["text"]), qualifier, _arg(args, spec.get("year_arg")))
    year = _int(_arg(args, spec.get("y"))) if "y" in spec else None
    if year is None:
        year = _int(kwargs.get("year"))
    if year is None:
        # {{dts|July 1, 1990}}, {{start date|1990-07-01}}: one free-text argument.
        return _from_text(_arg(args, spec.get("y", 0)), qualifier)
    month = _month(_arg(args, spec.get("m")), month_numbers) if "m" in spec else None
    day = _int(_arg(args, spec.get("d"))) if "d" in spec and month is not None else None
    if month is None and _arg(args, spec.get("m")) is not None:
        return None
    if day is None and month is not None and _arg(args, spec.get("d")) is not None:
        return None
    return build_value(render_date(year, month, day, _day_first(kwargs)), year, month, day, qualifier)


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]


def _day_first(kwargs: dict[str, str]) -> bool:
    return any(kwargs.get(k, "").strip().lower() in {"y", "yes", "1", "true"} for k in ("df", "dmy"))


def render_date(year: int, month: int | None = None, day: int | None = None, day_first: bool = False) -> str:
    """The date as Wikipedia shows it: '5 September 1946' (df=y), 'September 5, 1946', 'March 1966', '1995'."""
    if month is None or not 1 <= month <= 12:
        return str(year)
    name = _MONTH_NAMES[month - 1]
    if day is None:
        return f"{name} {year}"
    return f"{day} {name} {year}" if day_first else f"{name} {day}, {year}"


def _from_text(text: str | None, qualifier: str | None, year_hint: str | None = None) -> DateValue | None:
    if not text:
        return None
    from pipeline.dates import parse_date  # the grammar imports this module's build_value

    full = f"{text} {year_hint}" if year_hint and _int(year_hint) is not None else text
    value = parse_date(full)
    if value is None:
        return None
    if qualifier and value.qualifier is None:
        value = value.model_copy(update={"qualifier": qualifier})
    return value

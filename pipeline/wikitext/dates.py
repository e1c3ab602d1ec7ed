"""Date templates: readable text for the value, exact ``DateValue`` from ``pipeline.dates.templates``."""

from __future__ import annotations

import re
from functools import cache

from schemas.record import DateValue

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_INT = re.compile(r"^\s*\d{1,4}\s*$")
_FALLBACK_NAMES = frozenset({
    "start date", "end date", "start date and age", "end date and age", "birth date", "death date",
    "birth date and age", "death date and age", "dts", "film date", "birth year and age", "death year and age",
})


@cache
def is_date_template(key: str) -> bool:
    """True for a date template (known to the dates module, or one of a few basic names)."""
    from pipeline.dates.templates import is_date_template as known

    return key != "nowrap" and (known(key) or key in _FALLBACK_NAMES)


def template_date(name: str, args: list[str], kwargs: dict[str, str]) -> DateValue | None:
    """The exact date a template stands for, or None."""
    from pipeline.dates.templates import date_from_template

    return date_from_template(name, args, kwargs)


def _day_first(kwargs: dict[str, str]) -> bool:
    return any(kwargs.get(k, "").strip().lower() in {"y", "yes", "1", "true"} for k in ("df", "dmy"))


def ymd_text(args: list[str], day_first: bool = False) -> str:
    """'March 16, 1930' (or '16 March 1930') from year, month, day arguments; shorter when some are missing."""
    nums = [a.strip() for a in args[:3]]
    if not nums or not _INT.match(nums[0]):
        return ""
    year = nums[0]
    month = int(nums[1]) if len(nums) > 1 and _INT.match(nums[1]) and 1 <= int(nums[1]) <= 12 else None
    day = int(nums[2]) if month and len(nums) > 2 and _INT.match(nums[2]) else None
    if month is None:
        return year
    if day is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}" if day_first else f"{_MONTHS[month - 1]} {day}, {year}"


def date_text(value: DateValue | None, args: list[str], kwargs: dict[str, str]) -> str:
    """Readable text of a date template: the normalized date's text, else the arguments as written."""
    day_first = _day_first(kwargs)
    if args and _INT.match(args[0]):
        text = ymd_text(args, day_first)
        if text:
            return text + _time_text(args[3:])
    written = next((a.strip() for a in args if a.strip()), "")
    if written and not _INT.match(written):
        # {{start-date|July 16, 1969, 13:32 UTC}}: shown as written; {{OldStyleDate|10 February|1567|...}}
        # and {{OldStyleDate|February 2|1905|...}} write the year apart ("10 February 1567", "February 2, 1905").
        rest = [a.strip() for a in args[1:2]]
        if rest and _INT.match(rest[0]) and len(rest[0]) >= 3:
            return f"{written}, {rest[0]}" if written[-1:].isdigit() else f"{written} {rest[0]}"
        return written
    if value is not None and value.text:
        return value.text
    return written


def _time_text(args: list[str]) -> str:
    """', 13:32:00 UTC' from the hour, minute, second and zone arguments of {{start date}}."""
    parts = [a.strip() for a in args]
    if len(parts) < 2 or not all(_INT.match(p) for p in parts[:2]):
        return ""
    text = f", {int(parts[0]):02d}:{int(parts[1]):02d}"
    rest = parts[2:]
    if rest and _INT.match(rest[0]):
        text += f":{int(rest[0]):02d}"
        rest = rest[1:]
    if rest and rest[0].upper() == "Z":
        text += " UTC"
    elif rest and rest[0]:
        text += f" ({rest[0]})"
    return text


def age_suffix(args: list[str], birth_index: int, death: DateValue | None) -> str:
    """' (aged 45)' for {{death date and age|1991|11|24|1946|9|5}}; empty when the dates are incomplete."""
    nums = [a.strip() for a in args]
    if len(nums) < birth_index + 1 or not all(_INT.match(n) for n in nums[:3]):
        return ""
    birth = nums[birth_index:birth_index + 3]
    if not birth or not all(_INT.match(n) for n in birth):
        return ""
    dy, dm, dd = (int(n) for n in nums[:3])
    by = int(birth[0])
    bm = int(birth[1]) if len(birth) > 1 else None
    bd = int(birth[2]) if len(birth) > 2 else None
    if bm is None or bd is None:
        return ""
    age = dy - by - ((dm, dd) < (bm, bd))
    return f" (aged {age})" if 0 <= age < 150 else ""

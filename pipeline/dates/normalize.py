"""From grammar fields to a normalized date: ISO start/end with precision (``DateValue``) and a TIMEX3 value."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, cast

from pipeline.dates.vocabulary import entries, vocabulary
from schemas.record import DateValue, Precision, Qualifier


@dataclass(frozen=True)
class Atom:
    """One date expression's meaning before anchoring: what it says and how precisely."""

    year: int | None = None
    bc: bool = False
    month: int | None = None
    day: int | None = None
    season: str | None = None
    decade: int | None = None
    century: int | None = None
    millennium: int | None = None
    hundreds: int | None = None  # "the 1800s": the hundred years 1800-1899 (TIMEX3 '18')
    quarter: int | None = None
    floating: str | None = None  # "Thanksgiving": a holiday whose month and day depend on the year
    half: str | None = None
    qualifier: Qualifier | None = None
    explicit_year: bool = False
    two_digit_year: bool = False
    relative: tuple[str, int] | None = None  # (unit, offset) for "the next day", "two years earlier"
    year_shift: int = 0  # "the next spring" (+1), "the previous April" (-1): applied when anchoring
    invalid: bool = False


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    voc = vocabulary()
    return {
        "months": entries(voc["months"]),
        "seasons": entries(voc["seasons"]),
        "ordinals": entries(voc["ordinal_words"]),
        "numbers": entries(voc["number_words"]),
        "pp": entries(voc["part_of_period"]),
        "half": entries(voc["half_of_period"]),
        "decade_words": entries(voc["decade_words"]),
        "holidays": entries(voc["holidays"]),
        "floating": entries(voc["floating_holidays"]),
        "bc": {e.replace(" ", "") for e in voc["eras"]["bc"] + voc["eras"]["bc_value_only"]},
        "relative": {phrase: (unit, offset) for unit, group in entries(voc["relative"]).items()
                     for phrase, offset in group.items()},
    }


def _norm_phrase(text: str) -> str:
    return " ".join(text.lower().replace("-", "- ").split()).replace("- ", "-").rstrip("-").strip()


def part_of_period(text: str | None) -> tuple[Qualifier | None, str | None]:
    """The qualifier and half a part-of-period phrase ("the late", "mid-", "the first half of") gives."""
    if not text:
        return None, None
    t = _tables()
    phrase = " ".join(text.lower().split()).rstrip("-").strip()
    for key in (phrase, phrase + "-"):
        if key in t["pp"]:
            # vocabulary.json maps each part-of-period phrase to a qualifier name of the schema
            return cast("Qualifier", t["pp"][key]), t["half"].get(key)
    return None, None


def atom_from_fields(f: dict[str, str], prefix: str = "") -> Atom:
    """The ``Atom`` a candidate's fields (optionally those of range part ``prefix`` 'a_' / 'b_') describe."""
    t = _tables()

    def get(name: str) -> str | None:
        return f.get(prefix + name)

    def text(name: str) -> str:  # the field's text, "" when absent (where only its truth is tested first)
        return f.get(prefix + name) or ""

    qualifier, half = part_of_period(f.get("pp")) if not prefix else (None, None)
    if f.get("circa") and prefix in ("", "a_"):
        qualifier = "circa"  # "c. 1630–1693": the circa before a range marks its start
    year = None
    two_digit = False
    if not prefix and f.get("yy"):
        return Atom(year=int(f["yy"]), two_digit_year=True)  # "'99": its century comes from the narrative
    y = get("y")
    if not prefix and f.get("yw"):
        y = str(year_from_words(f["yw"]))
    if y is not None:
        year = int(y)
        two_digit = len(y) <= 2 and not get("era") and not f.get("pre_era")
    era = (get("era") or "").replace(" ", "")
    bc = era in t["bc"]
    month = None
    m = get("m")
    if m is not None:
        month = int(m) if m.isdigit() else t["months"].get(m.lower().rstrip("."))
    day = int(text("d")) if text("d") else None
    if not prefix and f.get("dref"):
        return Atom(day=int(f["dref"]), relative=("day_of_month", 0))
    floating = None
    if not prefix and f.get("holiday") in t["holidays"]:
        month, day = t["holidays"][f["holiday"]]
    elif not prefix and f.get("holiday"):
        floating = f["holiday"]
        if year is not None:
            month, day = floating_holiday(floating, year)
    season = None
    if get("season"):
        season = text("season").lower()
        if season == "winter" and f.get("y2") and year is not None:
            # "the winter of 1941–42" is the winter of January 1942 (TimeML names a winter by its January).
            later = int(f["y2"]) if len(f["y2"]) == 4 else year // 100 * 100 + int(f["y2"])
            year = later if later == year + 1 else year
    decade = None
    hundreds = None
    if get("dec"):
        decade = int(text("dec"))
        if decade % 100 == 0 and decade < HUNDREDS_AS_DECADE_FROM:
            hundreds, decade = decade, None  # "the 1800s" in prose is the century (TimeML '18'), not 1800-1809
    elif not prefix and f.get("decw"):
        decade = t["decade_words"][f["decw"].lower()]
    elif get("dec2"):
        decade = 1900 + int(text("dec2"))  # "the '60s": the twentieth century unless written out
    century = None
    if get("cent") or (not prefix and f.get("centw")):
        century = int(text("cent")) if text("cent") else t["ordinals"].get(
            _norm_phrase(f["centw"]).replace("-", " "))
        if century is None:
            century = t["ordinals"].get(_norm_phrase(f["centw"]))
    millennium = None
    if get("mill") or (not prefix and f.get("millw")):
        millennium = int(text("mill")) if text("mill") else t["ordinals"].get(_norm_phrase(f["millw"]))
    quarter = None
    if not prefix and (f.get("q") or f.get("qw")):
        quarter = int(f["q"]) if f.get("q") else _QUARTERS.get(f["qw"].lower())
        quarter_year = f.get("y2") or f.get("y3")
        if quarter_year:
            year = int(quarter_year)
    relative = None
    if not prefix and f.get("rel"):
        relative = t["relative"].get(" ".join(f["rel"].lower().split()))
    if not prefix and f.get("unit"):
        n = f["n"]
        count = int(n) if n.isdigit() else t["numbers"].get(n.lower(), 0)
        unit = f["unit"].lower().rstrip("s")
        sign = 1 if f["dir"].lower() in ("later", "afterwards") else -1
        if unit == "week":
            relative = ("day", 7 * count * sign)
        elif unit == "decade":
            relative = ("year", 10 * count * sign)
        else:
            relative = (unit, count * sign)
    if not prefix and f.get("that"):
        relative = ("year", 0)
    if not prefix and f.get("relyear"):  # "August 23 of the following year", "in May the previous year"
        relative = ("year", -1 if f["relyear"].split()[-1].lower() in ("previous", "preceding") else 1)
    if two_digit and not prefix and year is not None:
        year, two_digit = pivot_two_digit_year(year), False
    shift = _YEAR_SHIFT.get(" ".join(f["the"].lower().split()), 0) if f.get("the") and not prefix else 0
    atom = Atom(year_shift=shift, year=year, bc=bc, month=month, day=day, season=season, decade=decade, century=century,
                millennium=millennium, hundreds=hundreds, quarter=quarter,
                floating=floating if month is None else None, half=half, qualifier=qualifier,
                explicit_year=year is not None, two_digit_year=two_digit, relative=relative)
    return replace(atom, invalid=not _plausible(atom))


TWO_DIGIT_PIVOT = 30
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
HUNDREDS_AS_DECADE_FROM = 1900
"""'the 1800s' names a century; from 'the 1900s' on, English uses the form for the first decade as often."""
_YEAR_SHIFT = {"next": 1, "the next": 1, "the following": 1, "the previous": -1, "last": -1}


def pivot_two_digit_year(yy: int) -> int:
    """'6 June 07' -> 2007, '25 June 45' -> 1945 (fixed pivot, never today's date; only in short values)."""
    return 2000 + yy if yy < TWO_DIGIT_PIVOT else 1900 + yy


def _plausible(a: Atom) -> bool:
    if a.month is not None and not 1 <= a.month <= 12:
        return False
    if a.year is not None and not a.two_digit_year and a.year == 0:
        return False
    if a.day is not None and a.month is not None:
        limit = calendar.monthrange(a.year if a.year and not a.bc and a.year > 0 else 2000, a.month)[1]
        if not 1 <= a.day <= limit:
            return False
    if a.quarter is not None and not 1 <= a.quarter <= 4:
        return False
    if a.millennium is not None and not 1 <= a.millennium <= 10:
        return False
    return not (a.century is not None and not 1 <= a.century <= 30)


def season_first_month(season: str) -> int:
    """First month of a season word ('spring' -> 3), from the vocabulary."""
    return _tables()["seasons"][season]["months"][0]


def _fmt_year(year: int, bc: bool) -> str:
    return f"-{year:04d}" if bc else f"{year:04d}"


_YEARS_WRITTEN = re.compile(r"\d{2,4}")


def to_date_value(a: Atom, text: str) -> DateValue | None:
    """ISO start/end cut to the precision; None when the expression has no year to stand on."""
    if a.invalid:
        return None
    if a.century is not None:
        return _ordinal_period(a, a.century, 100, "century", text)
    if a.millennium is not None:  # the 3rd millennium BC: 3000-2001 BC; the 2nd millennium: 1001-2000
        return _ordinal_period(a, a.millennium, 1000, "millennium", text)
    if a.hundreds is not None:
        return DateValue(text=text, start=f"{a.hundreds:04d}", end=f"{a.hundreds + 99:04d}", precision="century",
                         qualifier=a.qualifier)
    if a.decade is not None:
        return DateValue(text=text, start=f"{a.decade:04d}", end=f"{a.decade + 9:04d}", precision="decade",
                         qualifier=a.qualifier)
    if a.year is None:
        return None
    y = _fmt_year(a.year, a.bc)
    if a.season is not None:
        # A season is given as its year: which months it spans depends on the hemisphere and the reckoning
        # (meteorological or astronomical), and the record has no season precision. A winter spans the turn of
        # the year ("the winter of 1941–42"; "the winter" after the fall of 1774: 1774–1775; named by its January,
        # as TimeML does), unless one year is written for it ("winter 1941": 1941).
        first, last = _tables()["seasons"][a.season]["months"]
        spans_years = last < first and len(_YEARS_WRITTEN.findall(text)) != 1
        start_year = _fmt_year(a.year + (1 if a.bc else -1), a.bc) if spans_years else y
        return DateValue(text=text, start=start_year, end=y, precision="year", qualifier=a.qualifier)
    if a.quarter is not None:
        first = (a.quarter - 1) * 3 + 1
        return DateValue(text=text, start=f"{y}-{first:02d}", end=f"{y}-{first + 2:02d}", precision="month",
                         qualifier=a.qualifier)
    if a.month is None:
        return DateValue(text=text, start=y, end=y, precision="year", qualifier=a.qualifier)
    if a.day is None:
        iso = f"{y}-{a.month:02d}"
        return DateValue(text=text, start=iso, end=iso, precision="month", qualifier=a.qualifier)
    iso = f"{y}-{a.month:02d}-{a.day:02d}"
    return DateValue(text=text, start=iso, end=iso, precision="day", qualifier=a.qualifier)


def _ordinal_period(a: Atom, n: int, years: int, precision: Precision, text: str) -> DateValue:
    """The n-th century or millennium, from its year 1 to its last year (the 19th century is 1801-1900; BC
    counts back: the 5th century BC is 500-401 BC)."""
    if a.bc:
        return DateValue(text=text, start=_fmt_year(n * years, True), end=_fmt_year((n - 1) * years + 1, True),
                         precision=precision, qualifier=a.qualifier)
    return DateValue(text=text, start=f"{(n - 1) * years + 1:04d}", end=f"{n * years:04d}", precision=precision,
                     qualifier=a.qualifier)


def to_timex(a: Atom) -> tuple[str, str | None]:
    """TIMEX3 (type, value): '1939-09-01', '1939-09', 'BC0044', '194' (1940s), '18' (19th century), '1940-SP'."""
    if a.invalid:
        return "DATE", None
    if a.century is not None:
        return "DATE", ("BC" if a.bc else "") + f"{a.century - 1:02d}"
    if a.millennium is not None:  # TimeML: the 2nd millennium is '1' (the years 1xxx)
        return "DATE", ("BC" if a.bc else "") + f"{a.millennium - 1}"
    if a.hundreds is not None:
        return "DATE", f"{a.hundreds // 100:02d}"
    if a.decade is not None:
        return "DATE", f"{a.decade // 10:03d}"
    y = "XXXX" if a.year is None else (f"BC{a.year:04d}" if a.bc else f"{a.year:04d}")
    if a.season is not None:
        return "DATE", f"{y}-{_tables()['seasons'][a.season]['timex']}"
    if a.quarter is not None:
        return "DATE", f"{y}-Q{a.quarter}"
    if a.half is not None and a.month is None:
        return "DATE", f"{y}-{a.half}"
    if a.month is None:
        return "DATE", None if a.year is None else y
    if a.day is None:
        return "DATE", f"{y}-{a.month:02d}"
    return "DATE", f"{y}-{a.month:02d}-{a.day:02d}"


def year_from_words(text: str) -> int:
    """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001, 'nineteen oh five' -> 1905."""
    table = vocabulary()["year_words"]
    words = [w for w in text.lower().replace("-", " ").split() if w != "and"]
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        base = 2000
    else:
        base, rest = table["hundreds"][words[0]] * 100, words[1:]
    total = 0
    for word in rest:
        total += table["tens"].get(word) or table["teens"].get(word) or table["units"].get(word) or 0
    return base + total


def floating_holiday(name: str, year: int) -> tuple[int, int]:
    """Month and day of a holiday that moves with the year ('Thanksgiving' 1999 -> (11, 25), 'Easter' by the
    Gregorian computus), from ``floating_holidays`` in vocabulary.json."""
    rule = _tables()["floating"][name]
    if rule[0] == "easter":
        when = _easter(year) + timedelta(days=rule[1])
        return when.month, when.day
    month, weekday, nth = rule
    if weekday == "election":  # the Tuesday after the first Monday
        first_monday = 1 + (0 - date(year, month, 1).weekday()) % 7
        return month, first_monday + 1
    if nth > 0:
        first = 1 + (weekday - date(year, month, 1).weekday()) % 7
        return month, first + 7 * (nth - 1)
    last_day = calendar.monthrange(year, month)[1]
    return month, last_day - (date(year, month, last_day).weekday() - weekday) % 7


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    return date(year, month, (h + m - 7 * n + 114) % 31 + 1)


def shift_year(year: int, bc: bool, offset: int) -> tuple[int, bool]:
    """``year`` (historical numbering, no year zero) moved by ``offset`` years: 1 BC + 1 = AD 1, AD 1 - 1 = 1 BC."""
    signed = (-year + 1 if bc else year) + offset  # astronomical: 1 BC = 0
    return (1 - signed, True) if signed <= 0 else (signed, False)


def resolve_relative(a: Atom, last: tuple[int, int | None, int | None, bool] | None) -> Atom:
    """'the next day', 'that year', 'two years earlier' against the last (year, month, day, BC) of the narrative."""
    if a.relative is None or last is None:
        return a
    unit, offset = a.relative
    year, month, day, bc = last
    if unit == "year":
        target, target_bc = shift_year(year, bc, offset)
        return replace(a, year=target, bc=target_bc, relative=None) if 1 <= target <= 9999 else a
    if unit == "decade":  # 'the following decade' after 1962: the 1970s (AD only: BC decades count down)
        target = (year // 10 + offset) * 10
        return replace(a, decade=target, relative=None) if not bc and 10 <= target <= 9990 else a
    if bc or year < 1:
        return a  # months and days before year 1 are not computed
    if unit == "day_of_month":
        if month is None or a.day is None or not 1 <= a.day <= calendar.monthrange(year, month)[1]:
            return a
        return replace(a, year=year, month=month, relative=None)
    if unit == "month":
        if month is None:
            return a
        index = year * 12 + (month - 1) + offset
        return replace(a, year=index // 12, month=index % 12 + 1, relative=None) if 1 <= index // 12 <= 9999 else a
    if unit == "day":
        if month is None or day is None or year < 1:
            return a
        try:
            when = date(year, month, day) + timedelta(days=offset)
        except (ValueError, OverflowError):
            return a
        return replace(a, year=when.year, month=when.month, day=when.day, relative=None)
    return a

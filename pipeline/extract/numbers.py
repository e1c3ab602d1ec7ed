"""Numbers in infobox values: '60,000', '1.9 million', '£476 million (2018)', '925 ft (282 m)'."""

from __future__ import annotations

import re
from functools import cache

from pipeline.resources import load_json

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "crore": 1e7, "lakh": 1e5}


@cache
def _units() -> dict[str, str]:
    return load_json("units.json")


@cache
def _pattern() -> re.Pattern[str]:
    units = sorted(_units(), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    return re.compile(
        r"^(?:about|approx\.?|approximately|around|over|c\.|ca\.|~|≈)?\s*"
        rf"(?P<pre>{unit_alt})?\s*"
        r"(?P<num>[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
        r"\s*(?P<scale>thousand|million|billion|trillion|crore|lakh)?"
        rf"(?:\s*(?P<post>{unit_alt})(?![A-Za-z]))?"
        r"\s*(?:\([^()]*\)\s*)*(?:\[\d+\])?\s*$",
        re.I,
    )


def parse_number(value: str) -> tuple[float, str | None] | None:
    """(number, unit) when the whole value is one quantity (a parenthesised aside allowed), else None."""
    text = value.strip()
    if not text or len(text) > 200:
        return None
    m = _pattern().match(text)
    if not m:
        return None
    if re.match(r"[-−]?0\d", m.group("num")):
        return None  # '030', '0044': a code (area code, dialling prefix), not a quantity
    number = float(m.group("num").replace(",", "").replace("−", "-"))
    if m.group("scale"):
        number *= _SCALE[m.group("scale").lower()]
    unit_text = m.group("pre") or m.group("post")
    unit = _units().get(unit_text) if unit_text else None
    if unit is None and unit_text:
        unit = next((v for k, v in _units().items() if k.lower() == unit_text.lower()), None)
    return number, unit

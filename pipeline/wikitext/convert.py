"""{{convert}} and {{coord}} rendered as readable text: "925 ft (282 m)", "40°44′54″N 73°59′08″W".

Unit data lives in ``pipeline/resources/wikitext/convert_units.json``; rounding follows Module:Convert's idea
(the output keeps the input's precision, at least two significant figures).
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from pipeline.resources import load_json

_NUMBER = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e\d+)?$")
_FRACTION = re.compile(r"^(?:(\d+)\+)?(\d+)/(\d+)$")


@cache
def _units() -> dict[str, Any]:
    return load_json("wikitext/convert_units.json")


def _unit(name: str) -> list[Any] | None:
    units = _units()["units"]
    return units.get(name) or units.get(name.strip()) or units.get(name.strip().lower())


def _is_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and any(c.isdigit() for c in t) and (bool(_NUMBER.match(t)) or bool(_FRACTION.match(t)))


def _to_float(text: str) -> float:
    t = text.strip().replace(",", "").replace("−", "-")
    if m := _FRACTION.match(t):
        whole = int(m.group(1) or 0)
        return whole + int(m.group(2)) / int(m.group(3))
    return float(t)


def _decimals(text: str) -> int:
    """Precision of a written number: decimal places, or minus the trailing zeros of an integer."""
    t = text.strip().replace(",", "")
    if "." in t:
        return len(t.split(".", 1)[1])
    digits = t.lstrip("+-−")
    stripped = digits.rstrip("0")
    return -(len(digits) - len(stripped)) if stripped else 0


def _format(value: float, precision: int) -> str:
    if precision > 0:
        text = f"{value:,.{precision}f}"
    else:
        factor = 10 ** (-precision)
        text = f"{round(value / factor) * factor:,.0f}"
    return "−" + text[1:] if text.startswith("-") else text


def _convert_value(value: float, src: list[Any], dst: list[Any]) -> float:
    if src[1] == "temperature":
        celsius = {"°C": value, "°F": (value - 32) * 5 / 9, "K": value - 273.15}[src[0]]
        return {"°C": celsius, "°F": celsius * 9 / 5 + 32, "K": celsius + 273.15}[dst[0]]
    return value * src[2] / dst[2]


def _precision(texts: list[str], src: list[Any], dst: list[Any], out: float, explicit: str | None) -> int:
    """Decimal places of the output, as Template:Convert documents its default rounding.

    The input's precision (decimals, or minus its non-significant zeros) goes up by one for a factor in
    [0.02, 0.2), stays for [0.2, 2), goes down by one for [2, 20), and so on; two significant figures
    are kept when that is more precise.
    """
    if explicit is not None and re.fullmatch(r"-?\d", explicit.strip()):
        return int(explicit)
    prec = min(_decimals(t) for t in texts)
    factor = 5 / 9 if src[1] == "temperature" and src[0] == "°F" else (
        9 / 5 if src[1] == "temperature" and dst[0] == "°F" else src[2] / dst[2])
    if src[1] != "temperature" and factor > 0:
        prec -= math.floor(math.log10(factor / 0.2) + 1e-9)
    if out:
        prec = max(prec, 1 - math.floor(math.log10(abs(out))))
    return prec


def _with_unit(number_text: str, symbol: str, spelled: bool, kwargs: dict[str, str]) -> str:
    """'925 ft', or with names '925 feet', '1 mile', '60-mile' (adj=on), 'meters' (sp=us)."""
    names = _units()["names"].get(symbol)
    if not spelled or names is None or symbol.startswith("°"):
        return f"{number_text} {symbol}"
    adjective = (kwargs.get("adj") or "").strip().lower() in ("on", "yes", "y")
    try:
        one = abs(_to_float(number_text.split()[-1].replace("−", "-"))) == 1
    except ValueError:
        one = False
    name = names[0] if (one or adjective) else names[1]
    if (kwargs.get("sp") or "").strip().lower() == "us":
        for uk, us in _units()["us_spelling"].items():
            name = name.replace(uk, us)
    return f"{number_text}-{name}" if adjective else f"{number_text} {name}"


def render_convert(args: list[str], kwargs: dict[str, str]) -> str:
    """'925 ft (282 m)'; ranges '1 to 2 km (0.62 to 1.24 mi)'; unknown units rendered as written.

    Units follow ``abbr``: by default the input unit is spelled out ('925 feet (282 m)'); abbr=on
    abbreviates both, abbr=off spells out both, abbr=in abbreviates only the input.
    """
    args = [a.strip() for a in args]
    abbr = (kwargs.get("abbr") or "").strip().lower()
    spell_in = abbr not in ("on", "in", "yes", "values", "~")
    spell_out = abbr in ("off", "in")
    if not args or not _is_number(args[0]):
        return " ".join(a for a in args if a)
    numbers = [args[0]]
    words = []
    i = 1
    range_words = _units()["range_words"]
    while i + 1 < len(args) and args[i] in range_words and _is_number(args[i + 1]):
        words.append(range_words[args[i]])
        numbers.append(args[i + 1])
        i += 2
    unit_name = args[i] if i < len(args) else ""
    src = _unit(unit_name)
    i += 1
    shown_in = (src[0] if src else unit_name)
    in_text = _join(numbers, words)
    # {{convert|6|ft|4|in|cm}}: a composite input (feet and inches).
    if src and i + 1 < len(args) and _is_number(args[i]) and (sub := _unit(args[i + 1])) and sub[1] == src[1]:
        total = _to_float(numbers[0]) * src[2] + _to_float(args[i]) * sub[2]
        in_text = (_with_unit(_grouped(numbers[0]), shown_in, spell_in, kwargs) + " "
                   + _with_unit(args[i], sub[0], spell_in, kwargs))
        i += 2
        dst = _unit(args[i]) if i < len(args) and args[i] else _unit(src[3])
        if dst is None:
            return in_text
        i += 1
        explicit = args[i] if i < len(args) else kwargs.get("round")
        out = total / dst[2]
        prec = _precision([args[i - 3]], sub, dst, out, explicit)
        return f"{in_text} ({_with_unit(_format(out, prec), dst[0], spell_out, kwargs)})"
    if src is None:
        return f"{in_text} {unit_name}".strip()
    targets: list[list[Any]] = []
    explicit = None
    if i < len(args) and args[i] and not re.fullmatch(r"-?\d", args[i]):
        for name in args[i].split():
            if (u := _unit(name)) is not None:
                targets.append(u)
        i += 1
    if i < len(args) and re.fullmatch(r"-?\d", args[i]):
        explicit = args[i]
    if not targets and (default := _unit(src[3])) is not None:
        targets.append(default)
    converted: list[str] = []
    named: list[str] = []
    for dst in targets:
        if dst[1] != src[1] and not (src[1].startswith("temperature") and dst[1].startswith("temperature")):
            continue
        outs = [_convert_value(_to_float(n), src, dst) for n in numbers]
        sig = kwargs.get("sigfig")
        if sig and sig.strip().isdigit() and outs[0]:
            prec = int(sig) - 1 - math.floor(math.log10(abs(outs[0])))
        else:
            prec = _precision(numbers, src, dst, outs[0], explicit)
        converted.append(_join([_format(o, prec) for o in outs], words) + " " + dst[0])
        named.append(_with_unit(_join([_format(o, prec) for o in outs], words), dst[0], spell_out, kwargs))
    first = f"{in_text} {shown_in}"
    first_named = _with_unit(in_text, shown_in, spell_in, kwargs)
    if not converted:
        return first
    disp = (kwargs.get("disp") or "").strip().lower()
    if disp in ("out", "output only"):
        return converted[0]
    if disp == "flip" or (kwargs.get("order") or "").strip().lower() == "flip":
        return f"{converted[0]} ({first})"
    if disp == "or":
        return f"{first_named} or {named[0]}"
    if disp in ("number only", "output number only"):
        return converted[0].rsplit(" ", 1)[0]
    return f"{first_named} ({'; '.join(named)})"


def _join(numbers: list[str], words: list[str]) -> str:
    out = _grouped(numbers[0])
    for word, number in zip(words, numbers[1:], strict=False):
        out += word + _grouped(number)
    return out


def _grouped(number: str) -> str:
    """'1250' -> '1,250' as Wikipedia shows input numbers; other forms kept as written."""
    if re.fullmatch(r"-?\d{4,}", number):
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        return ("−" if sign else "") + f"{int(digits):,}"
    return number.replace("-", "−") if number.startswith("-") else number


def render_coord(args: list[str]) -> str:
    """{{coord|40|44|54|N|73|59|08|W}} -> '40°44′54″N 73°59′08″W'; {{coord|40.7|-73.9}} -> '40.7°N 73.9°W'."""
    args = [a.strip() for a in args if a.strip() and "=" not in a and ":" not in a]
    for i, a in enumerate(args):
        if a.upper() in ("N", "S"):
            lat, rest = args[:i], args[i + 1:]
            for j, b in enumerate(rest):
                if b.upper() in ("E", "W"):
                    return f"{_dms(lat)}{a.upper()} {_dms(rest[:j])}{b.upper()}"
            break
    nums = [a for a in args if _is_number(a)]
    if len(nums) >= 2:
        north, east = _to_float(nums[0]) >= 0, _to_float(nums[1]) >= 0
        return (f"{nums[0].lstrip('-−')}°{'N' if north else 'S'} "
                f"{nums[1].lstrip('-−')}°{'E' if east else 'W'}")
    return ""


def _dms(parts: list[str]) -> str:
    marks = ["°", "′", "″"]
    return "".join(p + marks[k] for k, p in enumerate(parts[:3]))


def render_height(kwargs: dict[str, str]) -> str:
    """{{height|ft=5|in=11}} -> '5 ft 11 in (1.80 m)'; {{height|m=1.80}} -> '1.80 m (5 ft 11 in)'."""
    given = {u: kwargs[u].strip() for u in ("m", "cm", "ft", "in") if kwargs.get(u, "").strip()}
    try:
        if "m" in given or "cm" in given:
            metres = _to_float(given["m"]) if "m" in given else _to_float(given["cm"]) / 100
            inches = round(metres / 0.0254)
            shown = f"{given['m']} m" if "m" in given else f"{given['cm']} cm"
            return f"{shown} ({inches // 12} ft {inches % 12} in)"
        if "ft" in given or "in" in given:
            total_in = _to_float(given.get("ft", "0")) * 12 + _to_float(given.get("in", "0"))
            shown = " ".join(f"{given[u]} {u}" for u in ("ft", "in") if u in given)
            return f"{shown} ({total_in * 0.0254:.2f} m)"
    except ValueError:
        pass
    return " ".join(f"{v} {u}" for u, v in given.items())


def percentage(args: list[str]) -> str:
    """{{percentage|part|total|decimals}} -> '2.64%' (no decimals unless asked)."""
    try:
        part, total = _to_float(args[0]), _to_float(args[1])
        decimals = int(args[2]) if len(args) > 2 and args[2].strip().isdigit() else 0
    except (IndexError, ValueError):
        return ""
    return f"{part / total * 100:.{decimals}f}%" if total else ""

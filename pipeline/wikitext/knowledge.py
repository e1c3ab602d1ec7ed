"""Template knowledge read from ``pipeline/resources/wikitext/templates.json``: which template renders how."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.resources import load_json

# Render kinds, in the order a name is looked up.
LITERAL, DROP, LIST, CONVERT, COORD, URL, MARRIAGE, HEIGHT, NTH, PREFIX, DATE, INFOBOX, JOINED, PERCENT = (
    "literal", "drop", "list", "convert", "coord", "url", "marriage", "height", "nth", "prefix", "date",
    "infobox", "joined", "percent",
)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Kind:
    """How one template renders: the kind, plus its parameter (literal text, argument index, prefix)."""

    kind: str
    param: Any = None


@cache
def _data() -> dict[str, Any]:
    return load_json("wikitext/templates.json")


def canonical(name: str) -> str:
    """Lowercase name, 'Template:' dropped, underscores as spaces, aliases resolved."""
    key = " ".join(name.replace("_", " ").split()).lower()
    if key.startswith("template:"):
        key = key[len("template:"):].strip()
    return _data()["aliases"].get(key, key)


def is_infobox(name: str) -> bool:
    key = canonical(name)
    return key.startswith("infobox") or key in _infobox_like()


@cache
def _infobox_like() -> frozenset[str]:
    return frozenset(_data()["infobox_like"])


@cache
def _sets() -> dict[str, frozenset[str]]:
    d = _data()
    return {k: frozenset(d[k]) for k in ("drop", "lists", "convert", "coord", "url", "marriage", "height",
                                          "first_arg", "see_also_wrappers", "skip_sections", "skip_tags",
                                          "link_namespaces_drop", "list_keywords_skip", "block_templates",
                                          "small_caps")}


def names(table: str) -> frozenset[str]:
    """A named set from the data file (e.g. 'skip_sections', 'see_also_wrappers')."""
    return _sets()[table]


def date_list_step(key: str) -> int | None:
    """Arguments per date of a template listing several dates ({{film date}}: 4), else None."""
    return _data().get("date_lists", {}).get(key)


@cache
def kind_of(key: str, is_date: bool) -> Kind:
    """The render kind of a canonical template name; ``is_date`` says the dates module knows it."""
    d = _data()
    s = _sets()
    if key in d["literal"]:
        return Kind(LITERAL, d["literal"][key])
    if key.startswith("infobox") or key in _infobox_like():
        return Kind(INFOBOX)
    if key in s["drop"]:
        return Kind(DROP)
    if key in s["lists"]:
        return Kind(LIST)
    for table, kind in (("convert", CONVERT), ("coord", COORD), ("url", URL), ("marriage", MARRIAGE),
                        ("height", HEIGHT)):
        if key in s[table]:
            return Kind(kind)
    if key in d["prefix"]:
        return Kind(PREFIX, d["prefix"][key])
    if key in d["joined"]:
        return Kind(JOINED, d["joined"][key])
    if key in d["percentage"]:
        return Kind(PERCENT)
    if is_date and key in d["date_range_args"]:
        return Kind(DATE, -d["date_range_args"][key])  # negative: the second date starts there
    if is_date:
        return Kind(DATE, d["date_age_args"].get(key))
    if key in d["nth_arg"]:
        return Kind(NTH, d["nth_arg"][key])
    if key in s["first_arg"]:
        return Kind(NTH, 0)
    if key.startswith("lang-") or key.startswith("lang|"):
        return Kind(NTH, 0)
    if any(key.startswith(p) for p in d["drop_prefixes"]) or any(key.endswith(p) for p in d["drop_suffixes"]):
        return Kind(DROP)
    if key.startswith("#") or ":" in key:
        return Kind(DROP)  # parser functions, magic words with arguments ({{DEFAULTSORT:...}}), subst:
    return Kind(UNKNOWN)


def caption_params(key: str) -> tuple[str, ...]:
    """The parameter-name prefixes that hold captions in an image template ("caption", "footer"), or ()."""
    words = _data().get("caption_templates", {}).get(key, ())
    return tuple(words) if isinstance(words, list) else ()


def parenthetical(key: str) -> dict[str, list[str]] | None:
    """How a template that shows "first (others, …) after" is laid out (inside/after argument refs), or None."""
    spec = _data().get("parenthetical_templates", {}).get(key)
    return spec if isinstance(spec, dict) else None

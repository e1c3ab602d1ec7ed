"""Infobox values that are lists keep their items, also with a single item; plain text is no list."""

from __future__ import annotations

import mwparserfromhell
import pytest

from pipeline.article import RawField
from pipeline.wikitext.infobox import render_field


def _field(wikitext: str) -> RawField:
    return render_field(mwparserfromhell.parse(wikitext, skip_style_tags=True), "x")[0]


@pytest.mark.parametrize("wikitext", [
    "* [[Detroit Red Wings]]", "\n* [[Detroit Red Wings]]\n", "{{plainlist|\n* [[Detroit Red Wings]]\n}}",
    "{{ubl|Detroit Red Wings}}", "{{unbulleted list|[[Detroit Red Wings]]}}", "[[Detroit Red Wings]]<br>",
    "<br />Detroit Red Wings",
])
def test_one_item_lists_have_that_item(wikitext: str) -> None:
    field = _field(wikitext)
    assert field.value == "Detroit Red Wings" and field.items == ["Detroit Red Wings"]


@pytest.mark.parametrize("wikitext", ["[[Detroit Red Wings]]", "Detroit {{small|(NHL)}}", "{{birth date|1965|5|9}}",
                                      "1,518 (.311)"])
def test_plain_values_are_no_list(wikitext: str) -> None:
    assert _field(wikitext).items == []


def test_several_items_and_film_releases() -> None:
    assert _field("A<br>B<br/>C").items == ["A", "B", "C"]
    field = _field("{{Film date|df=y|2001|11|4|Odeon Leicester Square|2001|11|16|United Kingdom}}")
    assert field.items == ["4 November 2001 (Odeon Leicester Square)", "16 November 2001 (United Kingdom)"]
    assert [d.start for d in field.dates] == ["2001-11-04", "2001-11-16"]
    assert _field("{{film date|2001|11|4}}").items == []

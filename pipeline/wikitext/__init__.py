"""Wikitext reader: a MediaWiki page parsed once with mwparserfromhell into a ``ParsedArticle``.

The only package that imports mwparserfromhell. ``render_value`` renders one infobox value.
"""

from __future__ import annotations

import mwparserfromhell
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from pipeline.article import ParsedArticle, RawField, RawInfobox
from pipeline.limits import Limits
from pipeline.wikitext.body import Body, read_body
from pipeline.wikitext.guard import defuse
from pipeline.wikitext.infobox import find_infoboxes, join_parts, read_infobox, render_field
from pipeline.wikitext.lift import parse_lifted_sized
from schemas.record import RecordWarning

__all__ = ["parse_wikitext", "render_value"]


def render_value(raw_wikitext: str) -> RawField:
    """One infobox value as plain text with its items, link targets and exact dates."""
    field, _ = render_field(_parse(raw_wikitext, [])[0], label="")
    return field


def parse_wikitext(text: str, page_title: str | None = None, file_title: str = "Untitled",
                   limits: Limits | None = None) -> ParsedArticle:
    """Parse a wikitext page: title, infoboxes, sections, paragraphs, categories and "See also"."""
    limits = limits or Limits()
    warnings: list[RecordWarning] = []
    code, lengths = _parse(text, warnings)
    infoboxes: list[RawInfobox] = []
    name_plain = False
    try:
        for i, node in enumerate(find_infoboxes(code, limits.max_template_depth)):
            box, plain_name = read_infobox(node, limits, warnings)
            infoboxes.append(box)
            if i == 0:
                name_plain = plain_name
    except RecursionError:
        warnings.append(RecordWarning(code="template_depth", message=(
            "infobox markup is nested too deeply to render; the infoboxes read so far were kept")))
    infoboxes = join_parts(infoboxes)
    try:
        body = read_body(code, limits.max_template_depth, lengths)
    except RecursionError:
        body = Body()
        warnings.append(RecordWarning(code="template_depth", message=(
            "the page body is nested too deeply to render; its prose was skipped")))
    if body.depth_exceeded:
        warnings.append(RecordWarning(code="template_depth", message=(
            f"templates nested deeper than {limits.max_template_depth} in the body were not rendered "
            "(Limits.max_template_depth)")))
    if page_title:
        title, title_from = page_title, "page"
    elif infoboxes and name_plain and infoboxes[0].name:
        title, title_from = infoboxes[0].name, "infobox_name"
    else:
        title, title_from = file_title, "file_name"
    return ParsedArticle(
        title=title, title_from=title_from, infoboxes=infoboxes, sections=body.sections,
        paragraphs=body.paragraphs, see_also=body.see_also, categories=body.categories, warnings=warnings,
    )


def _parse(text: str, warnings: list[RecordWarning]) -> tuple[Wikicode, list[int] | None]:
    """The tree of ``text`` and its top-level nodes' source lengths when the parse computed them."""
    text, notes = defuse(text)
    if notes:
        warnings.append(RecordWarning(code="markup_defused", message=(
            f"runaway markup read as text so that parsing stays fast: {'; '.join(notes)}")))
    try:
        # Bold/italic markup is left as text: its tokenizer backtracks on unbalanced quotes and can then
        # swallow whole templates and headings (e.g. ''…</small> inside an infobox).
        # mwparserfromhell.parse(text, skip_style_tags=True), <ref> bodies unbuilt
        return parse_lifted_sized(text)
    except (ParserError, RecursionError) as exc:
        warnings.append(RecordWarning(code="wikitext_unparsed", message=(
            f"the wikitext could not be parsed ({type(exc).__name__}); it was read as plain text")))
        return mwparserfromhell.wikicode.Wikicode([mwparserfromhell.nodes.Text(text)]), None

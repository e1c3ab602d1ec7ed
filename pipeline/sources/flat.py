"""Reader for the flattened plain-text rendering: ``= Title =``, infobox lines, ``==Section==``, ``- item``."""

from __future__ import annotations

import re

from pipeline.article import Paragraph, ParsedArticle, RawField, RawInfobox

# Title and heading patterns are unambiguous (the title starts and ends with a non-space): the lazy ".*?"
# versions were cubic on a line of "=" and thousands of spaces.
_TITLE = re.compile(r"^=[ \t]*(?P<title>[^=\s](?:[^\n]*[^\s])?)[ \t]*=[ \t]*$")
_HEADING = re.compile(r"^(?P<eq>={2,6})[ \t]*(?P<title>[^=\s](?:[^\n]*[^\s])?)[ \t]*(?P=eq)[ \t]*$")
_INFOBOX_LINE = re.compile(r"^- (?P<label>[^:\n]{1,120}?):(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_ITEM = re.compile(r"^[-*][ \t]+(?P<text>.*?)[ \t]*$")

SEE_ALSO = "see also"


def parse_flat(text: str, fallback_title: str) -> ParsedArticle:
    """Parse the flat rendering; offsets in paragraphs point into ``text`` exactly."""
    lines = _lines_with_offsets(text)
    i = 0
    title, title_from = fallback_title, "file_name"
    while i < len(lines) and not lines[i][1].strip():
        i += 1
    if i < len(lines) and (m := _TITLE.match(lines[i][1])):
        title, title_from = m.group("title").strip(), "heading"
        i += 1
    article = ParsedArticle(title=title, title_from=title_from)
    i = _read_infobox(lines, i, article)

    section: str | None = None
    for offset, line in lines[i:]:
        stripped = line.strip()
        if not stripped:
            continue
        if m := _HEADING.match(stripped):
            section = m.group("title").strip()
            article.sections.append((section, len(m.group("eq"))))
            continue
        item = _ITEM.match(stripped)
        if item and section is not None and section.lower() == SEE_ALSO:
            article.see_also.append(item.group("text"))
            continue
        body = item.group("text") if item else stripped
        start = offset + line.index(body)
        article.paragraphs.append(Paragraph(text=body, section=section, anchors=[(0, start)]))
    return article


def _read_infobox(lines: list[tuple[int, str]], i: int, article: ParsedArticle) -> int:
    """Read the name line and the ``- Key: Value`` block that follows it, if there is one."""
    j = i
    while j < len(lines) and not lines[j][1].strip():
        j += 1
    if j + 1 >= len(lines) or _INFOBOX_LINE.match(lines[j][1]) or not _INFOBOX_LINE.match(lines[j + 1][1]):
        return i
    infobox = RawInfobox(template=None, name=lines[j][1].strip())
    j += 1
    while j < len(lines) and (m := _INFOBOX_LINE.match(lines[j][1])):
        value = (m.group("value") or "").strip()
        if value:
            infobox.fields.append(RawField(label=m.group("label").strip(), value=value))
        j += 1
    article.infoboxes.append(infobox)
    return j


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out

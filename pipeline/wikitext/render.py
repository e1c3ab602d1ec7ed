"""Wikitext nodes to plain text: links to labels, refs and comments dropped, known templates rendered.

One renderer serves infobox values (``mode="value"``: line breaks kept, list items and dates collected)
and prose (``mode="prose"``: source offsets tracked, list items and blank lines break paragraphs).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from pipeline.article import CELL_SEPARATOR, LinkSpan
from pipeline.wikitext import knowledge as kb
from pipeline.wikitext.convert import percentage, render_convert, render_coord, render_height
from pipeline.wikitext.dates import age_suffix, date_text, is_date_template, template_date, ymd_text
from pipeline.wikitext.textbuf import TextBuilder
from schemas.record import DateValue

_ABBREVIATION = re.compile(r"[a-z]{1,4}")
"""A small-caps template's lower-case abbreviation ({{sc|bc}}): shown, and rendered, in capitals."""
_STYLE = re.compile(r"'{2,}|__[A-Z]{3,20}__")
_LOOSE_BR = re.compile(r"<\s*/?\s*br\s*/?\s*>", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^\s*(?:\[[^\]]{1,12}\]|[a-z]|note \d+|nb \d+)\s*$", re.IGNORECASE)
_NEWLINES = re.compile(r"(?<![ \t])[ \t]*\n(?:[ \t]*\n)*[ \t]*")  # starts at a run start: linear
_SCHEME = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,8})?$")
_END_WORDS = {"div": "div.", "divorced": "div.", "sep": "sep.", "separated": "sep.", "d": "died", "died": "died",
              "annulled": "annulled", "ann": "annulled", "ann.": "annulled"}
_LIST_MARKUP = {"*", "#", ";", ":"}


@dataclass
class RenderContext:
    """What rendering collects besides text: link targets, exact dates, list items, problems."""

    mode: str = "value"
    max_depth: int = 100
    depth: int = 0
    links: list[str] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    list_items: list[str] = field(default_factory=list)
    list_depth: int = 0
    depth_exceeded: bool = False
    in_table: bool = False
    list_markup: bool = False
    """A bullet or a line break was rendered: the value is a list even when it has one item."""

    @property
    def prose(self) -> bool:
        return self.mode == "prose"


def template_name(node: Template) -> str:
    """The template's name as written, comments and surrounding space removed."""
    name = node.name
    if any(isinstance(n, Comment) for n in name.nodes):
        return "".join(str(n) for n in name.nodes if not isinstance(n, Comment)).strip()
    return str(name).strip()


def link_target(title: str) -> str:
    """Article title a link points to: fragment dropped, underscores as spaces, first letter upper case."""
    t = title.strip().lstrip(":").split("#", 1)[0].replace("_", " ")
    t = " ".join(t.split())
    return t[:1].upper() + t[1:] if t else ""


def plain(code: Wikicode, ctx: RenderContext | None = None) -> str:
    """A small piece of wikitext (a heading, a template argument) as one line of plain text."""
    builder = TextBuilder()
    render(code, 0, builder, ctx or RenderContext())
    return " ".join(builder.lines())


def render(code: Wikicode, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    """Render every node of ``code``; ``pos`` is the source offset of its first character (prose only)."""
    track = out.track
    for node in code.nodes:
        if isinstance(node, Text):
            _text(node.value, pos, out)
            if track:
                pos += len(node.value)
            continue
        render_node(node, pos, out, ctx)
        if track:
            pos += len(str(node))


def _text(value: str, pos: int, out: TextBuilder) -> None:
    if "''" in value or "__" in value:  # bold/italic quotes (skip_style_tags) and __NOTOC__-like switches
        last = 0
        for m in _STYLE.finditer(value):
            _lines(value[last:m.start()], pos + last, out)
            quotes = len(m.group()) if m.group()[0] == "'" else 0
            # Two or five quotes open or close italics; three are bold, except that in open italics they are an
            # apostrophe and the closing quotes: ''Star'''s performance.
            if quotes == 2 or quotes >= 5 or (quotes == 3 and out.italic_from is not None):
                out.toggle_italic()
            last = m.end()
        _lines(value[last:], pos + last, out)
        return
    _lines(value, pos, out)


def _lines(value: str, pos: int, out: TextBuilder) -> None:
    if "<" in value and (m := _LOOSE_BR.search(value)):  # '<br/ >' and the like, left as text by the parser
        _lines(value[:m.start()], pos, out)
        out.brk() if out.track is False else out.add(" ", pos + m.start())
        _lines(value[m.end():], pos + m.end(), out)
        return
    if "\n" not in value:
        out.add(value, pos)
        return
    last = 0
    for m in _NEWLINES.finditer(value):
        out.add(value[last:m.start()], pos + last)
        if m.group().count("\n") > 1 or out.in_item:
            out.brk()
        else:
            out.close_italic()  # italics end with their line
            out.add(" ", pos + m.start())
        last = m.end()
        if out.track and value.startswith("{|", last):  # a table the parser could not read: skipped
            out.brk()
            out.suppress += 1
        elif out.suppress and value.startswith("|}", last):
            out.suppress -= 1
            last += 2
    out.add(value[last:], pos + last)


def render_node(node: Node, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    if isinstance(node, Template):
        _template(node, pos, out, ctx)
    elif isinstance(node, Wikilink):
        _wikilink(node, pos, out, ctx)
    elif isinstance(node, Tag):
        _tag(node, pos, out, ctx)
    elif isinstance(node, ExternalLink):
        _external(node, pos, out, ctx)
    elif isinstance(node, HTMLEntity):
        try:
            char = node.normalize()
        except ValueError:
            char = str(node)
        out.add(" " if char in ("\xa0", "\u2009", "\u202f") else char, pos)
    elif isinstance(node, Heading):
        out.brk()
        render(node.title, pos + node.level, out, ctx)
        out.brk()
    elif isinstance(node, Argument):
        if node.default is not None:
            render(node.default, pos + 3 + len(str(node.name)) + 1 if out.track else 0, out, ctx)
    elif isinstance(node, Text):
        _text(node.value, pos, out)
    # Comments and anything else: nothing.


def _wikilink(node: Wikilink, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    title = str(node.title)
    stripped = title.strip()
    colon = stripped.startswith(":")
    ns, sep, rest = stripped.lstrip(":").partition(":")
    ns_key = ns.strip().lower()
    if sep and not colon:
        if ns_key == "category":
            ctx.categories.append(" ".join(rest.split("|")[0].replace("_", " ").split()))
            return
        if ns_key in ("file", "image", "media"):
            if ctx.prose and out.track and node.text is not None:
                _caption(node, pos + 2 + len(title) + 1, out, ctx)
            return
        if node.text is None and _LANG_CODE.match(ns_key):
            return  # interlanguage link
    internal = not (sep and ns_key in kb.names("link_namespaces_drop")) and not stripped.startswith("#")
    target = link_target(stripped) if internal else ""
    start = out.size
    if node.text is not None and str(node.text).strip():
        render(node.text, pos + 2 + len(title) + 1 if out.track else 0, out, ctx)
    else:
        shown = stripped.lstrip(":")
        at = pos + 2 + title.find(shown) if out.track else 0
        if "&" in shown:
            shown = html.unescape(shown).replace("\xa0", " ")
        out.add(shown, at)
    if target:
        ctx.links.append(target)
        if out.track and out.size > start:
            out.links.append(LinkSpan(start, out.size, target))


def _external(node: ExternalLink, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    if node.brackets:
        if node.title is not None and str(node.title).strip():
            url_len = len(str(node.url))
            offset = pos + 1 + url_len + (0 if node.suppress_space else 1) if out.track else 0
            render(node.title, offset, out, ctx)
        return
    if not ctx.prose:
        out.add(str(node.url), pos)


def _tag_content_offset(node: Tag) -> int:
    attrs = sum(len(str(a)) for a in node.attributes)
    if node.wiki_markup:
        return len(node.wiki_markup) + attrs + len(node.padding or "") + len(node.wiki_style_separator or "")
    return (2 if node.invalid else 1) + len(str(node.tag)) + attrs + len(node.padding) + 1


def _tag(node: Tag, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    markup = node.wiki_markup
    tag = str(node.tag).strip().lower()
    if tag == "table" and ctx.prose and out.track and not ctx.in_table:
        _table(node, pos, out, ctx)  # each row a paragraph of its own (context "table")
        return
    if markup:
        if markup in _LIST_MARKUP:
            ctx.list_markup = True
            out.start_item()
            return
        if markup.startswith("{|") or markup.startswith("|") or markup.startswith("!"):
            return  # tables (and stray cells)
        if markup.startswith("-"):
            out.brk()
            return
    if tag == "gallery" and ctx.prose and out.track and not node.self_closing:
        _gallery(node, pos + _tag_content_offset(node), out, ctx)
        return
    if tag == "br":
        if ctx.prose:
            out.add(" ", pos)
        else:
            ctx.list_markup = True
            out.brk()
        return
    if tag in kb.names("skip_tags"):
        return
    if tag == "li":
        out.start_item()
    if node.self_closing:
        if tag in ("hr", "p"):
            out.brk()
        return
    offset = pos + _tag_content_offset(node) if out.track else 0
    if tag == "sup" and _NOTE_MARK.match(str(node.contents)):
        return  # a footnote mark such as <sup>a</sup> or <sup>[1]</sup>
    if tag == "nowiki":
        out.add(str(node.contents), offset)
        return
    if tag in ("p", "div", "blockquote", "center") and ctx.prose:
        out.brk()
        render(node.contents, offset, out, ctx)
        out.brk()
        return
    render(node.contents, offset, out, ctx)


_Args = list[tuple[Wikicode, int]]
_Kwargs = dict[str, tuple[Wikicode, int]]


def _params(node: Template, pos: int, track: bool) -> tuple[_Args, _Kwargs]:
    """Positional arguments (in order, explicit numbers honoured) and named ones, with source offsets."""
    positional: dict[int, tuple[Wikicode, int]] = {}
    named: dict[str, tuple[Wikicode, int]] = {}
    at = pos + 2 + len(str(node.name)) + 1 if track else 0
    counter = 0
    for param in node.params:
        value_at = at
        if param.showkey:
            key = str(param.name).strip()
            if track:
                value_at = at + len(str(param.name)) + 1
            if key.isdigit():
                positional[int(key) - 1] = (param.value, value_at)
            else:
                named[key.lower()] = (param.value, value_at)
        else:
            positional[counter] = (param.value, value_at)
            counter += 1
        if track:
            at += len(str(param)) + 1
    ordered = [positional[i] for i in sorted(positional)] if positional else []
    return ordered, named


def _template(node: Template, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    raw_name = template_name(node)
    key = kb.canonical(raw_name)
    if not key:
        return
    if ctx.prose and out.track and (caption_words := kb.caption_params(key)):
        _template_captions(node, pos, caption_words, out, ctx)  # {{multiple image|caption1=…}}
        return
    if (layout := kb.parenthetical(key)) is not None:
        _parenthetical(node, pos, layout, out, ctx)  # {{nihongo|Name|kanji|romaji|extra=…}}
        return
    kind = kb.kind_of(key, _is_date(key))
    if kind.kind in (kb.DROP, kb.INFOBOX):
        return
    if kind.kind == kb.LITERAL:
        if kind.param == "\n":
            out.brk()
        else:
            out.add(kind.param, pos)
        return
    if ctx.depth >= ctx.max_depth:
        ctx.depth_exceeded = True
        return
    block = ctx.prose and key in kb.names("block_templates")
    if block:  # a block quotation is a paragraph of its own
        out.brk()
    ctx.depth += 1
    try:
        _template_kind(node, raw_name, key, kind, pos, out, ctx)
    finally:
        ctx.depth -= 1
    if block:
        out.brk()


def _date_list(raw_name: str, args: list[str], kw: dict[str, str], step: int, pos: int, out: TextBuilder,
               ctx: RenderContext) -> None:
    """{{film date|2001|11|4|Odeon|2001|11|16|UK}}: one line per date, its place in brackets, as items."""
    lines: list[str] = []
    for start in range(0, len(args), step):
        group = args[start:start + step]
        value = template_date(raw_name, group[:step - 1], kw)
        text = date_text(value, group[:step - 1], kw)
        if not text:
            continue
        if value is not None:
            ctx.dates.append(value)
        place = group[step - 1].strip() if len(group) >= step else ""
        lines.append(f"{text} ({place})" if place else text)
    for i, line in enumerate(lines):
        if i:
            out.brk()
        out.add(line, pos)
    if len(lines) > 1:
        ctx.list_items.extend(lines)


_BARE_ABBREVIATIONS = frozenset({"circa", "circa.", "c.", "c", "ca.", "ca", "floruit", "fl.", "fl"})
"""Prefix templates that show their abbreviation alone when called without an argument ({{circa}}, {{fl.}})."""


def _is_date(key: str) -> bool:
    return is_date_template(key)


def _template_kind(node: Template, raw_name: str, key: str, kind: kb.Kind, pos: int, out: TextBuilder,
                   ctx: RenderContext) -> None:
    args, kwargs = _params(node, pos, out.track)
    k = kind.kind
    if k == kb.LIST:
        _list(args, kwargs, out, ctx)
    elif k == kb.NTH:
        if args:  # {{lang|fr|text}} gives its second argument; with one argument, that one
            code, at = args[min(kind.param, len(args) - 1)]  # -1: the last argument
            if key in kb.names("small_caps") and _ABBREVIATION.fullmatch(text := str(code)):
                out.add(text.upper(), at)  # {{sc|bc}} shows "BC"
            else:
                render(code, at, out, ctx)
    elif k == kb.PREFIX:
        if args:
            text_args = _texts(args, ctx)
            if all(a.strip().isdigit() for a in text_args[:3]) and len(text_args) > 1:
                prefix = kind.param.lower() if _kw_texts(kwargs, ctx).get("lc", "").strip() else kind.param
                out.add(prefix + ymd_text(text_args), pos)
            else:
                out.add(kind.param, pos)
                render(args[0][0], args[0][1], out, ctx)
            value = template_date(raw_name, text_args, _kw_texts(kwargs, ctx)) if _is_date(key) else None
            if value is not None:
                ctx.dates.append(value)
        elif key in _BARE_ABBREVIATIONS:
            out.add(kind.param.rstrip(), pos)  # "{{circa}} 1800 BC": without an argument the template shows "c."
    elif k == kb.DATE:
        text_args = _texts(args, ctx)
        kw = _kw_texts(kwargs, ctx)
        if (step := kb.date_list_step(key)) and len(text_args) > step - 1 and not ctx.prose:
            _date_list(raw_name, text_args, kw, step, pos, out, ctx)
            return
        value = template_date(raw_name, text_args, kw)
        if value is not None:
            ctx.dates.append(value)
        if kind.param is not None and kind.param < 0:  # {{start and end dates|y|m|d|y|m|d}}
            split = -kind.param
            text = date_text(value, text_args[:split], kw)
            if end := date_text(None, text_args[split:split + 3], kw):
                text += " – " + end
        elif kind.param is not None:  # {{death date and age|y|m|d|birth y|m|d}}
            text = date_text(value, text_args[:kind.param], kw) + age_suffix(text_args, kind.param, value)
        else:
            text = date_text(value, text_args, kw)
        out.add(text, pos)
    elif k == kb.CONVERT:
        kw = _kw_texts(kwargs, ctx)
        if raw_name.strip().lower() == "cvt":
            kw.setdefault("abbr", "on")  # {{cvt}} is {{convert}} with abbreviated units
        out.add(render_convert(_texts(args, ctx), kw), pos)
    elif k == kb.COORD:
        if not ctx.prose:  # in prose a coordinate is page furniture, not part of a sentence
            out.add(render_coord(_texts(args, ctx)), pos)
    elif k == kb.URL:
        texts = _texts(args, ctx)
        if len(texts) > 1 and texts[1].strip():
            out.add(texts[1].strip(), pos)
        elif texts:
            out.add(_SCHEME.sub("", texts[0].strip()).rstrip("/"), pos)
    elif k == kb.JOINED:  # {{frac|3|1|2}} -> '3 1/2'; {{section link|Page|Part}} -> 'Page § Part'
        texts = [t for t in _texts(args, ctx) if t]
        if key in ("frac", "fraction", "sfrac") and len(texts) == 3:
            out.add(f"{texts[0]} {texts[1]}/{texts[2]}", pos)
        else:
            out.add(kind.param.join(texts), pos)
    elif k == kb.PERCENT:  # {{percentage|3123|118251|2}} -> '2.64%'
        out.add(percentage(_texts(args, ctx)), pos)
    elif k == kb.MARRIAGE:
        _marriage(args, kwargs, pos, out, ctx)
    elif k == kb.HEIGHT:
        out.add(render_height(_kw_texts(kwargs, ctx)), pos)
    else:  # unknown
        if ctx.prose:
            return
        ctx.unknown.append(raw_name)
        if args:
            render(args[0][0], args[0][1], out, ctx)


def _texts(args: list[tuple[Wikicode, int]], ctx: RenderContext) -> list[str]:
    return [_sub_text(code, ctx) for code, _ in args]


def _kw_texts(kwargs: dict[str, tuple[Wikicode, int]], ctx: RenderContext) -> dict[str, str]:
    return {k: _sub_text(code, ctx) for k, (code, _) in kwargs.items()}


def _sub_text(code: Wikicode, ctx: RenderContext) -> str:
    builder = TextBuilder()
    sub = RenderContext(mode="value", max_depth=ctx.max_depth, depth=ctx.depth, list_depth=1)
    render(code, 0, builder, sub)
    ctx.unknown.extend(sub.unknown)
    ctx.depth_exceeded |= sub.depth_exceeded
    return " ".join(builder.lines())


def _list(args: _Args, kwargs: _Kwargs, out: TextBuilder, ctx: RenderContext) -> None:
    """List templates: every positional argument (or bullet line inside one) is an item."""
    codes = list(args)
    if not codes and "content" in kwargs:
        codes = [kwargs["content"]]
    if ctx.prose:
        for code, at in codes:
            out.start_item()
            render(code, at, out, ctx)
        out.brk()
        return
    items: list[str] = []
    ctx.list_depth += 1
    try:
        for code, _ in codes:
            builder = TextBuilder()
            render(code, 0, builder, ctx)
            items.extend(builder.lines())
    finally:
        ctx.list_depth -= 1
    if ctx.list_depth == 0:
        ctx.list_items.extend(items)
    out.brk()
    for item in items:
        out.add(item, 0)
        out.brk()


def _marriage(args: _Args, kwargs: _Kwargs, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    """{{marriage|Name|1950|1960|end=div.}} -> 'Name (m. 1950; div. 1960)'."""
    if not args:
        return
    texts = _texts(args, ctx)
    text = texts[0].strip()
    if len(texts) > 1 and texts[1].strip():
        text += f" (m. {texts[1].strip()}"
        if len(texts) > 2 and texts[2].strip():
            end_word = _kw_texts(kwargs, ctx).get("end", "").strip()
            end_word = _END_WORDS.get(end_word.lower(), end_word)
            text += f"; {end_word} {texts[2].strip()}" if end_word else f"–{texts[2].strip()}"
        text += ")"
    out.add(text, pos)


_CELL_TAGS = frozenset({"td", "th"})
_ROW_TAGS = frozenset({"tr"})
_IMAGE_OPTION = re.compile(
    r"^\s*(?:thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|upright(?:\s*=.*)?"
    r"|baseline|middle|sub|super|text-top|text-bottom|top|bottom|(?:\d+(?:x\d+)?|x\d+)\s*px"
    r"|(?:alt|link|page|class|lang|thumbtime|start|end)\s*=.*)\s*$", re.IGNORECASE | re.DOTALL)
_SHOWN_CAPTION = frozenset({"thumb", "thumbnail", "frame", "framed"})


def _span(cell: Tag, name: str) -> int:
    """A cell's rowspan or colspan (1 when absent or unreadable)."""
    for attr in cell.attributes:
        if str(attr.name).strip().lower() == name:
            digits = "".join(c for c in str(attr.value) if c.isdigit())
            return max(1, min(int(digits), 1000)) if digits else 1
    return 1


def _table(node: Tag, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    """A table in prose: every row becomes one paragraph of context "table" (its cells' plain text joined by
    " | ", a cell spanning rows repeated in each), the caption one of context "caption"; header rows (only
    header cells) are left out."""
    rows: list[list[tuple[Tag, int]]] = []
    loose: list[tuple[Tag, int]] = []  # cells before the first "|-" (a header row without its own marker)
    at = pos + _tag_content_offset(node)
    for child in node.contents.nodes:
        if isinstance(child, Tag):
            name = str(child.tag).strip().lower()
            if name in _ROW_TAGS:
                if loose:
                    rows.append(loose)
                    loose = []
                inner = at + _tag_content_offset(child)
                cells = []
                for cell in child.contents.nodes:
                    if isinstance(cell, Tag) and str(cell.tag).strip().lower() in _CELL_TAGS:
                        cells.append((cell, inner))
                    inner += len(str(cell))
                rows.append(cells)
            elif name in _CELL_TAGS and _caption_cell(child):
                _table_caption(child, at, out, ctx)
            elif name in _CELL_TAGS:
                loose.append((child, at))
            elif name == "caption":
                out.set_context("caption")
                _render_inside(child, at, out, ctx)
        at += len(str(child))
    if loose:
        rows.append(loose)
    carried: dict[int, tuple[Tag, int, int]] = {}  # column -> (cell, its offset, rows it still spans)
    ctx.in_table = True
    out.hold += 1
    try:
        for cells in rows:
            if cells and all(str(cell.tag).strip().lower() == "th" for cell, _ in cells):
                continue  # a header row names the columns ("Year | Title", "Dec 2015 | Dec 2016"): no event
            out.hold -= 1
            out.set_context("table")
            out.hold += 1
            carried = _row(cells, carried, out, ctx)
    finally:
        out.hold -= 1
        ctx.in_table = False
    out.set_context("prose")


def _caption_cell(node: Tag) -> bool:
    """The table's caption line ``|+ Results since 2017``: mwparserfromhell reads it as a cell ("|") whose text
    starts with "+"."""
    if node.wiki_markup != "|" or str(node.tag).strip().lower() != "td":
        return False
    if node.attributes and str(node.attributes[0].name).strip() == "+":
        return True  # '|+ style="…" | Caption': the "+" is read as the first attribute
    nodes = node.contents.nodes
    return bool(nodes) and isinstance(nodes[0], Text) and nodes[0].value.startswith("+")


def _table_caption(node: Tag, at: int, out: TextBuilder, ctx: RenderContext) -> None:
    """A ``|+`` caption line as a paragraph of context "caption", without its "+" (not a cell of the header row)."""
    out.set_context("caption")
    pos = at + _tag_content_offset(node)
    nodes = list(node.contents.nodes)
    if nodes and isinstance(nodes[0], Text) and nodes[0].value.startswith("+"):
        first = nodes.pop(0)
        assert isinstance(first, Text)
        _text(first.value[1:], pos + 1, out)
        pos += len(first.value)
    for child in nodes:
        render_node(child, pos, out, ctx)
        pos += len(str(child))
    out.brk()


def _row(cells: list[tuple[Tag, int]], carried: dict[int, tuple[Tag, int, int]], out: TextBuilder,
         ctx: RenderContext) -> dict[int, tuple[Tag, int, int]]:
    """Render one row's cells (and the cells above that span into it) in column order; what spans on."""
    still: dict[int, tuple[Tag, int, int]] = {}
    column, has_text = 0, False
    queue = list(cells)
    while queue or any(c >= column for c in carried):
        if column in carried:
            cell, at, left = carried[column]
        elif queue:
            cell, at = queue.pop(0)
            left = _span(cell, "rowspan")
        else:
            column = min(c for c in carried if c >= column)
            continue
        before = out.mark()
        if has_text:
            out.add(CELL_SEPARATOR, at)
        inside = out.mark()
        _render_inside(cell, at, out, ctx)
        if out.added_text_since(inside):
            has_text = True
        else:
            out.rewind(before)  # an empty cell: no separator for it
        if left > 1:
            still[column] = (cell, at, left - 1)
        column += _span(cell, "colspan")
    return still


def _render_inside(node: Tag, at: int, out: TextBuilder, ctx: RenderContext) -> None:
    render(node.contents, at + _tag_content_offset(node), out, ctx)


def _caption(node: Wikilink, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    """The caption of a framed image ([[File:X.jpg|thumb|The fire of 1990]]) as a paragraph of context "caption":
    the last argument that is no display option; nothing for inline images, whose text is not shown."""
    assert node.text is not None
    _caption_of(node.text, pos, out, ctx, framed_only=True)


def _gallery(node: Tag, pos: int, out: TextBuilder, ctx: RenderContext) -> None:
    """<gallery>: each line "File:X.jpg|options|Caption" gives its caption as a "caption" paragraph."""
    import mwparserfromhell  # the reader's parser; gallery lines are left unparsed inside the tag

    at = pos
    for line in str(node.contents).split("\n"):
        bar = line.find("|")
        if bar >= 0 and line[bar + 1:].strip():
            _caption_of(mwparserfromhell.parse(line[bar + 1:], skip_style_tags=True), at + bar + 1, out, ctx,
                        framed_only=False)
        at += len(line) + 1


def _template_captions(node: Template, pos: int, words: tuple[str, ...], out: TextBuilder,
                       ctx: RenderContext) -> None:
    """{{multiple image|caption1=…|caption2=…|footer=…}}: each caption a paragraph of context "caption"."""
    _, named = _params(node, pos, out.track)
    for name, (code, at) in named.items():
        if name.startswith(words) and str(code).strip():
            out.set_context("caption")
            render(code, at, out, ctx)
    out.set_context("prose")


def _caption_of(code: Wikicode, pos: int, out: TextBuilder, ctx: RenderContext, framed_only: bool) -> None:
    """The last "|"-separated argument of ``code`` that is no display option, as a "caption" paragraph;
    with ``framed_only``, only when an argument asks for a frame (thumb, frame)."""
    segments: list[list[tuple[Node | str, int]]] = [[]]
    at = pos
    for child in code.nodes:
        if isinstance(child, Text) and "|" in child.value:
            pieces = child.value.split("|")
            for k, piece in enumerate(pieces):
                if k:
                    segments.append([])
                if piece:
                    segments[-1].append((piece, at))
                at += len(piece) + 1
            at -= 1
        else:
            segments[-1].append((child, at))
            at += len(str(child))
    plain_args = ["".join(str(n) for n, _ in seg).strip().lower() for seg in segments]
    if framed_only and not _SHOWN_CAPTION & set(plain_args):
        return
    caption = next((seg for seg, text in zip(reversed(segments), reversed(plain_args), strict=True)
                    if text and not _IMAGE_OPTION.match(text)), None)
    if caption is None:
        return
    out.set_context("caption")
    for part, part_at in caption:
        if isinstance(part, str):
            _text(part, part_at, out)
        else:
            render_node(part, part_at, out, ctx)
    out.set_context("prose")


def _parenthetical(node: Template, pos: int, layout: dict[str, list[str]], out: TextBuilder,
                   ctx: RenderContext) -> None:
    """First argument, then the layout's "inside" arguments in parentheses (comma-separated), then "after"."""
    args, kwargs = _params(node, pos, out.track)

    def pick(refs: list[str]) -> list[tuple[Wikicode, int]]:
        found = []
        for ref in refs:
            got = (args[int(ref) - 1] if ref.isdigit() and 0 < int(ref) <= len(args) else kwargs.get(ref))
            if got is not None and str(got[0]).strip():
                found.append(got)
        return found

    if args:
        render(args[0][0], args[0][1], out, ctx)
    inside = pick(layout.get("inside", []))
    for k, (code, at) in enumerate(inside):
        out.add(" (" if k == 0 else ", ", at)
        render(code, at, out, ctx)
    if inside:
        out.add(")", inside[-1][1] + len(str(inside[-1][0])))
    for code, at in pick(layout.get("after", [])):
        out.add(" ", at)
        render(code, at, out, ctx)

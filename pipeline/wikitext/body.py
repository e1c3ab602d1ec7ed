"""The page body: sections, prose paragraphs with source anchors and link spans, categories, "See also"."""

from __future__ import annotations

from dataclasses import dataclass, field

from mwparserfromhell.nodes import Heading, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from pipeline.article import Paragraph
from pipeline.wikitext import knowledge as kb
from pipeline.wikitext.render import RenderContext, link_target, plain, render_node, template_name
from pipeline.wikitext.textbuf import TextBuilder

SEE_ALSO = "see also"


@dataclass
class Body:
    """What the body walk yields."""

    sections: list[tuple[str, int]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    depth_exceeded: bool = False


def read_body(code: Wikicode, max_depth: int, lengths: list[int] | None = None) -> Body:
    """Walk the top-level nodes once, keeping source offsets; prose of reference-like sections is skipped.
    ``lengths``: ``len(str(node))`` of each top-level node, when the parse has them (``parse_lifted_sized``)."""
    body = Body()
    ctx = RenderContext(mode="prose", max_depth=max_depth)
    section: str | None = None
    skip = False
    skip_level = 0  # level of the heading that started a skipped section; its subsections are skipped too
    in_see_also = False
    see_also_state = _State()
    builder = TextBuilder(track=True)
    pos = 0
    nodes = code.nodes
    if lengths is None or len(lengths) != len(nodes):
        lengths = [len(node.value) if isinstance(node, Text) else len(str(node)) for node in nodes]
    for node, length in zip(nodes, lengths, strict=True):
        if isinstance(node, Heading):
            _flush(builder, section, body)
            builder = TextBuilder(track=True)
            section = plain(node.title) or str(node.title).strip()
            body.sections.append((section, node.level))
            key = section.strip().lower()
            if skip and node.level > skip_level:
                pass  # a subsection of a skipped section ("See also" > "Lists")
            elif key in kb.names("skip_sections"):
                skip, skip_level, in_see_also = True, node.level, key == SEE_ALSO
                see_also_state = _State()
            else:
                skip, skip_level, in_see_also = False, 0, False
        elif skip:
            if isinstance(node, Wikilink):
                render_node(node, pos, TextBuilder(), ctx)  # categories
            if in_see_also:
                _see_also_node(node, body.see_also, see_also_state)
        else:
            render_node(node, pos, builder, ctx)
        pos += length
    _flush(builder, section, body)
    body.categories = ctx.categories
    body.depth_exceeded = ctx.depth_exceeded
    return body


def _flush(builder: TextBuilder, section: str | None, body: Body) -> None:
    """Keep the paragraphs that say something: any with a letter, and table rows with a digit (a row of a year
    and figures, '2021 | 271,057', is a dated row like '2021 | Census')."""
    for text, anchors, links, context, italics in builder.paragraphs():
        if any(c.isalpha() for c in text) or (context == "table" and any(c.isdigit() for c in text)):
            body.paragraphs.append(Paragraph(text=text, section=section, anchors=anchors, links=links,
                                             context=context, italics=[(s.start, s.end) for s in italics]))


@dataclass
class _State:
    awaiting: bool = True


def _see_also_node(node: object, out: list[str], state: _State) -> None:
    if isinstance(node, Tag):
        if node.wiki_markup in ("*", "#", ";", ":") or str(node.tag).strip().lower() == "li":
            state.awaiting = True
            return
        if not node.self_closing and str(node.tag).strip().lower() not in kb.names("skip_tags"):
            for child in node.contents.nodes:
                _see_also_node(child, out, state)
    elif isinstance(node, Text):
        if "\n" in node.value:
            state.awaiting = True
    elif isinstance(node, Wikilink):
        title = str(node.title).strip()
        ns, sep, _ = title.lstrip(":").partition(":")
        if sep and ns.strip().lower() in kb.names("link_namespaces_drop") | {"category", "file", "image"}:
            return
        if state.awaiting and (target := link_target(title)):
            out.append(target)
            state.awaiting = False
    elif isinstance(node, Template):
        key = kb.canonical(template_name(node))
        if key not in kb.names("see_also_wrappers"):
            return
        for param in node.params:
            if not param.showkey or str(param.name).strip().isdigit() or str(param.name).strip() == "content":
                state.awaiting = True
                for child in param.value.nodes:
                    _see_also_node(child, out, state)

"""Every {{Infobox ...}} of a page (nested ones too), its fields rendered to ``RawField``s in source order."""

from __future__ import annotations

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from pipeline.article import RawField, RawInfobox
from pipeline.extract.keys import parameter_key
from pipeline.limits import Limits
from pipeline.wikitext import knowledge as kb
from pipeline.wikitext.render import RenderContext, render, template_name
from pipeline.wikitext.textbuf import TextBuilder
from schemas.record import RecordWarning


def find_infoboxes(code: Wikicode, max_depth: int) -> list[Template]:
    """Infobox templates in document order (a parent before the infoboxes nested in it)."""
    found: list[Template] = []
    stack: list[tuple[Wikicode, int, int]] = [(code, 0, 0)]
    while stack:
        wikicode, index, depth = stack.pop()
        nodes = wikicode.nodes
        while index < len(nodes):
            node = nodes[index]
            index += 1
            children: list[Wikicode] = []
            if isinstance(node, Template):
                if kb.is_infobox(template_name(node)):
                    found.append(node)
                children = [p.value for p in node.params]
            elif isinstance(node, Tag) and not node.self_closing:
                if str(node.tag).strip().lower() in ("ref", "references", "nowiki", "math"):
                    continue
                children = [node.contents]
            elif isinstance(node, Wikilink) and node.text is not None:
                children = [node.text]
            if children and depth < max_depth:
                stack.append((wikicode, index, depth))
                for child in reversed(children):
                    stack.append((child, 0, depth + 1))
                break
    return found


def join_parts(boxes: list[RawInfobox]) -> list[RawInfobox]:
    """One infobox for a box built of parts: Template:Infobox aircraft begin is followed by Infobox aircraft type
    (or career, program), Infobox ship begin by Infobox ship image, career and characteristics. The parts that
    follow a '… begin' template and share its stem ('Infobox ship') add their fields to it, in order."""
    out: list[RawInfobox] = []
    stem: str | None = None
    for box in boxes:
        name = (box.template or "").lower()
        labels = {f.label for f in box.fields if f.label.lower() not in _EMBED_FLAGS}
        if (stem is not None and out and name.startswith(stem + " ") and not name.endswith(" begin")
                and not labels & {f.label for f in out[-1].fields}):
            # a part repeating a parameter of the box is another instance (a ship's second career), not a part
            out[-1].fields.extend(f for f in box.fields if f.label in labels)
            out[-1].empty_labels.extend(box.empty_labels)
            continue
        stem = name[: -len(" begin")] if name.endswith(" begin") else None
        out.append(box)
    return out


def template_title(name: str) -> str:
    """'infobox_company ' -> 'Infobox company': spaces normalized, first letter upper case."""
    text = " ".join(name.replace("_", " ").split())
    if text.lower().startswith("template:"):
        text = text[len("template:"):].strip()
    if text.lower().startswith("infobox"):
        text = "Infobox" + text[len("infobox"):]
    return text[:1].upper() + text[1:]


def render_field(code: Wikicode, label: str, max_depth: int = 100) -> tuple[RawField, RenderContext]:
    """One parameter value rendered: text with line breaks, items, link targets, exact dates."""
    ctx = RenderContext(mode="value", max_depth=max_depth)
    builder = TextBuilder()
    first = next((n for n in code.nodes if not (isinstance(n, Text) and not n.value.strip())), None)
    if isinstance(first, Text) and first.value.lstrip()[:1] in ("*", "#"):
        # '| members = *[[A]]\n*[[B]]': infoboxes show a list even when the first bullet shares the key's line
        code = mwparserfromhell.parse("\n" + str(code).lstrip(), skip_style_tags=True)
    render(code, 0, builder, ctx)
    lines = _join_notes(builder.lines()) or _file_name(code)
    if ctx.list_items:
        # Every line is an item, except a lead-in such as '11, including:' before a list template.
        items = lines[1:] if len(lines) > len(ctx.list_items) and lines[0].endswith(":") else list(lines)
    else:
        # '* A' or 'A<br>' alone is still a list of one item; plain text is not a list
        items = lines if len(lines) > 1 or ctx.list_markup else []
    value = "\n".join(lines)
    return RawField(label=label, value=value, items=items, links=list(dict.fromkeys(ctx.links)),
                    dates=list(ctx.dates)), ctx


def read_infobox(node: Template, limits: Limits, warnings: list[RecordWarning]) -> tuple[RawInfobox, bool]:
    """The infobox's fields (last duplicate wins, empty ones left out) and whether its name is plain text.

    Infoboxes embedded in a parameter (``module = {{Infobox musical artist|embed=yes ...}}``) add their
    fields in that place, so the main infobox holds everything the reader sees in one box; they are also
    listed on their own by ``find_infoboxes``.
    """
    template = template_title(template_name(node))
    fields: list[RawField] = []
    state: dict = {"name": None, "plain": False, "dropped": 0, "empty": []}
    _read_fields(node, template, limits, warnings, fields, state, embedded=False)
    if state["dropped"]:
        warnings.append(RecordWarning(code="infobox_fields_limit", message=(
            f"{template}: {state['dropped']} fields beyond the limit of {limits.max_infobox_fields} were dropped "
            "(Limits.max_infobox_fields)")))
    return (RawInfobox(template=template, name=state["name"], fields=fields, empty_labels=state["empty"],
                       keys_as_written=True),
            bool(state["plain"]))


def _read_fields(node: Template, template: str, limits: Limits, warnings: list[RecordWarning],
                 fields: list[RawField], state: dict, embedded: bool, depth: int = 0) -> None:
    latest: dict[str, Wikicode] = {}
    for param in node.params:
        if not param.showkey:
            continue
        label = _label(param.name)
        if label:
            latest.pop(label, None)  # MediaWiki keeps the last of duplicate parameters
            latest[label] = param.value
    seen = {f.label for f in fields}
    for label, code in latest.items():
        if embedded and (label.lower() in _EMBED_FLAGS or label in seen):
            continue
        nested = [n for n in code.nodes if isinstance(n, Template) and kb.is_infobox(template_name(n))]
        if nested and depth < 5:
            for child in nested:
                _read_fields(child, template, limits, warnings, fields, state, embedded=True, depth=depth + 1)
        field, ctx = render_field(code, label, limits.max_template_depth)
        if ctx.depth_exceeded:
            warnings.append(RecordWarning(code="template_depth", field=parameter_key(label), message=(
                f"templates nested deeper than {limits.max_template_depth} in '{label}' were not rendered")))
        if not field.value.strip() and not field.items:
            state["empty"].append(label)
            continue
        for unknown in dict.fromkeys(ctx.unknown):
            warnings.append(RecordWarning(code="unknown_template", field=parameter_key(label), message=(
                f"template {{{{{unknown}}}}} in '{label}' ({template}) is not known; its first argument was kept")))
        if len(field.value) > limits.max_field_chars:
            warnings.append(RecordWarning(code="field_truncated", field=parameter_key(label), message=(
                f"'{label}' was cut to {limits.max_field_chars:,} characters (Limits.max_field_chars)")))
            field.value = field.value[: limits.max_field_chars]
        if len(fields) >= limits.max_infobox_fields:
            state["dropped"] += 1
            continue
        if label.strip().lower() == "name" and state["name"] is None and not embedded:
            state["name"] = field.value
            state["plain"] = "\n" not in field.value and not ctx.unknown and not _has_templates(code, kb.LIST)
        fields.append(field)


_EMBED_FLAGS = frozenset({"embed", "child", "subbox", "embedded", "name"})


def _join_notes(lines: list[str]) -> list[str]:
    """A line that is only a parenthesized note ('(Chairman)', '(m. 1998)') belongs to the line before."""
    out: list[str] = []
    for line in lines:
        if out and line.startswith("(") and line.endswith(")") and line.count("(") == line.count(")"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _file_name(code: Wikicode) -> list[str]:
    """A value that is only an image ('[[File:Logo.svg|160px]]') keeps the file's name: 'File:Logo.svg'."""
    for node in code.nodes:
        if isinstance(node, Wikilink):
            ns, sep, rest = str(node.title).strip().partition(":")
            if sep and ns.strip().lower() in ("file", "image"):
                return ["File:" + " ".join(rest.replace("_", " ").split())]
    return []


def _label(name: Wikicode) -> str:
    parts = [str(n) for n in name.nodes if not isinstance(n, Comment)]
    return " ".join("".join(parts).split())


def _has_templates(code: Wikicode, *kinds: str) -> bool:
    for node in code.nodes:
        if isinstance(node, Template):
            kind = kb.kind_of(kb.canonical(template_name(node)), False).kind
            if kind in kinds or kind in (kb.UNKNOWN, kb.DROP, kb.INFOBOX):
                return True
        elif not isinstance(node, (Text, Comment, Wikilink, Tag)):
            continue
    return False

"""DBpedia template mappings (the user's ``Mapping_en.xml``): which numbered parameters DBpedia puts into one
node (``IntermediateNodeMapping``) and which ontology property each parameter maps to.

The reader takes the file's text; reading the file is the caller's business (flows), so nothing here touches
the disk. Each mapping page is parsed only when an infobox of its template is met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import mwparserfromhell
from defusedxml import ElementTree
from mwparserfromhell.nodes import Template

from pipeline.extract.keys import normalize_key
from pipeline.extract.numbered import read_numbered

_TITLE_PREFIX = "Mapping en:"


class MappingsError(ValueError):
    """The mappings file is not a DBpedia mapping export (MediaWiki XML of 'Mapping en:' pages)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot read the DBpedia mappings: {reason}; give the Mapping_en.xml export of "
                         "mappings.dbpedia.org (MediaWiki XML with 'Mapping en:' pages)")


@dataclass(frozen=True)
class NodeRow:
    """One DBpedia node of a template: its number and (infobox key, member name) pairs."""

    n: int
    members: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NodeFamily:
    """Rows of one family (e.g. the senior career stations): DBpedia's property name and the rows."""

    name: str
    rows: tuple[NodeRow, ...]


@dataclass(frozen=True)
class TemplateMapping:
    """What DBpedia says about one template: key -> ontology property, and its numbered node families."""

    template: str
    properties: dict[str, str]
    families: tuple[NodeFamily, ...]


@dataclass
class Mappings:
    """Every template mapping of the file, parsed lazily by template name."""

    texts: dict[str, str]
    _parsed: dict[str, TemplateMapping | None] = field(default_factory=dict, repr=False)

    def for_template(self, template: str | None) -> TemplateMapping | None:
        """The mapping of a template ('Infobox football biography'); None when DBpedia has none."""
        if not template:
            return None
        name = _template_key(template)
        if name not in self._parsed:
            text = self.texts.get(name)
            self._parsed[name] = None if text is None else parse_template_mapping(template, text)
        return self._parsed[name]


def _template_key(title: str) -> str:
    return " ".join(title.replace("_", " ").split()).lower()


def read_mappings(xml_text: str | bytes) -> Mappings:
    """The mapping pages of a DBpedia mapping export, by template name (not yet parsed)."""
    try:
        root = ElementTree.fromstring(xml_text)
    except ParseError as exc:
        raise MappingsError(f"not well-formed XML ({exc})") from exc
    texts: dict[str, str] = {}
    for page in root.iter():
        if not page.tag.endswith("page"):
            continue
        title = next((el.text for el in page if el.tag.endswith("title")), None) or ""
        text = next((el.text for el in page.iter() if el.tag.endswith("text")), None) or ""
        if title.startswith(_TITLE_PREFIX):
            texts[_template_key(title[len(_TITLE_PREFIX):])] = text
    if not texts:
        raise MappingsError("no 'Mapping en:' pages found")
    return Mappings(texts=texts)


def _name(node: Template) -> str:
    return str(node.name).strip()


def _arg(node: Template, name: str) -> str:
    return str(node.get(name).value).strip() if node.has(name) else ""


def _member(node: Template) -> tuple[str, str] | None:
    """(infobox key, member name) of a property or date-interval mapping; None for other mappings."""
    kind = _name(node)
    key = normalize_key(_arg(node, "templateProperty")) if _arg(node, "templateProperty") else ""
    if not key:
        return None
    if kind == "PropertyMapping":
        return key, _arg(node, "ontologyProperty") or key
    if kind == "DateIntervalMapping":
        start, end = _arg(node, "startDateOntologyProperty"), _arg(node, "endDateOntologyProperty")
        common = 0
        while common < min(len(start), len(end)) and start[common] == end[common]:
            common += 1
        return key, start[:common] or "period"
    return None


def parse_template_mapping(template: str, text: str) -> TemplateMapping:
    """A template's property map and node families from its mapping page's wikitext."""
    code = mwparserfromhell.parse(text)
    properties: dict[str, str] = {}
    nodes: list[tuple[str, list[tuple[str, str]]]] = []
    for node in code.ifilter_templates(recursive=True):
        kind = _name(node)
        if kind in ("PropertyMapping", "DateIntervalMapping") and (member := _member(node)):
            properties.setdefault(*member)
        elif kind == "IntermediateNodeMapping" and node.has("mappings"):
            children = [m for child in node.get("mappings").value.ifilter_templates(recursive=False)
                        if (m := _member(child))]
            if children:
                nodes.append((_arg(node, "correspondingProperty") or _arg(node, "nodeClass"), children))
    return TemplateMapping(template=template, properties=properties, families=_families(nodes))


def _stem(key: str) -> str:
    numbered = read_numbered(key)
    return numbered.stem if numbered else key


def _families(nodes: list[tuple[str, list[tuple[str, str]]]]) -> tuple[NodeFamily, ...]:
    """Nodes of one property whose parameters share stems (clubs1/years1, clubs2/years2) form one family."""
    groups: list[tuple[str, set[str], list[list[tuple[str, str]]]]] = []
    for prop, members in nodes:
        stems = {_stem(key) for key, _ in members}
        for name, family_stems, rows in groups:
            if name == prop and family_stems & stems:
                family_stems |= stems
                rows.append(members)
                break
        else:
            groups.append((prop, stems, [members]))
    names = [name for name, _, _ in groups]
    out: list[NodeFamily] = []
    for name, stems, rows in groups:
        label = name
        if names.count(name) > 1:
            prefix = _common_prefix(sorted(stems)).rstrip("_")
            label = f"{name}_{prefix}" if len(prefix) >= 3 else name
            if label in [f.name for f in out]:
                label = f"{name}_{len(out) + 1}"
        numbered = [_row_number(members) for members in rows]
        one = 1 in numbered
        out.append(NodeFamily(name=label, rows=tuple(
            NodeRow(n=n if n is not None else (0 if one else 1), members=tuple(members))
            for n, members in zip(numbered, rows, strict=True))))
    return tuple(out)


def _row_number(members: list[tuple[str, str]]) -> int | None:
    for key, _ in members:
        if (numbered := read_numbered(key)) is not None:
            return numbered.n
    return None


def _common_prefix(words: list[str]) -> str:
    if not words:
        return ""
    first, last = words[0], words[-1]
    common = 0
    while common < min(len(first), len(last)) and first[common] == last[common]:
        common += 1
    return first[:common]


def mapped_groups(pairs: list[tuple[str, str]], mapping: TemplateMapping) -> dict[str, list[dict[str, str | int]]]:
    """Rows of DBpedia's node families for the infobox's (key, value) pairs; members named by DBpedia."""
    values = dict(pairs)
    groups: dict[str, list[dict[str, str | int]]] = {}
    for family in mapping.families:
        rows: list[dict[str, str | int]] = []
        for node in sorted(family.rows, key=lambda r: r.n):
            row: dict[str, str | int] = {"n": node.n}
            for key, member in node.members:
                if key in values and member not in row:
                    row[member] = values[key]
            if len(row) > 1:
                rows.append(row)
        if rows:
            groups[family.name] = rows
    return groups

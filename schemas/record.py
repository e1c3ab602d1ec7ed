"""The record contract: one validated JSON object per article.

Consumers read these records from ``output/`` and the generated JSON Schema
(``schemas/record.schema.json``); any change here is a change of contract and
must bump ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr, WithJsonSchema, model_validator

SCHEMA_VERSION = "1.2.0"

Precision = Literal["day", "month", "year", "decade", "century", "millennium"]
Qualifier = Literal["by", "since", "until", "before", "after", "circa", "early", "mid", "late"]
SourceFormat = Literal["flat", "wikitext", "xml-dump"]
TitleFrom = Literal["heading", "page", "infobox_name", "file_name"]
EventKind = Literal["birth", "death"]
EventContext = Literal["prose", "table", "caption"]

ISO_DATE_PATTERN = (r"^(?:-?[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
                    r"|--(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))$")
"""ISO 8601 cut to a precision: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a minus sign before the year for BC
(``-0331``); ``--MM-DD`` is a day and month without a year (an infobox "4th of July")."""
_PRECISION_PATTERNS: dict[str, str] = {
    "day": r"^(?:-?[0-9]{4}-[0-9]{2}-[0-9]{2}|--[0-9]{2}-[0-9]{2})$",
    "month": r"^-?[0-9]{4}-[0-9]{2}$",
    "year": r"^-?[0-9]{4}$",
    "decade": r"^-?[0-9]{4}$",
    "century": r"^-?[0-9]{4}$",
    "millennium": r"^-?[0-9]{4}$",
}
"""What ``start`` and ``end`` look like at each precision (the string is cut to it)."""


class DateValueError(ValueError):
    """A date value whose ISO strings disagree with its precision or run backwards."""


def chronological_key(iso: str) -> tuple[int, ...]:
    """``-0434-12`` -> (-434, 12): BC years compare by number, not as strings; ``--MM-DD`` has no year."""
    negative = iso.startswith("-") and not iso.startswith("--")
    parts = [int(p) for p in iso.lstrip("-").split("-")]
    if negative:
        parts[0] = -parts[0]
    return tuple(parts)


def _date_value_json_schema(schema: dict[str, Any]) -> None:
    """Publish the precision rule and the open-end rule in the JSON Schema too (``start <= end`` cannot be
    said there)."""
    schema["allOf"] = [
        {"if": {"properties": {"precision": {"const": precision}}},
         "then": {"properties": {"start": {"pattern": pattern}, "end": {"pattern": pattern}}}}
        for precision, pattern in _PRECISION_PATTERNS.items()
    ] + [{"if": {"properties": {"end": {"type": "null"}}, "required": ["end"]},
          "then": {"properties": {"qualifier": {"const": "since"}}, "required": ["qualifier"]}}]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateValue(_Strict):
    """A normalized date: ISO ``start``/``end`` cut to ``precision`` ("1992-02-15", "2013-09", "1995")."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_date_value_json_schema)

    text: str = Field(description="The date expression as written.")
    start: str = Field(pattern=ISO_DATE_PATTERN,
                       description="ISO start, cut to the precision; a decade starts at its first year.")
    end: str | None = Field(pattern=ISO_DATE_PATTERN,
                            description="ISO end, cut to the precision; equal to start for a single date; "
                            "never before start. null only for an open end, with qualifier 'since': an "
                            "infobox period still running ('2013–', '2016–present'). In prose, 'since 2001' "
                            "dates the beginning: end = start, qualifier 'since'.")
    precision: Precision
    qualifier: Qualifier | None = Field(
        default=None, description="by, since, until, before, after, circa, early, mid, late."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        """``start``/``end`` are as long as ``precision`` says, ``start`` is not after ``end``, and only an
        open end ('since') has no ``end``."""
        pattern = _PRECISION_PATTERNS[self.precision]
        if self.end is None:
            if self.qualifier != "since":
                raise DateValueError(f"end may be null only for an open end (qualifier 'since'), not for "
                                     f"qualifier {self.qualifier!r} (text {self.text!r})")
            if not re.match(pattern, self.start):
                raise DateValueError(f"start {self.start!r} does not have the form of a {self.precision} "
                                     f"(text {self.text!r})")
            return self
        for name, iso in (("start", self.start), ("end", self.end)):
            if not re.match(pattern, iso):
                raise DateValueError(f"{name} {iso!r} does not have the form of a {self.precision} "
                                     f"(text {self.text!r})")
        if self.start.startswith("--") != self.end.startswith("--"):
            raise DateValueError(f"start {self.start!r} and end {self.end!r} must both have a year or neither")
        if chronological_key(self.start) > chronological_key(self.end):
            raise DateValueError(f"start {self.start!r} is after end {self.end!r} (text {self.text!r})")
        return self


class InfoboxField(_Strict):
    """One infobox parameter, cleaned to plain text and typed where it holds a date or a number."""

    key: str = Field(description=(
        "The template parameter's name. Wikitext: as written, white space runs made one space (MediaWiki "
        "parameter names are case-sensitive: 'ArgueDate', 'award1W', 'bat avg1'). Flat text, whose labels are a "
        "rendering ('Region Served'): normalized back to snake_case ('region_served'). Since schema 1.2.0; "
        "before, every key was snake_case."))
    label: str = Field(description="The label as written in the source.")
    value: str = Field(description="Plain text: markup, comments and references removed.")
    items: list[str] = Field(default_factory=list, description="List items, for list values.")
    links: list[str] = Field(default_factory=list, description="Targets of the links in the value.")
    date: DateValue | None = Field(default=None, description="The first date in the value, if any.")
    dates: list[DateValue] = Field(default_factory=list, description="Every date found in the value.")
    number: float | None = Field(default=None, description="The value as a number, when it is one.")
    unit: str | None = Field(default=None, description="Unit of `number`, when the value names one.")
    property: str | None = Field(
        default=None, description="The DBpedia ontology property of this key, when extracted with a mapping file "
        "(`--mappings`); null otherwise.",
    )


class GroupRowError(ValueError):
    """A row of ``groups`` without an integer ``n`` or with a member that is not a string."""


def _check_group_row(row: dict[str, str | int]) -> dict[str, str | int]:
    """``n`` is required and an integer; every other entry is a member's value, a string."""
    n = row.get("n")
    if not isinstance(n, int) or isinstance(n, bool):
        raise GroupRowError(f"a group row needs its number 'n' as an integer, got {n!r}")
    bad = sorted(k for k, v in row.items() if k != "n" and not isinstance(v, str))
    if bad:
        raise GroupRowError(f"group row members must be strings (the value as in `fields`): {', '.join(bad)}")
    return row


_GROUP_ROW_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "GroupRow",
    "description": "One row of a numbered family: its number `n` and its members' values (strings).",
    "properties": {"n": {"type": "integer", "description": "The number as written in the keys (0 or 1 for the "
                                                          "plain keys next to numbered ones)."}},
    "required": ["n"],
    "additionalProperties": {"type": "string"},
}

GroupMember = Annotated[dict[str, StrictStr | StrictInt], AfterValidator(_check_group_row),
                        WithJsonSchema(_GROUP_ROW_JSON_SCHEMA)]
"""One row of a numbered family: ``{"n": 7, "years": "1996–1998", "clubs": "Hull City", "caps": "14"}``.
``n`` is the number as written in the keys (0 or 1 for the plain keys next to numbered ones); every other entry
is a member's value, as in ``fields``. Members that are empty are absent; a row exists when any member is set.
The JSON Schema and the model both require an integer ``n`` and string members."""


class GroupPeriod(_Strict):
    """A family member whose value is a date or a period ("1984–1987", "2013–", "2009–10"): a timeline entry.

    These come from the infobox, not from prose, so they are not ``events``.
    """

    group: str = Field(description="Name of the family in `groups`.")
    n: int = Field(description="The row's number (`n` of the row in `groups`).")
    member: str = Field(description="The member whose value is the period ('years').")
    date: DateValue = Field(description="The period; an open end ('2013–', '2016–present') has end null and "
                            "qualifier 'since'.")


class Infobox(_Strict):
    """An infobox: its template name, its fields in source order, and numbered families grouped."""

    template: str | None = Field(description="Template name ('Infobox company'); null for the flat format.")
    name: str | None = Field(default=None, description="The name line (flat format) or `name` field.")
    fields: list[InfoboxField] = Field(default_factory=list)
    groups: dict[str, list[GroupMember]] = Field(
        default_factory=dict,
        description="Numbered families, one row per number in numeric order, each with its number `n`: "
        "years1/clubs1/caps1/goals1, years2/... -> groups.career = [{'n': 1, 'years': ..., 'clubs': ..., "
        "'caps': ..., 'goals': ...}, ...]; leader_title/leader_name -> groups.leader (docs/families.md).",
    )
    periods: list[GroupPeriod] = Field(
        default_factory=list,
        description="Members of `groups` rows whose value is a date or period, in row order: the family as a "
        "timeline (career years, terms of office).",
    )


class Section(_Strict):
    """A section heading, in document order."""

    title: str
    level: int = Field(ge=1, le=6, description="2 for ==Title==, 3 for ===Title===, ...")


class Actor(_Strict):
    """A person or organization named in an event's sentence."""

    name: str = Field(description="The name as it appears in the sentence.")
    article: str | None = Field(default=None, description="Linked article title (wikitext links).")


class Event(_Strict):
    """Something that happened, or held, at a date: one per (sentence, date expression)."""

    id: str = Field(description="Stable id: the same event keeps its id across runs.")
    date: DateValue
    sentence: str = Field(description="The sentence, as plain text.")
    section: str | None = Field(description="Title of the section the sentence is in; null for the lead.")
    source_span: tuple[int, int] = Field(
        description="Character offsets [start, end) of the sentence in the source text "
        "(for a dump page: in the page's wikitext)."
    )
    actors: list[Actor] = Field(default_factory=list)
    kind: EventKind | None = Field(
        default=None, description="'birth' or 'death' for the two ends of a person's life span "
        "('Mary Smith (April 11, 1895 – June 20, 1969)', '(born 1950)', '(died 1990)'); null otherwise.")
    context: EventContext = Field(
        default="prose", description="Where the sentence stands: 'prose' (a paragraph or list item), 'table' "
        "(a table row; `sentence` is the row's cells joined) or 'caption' (an image caption).")


class SourceInfo(_Strict):
    """Where a record came from, precisely enough to find it again."""

    path: str = Field(description="Source path as given to the pipeline (relative to the raw folder).")
    format: SourceFormat
    sha256: str = Field(description="SHA-256 of the article's source text (UTF-8).")
    title_from: TitleFrom = Field(description="Where the title was taken from.")
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = Field(default=None, description="Revision timestamp (dumps).")


class RecordWarning(_Strict):
    """A data-quality note a consumer may want to act on."""

    code: str = Field(description="Stable machine code, e.g. 'lost_value', 'unknown_template'.")
    message: str
    field: str | None = Field(default=None, description="Infobox key concerned, if any.")


class Record(_Strict):
    """One article as a validated record."""

    schema_version: str = SCHEMA_VERSION
    pipeline_version: str
    id: str = Field(description="Stable, unique id: the slug of the title (suffixed when titles clash).")
    title: str
    source: SourceInfo
    infobox: Infobox | None = Field(description="The first infobox of the page; null when there is none.")
    other_infoboxes: list[Infobox] = Field(default_factory=list, description="Further infoboxes, in order.")
    sections: list[Section] = Field(default_factory=list)
    see_also: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)

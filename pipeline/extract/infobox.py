"""Infobox extractor: keys as the source names them, values typed (date, number), numbered families grouped."""

from __future__ import annotations

from pipeline.article import RawInfobox
from pipeline.dates import parse_date
from pipeline.extract.groups import group_fields
from pipeline.extract.keys import compare_key, field_key, normalize_key
from pipeline.extract.numbers import parse_number
from pipeline.extract.periods import group_periods, period_of
from pipeline.mappings import Mappings, mapped_groups
from schemas.record import Infobox, InfoboxField


def build_infobox(raw: RawInfobox, mappings: Mappings | None = None) -> Infobox:
    """Turn one raw infobox into the record's typed ``Infobox``; empty values were dropped by the reader.

    With ``mappings`` (the user's DBpedia mapping file), a template DBpedia maps gets DBpedia's node families
    as groups and each mapped field its ontology ``property``; other templates keep the generic families.
    """
    mapping = mappings.for_template(raw.template) if mappings is not None else None
    fields: list[InfoboxField] = []
    seen: set[str] = set()
    for raw_field in raw.fields:
        key = field_key(raw_field.label, raw.keys_as_written)
        if key in seen or not raw_field.value.strip():
            continue  # the first occurrence wins; MediaWiki itself keeps the last, readers pass the winner
        seen.add(key)
        norm = normalize_key(raw_field.label)
        dates = list(raw_field.dates)
        if not dates and (parsed := period_of(raw_field.value) or parse_date(raw_field.value)) is not None:
            dates = [parsed]
        number = unit = None
        whole_date = bool(dates) and dates[0].text.strip() == raw_field.value.strip()
        if not whole_date and (parsed_number := parse_number(raw_field.value)) is not None:
            number, unit = parsed_number
        fields.append(InfoboxField(
            key=key, label=raw_field.label, value=raw_field.value, items=list(raw_field.items),
            links=list(raw_field.links), date=dates[0] if dates else None, dates=dates,
            number=number, unit=unit, property=mapping.properties.get(norm) if mapping else None,
        ))
    # Families are found on compared keys (one per compared key, the first); rows keep the spelling of the
    # parameter names where the source writes them (award1W -> member 'W', JoinDissent2 -> 'JoinDissent').
    compare = compare_key if raw.keys_as_written else normalize_key
    labels: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for f in fields:
        if labels.setdefault(compare(f.label), f.label) == f.label:
            pairs.append((compare(f.label), f.value))
    if mapping and mapping.families:
        normalized: dict[str, str] = {}
        for f in fields:
            normalized.setdefault(normalize_key(f.label), f.value)
        groups = mapped_groups(list(normalized.items()), mapping)
    else:
        empty = {compare(label): label for label in raw.empty_labels}
        groups = group_fields(pairs, empty=list(empty),
                              labels={**empty, **labels} if raw.keys_as_written else None)
    return Infobox(template=raw.template, name=raw.name, fields=fields, groups=groups,
                   periods=group_periods(groups))

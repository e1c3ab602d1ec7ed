"""Optional DBpedia template mappings (``wikirecords extract --mappings Mapping_en.xml``): the user's file
decides the families of the templates it maps (see docs/families.md)."""

from pipeline.mappings.dbpedia import (
    Mappings,
    MappingsError,
    TemplateMapping,
    mapped_groups,
    parse_template_mapping,
    read_mappings,
)

__all__ = ["Mappings", "MappingsError", "TemplateMapping", "mapped_groups", "parse_template_mapping",
           "read_mappings"]

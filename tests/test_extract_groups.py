from __future__ import annotations

import pytest

from pipeline.extract.groups import group_fields
from pipeline.extract.keys import normalize_key


@pytest.mark.parametrize(("label", "key"), [
    ("Region Served", "region_served"), ("region_served", "region_served"), ("region served", "region_served"),
    ("Leader Title2", "leader_title2"), ("  Former  Names ", "former_names"), ("Área", "area"), ("", "field"),
])
def test_keys_normalize_to_snake_case(label: str, key: str) -> None:
    assert normalize_key(label) == key


def test_groups_pair_numbered_leader_fields_in_order() -> None:
    pairs = [("leader_title", "President"), ("leader_name", "Putul Halder"), ("other", "x"),
             ("leader_name2", "Kajol Bose"), ("leader_title2", "Secretary"), ("leader_title10", "Tenth")]
    assert group_fields(pairs) == {"leader": [
        {"n": 1, "title": "President", "name": "Putul Halder"},
        {"n": 2, "name": "Kajol Bose", "title": "Secretary"},
        {"n": 10, "title": "Tenth"},
    ]}


def test_groups_office_family_from_data_file() -> None:
    pairs = [("office", "Chancellor"), ("term_start", "2005"), ("office2", "Minister"), ("term_end2", "1998")]
    assert group_fields(pairs) == {"office": [
        {"n": 1, "office": "Chancellor", "term_start": "2005"}, {"n": 2, "office": "Minister", "term_end": "1998"},
    ]}


def test_groups_leave_unnumbered_fields_alone() -> None:
    assert group_fields([("leader_title", "President"), ("leader_name", "A")]) == {}
    assert group_fields([("image", "a.png"), ("caption", "b")]) == {}


def test_groups_member_token_in_the_middle() -> None:
    pairs = [("blank_name_sec1", "Area code"), ("blank_info_sec1", "051"),
             ("blank_name_sec2", "Website"), ("blank_info_sec2", "example.org")]
    assert group_fields(pairs) == {"blank_sec": [
        {"n": 1, "name": "Area code", "info": "051"}, {"n": 2, "name": "Website", "info": "example.org"},
    ]}


def test_groups_settlement_subdivisions_and_unnumbered_siblings() -> None:
    pairs = [("subdivision_type", "Country"), ("subdivision_name", "Pakistan"),
             ("subdivision_type1", "Territory"), ("subdivision_name1", "Islamabad Capital Territory"),
             ("leader_party", "PML-N"), ("leader_title", "Mayor"), ("leader_name", "A"),
             ("leader_title2", "Deputy"), ("image_caption", "A view"), ("image_size", "250px")]
    groups = group_fields(pairs)
    assert groups["subdivision"] == [{"n": 0, "type": "Country", "name": "Pakistan"},
                                     {"n": 1, "type": "Territory", "name": "Islamabad Capital Territory"}]
    assert groups["leader"] == [{"n": 1, "party": "PML-N", "title": "Mayor", "name": "A"},
                                {"n": 2, "title": "Deputy"}]
    assert "image" not in groups


def test_groups_plain_and_numbered_one_both_present_make_plain_keys_number_zero() -> None:
    pairs = [("office", "Chancellor"), ("term_start", "2005"), ("predecessor", "Schröder"),
             ("office1", "Party leader"), ("term_start1", "2000")]
    assert group_fields(pairs) == {"office": [
        {"n": 0, "office": "Chancellor", "term_start": "2005", "predecessor": "Schröder"},
        {"n": 1, "office": "Party leader", "term_start": "2000"},
    ]}


def test_groups_unit_endings_and_index_only_differences_are_not_families() -> None:
    pairs = [("area_km2", "467.63"), ("area_rank", "179th"), ("population_density_km2", "179.8"),
             ("blank1_name_sec1", "HDI"), ("blank1_info_sec1", "0.87"),
             ("blank2_name_sec1", "HDI Category"), ("blank2_info_sec1", "Very High")]
    groups = group_fields(pairs)
    assert "area" not in groups and "population_density" not in groups
    assert groups["blank1_sec"] == [{"n": 1, "name": "HDI", "info": "0.87"}]
    assert groups["blank2_sec"] == [{"n": 1, "name": "HDI Category", "info": "Very High"}]

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
        {"title": "President", "name": "Putul Halder"},
        {"name": "Kajol Bose", "title": "Secretary"},
        {"title": "Tenth"},
    ]}


def test_groups_office_family_from_data_file() -> None:
    pairs = [("office", "Chancellor"), ("term_start", "2005"), ("office2", "Minister"), ("term_end2", "1998")]
    assert group_fields(pairs) == {"office": [
        {"office": "Chancellor", "term_start": "2005"}, {"office": "Minister", "term_end": "1998"},
    ]}


def test_groups_leave_unnumbered_fields_alone() -> None:
    assert group_fields([("leader_title", "President"), ("leader_name", "A")]) == {}
    assert group_fields([("image", "a.png"), ("caption", "b")]) == {}

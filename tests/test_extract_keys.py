"""Infobox keys (pipeline/extract/keys.py): parameter names as written in wikitext, snake_case from flat text."""

from __future__ import annotations

import pytest

from pipeline import extract_text
from pipeline.extract.keys import aligned_part, compare_key, field_key, parameter_key


@pytest.mark.parametrize(("label", "key"), [
    ("ArgueDate", "ArgueDate"), ("award1W", "award1W"), ("bat avg1", "bat avg1"), ("100s/50s1", "100s/50s1"),
    ("leader_title2", "leader_title2"), ("  named   for ", "named for"), ("", "field"),
])
def test_wikitext_parameter_names_are_kept_as_written(label: str, key: str) -> None:
    assert parameter_key(label) == key
    assert field_key(label, as_written=True) == key


@pytest.mark.parametrize(("label", "key"), [
    ("Leader Title2", "leader_title2"), ("Region Served", "region_served"), ("ArgueDate", "arguedate"),
])
def test_flat_renderings_are_normalized_back_to_snake_case(label: str, key: str) -> None:
    assert field_key(label, as_written=False) == key


@pytest.mark.parametrize(("label", "key"), [
    ("JoinDissent2", "join_dissent2"), ("DateEvent1", "date_event1"), ("FlagP1", "flag_p1"),
    # negatives: only a leading attribute word is set apart; other CamelCase names compare as one word
    ("TimeZone2", "timezone2"), ("Fast_Rider_MotoGP", "fast_rider_motogp"), ("USVol", "usvol"),
    ("Joiner2", "joiner2"), ("JoinedDate", "joineddate"), ("award1W", "award1w"), ("bat avg1", "bat_avg1"),
])
def test_compare_keys_set_a_leading_attribute_word_apart(label: str, key: str) -> None:
    assert compare_key(label) == key


@pytest.mark.parametrize(("part", "key", "label", "written"), [
    ("w", "award1w", "award1W", "W"), ("join_dissent", "join_dissent2", "JoinDissent2", "JoinDissent"),
    ("dissent", "join_dissent2", "JoinDissent2", "Dissent"), ("bat_avg", "bat_avg1", "bat avg1", "bat avg"),
    ("100s_50s", "100s_50s1", "100s/50s1", "100s/50s"), ("title", "leader_title2", "leader_title2", "title"),
    ("area", "area", "Área", "Área"),  # accents fold as in normalize_key
    # negatives: a part the key does not hold, or a label that does not line up with the key, is left alone
    ("career", "years1", "Years1", "career"), ("area", "area_km", "Área", "area"),
])
def test_parts_are_spelled_as_the_label_writes_them(part: str, key: str, label: str, written: str) -> None:
    assert aligned_part(part, key, label) == written


def _infobox(text: str, name: str):  # type: ignore[no-untyped-def]
    (record,) = extract_text(text, name)
    assert record.infobox is not None
    return record.infobox


def test_a_wikitext_record_keys_parameters_as_written_and_a_flat_one_in_snake_case() -> None:
    wikitext = ("{{Infobox SCOTUS case\n| Litigants = Miranda v. Arizona\n| ArgueYear = 1966\n"
                "| Dissent = Harlan\n| JoinDissent = Stewart, White\n| Dissent2 = White\n"
                "| JoinDissent2 = Harlan, Stewart\n| bat avg1 = 53.78\n}}\n'''Miranda''' was decided in 1966.\n")
    box = _infobox(wikitext, "miranda.wiki")
    assert [f.key for f in box.fields] == ["Litigants", "ArgueYear", "Dissent", "JoinDissent", "Dissent2",
                                          "JoinDissent2", "bat avg1"]
    assert box.groups["Dissent"] == [{"n": 1, "Dissent": "Harlan", "JoinDissent": "Stewart, White"},
                                     {"n": 2, "Dissent": "White", "JoinDissent": "Harlan, Stewart"}]
    flat = "= Example =\n\nExample\n- Leader Title: President\n- Leader Name: A\n- Leader Title2: Secretary\n" \
           "- Leader Name2: B\n\nExample was founded in 1992.\n"
    box = _infobox(flat, "example.txt")
    assert [f.key for f in box.fields] == ["leader_title", "leader_name", "leader_title2", "leader_name2"]
    assert box.groups["leader"][1] == {"n": 2, "title": "Secretary", "name": "B"}


def test_awards_list_wins_and_nominations_are_members_of_each_award() -> None:
    wikitext = ("{{Infobox awards list\n| name = List of awards\n| award1 = Grammy Awards\n| award1W = 15\n"
                "| award1N = 18\n| award2 = Brit Awards\n| award2W = 9\n| award2N = 18\n| wins = 24\n}}\n"
                "'''X''' won her first award in 2008.\n")
    box = _infobox(wikitext, "awards.wiki")
    assert box.groups == {"award": [{"n": 1, "award": "Grammy Awards", "W": "15", "N": "18"},
                                    {"n": 2, "award": "Brit Awards", "W": "9", "N": "18"}]}
    assert {f.key for f in box.fields} >= {"award1W", "award2N", "wins"}


def test_non_ascii_labels_line_up_with_their_compared_keys() -> None:
    assert compare_key("Población1") == "poblacion1"
    assert aligned_part("poblacion", "poblacion1", "Población1") == "Población"

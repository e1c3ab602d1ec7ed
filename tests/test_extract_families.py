"""Numbered families on infoboxes written from the template documentation (football, NFL, baseball, cricketer,
football club kits, officeholder, military unit), with keys that look numbered but are not."""

from __future__ import annotations

import pytest

from pipeline.extract.groups import group_fields, value_kind
from pipeline.extract.numbered import read_numbered


def test_football_biography_families_are_aligned_by_number_with_gaps() -> None:
    pairs = [("youthyears1", "1978–1980"), ("youthclubs1", "Harbour View"), ("youthclubs2", "Santos"),
             ("years1", "1984–1987"), ("clubs1", "Harbour View"),
             ("years2", "1987–1990"), ("clubs2", "Santos"), ("caps2", "40"), ("goals2", "5"),
             ("years7", "1996–1998"), ("clubs7", "→ Hull City (loan)"), ("caps7", "14"), ("goals7", "2"),
             ("nationalyears1", "1986–1992"), ("nationalteam1", "Jamaica"), ("nationalcaps1", "20"),
             ("nationalgoals1", "3"), ("manageryears1", "2001–2003"), ("managerclubs1", "Portmore"),
             ("manageryears2", "2005–"), ("managerclubs2", "Jamaica")]
    groups = group_fields(pairs)
    assert groups["career"] == [
        {"n": 1, "years": "1984–1987", "clubs": "Harbour View"},
        {"n": 2, "years": "1987–1990", "clubs": "Santos", "caps": "40", "goals": "5"},
        {"n": 7, "years": "1996–1998", "clubs": "→ Hull City (loan)", "caps": "14", "goals": "2"},
    ]
    assert groups["youth"] == [{"n": 1, "years": "1978–1980", "clubs": "Harbour View"}, {"n": 2, "clubs": "Santos"}]
    assert groups["national"] == [{"n": 1, "years": "1986–1992", "team": "Jamaica", "caps": "20", "goals": "3"}]
    assert groups["manager"][1] == {"n": 2, "years": "2005–", "clubs": "Jamaica"}
    assert set(groups) == {"career", "youth", "national", "manager"}


def test_one_prefixed_member_alone_is_still_its_family() -> None:
    """youthyears1 empty (left out by the reader), youthclubs1 set: a 'youth' row, not a career member."""
    groups = group_fields([("youthclubs1", "Glenbuck"), ("years1", "1932–1933"), ("clubs1", "Carlisle")])
    assert groups["youth"] == [{"n": 1, "clubs": "Glenbuck"}]
    assert groups["career"] == [{"n": 1, "years": "1932–1933", "clubs": "Carlisle"}]


def test_nfl_and_baseball_stat_families_with_the_number_at_the_end_or_inside() -> None:
    nfl = group_fields([("statlabel1", "Passing yards"), ("statvalue1", "71,940"),
                        ("statlabel2", "TD–INT"), ("statvalue2", "539–251")])
    assert nfl == {"stat": [{"n": 1, "label": "Passing yards", "value": "71,940"},
                            {"n": 2, "label": "TD–INT", "value": "539–251"}]}
    mlb = group_fields([("stat1label", "Batting average"), ("stat1value", ".311"),
                        ("stat2label", "Hits"), ("stat2value", "1,518")])
    assert mlb == {"stat": [{"n": 1, "label": "Batting average", "value": ".311"},
                            {"n": 2, "label": "Hits", "value": "1,518"}]}


def test_cricketer_clubs_and_statistics_columns_share_numbers_but_stay_apart() -> None:
    pairs = [("club1", "Mumbai"), ("year1", "1988–2013"), ("club2", "Yorkshire"), ("year2", "1992"),
             ("column1", "Test"), ("matches1", "200"), ("runs1", "15,921"), ("bat_avg1", "53.78"),
             ("100s_50s1", "51/68"), ("catches_stumpings1", "115/–"),
             ("column2", "ODI"), ("matches2", "463"), ("year", "2013")]
    groups = group_fields(pairs)
    assert groups["club"] == [{"n": 1, "club": "Mumbai", "year": "1988–2013"},
                              {"n": 2, "club": "Yorkshire", "year": "1992"}]
    assert groups["stats"][0] == {"n": 1, "column": "Test", "matches": "200", "runs": "15,921", "bat_avg": "53.78",
                                  "100s_50s": "51/68", "catches_stumpings": "115/–"}
    assert groups["stats"][1] == {"n": 2, "column": "ODI", "matches": "463"}


def test_football_club_kits_are_one_family() -> None:
    pairs = [("pattern_la1", "_redborder"), ("pattern_b1", "_navystripes"), ("leftarm1", "000080"),
             ("body1", "000080"), ("rightarm1", "000080"), ("shorts1", "FFFFFF"), ("socks1", "000080"),
             ("leftarm2", "FFFFFF"), ("body2", "FFFFFF"), ("shorts2", "000080")]
    groups = group_fields(pairs)
    assert list(groups) == ["kit"]
    assert groups["kit"][0]["pattern_la"] == "_redborder" and groups["kit"][0]["socks"] == "000080"
    assert groups["kit"][1] == {"n": 2, "leftarm": "FFFFFF", "body": "FFFFFF", "shorts": "000080"}


def test_officeholder_offices_with_documented_members() -> None:
    pairs = [("order1", "47th"), ("office1", "Vice President"), ("president1", "Barack Obama"),
             ("term_start1", "January 20, 2009"), ("term_end1", "January 20, 2017"),
             ("predecessor1", "Dick Cheney"), ("successor1", "Mike Pence"),
             ("office2", "Senator"), ("jr_sr2", "Senior"), ("state2", "Delaware"), ("term_start2", "1973")]
    groups = group_fields(pairs)
    assert list(groups) == ["office"]
    assert groups["office"][1] == {"n": 2, "office": "Senator", "jr_sr": "Senior", "state": "Delaware",
                                   "term_start": "1973"}


def test_military_unit_commanders_in_either_order() -> None:
    for pairs in ([("commander1", "King Charles III"), ("commander1_label", "Colonel-in-Chief"),
                   ("commander2_label", "Colonel"), ("commander2", "Duke of Edinburgh")],
                  [("commander1_label", "Colonel-in-Chief"), ("commander1", "King Charles III"),
                   ("commander2", "Duke of Edinburgh"), ("commander2_label", "Colonel")]):
        groups = group_fields(pairs)
        assert groups == {"commander": [{"n": 1, "commander": "King Charles III", "label": "Colonel-in-Chief"},
                                        {"n": 2, "commander": "Duke of Edinburgh", "label": "Colonel"}]}


def test_plain_key_beside_numbered_ones_in_both_orders() -> None:
    for pairs in ([("leader_title", "Mayor"), ("leader_name", "A"), ("leader_title2", "Deputy"),
                   ("leader_name2", "B")],
                  [("leader_title2", "Deputy"), ("leader_name2", "B"), ("leader_title", "Mayor"),
                   ("leader_name", "A")]):
        rows = group_fields(pairs)["leader"]
        assert [r["n"] for r in rows] == [1, 2] and rows[0]["name"] == "A" and rows[1]["name"] == "B"
    rows = group_fields([("office", "Chancellor"), ("term_start", "2005"), ("office1", "Leader"),
                         ("term_start1", "2000")])["office"]
    assert [r["n"] for r in rows] == [0, 1] and rows[0]["office"] == "Chancellor"


def test_keys_that_look_numbered_are_not() -> None:
    for key in ("area_km2", "area_total_sq_mi2", "density_gpcm3nrt", "iso3166code", "iso3166_code",
                "population_2011", "mp3_file", "coordinates", "co2_emissions", "ipv4"):
        assert read_numbered(key) is None, key
    assert read_numbered("years10") is not None and read_numbered("stat3value") is not None
    groups = group_fields([("area_km2", "1"), ("population_density_km2", "2"), ("image2", "b.jpg"),
                           ("iso3166code", "PK-IS")])
    assert groups == {}  # image2 alone (one row, one member, no name of its own) is no family


def test_unrelated_families_in_one_infobox_do_not_merge() -> None:
    pairs = [("stat1label", "Hits"), ("stat1value", "1,518"), ("years1", "1947–1956"),
             ("clubs1", "Brooklyn Dodgers"), ("commander1", "A"), ("commander1_label", "Chief")]
    groups = group_fields(pairs)
    assert set(groups) == {"stat", "career", "commander"}
    assert groups["career"] == [{"n": 1, "years": "1947–1956", "clubs": "Brooklyn Dodgers"}]


def test_short_or_false_common_prefixes_make_no_family_name() -> None:
    groups = group_fields([("cups1", "3"), ("cards1", "7"), ("cups2", "1")])  # written row by row: one family
    assert "c" not in groups and groups["cups"] == [{"n": 1, "cups": "3", "cards": "7"}, {"n": 2, "cups": "1"}]
    groups = group_fields([("cups1", "Cup A"), ("cards1", "7"), ("cups2", "Cup B")])
    assert "c" not in groups and groups["cups"] == [{"n": 1, "cups": "Cup A", "cards": "7"}, {"n": 2, "cups": "Cup B"}]
    groups = group_fields([("minister1", "A"), ("minorityleader1", "B"), ("minister2", "C")])
    assert "min" not in groups
    groups = group_fields([("club1", "Carlton"), ("years1", "1990–1995"), ("games_goals1", "150 (12)")])
    assert groups == {"career": [{"n": 1, "club": "Carlton", "years": "1990–1995", "games_goals": "150 (12)"}]}


def test_a_stem_equal_to_its_family_prefix_is_a_member() -> None:
    """Infobox football biography: college1 beside collegeyears1/collegecaps1 (like commander1)."""
    groups = group_fields([("collegeyears1", "1990–1992"), ("college1", "UCLA"), ("collegecaps1", "30"),
                           ("years1", "1993–1995"), ("clubs1", "LA Galaxy")])
    assert groups["college"] == [{"n": 1, "years": "1990–1992", "college": "UCLA", "caps": "30"}]
    assert groups["career"] == [{"n": 1, "years": "1993–1995", "clubs": "LA Galaxy"}]


def test_rugby_families_from_prefixes_and_the_table() -> None:
    union = group_fields([("years1", "2000–2004"), ("club1", "Leeds"), ("apps1", "50"), ("points1", "120"),
                          ("repyears1", "2001"), ("repteam1", "Yorkshire"), ("reppoints1", "10"),
                          ("nationalyears1", "2002–2006"), ("nationalteam1", "England"),
                          ("nationalpoints1", "55"), ("coachyears1", "2010–"), ("coachteams1", "Bath")])
    assert union["career"] == [{"n": 1, "years": "2000–2004", "club": "Leeds", "apps": "50", "points": "120"}]
    assert union["rep"] == [{"n": 1, "years": "2001", "team": "Yorkshire", "points": "10"}]
    assert union["national"][0]["points"] == "55" and union["coach"][0]["teams"] == "Bath"
    league = group_fields([("yearstart1", "1990"), ("yearend1", "1995"), ("club1", "Wigan"), ("tries1", "20"),
                           ("goals1", "0"), ("fieldgoals1", "1")])
    assert league == {"career": [{"n": 1, "yearstart": "1990", "yearend": "1995", "club": "Wigan", "tries": "20",
                                  "goals": "0", "fieldgoals": "1"}]}  # 'fieldgoals' is no family 'field'


def test_a_stem_with_its_own_suffix_is_one_family() -> None:
    """Infobox U.S. Cabinet: treasury1 + treasury_date1; image2 + image_caption2."""
    groups = group_fields([("treasury1", "Salmon P. Chase"), ("treasury_date1", "1861–1864"),
                           ("treasury2", "William P. Fessenden"), ("war1", "Simon Cameron"),
                           ("war_date1", "1861–1862")])
    assert groups["treasury"][0] == {"n": 1, "treasury": "Salmon P. Chase", "date": "1861–1864"}
    assert groups["war"] == [{"n": 1, "war": "Simon Cameron", "date": "1861–1862"}]
    assert group_fields([("political_groups1", "PML-N"), ("voting_system1", "FPTP")]) == {}


def test_empty_parameters_show_the_family_but_make_no_member() -> None:
    """college1 set, collegeyears1/collegecaps1 empty (as a template's blank copy leaves them)."""
    from pipeline.api import extract_text

    text = ("{{Infobox football biography\n| name = X\n| collegeyears1 = \n| college1 = [[UCLA Bruins|UCLA]]\n"
            "| collegecaps1 =\n| years1 = 1993–1995\n| clubs1 = LA Galaxy\n| caps1 =\n| image2 =\n}}\nX is.")
    box = extract_text(text, name="x.wiki")[0].infobox
    assert box is not None
    assert box.groups == {"college": [{"n": 1, "college": "UCLA"}],
                          "career": [{"n": 1, "years": "1993–1995", "clubs": "LA Galaxy"}]}
    # without the empty keys a lone 'college1' does not join a career of one row: number 1 alone proves nothing
    assert group_fields([("college1", "UCLA"), ("years1", "1993–1995"), ("clubs1", "LA Galaxy")]) == {
        "career": [{"n": 1, "years": "1993–1995", "clubs": "LA Galaxy"}]}
    # empty keys alone make no family, and give plain keys nothing to join
    assert group_fields([("subdivision_type", "Country"), ("subdivision_name", "Romania")],
                        empty=["subdivision_type1", "subdivision_name1"]) == {}


def _election(numbers: tuple[int, ...] = (1, 2)) -> list[tuple[str, str]]:
    """Template:Infobox election's per-candidate parameters, as the documentation lists them."""
    pairs: list[tuple[str, str]] = []
    for n in numbers:
        pairs += [(f"image{n}", f"C{n}.jpg"), (f"nominee{n}", f"Nominee {n}"), (f"party{n}", f"Party {n}"),
                  (f"home_state{n}", f"State {n}"), (f"running_mate{n}", f"Mate {n}"),
                  (f"electoral_vote{n}", f"{300 - n}"), (f"states_carried{n}", f"{20 + n}"),
                  (f"popular_vote{n}", f"{n},000,000"), (f"percentage{n}", f"{50 - n}%")]
    return pairs


def test_election_candidates_are_one_family() -> None:
    """REVIEW 1.3a: popular_vote1, running_mate1 … share the numbers of image1/nominee1: one row per candidate."""
    groups = group_fields(_election())
    assert list(groups) == ["candidate"]
    assert groups["candidate"][1] == {"n": 2, "image": "C2.jpg", "nominee": "Nominee 2", "party": "Party 2",
                                      "home_state": "State 2", "running_mate": "Mate 2", "electoral_vote": "298",
                                      "states_carried": "22", "popular_vote": "2,000,000", "percentage": "48%"}


def test_joined_stems_sharing_numbers_join_an_undocumented_family() -> None:
    """The same rule without a table entry: _-joined stems with the numbers of an open family are its members."""
    values = {"image": "Contestant {}.jpg", "contestant": "Contestant {}", "home_town": "home_town {}",
              "final_score": "final_score {}"}
    pairs = [(f"{stem}{n}", value.format(n)) for n in (1, 2, 3) for stem, value in values.items()]
    groups = group_fields(pairs)
    assert list(groups) == ["image"]
    assert groups["image"][2] == {"n": 3, "image": "Contestant 3.jpg", "contestant": "Contestant 3",
                                  "home_town": "home_town 3", "final_score": "final_score 3"}


def test_joined_stems_with_other_numbers_stay_apart() -> None:
    """Negatives of the rule above (Infobox element): ionization energies 1..3 are no isotopes 1..2, and one
    shared number (heat_fusion2) says nothing."""
    pairs = [("dm1", "β−"), ("de1", "0.579"), ("link1", "copper-64"), ("dm2", "ε"), ("de2", "1.675"),
             ("link2", "nickel-64"),
             ("ionization_energy1", "745.5"), ("ionization_energy2", "1957.9"), ("ionization_energy3", "3555"),
             ("heat_fusion2", "13.26")]
    groups = group_fields(pairs)
    assert groups["dm"] == [{"n": 1, "dm": "β−", "de": "0.579", "link": "copper-64"},
                            {"n": 2, "dm": "ε", "de": "1.675", "link": "nickel-64"}]
    assert groups["ionization"] == [{"n": 1, "energy": "745.5"}, {"n": 2, "energy": "1957.9"},
                                    {"n": 3, "energy": "3555"}]
    assert "heat" not in groups and "heat_fusion" not in groups


def test_basketball_coaching_career_is_not_the_playing_career() -> None:
    """REVIEW 1.3b: cyearsN/cteamN (Infobox basketball biography's coaching career) are one letter before the
    table's years/team: their own family, named as families.json documents the prefix."""
    pairs = [("years1", "1988–1993"), ("team1", "Chicago Bulls"), ("years2", "1993–1998"), ("team2", "Spurs"),
             ("cyears1", "2012–2014"), ("cteam1", "Utah Jazz (assistant)"), ("cyears2", "2014–present"),
             ("cteam2", "Golden State Warriors")]
    groups = group_fields(pairs)
    assert groups["career"] == [{"n": 1, "years": "1988–1993", "team": "Chicago Bulls"},
                                {"n": 2, "years": "1993–1998", "team": "Spurs"}]
    assert groups["coach"] == [{"n": 1, "years": "2012–2014", "team": "Utah Jazz (assistant)"},
                               {"n": 2, "years": "2014–present", "team": "Golden State Warriors"}]
    # a lone prefixed variant does not join the career either
    lone = group_fields([*pairs[:4], ("cteam1", "Utah Jazz"), ("cteam2", "Warriors")])
    assert lone["career"][0] == {"n": 1, "years": "1988–1993", "team": "Chicago Bulls"}


def test_a_leftover_stem_joins_a_documented_family_only_within_its_numbers() -> None:
    """state2 beside office1..2 joins row 2; a stem beside a documented family of number 1 alone (royalty's
    succession1 and native_lang1) or with numbers the family lacks (image3) does not."""
    office = group_fields([("office1", "Vice President"), ("term_start1", "2009"), ("office2", "Senator"),
                           ("term_start2", "1973"), ("state2", "Delaware"), ("image3", "x.jpg")])
    assert office["office"][1] == {"n": 2, "office": "Senator", "term_start": "1973", "state": "Delaware"}
    assert all("image" not in row for row in office["office"])
    royal = group_fields([("succession", "King of Macedon"), ("reign", "336–323 BC"), ("predecessor", "Philip II"),
                          ("succession1", "Pharaoh of Egypt"), ("reign1", "332–323 BC"),
                          ("predecessor1", "Darius III"), ("native_lang1", "Greek")])
    assert list(royal) == ["succession"]  # the entry covering most stems names it, not officeholder's 'office'
    assert royal["succession"][1] == {"n": 1, "succession": "Pharaoh of Egypt", "reign": "332–323 BC",
                                      "predecessor": "Darius III"}


def test_airport_runways_have_a_one_letter_head() -> None:
    """REVIEW 1.3c: Infobox airport r1-number, r1-length-m (normalized r1_number, r1_length_m) are runway 1."""
    info = read_numbered("r1_length_m")
    assert info is not None and (info.head, info.n, info.tail) == ("r", 1, "length_m")
    pairs = [("r1_number", "09L/27R"), ("r1_length_m", "3,902"), ("r1_surface", "Asphalt"),
             ("r2_number", "09R/27L"), ("r2_length_m", "3,660"), ("r2_surface", "Grass")]
    assert group_fields(pairs) == {"runway": [
        {"n": 1, "number": "09L/27R", "length_m": "3,902", "surface": "Asphalt"},
        {"n": 2, "number": "09R/27L", "length_m": "3,660", "surface": "Grass"}]}


@pytest.mark.parametrize("key", ["f1_score", "f1_score2", "a1b", "r1", "p1_xy", "r1number"])
def test_one_letter_keys_that_are_no_numbered_keys(key: str) -> None:
    """The F1 score, a letter and digit written together, a tail of fewer than three letters."""
    info = read_numbered(key)
    assert info is None or info.head is None, info


def test_value_kinds() -> None:
    assert [value_kind(v) for v in ["~73,000", "c. 300", "2019", "25,000 killed", "US$4 million", "at least 40",
                                    "United States:\n40,000 (average)"]] == ["number"] * 7
    assert [value_kind(v) for v in ["Gwangju Battle.jpg", "File:Map.svg", "Example.ogg"]] == ["file"] * 3
    assert [value_kind(v) for v in ["East Germanic", "Bureau of Chemistry, USDA (1901–1927)", "Route 66", "β−",
                                    "Act of 1906", "Mathematics and Physics"]] == ["text"] * 6


@pytest.mark.parametrize(("pairs", "expected"), [
    # rows: one thing described in different ways (names beside counts, a file beside its title)
    ([("combatant1", "France"), ("combatant2", "Prussia"), ("commander1", "Napoleon"), ("commander2", "Blücher"),
      ("strength1", "73,000"), ("strength2", "Unknown")], {"combatant": ["combatant", "commander", "strength"]}),
    ([("combatant1", "United States"), ("combatant2", "Great Britain"), ("casualties1", "United States:\n6,824 killed"),
      ("casualties2", "Great Britain:\n4,000 killed")], {"combatant": ["combatant", "casualties"]}),
    ([("pop1", "25,000"), ("region1", "Hokkaido"), ("pop2", "1,000"), ("region2", "Sakhalin")],
     {"pop": ["pop", "region"]}),
    ([("filename", "Anthem.ogg"), ("title", "Anthem"), ("filename2", "March.ogg"), ("title2", "March")],
     {"filename": ["filename", "title"]}),
    # lists: parallel lists of names that share numbers are families of their own
    ([("fam1", "Indo-European"), ("fam2", "Germanic"), ("fam3", "East Germanic"), ("dia1", "Biblical"),
      ("dia2", "Crimean"), ("ancestor", "Proto-Indo-European"), ("ancestor2", "Proto-Germanic")],
     {"fam": ["fam"], "dia": ["dia"], "ancestor": ["ancestor"]}),
    ([("preceding1", "Bureau of Chemistry (1901–1927)"), ("preceding2", "Division of Chemistry"),
      ("keydocument1", "Pure Food and Drug Act"), ("keydocument2", "Cosmetic Act")],
     {"preceding": ["preceding"], "keydocument": ["keydocument"]}),
])
def test_plain_stems_sharing_numbers_join_only_as_rows_of_mixed_values(
        pairs: list[tuple[str, str]], expected: dict[str, list[str]]) -> None:
    groups = group_fields(pairs)
    assert {family: sorted({m for row in rows for m in row if m != "n"}) for family, rows in groups.items()} \
        == {family: sorted(members) for family, members in expected.items()}


def test_one_documented_stem_does_not_name_the_template() -> None:
    """An agency's precedingN is in the officeholder entry of families.json; alone it makes no 'office' family."""
    groups = group_fields([("preceding1", "Bureau of Chemistry"), ("preceding2", "Division of Chemistry"),
                           ("chief1_name", "A"), ("chief1_position", "Commissioner")])
    assert "office" not in groups and [row["preceding"] for row in groups["preceding"]] == [
        "Bureau of Chemistry", "Division of Chemistry"]
    officeholder = group_fields([("office2", "Senator"), ("term_start2", "1990"), ("preceding2", "A")])
    assert officeholder["office"] == [{"n": 2, "office": "Senator", "term_start": "1990", "preceding": "A"}]


def test_iso_639_codes_are_no_family() -> None:
    """Template:Infobox language: iso1, iso2, iso3, iso5, iso6 are the parts of ISO 639, not a family."""
    groups = group_fields([("child1", "A"), ("child2", "B"), ("iso2", "got"), ("iso3", "got"), ("iso5", "gem")])
    assert list(groups) == ["child"] and all(set(row) == {"n", "child"} for row in groups["child"])


def test_a_stem_with_an_attribute_word_before_it_is_its_member() -> None:
    """Template:Infobox former country: date_eventN belongs to eventN, year_leaderN to leaderN, flag_pN to pN (the
    states before; one-letter stems are numbered too). The member keeps its key's name."""
    groups = group_fields([("event1", "Treaty"), ("date_event1", "1910"), ("event2", "War"), ("date_event2", "1920"),
                           ("leader1", "King A"), ("year_leader1", "1900–1910"), ("leader2", "King B"),
                           ("year_leader2", "1910–1930"), ("p1", "Old State"), ("flag_p1", "Flag.svg"),
                           ("p2", "Other State"), ("event_start", "Founded"), ("date_start", "1900")])
    assert groups["event"] == [{"n": 1, "event": "Treaty", "date_event": "1910"},
                               {"n": 2, "event": "War", "date_event": "1920"}]  # event_start is not row 1
    assert groups["leader"] == [{"n": 1, "leader": "King A", "year_leader": "1900–1910"},
                                {"n": 2, "leader": "King B", "year_leader": "1910–1930"}]
    assert groups["p"] == [{"n": 1, "p": "Old State", "flag_p": "Flag.svg"}, {"n": 2, "p": "Other State"}]


def test_a_modifier_before_a_stem_makes_another_family() -> None:
    """Negatives: a legislature's last_electionN/next_electionN are other elections than its leaders' electionN;
    an officeholder's co_leaderN is another person than leaderN; a lone one-letter key is no family."""
    leaders = [(f"{stem}{n}", value) for n in range(1, 8)  # seven leaders, two houses (Infobox legislature)
               for stem, value in (("leader", f"Leader {n}"), ("party", "PPP"), ("election", f"{2010 + n}"))]
    houses = [("last_election1", "5 March 2015"), ("next_election1", "5 March 2018"), ("last_election2", "2014"),
              ("next_election2", "2020")]
    groups = group_fields(leaders + houses)
    assert all(set(row) == {"n", "leader", "party", "election"} for row in groups["leader"])
    assert "election" not in groups  # last_election is no member of an 'election' family
    co = group_fields([("leader1", "A"), ("leader2", "B"), ("co_leader1", "C"), ("co_leader2", "D")])
    assert all("co" not in row for rows in co.values() for row in rows)  # 'co' is no attribute of a leader
    assert group_fields([("a1", "x"), ("name", "y")]) == {}


def test_legislative_election_leader_stays_in_the_party_row() -> None:
    """Template:Infobox legislative election: leaderN and leader_sinceN are the party's leader (the election entry
    of families.json), not a 'leader' family of their own split off by the suffix rule (leader + leader_since)."""
    pairs = [(f"{stem}{n}", value) for n in (1, 2) for stem, value in (
        ("image", f"L{n}.jpg"), ("leader", f"Leader {n}"), ("leader_since", "1994"), ("party", f"Party {n}"),
        ("seats", "418"), ("popular_vote", "13,518,167"), ("percentage", "43.2%"))]
    groups = group_fields(pairs)
    assert list(groups) == ["candidate"]
    assert groups["candidate"][1] == {"n": 2, "image": "L2.jpg", "leader": "Leader 2", "leader_since": "1994",
                                      "party": "Party 2", "seats": "418", "popular_vote": "13,518,167",
                                      "percentage": "43.2%"}


def test_rows_of_linked_stems_are_named_after_the_first_in_template_order() -> None:
    """name1 and pop2 share no number but are linked through image1..2: one row family, named after 'name'."""
    groups = group_fields([("name1", "Hokkaido"), ("pop2", "25,000"), ("image1", "A.jpg"), ("image2", "B.jpg")])
    assert list(groups) == ["name"]


def test_a_capital_letter_after_the_number_is_a_member_beside_its_head() -> None:
    """Infobox awards list award1W/award1N (wins, nominations): a capital letter abbreviates a member."""
    labels = {"award1w": "award1W", "award1n": "award1N", "award2w": "award2W"}
    info = read_numbered("award1w", "award1W")
    assert info is not None and (info.head, info.n, info.tail, info.abbreviated) == ("award", 1, "w", True)
    pairs = [("award1", "Grammy"), ("award1w", "3"), ("award1n", "7"), ("award2", "Brit"), ("award2w", "1")]
    assert group_fields(pairs, labels=labels) == {"award": [
        {"n": 1, "award": "Grammy", "W": "3", "N": "7"}, {"n": 2, "award": "Brit", "W": "1"}]}


@pytest.mark.parametrize(("key", "label"), [
    ("photo1a", "photo1a"),            # Template:Photomontage: row 1, picture a (a sub-index, lower case)
    ("combatant1a", "combatant1a"),    # Infobox military conflict: the second line of side 1
    ("award1w", None),                 # no label (flat rendering): the case is not known
    ("b2b", "B2B"),                    # a one-letter head
])
def test_lower_case_tails_and_unknown_case_are_no_abbreviated_members(key: str, label: str | None) -> None:
    assert read_numbered(key, label) is None


def test_an_abbreviated_member_alone_makes_no_family() -> None:
    assert group_fields([("mp3a", "x"), ("name", "y")], labels={"mp3a": "MP3A"}) == {}
    pairs = [("combatant1", "A"), ("combatant1a", "B"), ("combatant2", "C")]
    assert group_fields(pairs, labels={k: k for k, _ in pairs}) == {
        "combatant": [{"n": 1, "combatant": "A"}, {"n": 2, "combatant": "C"}]}


def test_a_block_repeated_for_a_second_instance_is_one_family() -> None:
    """Infobox legislation: the plain parameters are the first chamber, the ones numbered 2 the second."""
    pairs = [("enacted_by", "House of Commons"), ("date_passed", "7 December 1917"), ("enacted_by2", "House of Lords"),
             ("date_passed2", "30 January 1918"), ("bill", "Representation of the People Bill"),
             ("introduced_by", "George Cave"), ("bill2", "Representation of the People Bill"),
             ("introduced_by2", "Lord Curzon")]
    assert group_fields(pairs) == {"bill": [
        {"n": 1, "enacted_by": "House of Commons", "date_passed": "7 December 1917",
         "bill": "Representation of the People Bill", "introduced_by": "George Cave"},
        {"n": 2, "enacted_by": "House of Lords", "date_passed": "30 January 1918",
         "bill": "Representation of the People Bill", "introduced_by": "Lord Curzon"}]}


def test_twinned_stems_within_another_familys_numbers_say_nothing() -> None:
    """Infobox element: 'heat fusion 2' (a second phase) is no isotope 2 of dm0..dm2, though both have a row 2."""
    pairs = [("dm0", "β−"), ("de0", "–"), ("dm1", "ε"), ("de1", "–"), ("dm2", "β−"), ("de2", "–"),
             ("heat_fusion", "13.26"), ("heat_fusion2", "12.1"), ("thermal_conductivity", "401")]
    groups = group_fields(pairs)
    assert all("heat_fusion" not in row for row in groups.get("dm", [])), groups
    # and two twinned blocks with other rows stay apart
    pairs = [("enacted_by", "A"), ("enacted_by2", "B"), ("date_passed", "1"), ("date_passed3", "3")]
    assert "date_passed" not in str(group_fields(pairs).get("enacted", [])), group_fields(pairs)


def test_series_written_row_by_row_are_one_family_though_their_values_are_of_one_kind() -> None:
    """Template:Drugbox: component1, class1, component2, class2 (two texts per row)."""
    groups = group_fields([("component1", "Amoxicillin"), ("class1", "β-lactam antibiotic"),
                           ("component2", "Clavulanic acid"), ("class2", "β-lactamase inhibitor")])
    assert groups == {"component": [{"n": 1, "component": "Amoxicillin", "class": "β-lactam antibiotic"},
                                     {"n": 2, "component": "Clavulanic acid", "class": "β-lactamase inhibitor"}]}


def test_parallel_lists_written_one_after_the_other_stay_apart() -> None:
    """Infobox language: fam1..3 then dia1..2, names of one kind in two lists."""
    groups = group_fields([("fam1", "Indo-European"), ("fam2", "Germanic"), ("fam3", "East Germanic"),
                           ("dia1", "Crimean Gothic"), ("dia2", "Vandalic")])
    assert set(groups) == {"fam", "dia"}


def test_a_plain_first_series_and_a_series_from_one_written_apart_are_two_families() -> None:
    """Template:Drugbox: image, width, image2, width2 (the plain key is row 1), then component1..2."""
    groups = group_fields([("image", "A.svg"), ("width", "200"), ("image2", "B.svg"), ("width2", "150"),
                           ("component1", "Amoxicillin"), ("class1", "antibiotic"),
                           ("component2", "Clavulanic acid"), ("class2", "inhibitor")])
    assert groups["image"] == [{"n": 1, "image": "A.svg", "width": "200"}, {"n": 2, "image": "B.svg", "width": "150"}]
    assert groups["component"] == [{"n": 1, "component": "Amoxicillin", "class": "antibiotic"},
                                   {"n": 2, "component": "Clavulanic acid", "class": "inhibitor"}]


def test_a_plain_first_series_written_row_by_row_with_one_from_one_is_one_family() -> None:
    """Infobox launch pad: pad1, status, launches, pad2, status2, launches2 (the plain keys are pad 1's)."""
    groups = group_fields([("pad1", "LC-17A"), ("status", "Demolished"), ("launches", "150"),
                           ("pad2", "LC-17B"), ("status2", "Inactive"), ("launches2", "175")])
    assert groups == {"pad": [{"n": 1, "pad": "LC-17A", "status": "Demolished", "launches": "150"},
                              {"n": 2, "pad": "LC-17B", "status": "Inactive", "launches": "175"}]}

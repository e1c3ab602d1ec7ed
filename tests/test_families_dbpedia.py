"""DBpedia's numbered node mappings as test vectors for the generic family rule, and ``--mappings``.

The mapping file is the user's (``../shared/corpus/dbpedia/mappings_full/Mapping_en.xml`` beside the clone);
it is never bundled. For every template whose ``IntermediateNodeMapping``s use numbered parameters, a synthetic
infobox with all those parameters filled is grouped by the generic rule, and each DBpedia node must come out
as exactly one row. Disagreements must fall in a category documented in docs/families.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.api import extract_text
from pipeline.extract.groups import group_fields
from pipeline.extract.numbered import read_numbered
from pipeline.mappings import Mappings, MappingsError, read_mappings
from pipeline.mappings.dbpedia import NodeFamily, NodeRow
from tests.conftest import ROOT

_MAPPING_FILE = Path("corpus/dbpedia/mappings_full/Mapping_en.xml")


def _shared_dir() -> Path:
    """../shared beside the clone; for a git worktree, beside the main checkout."""
    candidates = [ROOT.parent / "shared"]
    git = ROOT / ".git"
    if git.is_file():  # 'gitdir: <main>/.git/worktrees/<name>'
        gitdir = Path(git.read_text("utf-8").split(":", 1)[1].strip())
        candidates.append(gitdir.parents[2].parent / "shared")
    for candidate in candidates:
        if (candidate / _MAPPING_FILE).is_file():
            return candidate
    raise AssertionError(f"the DBpedia mapping file is needed: put the shared data at {candidates[0]} "
                         f"({_MAPPING_FILE} inside it)")


@pytest.fixture(scope="module")
def mappings() -> Mappings:
    return read_mappings((_shared_dir() / _MAPPING_FILE).read_bytes())


def _numbered_families(mappings: Mappings) -> list[tuple[str, list[NodeFamily]]]:
    found = []
    for name in sorted(mappings.texts):
        mapping = mappings.for_template(name)
        assert mapping is not None
        families = [f for f in mapping.families
                    if len(f.rows) > 1 and any(read_numbered(k) for r in f.rows for k, _ in r.members)]
        if families:
            found.append((name, families))
    return found


def _shared_unnumbered(row: NodeRow, family: NodeFamily) -> bool:
    """DBpedia copies one plain parameter into every node ('type' in each {{Listen}} sound)."""
    keys = {k for k, _ in row.members if read_numbered(k) is None}
    return any(all(k in {key for key, _ in other.members} for other in family.rows) for k in keys)


def _malformed_key(row: NodeRow, family: NodeFamily) -> bool:
    """A parameter name that is no parameter of the template ('leader_title1nq4' in Infobox country): a
    stem with digits inside takes the row of its trailing number."""
    bad = [info for r in family.rows for k, _ in r.members
           if (info := read_numbered(k)) and any(ch.isdigit() for ch in info.stem)]
    return any(info.n == row.n or any(read_numbered(k) == info for k, _ in row.members) for info in bad)


DOCUMENTED: dict[str, Callable[[NodeRow, NodeFamily], bool]] = {
    "shared unnumbered parameter in every node": _shared_unnumbered,
    "malformed parameter name in the mapping": _malformed_key,
}


def test_dbpedia_numbered_nodes_agree_with_the_generic_rule(mappings: Mappings) -> None:
    total_nodes = sum(len(f.rows) for name in mappings.texts if (m := mappings.for_template(name))
                      for f in m.families)
    agree, numbered, unexplained = 0, 0, []
    categories: dict[str, int] = dict.fromkeys(DOCUMENTED, 0)
    for template, families in _numbered_families(mappings):
        keys = list(dict.fromkeys(k for f in families for r in f.rows for k, _ in r.members))
        values = {key: f"value {i}" for i, key in enumerate(keys)}
        groups = group_fields(list(values.items()))
        rows = [frozenset(v for k, v in row.items() if k != "n") for found in groups.values() for row in found]
        for family in families:
            for node in family.rows:
                numbered += 1
                if frozenset(values[k] for k, _ in node.members) in rows:
                    agree += 1
                    continue
                reason = next((name for name, test in DOCUMENTED.items() if test(node, family)), None)
                if reason is None:
                    unexplained.append((template, [k for k, _ in node.members]))
                else:
                    categories[reason] += 1
    report = f"{agree} of {numbered} numbered DBpedia nodes agree ({total_nodes} nodes in all); {categories}"
    print(report)
    assert numbered >= 150, report
    assert agree / numbered >= 0.9, report
    assert not unexplained, (report, unexplained)


def test_dbpedia_vectors_cover_the_sports_families(mappings: Mappings) -> None:
    """The football biography's four families come out as DBpedia's nodes: 15 senior, 3 youth, 3 national."""
    families = dict(_numbered_families(mappings))["infobox football biography"]
    sizes = sorted(len(f.rows) for f in families)
    assert sizes == [4, 4, 10, 16], sizes  # youth, national (plain + 1..3), manager, senior (plain + 1..15)


FOOTBALLER = """{{Infobox football biography
| name = Test Player
| youthyears1 = 1980–1984 | youthclubs1 = [[Harbour View F.C.|Harbour View]]
| years1 = 1984–1987 | clubs1 = [[Harbour View F.C.|Harbour View]] | caps1 = 14 | goals1 = 2
| years2 = 1987–1990 | clubs2 = Santos | caps2 = | goals2 =
| nationalyears1 = 1986–1992 | nationalteam1 = [[Jamaica national football team|Jamaica]]
| nationalcaps1 = 20 | nationalgoals1 = 3
}}
'''Test Player''' is a footballer.
"""


def test_mappings_give_mapped_templates_dbpedia_families(mappings: Mappings) -> None:
    record = extract_text(FOOTBALLER, name="player.wiki", mappings=mappings)[0]
    box = record.infobox
    assert box is not None
    assert box.groups["careerStation"] == [
        {"n": 1, "team": "Harbour View", "years": "1984–1987", "numberOfMatches": "14", "numberOfGoals": "2"},
        {"n": 2, "team": "Santos", "years": "1987–1990"},
    ]
    assert box.groups["careerStation_youth"] == [{"n": 1, "team": "Harbour View", "years": "1980–1984"}]
    assert box.groups["careerStation_national"][0]["numberOfMatches"] == "20"
    assert {f.key: f.property for f in box.fields}["clubs1"] == "team"
    assert {f.key: f.property for f in box.fields}["name"] == "foaf:name"


def test_without_mappings_the_generic_rule_and_no_property(mappings: Mappings) -> None:
    box = extract_text(FOOTBALLER, name="player.wiki")[0].infobox
    assert box is not None
    assert box.groups["career"][1] == {"n": 2, "years": "1987–1990", "clubs": "Santos"}
    assert box.groups["youth"] == [{"n": 1, "years": "1980–1984", "clubs": "Harbour View"}]
    assert all(f.property is None for f in box.fields)


def test_mappings_leave_unmapped_templates_to_the_generic_rule(mappings: Mappings) -> None:
    text = FOOTBALLER.replace("Infobox football biography", "Infobox unheard-of sport biography")
    box = extract_text(text, name="player.wiki", mappings=mappings)[0].infobox
    assert box is not None
    assert "career" in box.groups and "careerStation" not in box.groups
    assert all(f.property is None for f in box.fields)


def test_mappings_reader_refuses_other_files() -> None:
    with pytest.raises(MappingsError, match="not well-formed"):
        read_mappings(b"<mediawiki><page>")
    with pytest.raises(MappingsError, match="no 'Mapping en:' pages"):
        read_mappings(b"<mediawiki><page><title>Main Page</title></page></mediawiki>")

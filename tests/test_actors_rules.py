"""Actors: links that name people or organizations (wikitext), capitalized names (plain text)."""

from __future__ import annotations

import pytest

from pipeline.article import LinkSpan, Paragraph, ParsedArticle
from pipeline.extract.actors import capitalized_words, is_actor_link, link_actors, name_actors
from pipeline.extract.events import extract_events
from pipeline.nlp.sentences import get_nlp, sentences_of


def _names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    sents = sentences_of(get_nlp()(text))
    return [a.name for s in sents for a in name_actors(s.span, known)]


def test_actors_names_in_the_seed_history_sentence() -> None:
    names = _names("On 15 February 1992, public health scientist Dr. Smarajit Jana of All India Institute of "
                   "Hygiene and Public Health, Kolkata, visited the red-light area of Sonagachi.")
    assert names[:2] == ["Dr. Smarajit Jana", "All India Institute of Hygiene and Public Health"]
    assert "February" not in " ".join(names)


def test_actors_acronyms_and_government_names() -> None:
    names = _names("In 1995, its programme ensured that the Government of West Bengal altered the law for DMSC.")
    assert names == ["Government of West Bengal", "DMSC"]


def test_actors_sentence_initial_common_words_are_not_names() -> None:
    text = "Established on 15 February 1992, the group grew. Shortly after, studies revealed issues."
    assert _names(text) == []


def test_actors_sentence_initial_name_counts_when_seen_elsewhere() -> None:
    text = "The members joined Durbar in 1995. Durbar runs 51 clinics."
    sents = [s.span for s in sentences_of(get_nlp()(text))]
    known = capitalized_words(sents)
    assert [a.name for a in name_actors(sents[1], known)] == ["Durbar"]


def test_actors_slogans_in_quotes_are_not_names() -> None:
    assert _names("The DMSC hosted a convention titled 'Sex Work is Real Work: We Demand Workers Rights'.") == \
        ["DMSC"]


@pytest.mark.parametrize(("label", "target", "expected"), [
    ("Gene Richards", "Gene Richards (baseball)", True),
    ("St. Louis Cardinals", "St. Louis Cardinals", True),
    ("1984", "1984 Major League Baseball All-Star Game", False),
    ("1955–56", "1955–56 Serie A", False),
    ("Tyler, Texas", "Tyler, Texas", False),
    ("Canada", "Canada", False),
    ("cinema", "movie theater", False),
    ("List of cinemas", "List of cinemas in Toronto", False),
    ("September 9", "September 9", False),
    ("Greek", "Greek language", False),
    ("Die for You", "Die for You (Antique song)", False),
    ("Queen", "Queen (band)", True),
])
def test_actors_link_rules(label: str, target: str, expected: bool) -> None:
    assert is_actor_link(label, target) is expected


def test_actors_links_inside_the_sentence_only() -> None:
    text = "Along with Gene Richards and Ozzie Smith, he stole 50 bases in 1980. Later he moved to Canada."
    links = [LinkSpan(11, 24, "Gene Richards (baseball)"), LinkSpan(29, 40, "Ozzie Smith"),
             LinkSpan(text.index("Canada"), text.index("Canada") + 6, "Canada")]
    actors = link_actors(text, links, 0, text.index(" Later"))
    assert [(a.name, a.article) for a in actors] == [("Gene Richards", "Gene Richards (baseball)"),
                                                     ("Ozzie Smith", "Ozzie Smith")]


def test_actors_wikitext_keeps_unlinked_names_after_the_links() -> None:
    text = "In 1984 Jerry Mumphrey was the Astros All-Star Game representative, with Ozzie Smith."
    start = text.index("Ozzie Smith")
    article = ParsedArticle(title="T", title_from="file_name")
    article.paragraphs.append(Paragraph(text=text, section=None, anchors=[(0, 0)],
                                        links=[LinkSpan(start, start + 11, "Ozzie Smith")]))
    actors = extract_events(article, "t")[0].actors
    assert [(a.name, a.article) for a in actors] == [("Ozzie Smith", "Ozzie Smith"), ("Jerry Mumphrey", None),
                                                     ("Astros All-Star Game", None)]


def test_actors_abbreviations_and_lone_titles_are_not_names() -> None:
    assert _names("He received his B.A. in 1949, and the President thanked Harry McPherson.") == ["Harry McPherson"]

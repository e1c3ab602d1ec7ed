"""Life spans: a range in parentheses after a person's name is a birth and a death; other ranges stay one."""

from __future__ import annotations

import pytest

from pipeline.article import Paragraph, ParsedArticle
from pipeline.extract.events import extract_events
from pipeline.extract.life_spans import PersonNames, article_subject


def _events(text: str, title: str = "T", section: str | None = "History", lead_before: str = ""
            ) -> list[tuple[str, str, str, str | None]]:
    article = ParsedArticle(title=title, title_from="heading")
    offset = 0
    for paragraph, where in ((lead_before, None), (text, section)):
        if paragraph:
            article.paragraphs.append(Paragraph(text=paragraph, section=where, anchors=[(0, offset)]))
            offset += len(paragraph) + 2
    return [(e.date.text, e.date.start, e.date.end, e.kind) for e in extract_events(article, "t")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Her sons Tom (September 5, 1921 – June 14, 1979) and Ned (January 26, 1925 – March 2, 1990) ran it.",
     [("September 5, 1921", "1921-09-05", "1921-09-05", "birth"),
      ("June 14, 1979", "1979-06-14", "1979-06-14", "death"),
      ("January 26, 1925", "1925-01-26", "1925-01-26", "birth"),
      ("March 2, 1990", "1990-03-02", "1990-03-02", "death")]),
    ("Mary Jones (1901–1980) founded the firm.", [("1901", "1901", "1901", "birth"),
                                                 ("1980", "1980", "1980", "death")]),
    # a title held for life before "of the": a peer; a judge's title; people of a nation before a personal name; a
    # noun only a person is, in apposition
    ("In 1909 an expedition led by the Duke of the Abruzzi (1873–1933) reached 6,250 metres.",
     [("1909", "1909", "1909", None), ("1873", "1873", "1873", "birth"), ("1933", "1933", "1933", "death")]),
    ("They pleaded guilty before Judge Leon M. Bazile (1890–1967) of the county court.",
     [("1890", "1890", "1890", "birth"), ("1967", "1967", "1967", "death")]),
    ("It was first climbed by the Italians Achille Compagnoni (1914–2009) and others.",
     [("1914", "1914", "1914", "birth"), ("2009", "2009", "2009", "death")]),
    ("The case involved Mildred Loving (1939–2008), a woman of color.",
     [("1939", "1939", "1939", "birth"), ("2008", "2008", "2008", "death")]),
    # the verb after a second name and its own parenthesis: "X (…) and Lunar Module Pilot Y (born 1935) walked"
    ("Commander Eugene Cernan (1934–2017) and Lunar Module Pilot Harrison Schmitt (born 1935) walked on the Moon.",
     [("1934", "1934", "1934", "birth"), ("2017", "2017", "2017", "death"), ("1935", "1935", "1935", "birth")]),
    ("Her father, Tom Jones (1890–1960), ran a mill.", [("1890", "1890", "1890", "birth"),
                                                        ("1960", "1960", "1960", "death")]),
    ("Later, the comic playwright Melanippides of Melos (480–430 BC) embellished the story.",
     [("480", "-0480", "-0480", "birth"), ("430 BC", "-0430", "-0430", "death")]),
    # the range's "c." before an end stays with that end
    ("The Greek philosopher Socrates (c. 470 – 399 BC) taught Plato.",
     [("c. 470", "-0470", "-0470", "birth"), ("399 BC", "-0399", "-0399", "death")]),
    ("His parents, Bomi (1908–2003) and Jer Bulsara (1922–2016), were Parsis.",
     [("1908", "1908", "1908", "birth"), ("2003", "2003", "2003", "death"),
      ("1922", "1922", "1922", "birth"), ("2016", "2016", "2016", "death")]),
    ("She married psychologist Keller Breland (1915–1965) in 1941.",
     [("1915", "1915", "1915", "birth"), ("1965", "1965", "1965", "death"), ("1941", "1941", "1941", None)]),
    ("Akira Kurosawa (March 23, 1910 – September 6, 1998) was a Japanese film director, producer and editor.",
     [("March 23, 1910", "1910-03-23", "1910-03-23", "birth"),
      ("September 6, 1998", "1998-09-06", "1998-09-06", "death")]),
    ("Ludwig van Beethoven (1770–1827) was a composer.",
     [("1770", "1770", "1770", "birth"), ("1827", "1827", "1827", "death")]),
    ("Harry McPherson, Jr. (August 22, 1929 – February 16, 2012) served as counsel.",
     [("August 22, 1929", "1929-08-22", "1929-08-22", "birth"),
      ("February 16, 2012", "2012-02-16", "2012-02-16", "death")]),
    ("He was the son of a wool trader, Joseph Dwan (1857-1917) and his wife Mary.",
     [("1857", "1857", "1857", "birth"), ("1917", "1917", "1917", "death")]),
    ("In Cratylus, the Greek philosopher Plato (428–347 BC) gives some etymologies.",
     [("428", "-0428", "-0428", "birth"), ("347 BC", "-0347", "-0347", "death")]),
    ("Hans Brockhaus (1888–1965) later claimed it.", [("1888", "1888", "1888", "birth"),
                                                     ("1965", "1965", "1965", "death")]),
    ("He was born to Janet (née Donovan; 1927–2016) and Chris Adams (1927–1985) in Cambridge.",
     [("1927", "1927", "1927", "birth"), ("2016", "2016", "2016", "death"),
      ("1927", "1927", "1927", "birth"), ("1985", "1985", "1985", "death")]),
    ("Catherine of Aragon (1485–1536) was queen.", [("1485", "1485", "1485", "birth"),
                                                  ("1536", "1536", "1536", "death")]),
    ("John Arnold (1736–1799), watchmaker, of London", [("1736", "1736", "1736", "birth"),
                                                       ("1799", "1799", "1799", "death")]),
    # a passive after the copula names no thing: the predicate ends at its preposition ("shot down over the Union")
    ("After a U-2 piloted by Francis Gary Powers (1929–1977) was shot down over the Soviet Union, the need grew.",
     [("1929", "1929", "1929", "birth"), ("1977", "1977", "1977", "death")]),
    # initials open a name ("A." is no article); a title after a rank
    ("Winnie lived there until 1934, and A. A. Milne (1882–1956) named his son's bear after her.",
     [("until 1934", "1934", "1934", None), ("1882", "1882", "1882", "birth"), ("1956", "1956", "1956", "death")]),
    ("The ship, under Vice-Admiral Sir George Carew (c. 1504 – 1545), turned to fire.",
     [("c. 1504", "1504", "1504", "birth"), ("1545", "1545", "1545", "death")]),
    # a name in apposition after a person's title: the comma after the parenthesis closes it, the verb follows
    ("The chairman, Stanley Unwin (1884–1968), gave it to his son to review.",
     [("1884", "1884", "1884", "birth"), ("1968", "1968", "1968", "death")]),
    # an alias in commas between the parenthesis and the predicate is skipped
    ("Rocco Marchegiano (September 1, 1923 – August 31, 1969), known as Rocky Marciano, was an American boxer.",
     [("September 1, 1923", "1923-09-01", "1923-09-01", "birth"),
      ("August 31, 1969", "1969-08-31", "1969-08-31", "death")]),
    ("Rocco Marchegiano (1923–1969), better known as Rocky Marciano, fought in Boston.",
     [("1923", "1923", "1923", "birth"), ("1969", "1969", "1969", "death")]),
    ("Ann Lee (born 3 May 1950) is a writer.", [("3 May 1950", "1950-05-03", "1950-05-03", "birth")]),
    ("Bob Ray (died 1990) was a poet.", [("1990", "1990", "1990", "death")]),
    ("She was born on 3 May 1950 in Lagos.", [("3 May 1950", "1950-05-03", "1950-05-03", "birth")]),
    ("He died in Paris, France, on 2 June 1990.", [("2 June 1990", "1990-06-02", "1990-06-02", "death")]),
    ("He was killed in action on 3 May 1944.", [("3 May 1944", "1944-05-03", "1944-05-03", "death")]),
    ("She was born Angela Dorothea Kasner in 1954.", [("1954", "1954", "1954", "birth")]),  # a birth name
    ("She was born Ann Kasner in Hamburg, West Germany, in 1954.", [("1954", "1954", "1954", "birth")]),
])
def test_events_life_spans_give_births_and_deaths(sentence: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("He served in World War II (1939–45) as a pilot.", [("1939–45", "1939", "1945", None)]),
    ("He played for the Cardinals (1974–79).", [("1974–79", "1974", "1979", None)]),
    ("Joy Division (1976–1980) was an English band.", [("1976–1980", "1976", "1980", None)]),
    ("A Ford Motor (1903–1990) was sold.", [("1903–1990", "1903", "1990", None)]),
    ("Its owner, Pan Am (1927–1991), sold the building.", [("1927–1991", "1927", "1991", None)]),
    ("The liner RMS Queen Mary (1936–1967) sailed to New York.", [("1936–1967", "1936", "1967", None)]),
    ("The Soviet Union (1922–1991) was a socialist state across much of Eurasia.",
     [("1922–1991", "1922", "1991", None)]),
    ("Joy Division (1976–1980), known as Warsaw at first, was an English rock band.",
     [("1976–1980", "1976", "1980", None)]),
    ("The Kingdom of Sardinia (1720–1861), also known as Piedmont-Sardinia, was a state.",
     [("1720–1861", "1720", "1861", None)]),
    ("Joy Division (1976–1980) was an English rock band from Salford.", [("1976–1980", "1976", "1980", None)]),
    ("World War II (1 September 1939 – 2 September 1945) was a global conflict.",
     [("1 September 1939 – 2 September 1945", "1939-09-01", "1945-09-02", None)]),
    ("The Beatles (1960–1970) changed music.", [("1960–1970", "1960", "1970", None)]),
    ("The Ming Dynasty (1368–1644) ruled China.", [("1368–1644", "1368", "1644", None)]),
    ("Smith led the project (1990–2005) until he retired.", [("1990–2005", "1990", "2005", None)]),
    ("Smith studied there (1990–1992).", [("1990–1992", "1990", "1992", None)]),
    ("He was born in Lagos, and moved to London in 1970.", [("1970", "1970", "1970", None)]),
    ("He died Friday in Lagos; Smith sold the house in 1970.", [("1970", "1970", "1970", None)]),  # no birth name
    ("The attack killed 50 people in 1990.", [("1990", "1990", "1990", None)]),
    ("Ford Motor (1903–1950), then the largest maker, grew.", [("1903–1950", "1903", "1950", None)]),
    ("He was director of the Kaiser Wilhelm Institute for Physics (1914–1932) and a professor.",
     [("1914–1932", "1914", "1932", None)]),  # "director" is a role, but not of "Physics"; the name is a thing's
    # REVIEW 1.2: a verb after the parenthesis is no person signal for a one-word or non-personal name
    ("Jones (1901–1980) founded the firm.", [("1901–1980", "1901", "1980", None)]),
    ("Austria-Hungary (1867–1918) declared war on Serbia.", [("1867–1918", "1867", "1918", None)]),
    ("Yugoslavia (1918–1992) was a country in Southeastern Europe.", [("1918–1992", "1918", "1992", None)]),
    ("Pink Floyd (1965–1995) released many albums.", [("1965–1995", "1965", "1995", None)]),
    ("Brunel's Great Western (1838–1856) crossed the Atlantic.", [("1838–1856", "1838", "1856", None)]),
    ("In the evening, Paris (1900–1950) changed.", [("1900–1950", "1900", "1950", None)]),
    ("The Soviet Union (1922–1991) was a federation.", [("1922–1991", "1922", "1991", None)]),
    ("The publishers were Joseph Atkinson (1899–1948) and Beland Honderich (1966–1988).",
     [("1899–1948", "1899", "1948", None), ("1966–1988", "1966", "1988", None)]),  # tenures, no person signal
    # a state after "of" is no peer; a firm's name after a people's name; a thing in apposition
    ("The Kingdom of Italy (1861–1946) was a state.", [("1861–1946", "1861", "1946", None)]),
    ("The Italians Fiat (1899–1990) sold cars.", [("1899–1990", "1899", "1990", None)]),
    ("The newspaper Il Mondo (1949–1966), a weekly of the left, closed.", [("1949–1966", "1949", "1966", None)]),
    # a band's span before a second name's parenthesis: the verb after it still makes no person of a thing
    ("The Beatles (1960–1970) and the Rolling Stones (formed 1962) toured America.",
     [("1960–1970", "1960", "1970", None), ("1962", "1962", "1962", None)]),
])
def test_events_ranges_that_are_no_life_span_stay_one_range(sentence: str,
                                                           expected: list[tuple[str, str, str, None]]) -> None:
    assert _events(sentence) == expected


def test_events_the_subjects_life_span_is_read_in_the_first_sentence_of_a_person_article() -> None:
    lead = "Mary Smith (April 11, 1895 – June 20, 1969), an oil magnate. She ran the firm and her sons helped her."
    assert _events("In 1950 she sold it.", title="Mary Smith", lead_before=lead)[:2] == [
        ("April 11, 1895", "1895-04-11", "1895-04-11", "birth"), ("June 20, 1969", "1969-06-20", "1969-06-20", "death")]
    # The same parenthesis after the title of an article about a thing (it, its, they) stays one range.
    lead = "Acme Works (1895–1969), a steel mill. It made rails; its owners sold it when they left."
    assert _events("In 1950 it closed.", title="Acme Works", lead_before=lead)[0] == (
        "1895–1969", "1895", "1969", None)


def test_events_article_subject_counts_pronouns() -> None:
    assert article_subject("Mary Smith (businesswoman)", ["She founded it. Her sons ran her firm."]).is_person
    assert not article_subject("Acme", ["It was founded in 1900. Its owners sold it; they left."]).is_person
    assert article_subject("Mary Smith (businesswoman)", []).title_words == frozenset({"mary", "smith"})


def test_events_life_span_inside_a_nihongo_template() -> None:
    """{{nihongo|Name|kanji|romaji|extra=…}} is shown "Name (kanji, romaji, extra)": the extra's life span splits."""
    from pipeline import extract_text

    wikitext = ("{{nihongo|'''Akira Kurosawa'''|黒澤 明|Kurosawa Akira|extra=March 23, 1910 – September 6, 1998}} "
                "was a Japanese film director. He directed 30 films.\n")
    record = extract_text(wikitext, "raw/akira_kurosawa.wiki")[0]
    assert record.events[0].sentence.startswith("Akira Kurosawa (黒澤 明, Kurosawa Akira, March 23, 1910")
    assert [(e.date.start, e.kind) for e in record.events] == [("1910-03-23", "birth"), ("1998-09-06", "death")]


def test_events_life_span_circa_stays_with_its_end() -> None:
    """ "c." before the second end marks the death only; a plain range keeps no qualifier on either end."""
    events = _events("The painter Jan Steen (1626 – c. 1679) painted taverns.")
    assert events == [("1626", "1626", "1626", "birth"), ("c. 1679", "1679", "1679", "death")]
    article = ParsedArticle(title="T", title_from="heading")
    article.paragraphs.append(Paragraph(text="The Greek philosopher Socrates (c. 470 – 399 BC) taught Plato.",
                                        section="History", anchors=[(0, 0)]))
    qualifiers = [(e.kind, e.date.qualifier) for e in extract_events(article, "t")]
    assert qualifiers == [("birth", "circa"), ("death", None)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # (b) a role or title noun right before the name; an office needs a span longer than most reigns and terms
    ("The emperor Hadrian (1076–1138) had a wall built.", [("1076", "1076", "1076", "birth"),
                                                          ("1138", "1138", "1138", "death")]),
    ("In the 1950s the state inspector Mary Ann Doyle (1901–1990) refused to sign the permit.",
     [("the 1950s", "1950", "1959", None), ("1901", "1901", "1901", "birth"), ("1990", "1990", "1990", "death")]),
    ("Pieter Cornelis de Vries (1722–1790), the Dutch envoy to the Russian court, met the tsar twice.",
     [("1722", "1722", "1722", "birth"), ("1790", "1790", "1790", "death")]),
    ("King Harald III (1015–1066) invaded England.", [("1015", "1015", "1015", "birth"),
                                                      ("1066", "1066", "1066", "death")]),
    ("Lord Byron (1788–1824) swam the Hellespont.", [("1788", "1788", "1788", "birth"),
                                                     ("1824", "1824", "1824", "death")]),  # a peer: no office
    ("Letters to Sir Thomas Gresham (1519–1579) survive in the archive.",
     [("1519", "1519", "1519", "birth"), ("1579", "1579", "1579", "death")]),
    # a thing's word before the name counts only as a class noun right before it, not across a comma
    ("After the war, Mary Johnson (1900–1980) moved to Paris.", [("1900", "1900", "1900", "birth"),
                                                                 ("1980", "1980", "1980", "death")]),
    # an epithet after "the" ends a person's name; a ruler's epithet asks for an office's span
    ("A portrait of Hans Holbein the Younger (1497–1543) hangs here.", [("1497", "1497", "1497", "birth"),
                                                                        ("1543", "1543", "1543", "death")]),
    ("The Goths under Alaric the Bold (1420–1480) held the city.", [("1420", "1420", "1420", "birth"),
                                                                  ("1480", "1480", "1480", "death")]),
    # (c) a particle only people's names carry, inside the name
    ("The rockets of Wernher von Braun (1912–1977) reached space.", [("1912", "1912", "1912", "birth"),
                                                                     ("1977", "1977", "1977", "death")]),
    ("A letter from Ali ibn Yusuf (1084–1143) survives.", [("1084", "1084", "1084", "birth"),
                                                           ("1143", "1143", "1143", "death")]),
])
def test_events_role_title_and_particle_mark_a_person(sentence: str, expected: list[tuple[str, str, str, str]]
                                                      ) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # an office before a name with a short span: a term or a reign, not a life
    ("President Mary Robinson (1990–1997) visited Rwanda.", [("1990–1997", "1990", "1997", None)]),
    ("The king Harald (1046–1066) invaded England.", [("1046–1066", "1046", "1066", None)]),
    ("The former ambassador John Smith (1990–2010), the envoy to Peru, retired.",
     [("1990–2010", "1990", "2010", None)]),
    ("Under Ivan the Terrible (1547–1584) the state grew.", [("1547–1584", "1547", "1584", None)]),  # a reign
    ("Rage Against the Machine (1991–2011) played loud.", [("1991–2011", "1991", "2011", None)]),  # no epithet
    # a class noun before the name says what it is, whatever the name looks like
    ("The band Yugoslavia (1918–1992) toured.", [("1918–1992", "1918", "1992", None)]),
    ("The ship Queen Mary (1936–1967) carried troops.", [("1936–1967", "1936", "1967", None)]),
    ("The liner Queen Mary (1936–1967) was a ship.", [("1936–1967", "1936", "1967", None)]),
    ("Doctor Who (1963–1989) was a British television series.", [("1963–1989", "1963", "1989", None)]),
    # "de", "da", "del" name places as often as people; "Van" opening a name is no particle inside it
    ("Rio de Janeiro (1763–1960), the colonial capital, grew.", [("1763–1960", "1763", "1960", None)]),
    ("Van Halen (1972–2020) toured widely.", [("1972–2020", "1972", "2020", None)]),
    ("The rockets of Wernher von Braun (1960–1970) reached space.", [("1960–1970", "1960", "1970", None)]),
])
def test_events_role_title_and_particle_negatives_stay_one_range(sentence: str,
                                                                  expected: list[tuple[str, str, str, None]]) -> None:
    assert _events(sentence) == expected


def _wikitext_events(wikitext: str) -> list[tuple[str, str | None]]:
    from pipeline import extract_text

    record = extract_text(wikitext, "raw/party.wiki")[0]
    return [(e.date.text, e.kind) for e in record.events]


def test_events_one_word_name_is_a_person_when_the_article_named_the_person_earlier() -> None:
    """(a) "[[Charles Hawtrey]] … Hawtrey (1905–1985) led": a one-word name that is the last word of a personal
    name linked earlier is that person; before the link, or for a tenure-long span, it stays one range."""
    linked = "The party expelled [[Charles Hawtrey]] in 1950.\n\n"
    sentence = "Hawtrey (1905–1985) led the party from 1960 to 1970.\n"
    assert _wikitext_events(linked + sentence) == [
        ("1950", None), ("1905", "birth"), ("1985", "death"), ("from 1960 to 1970", None)]
    assert _wikitext_events(sentence + "\n" + linked)[0] == ("1905–1985", None)  # named only later
    tenure = "Hawtrey (1960–1970) led the party.\n"
    assert _wikitext_events(linked + tenure)[1] == ("1960–1970", None)
    # a country is no surname, though a linked name ends with it
    country = "The war ended [[Nazi Germany]] in 1945.\n\nGermany (1871–1945) had colonies in Africa.\n"
    assert _wikitext_events(country)[1] == ("1871–1945", None)
    # a piped link to the person's article is the full name too; a label that is no article title is not
    piped = "The party expelled [[Charles Hawtrey|Hawtrey]] in 1950. Hawtrey (1905–1985) then led a new party.\n"
    assert _wikitext_events(piped)[1:3] == [("1905", "birth"), ("1985", "death")]
    club = "He joined [[Real Madrid CF|Real Madrid]] in 1950.\n\nMadrid (1561–1601) was the capital of Spain.\n"
    assert _wikitext_events(club)[1] == ("1561–1601", None)
    # a name through a joiner gives no surname
    joined = "She taught at the [[University of Chicago]] in 1950.\n\nChicago (1900–1980) grew fast.\n"
    assert _wikitext_events(joined)[1] == ("1900–1980", None)


@pytest.mark.parametrize(("words", "surname", "known"), [
    (["Charles", "Hawtrey"], "Hawtrey", True),
    (["Pieter", "Cornelis", "de", "Vries"], "Vries", True),
    (["Joy", "Division"], "Division", False),  # a thing's word
    (["Kingdom", "of", "Yugoslavia"], "Yugoslavia", False),  # a joiner, a thing's word
    (["East", "Germany"], "Germany", False),  # a country
    (["Hawtrey"], "Hawtrey", False),  # one word says nothing
    (["Brunel's", "Great", "Western"], "Western", False),  # a possessive
    (["Louis", "XIV"], "XIV", False),  # a numeral is no surname
    (["the", "Beatles"], "Beatles", False),
])
def test_events_person_names_keeps_surnames_of_personal_names_only(words: list[str], surname: str,
                                                                   known: bool) -> None:
    people = PersonNames()
    people.add_name(words)
    assert (surname in people) is known


def test_events_a_life_spans_name_makes_its_surname_known() -> None:
    """A person's life span read earlier (here with a role word) makes the surname alone a person's later on."""
    text = ("The bishop Thomas Kerr (1801–1880) built the church in 1850. "
            "Years later Kerr (1801–1880) was buried there.")
    assert _events(text) == [("1801", "1801", "1801", "birth"), ("1880", "1880", "1880", "death"),
                             ("1850", "1850", "1850", None), ("1801", "1801", "1801", "birth"),
                             ("1880", "1880", "1880", "death")]
    assert _events("Years later Kerr (1801–1880) was buried there.") == [("1801–1880", "1801", "1880", None)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("It inspired painters, the Caravaggisti, including Orazio Gentileschi (1563–1639), a Tuscan.",
     [("1563", "1563", "1563", "birth"), ("1639", "1639", "1639", "death")]),
    ("It was the last game coached by Bear Bryant (1913–1983).",
     [("1913", "1913", "1913", "birth"), ("1983", "1983", "1983", "death")]),
    ("Its superintendent was Frank Crowe (1882–1946), who had built dams.",
     [("1882", "1882", "1882", "birth"), ("1946", "1946", "1946", "death")]),
])
def test_events_people_introduced_by_a_list_word_by_or_who(sentence: str,
                                                           expected: list[tuple[str, str, str, str]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The opera was composed by Verdi (1813–1901) for the theatre.",
     [("1813", "1813", "1813", "birth"), ("1901", "1901", "1901", "death")]),
    ("The poem was written by Milton (1608–1674) in exile.",
     [("1608", "1608", "1608", "birth"), ("1674", "1674", "1674", "death")]),
    # negatives: firms build, operate and design too; a band's years are shorter than a maker's life
    ("The ship was built by Cammell (1828–1890) at Birkenhead.", [("1828–1890", "1828", "1890", None)]),
    ("The line was operated by Southern (1923–1947) for decades.", [("1923–1947", "1923", "1947", None)]),
    ("The song was written by Queen (1970–1991) for the film.", [("1970–1991", "1970", "1991", None)]),
    ("The opera was composed by verdi (1813–1901) for the theatre.", [("1813–1901", "1813", "1901", None)]),
])
def test_events_a_one_word_maker_after_an_author_participle(sentence: str,
                                                            expected: list[tuple[str, str, str, str]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("It was built by General Motors (1908–1958).", [("1908–1958", "1908", "1958", None)]),  # a firm's word
    ("It was owned by Standard Oil (1870–1911).", [("1870–1911", "1870", "1911", None)]),  # a firm's word
    ("It was published by Random House (1927–1998).", [("1927–1998", "1927", "1998", None)]),
    ("Members included Smith (1990–1995).", [("1990–1995", "1990", "1995", None)]),  # one word: no personal shape
    ("Sales rose, including Northern Europe (1990–2015).", [("1990–2015", "1990", "2015", None)]),
    ("It was coached by John Smith (1990–1994).", [("1990–1994", "1990", "1994", None)]),  # a tenure's span
])
def test_events_people_introduced_by_a_list_word_negatives(sentence: str,
                                                           expected: list[tuple[str, str, str, str]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # any past tense after a personal name and a span as long as a life
    ("Justice Byron White (1917–2002) warned that the decision would fail.",
     [("1917", "1917", "1917", "birth"), ("2002", "2002", "2002", "death")]),
    ("The fullback Ernie Nevers (1902–1976) called him the best coach.",
     [("1902", "1902", "1902", "birth"), ("1976", "1976", "1976", "death")]),
    ("Robert Boyle (1627–1691) pioneered the scientific method.",
     [("1627", "1627", "1627", "birth"), ("1691", "1691", "1691", "death")]),
    # through a second personal name joined by "and"
    ("Kamil Zvelebil (1927–2009) and Thomas Burrow continued this work.",
     [("1927", "1927", "1927", "birth"), ("2009", "2009", "2009", "death")]),
    ("Scholars, among them Iravatham Mahadevan (1930–2018) and Asko Parpola, have argued that it was so.",
     [("1930", "1930", "1930", "birth"), ("2018", "2018", "2018", "death")]),
    # a place word elsewhere in the name, or a strong sign before a place-like first word, keeps the person
    ("Kanye West (1877–1950) founded the firm.",
     [("1877", "1877", "1877", "birth"), ("1950", "1950", "1950", "death")]),
    ("Her son Lake Smith (1901–1980) moved west.",
     [("1901", "1901", "1901", "birth"), ("1980", "1980", "1980", "death")]),
    ("Saint Augustine (354–430) wrote the Confessions.",
     [("354", "0354", "0354", "birth"), ("430", "0430", "0430", "death")]),
])
def test_events_a_past_tense_after_a_personal_name_makes_a_life_span(
        sentence: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Nazi Germany (1933–1945) invaded Poland.", [("1933–1945", "1933", "1945", None)]),  # shorter than a life
    ("The Beatles (1960–1970) recorded albums.", [("1960–1970", "1960", "1970", None)]),  # 'the': a band
    ("Standard Oil (1870–1911) based in Ohio grew.", [("1870–1911", "1870", "1911", None)]),  # a participle
    ("John Smith (1990–1994) coached the team.", [("1990–1994", "1990", "1994", None)]),  # a tenure's span
    ("Greater Manchester (1974–2020) and Merseyside expanded.", [("1974–2020", "1974", "2020", None)]),  # one word
    # a place's name: compass points, "New", a feature, a Spanish or Portuguese city form
    ("New Orleans (1718–1803) belonged to France and Spain.", [("1718–1803", "1718", "1803", None)]),
    ("Fort Worth (1849–1873) grew quickly.", [("1849–1873", "1849", "1873", None)]),
    ("San Francisco (1776–1850) was a mission town.", [("1776–1850", "1776", "1850", None)]),
    ("Upper Canada (1791–1841) elected its first assembly.", [("1791–1841", "1791", "1841", None)]),
    ("Ann Lee (1900–1980) and Tom Lee (1902–1985) moved.",  # each name has its own span
     [("1900", "1900", "1900", "birth"), ("1980", "1980", "1980", "death"),
      ("1902", "1902", "1902", "birth"), ("1985", "1985", "1985", "death")]),
])
def test_events_a_past_tense_after_a_name_negatives(sentence: str,
                                                    expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _events(sentence) == expected


def test_events_a_past_tense_after_a_known_surname_makes_a_life_span() -> None:
    linked = "The tour made [[Harold Larwood]] famous in 1933.\n\n"
    sentence = "Larwood (1904–1995) refused to apologise.\n"
    assert _wikitext_events(linked + sentence) == [("1933", None), ("1904", "birth"), ("1995", "death")]
    # negatives: named only later, or a span as short as a tenure
    assert _wikitext_events(sentence + "\n" + linked)[0] == ("1904–1995", None)
    assert _wikitext_events(linked + "Larwood (1932–1938) toured twice.\n")[1] == ("1932–1938", None)


def test_pronoun_patterns_match_as_without_their_first_letter_lookahead() -> None:
    """The pronoun counts' patterns carry a lookahead of their words' first letters (speed): the same matches as
    the plain word alternations, also where case folding is unusual ('İt', 'ı', the long s 'ſ', 'K')."""
    import random
    import re

    from pipeline.extract import life_spans

    plain = [re.compile(p.pattern.removeprefix(p.pattern[:p.pattern.index(")") + 1]), p.flags)
             for p in (life_spans._GENDERED, life_spans._NEUTRAL)]
    assert all(not p.pattern.startswith("(?=") for p in plain)
    rng = random.Random(3)
    pieces = ["he", "She", "HIS", "hers", "himself", "it", "İt", "ıts", "ſhe", "Them", "their", "they're", "the",
              "this", "shell", "its", "k", "K", " ", " ", "-", "'", "’", ".", "1", "_", "é"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))) for _ in range(5000)]
    for ours, reference in zip((life_spans._GENDERED, life_spans._NEUTRAL), plain, strict=True):
        found = [[m.span() for m in ours.finditer(t)] for t in texts]
        assert found == [[m.span() for m in reference.finditer(t)] for t in texts]
        assert sum(map(len, found)) > 1000


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Abebe Bikila (1932–1973) of Ethiopia won the marathon.", [("1932", "1932", "1932", "birth"),
                                                               ("1973", "1973", "1973", "death")]),
    ("He joined the gang under the racketeer Frankie Yale (1893–1928).", [("1893", "1893", "1893", "birth"),
                                                                         ("1928", "1928", "1928", "death")]),
    ("It grew under the patronage of Prince Henry the Navigator (1394–1460).",
     [("1394", "1394", "1394", "birth"), ("1460", "1460", "1460", "death")]),
    # an agent noun in an apposition after the parenthesis, also after an alternate name inside it
    ("Tycho Brahe (1546–1601), an alchemist better known for astronomy, had a laboratory built.",
     [("1546", "1546", "1546", "birth"), ("1601", "1601", "1601", "death")]),
    ("Michael Sendivogius (Michał Sędziwój, 1566–1636), a Polish alchemist, wrote mystical works.",
     [("1566", "1566", "1566", "birth"), ("1636", "1636", "1636", "death")]),
    # negatives: tenures after a job title, firms, clubs, bands, countries, things after '-er' nouns
    ("Joy Division (1976–1980), an English band led by a guitarist, released two albums.",
     [("1976–1980", "1976", "1980", None)]),
    ("The Weimar Republic (1918–1933), a period when the dictator rose, ended.", [("1918–1933", "1918", "1933", None)]),
    ("Hundred Years' War (1337–1453), a conflict the historian Froissart described, ended.",
     [("1337–1453", "1337", "1453", None)]),
    ("Manager Alex Ferguson (1986–2013) signed him.", [("1986–2013", "1986", "2013", None)]),
    ("Coach Amos Alonzo Stagg (1892–1932) introduced the huddle.", [("1892–1932", "1892", "1932", None)]),
    ("Grateful Dead (1965–1995) performed.", [("1965–1995", "1965", "1995", None)]),
    ("Manchester United (1878–1960) signed him.", [("1878–1960", "1878", "1960", None)]),
    ("Soviet Russia (1917–1991) signed it.", [("1917–1991", "1917", "1991", None)]),
    ("Radio Caroline (1964–1990) transmitted.", [("1964–1990", "1964", "1990", None)]),
    ("It sailed as the liner Queen Mary (1936–1967).", [("1936–1967", "1936", "1967", None)]),
    ("Rage Against the Machine (1991–2011) played loud.", [("1991–2011", "1991", "2011", None)]),
])
def test_events_places_of_origin_agent_nouns_bynames_and_tenures(
        sentence: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an age, a time of day, a parenthesis or a restated year between the verb and the date
    ("Huxley died aged 69, at 5:20 p.m. (Los Angeles time), on 22 November 1963.", "death"),
    ("She died at the age of 70 on 2 June 1970.", "death"),
    ("He married in 1970. Their son Andrei was born in the same year on 7 August.", "birth"),
    # a date opening the sentence's last clause, whose only verb is the birth or the death
    ("He married in 1962. In the same year, on 30 September, his first son Arseny was born.", "birth"),
    ("On 3 May 1950 the old king died.", "death"),
    # negatives: another verb or a clause between, or the verb is not the clause's own
    ("He married in 1962. On 30 September the hospital where he was born closed.", None),
    ("On 3 May 1950, the king, who had ruled since 1900, died.", None),
    ("In 1950 the company that his father had founded in 1920 finally died.", None),
    ("He died in Paris. On 3 May 1950 his will was read.", None),
])
def test_events_birth_or_death_across_an_age_a_time_or_after_the_date(text: str, expected: str | None) -> None:
    from pipeline.api import extract_text

    events = extract_text("'''X''' is a test.\n\n" + text, "x.wiki")[0].events
    assert events[-1].kind == expected if expected else all(e.kind is None for e in events)


@pytest.mark.parametrize(("sentence", "expected"), [
    # a role at the end of a longer apposition
    ("Thomas Andrews (1873–1912), the shipyard's chief naval architect, died in the disaster.",
     [("1873", "1873", "1873", "birth"), ("1912", "1912", "1912", "death")]),
    # a plural role or person noun before the name
    ("The band took its name from two blues musicians, Pink Anderson (1900–1974), and kept it.",
     [("1900", "1900", "1900", "birth"), ("1974", "1974", "1974", "death")]),
    ("Among the passengers were John Jacob Astor IV (1864–1912), Benjamin Guggenheim and Isidor Straus.",
     [("1864", "1864", "1864", "birth"), ("1912", "1912", "1912", "death")]),
    # a second life span joined by 'and' though the name holds a word that names things
    ("It was named after two musicians, Pink Anderson (1900–1974) and Floyd Council (1911–1976).",
     [("1900", "1900", "1900", "birth"), ("1974", "1974", "1974", "death"),
      ("1911", "1911", "1911", "birth"), ("1976", "1976", "1976", "death")]),
])
def test_events_life_spans_longer_appositions_plural_roles_and_chains(sentence: str,
                                                                      expected: list[tuple[str, str, str, str]]
                                                                      ) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # negatives: a thing's apposition, a plural that is no role, a chain whose first range is no life
    ("The Harland Company (1861–1912), the shipyard's main rival, closed in 1912.",
     [("1861–1912", "1861", "1912", None), ("1912", "1912", "1912", None)]),
    ("The band played at the Town Hall (1900–1974) and the Council House (1911–1976).",
     [("1900–1974", "1900", "1974", None), ("1911–1976", "1911", "1976", None)]),
])
def test_events_life_spans_longer_appositions_negatives(sentence: str,
                                                        expected: list[tuple[str, str, str, str]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a given name and a surname, and a span of 50 years or more, with no other sign
    ("On 5 June 1833 she was introduced to Charles Babbage (1791–1871) at a party.",
     [("5 June 1833", "1833-06-05", "1833-06-05", None), ("1791", "1791", "1791", "birth"),
      ("1871", "1871", "1871", "death")]),
    ("Several engineers, among them Josef Ganz (1898–1967), had built small cars.",
     [("1898", "1898", "1898", "birth"), ("1967", "1967", "1967", "death")]),
])
def test_events_a_long_span_after_a_personal_name_is_a_life(sentence: str,
                                                             expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _events(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # negatives: a thing's word in the name or its apposition, a place, a span shorter than 50 years, one word
    ("Steel came from Acme Works (1890–1960), a steel plant in Ohio.", [("1890–1960", "1890", "1960", None)]),
    ("The Boston Gazette (1719–1798) printed it.", [("1719–1798", "1719", "1798", None)]),
    ("New Orleans (1718–1803) belonged to France.", [("1718–1803", "1718", "1803", None)]),
    ("It prospered under Joseph Atkinson (1899–1948) at the paper.", [("1899–1948", "1899", "1948", None)]),
    ("Members included Smith (1900–1960) and others.", [("1900–1960", "1900", "1960", None)]),
])
def test_events_a_long_span_after_a_personal_name_negatives(sentence: str,
                                                            expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _events(sentence) == expected

"""Life spans: a person's birth and death dates, read from the parenthesis after the person's name.

"Mary Smith (April 11, 1895 – June 20, 1969) was an oil magnate" says two things happened: a birth and a
death. The date grammar reads the parenthesis as one range; this module splits it into its two ends when the
name before it is a person's, marks "(born DATE)" as a birth and "(died DATE)" as a death, and leaves other
ranges alone ("World War II (1939–45)", "He played for the Cardinals (1974–79)").

A name is a person's when it is a run of capitalized words that names no thing (no "War", "Dynasty",
"Company" in it, no "the" before it), the span lasts as long as a life, and one of these holds:
the parenthesis follows the article's title name in its first sentence and the article is about a person
(its he/she pronouns outnumber its it/they ones); a kinship word stands shortly before the name ("her sons
Tom"); the name follows another life span ("Tom (…) and Ned (…)"); or a verb follows the parenthesis
("Mary Jones (1901–1980) founded the firm"), this last one only for a name of two or more capitalized words
("Yugoslavia (1918–1992) was a country" is no life) or for a one-word name that is the surname of a person the
article named earlier ("[[Charles Hawtrey]] … Hawtrey (1905–1985) led", ``PersonNames``); a role word before
the name or in an apposition after it ("the emperor Hadrian", "the state inspector Mary Ann Doyle", "X, the
ambassador to"), a title opening the name ("King Harald III", "Sir Thomas Gresham") or a particle only people
carry ("von", "ibn") also says person. An office (king, president, bishop) is held for a reign or a term written
the same way, so after one the span must be longer than most of those; a class noun before the name ("the band
X", "the ship Queen Mary") says thing. Vocabulary: ``resources/life_spans.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pipeline.dates import DateMatch
from pipeline.resources import load_json
from schemas.record import DateValue

Kind = Literal["birth", "death"]

# The lookaheads hold the first letters of the words (matched ignoring case, as the words are): the same matches,
# but the engine skips at once the positions where no word can start instead of trying ``\b`` at each of them.
_GENDERED = re.compile(r"(?=[hs])\b(?:he|she|him|his|her|hers|himself|herself)\b", re.IGNORECASE)
_NEUTRAL = re.compile(r"(?=[it])\b(?:it|its|itself|they|them|their|themselves)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’.-]+")
_CHAIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$")
_YEAR = re.compile(r"^(-?)(\d{4})")
_AGENT_SUFFIXES = ("ist", "eer", "ian", "tor", "sor")
"""Endings of a lower-case noun naming what a person does (racketeer, novelist, musician, inventor, professor),
though not listed among the roles; not '-er' words, which name things as often (river, liner, carrier)."""
_WINDOW = 120
"""Characters before a parenthesis searched for the name and the words before it."""
_NAME_JOINERS = frozenset({"of", "for", "and"})
_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr"})
_PREDICATE_STOPS = frozenset({"that", "which", "who", "whose", "of", "in", "from", "with", "for", "based", "and",
                              "or", "by", "at", "on", "known", "founded", "formed", "where", "when", "over", "under",
                              "into", "onto", "across", "through", "during", "after", "before", "against", "to",
                              "near", "about", "around", "between", "among"})
_COPULAS = frozenset({"was", "is", "were", "are"})
_PREDICATE_WORDS = 8
"""Words after a parenthesis read for a verb and what it says the name is."""
_PERSON_NOUNS_BEFORE = 6
_PERSON_NOUNS_AFTER = 4
"""How many words before a name, and after its parenthesis, a kinship word may stand ("His parents, Bomi",
"married psychologist Keller", "the younger son of commercial traveller Joseph Dwan (…) and his wife")."""


@dataclass(frozen=True)
class LifeSpanRules:
    """The vocabulary of the life-span rule."""

    born: frozenset[str]
    died: frozenset[str]
    particles: frozenset[str]
    not_person: frozenset[str]
    person_nouns: frozenset[str]
    roles: frozenset[str]
    verbs_after: frozenset[str]
    adverbs: frozenset[str]
    marks_inside: frozenset[str]
    offices: frozenset[str]
    titles_in_name: frozenset[str]
    personal_particles: frozenset[str]
    epithets: frozenset[str]
    ruler_epithets: frozenset[str]
    min_years: int
    max_years: int
    office_min_years: int
    name_only_min_years: int
    name_shape_min_years: int
    pronoun_ratio: float
    list_words_before: frozenset[str]
    author_verbs: frozenset[str]
    irregular_past: frozenset[str]
    not_verbs_ed: frozenset[str]
    tenure_titles: frozenset[str]
    past_min_years: int
    place_openers: frozenset[str]
    apposition_nouns: frozenset[str]
    demonyms: frozenset[str]
    alias: re.Pattern[str]
    person_titles_before: frozenset[str]


@cache
def life_span_rules() -> LifeSpanRules:
    """The rules from ``resources/life_spans.json``."""
    data = load_json("life_spans.json")
    return LifeSpanRules(
        born=frozenset(data["born_words_lower"]), died=frozenset(data["died_words_lower"]),
        particles=frozenset(data["name_particles_lower"]), not_person=frozenset(data["not_person_words_lower"]),
        person_nouns=frozenset(data["person_nouns_lower"]), roles=frozenset(data["person_roles_lower"]),
        verbs_after=frozenset(data["verbs_after_lower"]), adverbs=frozenset(data["adverbs_before_verb_lower"]),
        marks_inside=frozenset(data["person_marks_inside_lower"]), offices=frozenset(data["office_titles_lower"]),
        titles_in_name=frozenset(data["titles_in_name_lower"]),
        personal_particles=frozenset(data["personal_particles_lower"]),
        epithets=frozenset(data["epithets_lower"]) | frozenset(data["ruler_epithets_lower"]),
        ruler_epithets=frozenset(data["ruler_epithets_lower"]),
        min_years=int(data["span_years"]["min"]), max_years=int(data["span_years"]["max"]),
        office_min_years=int(data["span_years"]["office_min"]),
        name_only_min_years=int(data["span_years"]["name_only_min"]),
        name_shape_min_years=int(data["span_years"]["name_shape_min"]),
        pronoun_ratio=float(data["person_article_pronoun_ratio"]),
        list_words_before=frozenset(data["list_words_before_lower"]),
        author_verbs=frozenset(data["author_verbs_lower"]),
        irregular_past=frozenset(load_json("event_filters.json")["irregular_past_lower"]),
        not_verbs_ed=frozenset(data["not_verbs_ed_lower"]),
        tenure_titles=frozenset(data["tenure_titles_lower"]) | frozenset(data["office_titles_lower"]),
        past_min_years=int(data["span_years"]["past_tense_min"]),
        place_openers=frozenset(data["place_openers_lower"]),
        apposition_nouns=frozenset(data["person_apposition_nouns_lower"]),
        # the date grammar's nationality adjectives (one vocabulary): "the Italians Achille Compagnoni (1914–2009)"
        demonyms=frozenset(load_json("dates/vocabulary.json")["year_context"]["demonyms_before_year"]),
        alias=_alias_pattern(data["alias_openers_lower"]),
        person_titles_before=frozenset(data["tenure_titles_lower"]) - frozenset(data["firm_titles_lower"]))


def _alias_pattern(openers: list[str]) -> re.Pattern[str]:
    """', known as Rocky Marciano,' right after a parenthesis: an opener, then a name up to its closing comma."""
    words = "|".join(r"\s{1,3}".join(re.escape(w) for w in o.split()) for o in sorted(openers, key=len, reverse=True))
    return re.compile(rf"\s{{0,3}},\s{{1,3}}(?:{words})\s{{1,3}}[^\s,;:()][^,;:()]{{0,60}},")


@dataclass(frozen=True)
class Subject:
    """What the rule needs to know about the article: its title's words, and whether it is about a person."""

    title_words: frozenset[str]
    is_person: bool


def article_subject(title: str, texts: Iterable[str]) -> Subject:
    """The article's subject: a person when its he/she pronouns are frequent next to its it/they ones."""
    gendered = neutral = 0
    for text in texts:
        gendered += len(_GENDERED.findall(text))
        neutral += len(_NEUTRAL.findall(text))
    words = frozenset(w.lower() for w in _WORD.findall(_without_disambiguation(title)) if w[:1].isupper())
    return Subject(title_words=words, is_person=(gendered + 1) / (neutral + 1) >= life_span_rules().pronoun_ratio)


def _without_disambiguation(title: str) -> str:
    """ "Mary Smith (businesswoman)" -> "Mary Smith"."""
    title = title.rstrip()
    if title.endswith(")") and (opening := title.rfind("(")) > 0:
        return title[:opening]
    return title


class PersonNames:
    """Surnames the article has shown to be people's, so that a later one-word name is one too: the last word of a
    personal name of two or more capitalized words met earlier, as a link label ("[[Charles Hawtrey]] … Hawtrey
    (1905–1985) led the party") or as the name of a life span ("Mary Ann Doyle (1901–1990) … Doyle").

    A country's name is never taken ("East Germany" … "Germany (1949–1990)"), nor the last word of a name that
    holds a thing's word or a joiner ("Kingdom of Yugoslavia", "Joy Division" with "division")."""

    def __init__(self) -> None:
        self._surnames: set[str] = set()

    def __contains__(self, word: object) -> bool:
        return word in self._surnames

    def add_link(self, label: str, target: str) -> None:
        """Take a link's target when the link names an actor (not a date, a place or a country), its title looks
        like a personal name and the label ends with the same word: "[[Charles Hawtrey]]", "[[Charles
        Hawtrey|Hawtrey]]"; not "[[Real Madrid CF|Real Madrid]]", whose label is no person's article title."""
        from pipeline.extract.actors import is_actor_link  # actors loads spaCy's vocabulary: only when linked

        if not is_actor_link(label, target):
            return
        title = _without_disambiguation(target.replace("_", " ").split("#")[0]).split()
        words = label.split()
        if title and words and title[-1] == words[-1]:
            self.add_name(title)

    def add_name(self, words: list[str]) -> None:
        """Take the last word of a personal name of two or more capitalized words (particles and initials inside)."""
        rules = life_span_rules()
        words = [w.strip(",\"“”") for w in words]
        if len(words) < 2 or any(w.endswith(("'s", "’s", "s'", "s’")) for w in words):
            return
        for word in words:
            lower = word.lower()
            if lower in rules.not_person or lower in _NAME_JOINERS or lower in ("the", "a", "an"):
                return
            if not (word[:1].isupper() or lower in rules.particles):
                return
        last = words[-1]
        if (len(last) < 3 or not last[:1].isupper() or last.isupper() or _roman(last)
                or last.lower() in _SUFFIXES or last in _countries()):
            return
        self._surnames.add(last)


@cache
def _countries() -> frozenset[str]:
    """Country names (``resources/actors.json``): a country's name is no surname."""
    return frozenset(load_json("actors.json")["countries"])


@dataclass(frozen=True)
class LifeEvent:
    """One end of a life span, or a lone birth or death: its kind, its own date text and value."""

    kind: Kind
    text: str
    value: DateValue


def birth_or_death(sentence: str, start: int, end: int | None = None) -> Kind | None:
    """ "(born 3 May 1950)", "(d. 1990)", "was born on 3 May 1950", "died in Paris in 1990", "was killed in
    action on 3 May 1944", "was born Angela Dorothea Kasner in 1954" (a birth name), "died aged 69, at 5:20 p.m.
    (local time), on 22 November 1963": the kind of the single date starting at ``start``, from the words before
    it; or, given its ``end``, from a clause that closes the sentence after it ("On 30 September, his son Arseny
    was born.")."""
    rules = life_span_rules()
    m = _born_died_pattern(rules.born | rules.died).search(sentence, max(0, start - _WINDOW), start)
    if m is None:
        opens = end is not None and len(sentence[:start].split()) <= _OPENING_WORDS
        after = _BORN_DIED_AFTER.match(sentence, end) if opens and end is not None else None
        return None if after is None else "birth" if after.group(1) else "death"
    word = m.group(1).lower()
    if m.group("name") and word not in rules.born:
        return None  # a name between the word and the date is a birth name: "born Angela Kasner in 1954"
    return "birth" if word in rules.born else "death" if word in rules.died else None


@cache
def _born_died_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """A birth or death word, perhaps "in <Place>" or "in action", then the date (perhaps after on/in)."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(
        rf"(?:^|(?<=[\s(;,]))((?i:{alternatives}))"
        r"(?P<name>\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})?"  # a birth name: "born Angela Dorothea Kasner"
        r"(?:\s+(?:in|at|near)\s+(?:[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,4},?|action))?"  # "in Paris, France,"
        r"(?:,?\s+(?:aged|at\s+the\s+age\s+of)\s+\d{1,3},?)?"  # "died aged 69,"
        r"(?:\s+at\s+\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?,?)?"  # "at 5:20 p.m."
        r"(?:\s*\([^()]{1,40}\),?)?"  # "(Los Angeles time),"
        r"(?:\s+in\s+the\s+same\s+year|\s+that\s+year)?"  # "was born in the same year on 7 August"
        r"\s*(?:(?:on|in|c\.|ca\.|circa|about|around)\s+)?$")


_BORN_DIED_AFTER = re.compile(r"(?<![\s,]),?\s+(?:[^\s,;:()]+\s+){1,8}?(?:(?:was|were)\s+(born)|(died))[.!]?\s*$")
"""A date opening its sentence, whose only clause after it ends in the verb: "On 30 September, his first son Arseny
was born." (the subject's words hold no comma, colon or parenthesis)."""
_OPENING_WORDS = 6
"""Words a sentence may have before a date that opens it ("In the same year, on 30 September")."""


def life_events(sentence: str, match: DateMatch, value: DateValue, subject: Subject | None, first_sentence: bool,
                previous_end: int | None, known: PersonNames | None = None) -> list[LifeEvent] | None:
    """The birth and death a date range right after a person's name stands for, or None when it is no life span.

    ``first_sentence``: the date is in the article's first sentence (where the subject's own span stands);
    ``previous_end``: where the previous life span's parenthesis of this sentence closed, if any; ``known``: the
    surnames the article has shown to be people's so far (a life span's name found here is added to it)."""
    if value.precision not in ("day", "month", "year") or len(match.parts) != 2:
        return None
    first, last = match.parts
    if first.value is None or last.value is None or last.value.end is None:
        return None
    rules = life_span_rules()
    span = _years(first.value.start, last.value.end)
    if span is None or not rules.min_years <= span <= rules.max_years:
        return None
    opening = _enclosing_parenthesis(sentence, match.start, match.end)
    if opening is None:
        return None
    name_start = _name_start(sentence, opening, rules)
    if name_start is None:
        return None
    name = sentence[name_start:opening].split()
    context = _Context(sentence, name_start, opening, match.end, span, subject, first_sentence, previous_end, known)
    if not _is_person(name, context, rules):
        return None
    if known is not None:
        known.add_name(name)
    birth, death = (_with_range_circa(sentence, match, value, part, gap_start)
                    for part, gap_start in ((first, match.start), (last, first.end)))
    return [LifeEvent("birth", *birth), LifeEvent("death", *death)]


def _with_range_circa(sentence: str, match: DateMatch, value: DateValue, part: DateMatch,
                      gap_start: int) -> tuple[str, DateValue]:
    """The text and value of one end of a life span, keeping the range's "c." that stands before this end
    ("(c. 470 – 399 BC)": the birth is circa 470, the death plainly 399 BC)."""
    assert part.value is not None
    if value.qualifier != "circa" or part.value.qualifier is not None:
        return part.text, part.value
    mark = _circa_mark().search(sentence, gap_start, part.start)
    if mark is None:
        return part.text, part.value
    text = sentence[mark.start():part.end]
    return text, part.value.model_copy(update={"qualifier": "circa", "text": text})


@cache
def _circa_mark() -> re.Pattern[str]:
    """A circa word of the dates vocabulary ("c.", "ca.", "circa") ending right before a date."""
    words = load_json("dates/vocabulary.json")["circa_in_span"]
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?i:{alternatives})\s*(?=\S*$)")


def parenthesis_end(sentence: str, end: int) -> int:
    """Where the parenthesis holding a date that ends at ``end`` closes (just after its ")")."""
    close = sentence.find(")", end)
    return close + 1 if close >= 0 else end


def _years(start: str, end: str) -> int | None:
    a, b = _YEAR.match(start), _YEAR.match(end)
    if a is None or b is None:
        return None
    return (int(b.group(2)) * (-1 if b.group(1) else 1)) - (int(a.group(2)) * (-1 if a.group(1) else 1))


def _enclosing_parenthesis(sentence: str, start: int, end: int) -> int | None:
    """Where the "(" holding the date opens, when the date is all the parenthesis says after a first clause
    ("(5 September 1946 – …)", "(born Farrokh Bulsara; 5 September 1946 – …)") and nothing but a clause follows."""
    opening = sentence.rfind("(", max(0, start - _WINDOW), start)
    if opening < 0 or ")" in sentence[opening:start]:
        return None
    inside = sentence[opening + 1:start].strip()
    if inside and inside[-1] not in ";,":
        return None
    close = sentence.find(")", end)
    if close < 0:
        return None
    after = sentence[end:close].strip()
    return opening if not after or after[0] in ";," else None


def _name_start(sentence: str, opening: int, rules: LifeSpanRules) -> int | None:
    """Start of the run of capitalized words (particles and initials allowed inside) right before ``opening``; an
    epithet after "the" ends a name ("Hans Holbein the Younger", "Alfred the Great")."""
    words = list(_WORD.finditer(sentence, max(0, opening - _WINDOW), opening))
    if not words or sentence[words[-1].end():opening].strip():
        return None  # something other than a word ("1962 (…)", "Smith, (…)") stands before the parenthesis
    start: int | None = None
    cursor = opening  # start of the last word taken into the name (a particle included)
    last = len(words) - 1
    for i in range(last, -1, -1):
        word = words[i].group().strip("'’\"")
        gap = sentence[words[i].end():cursor].strip(" \"“”'’")
        if gap and not (gap == "," and sentence[cursor:opening].split()[0].lower() in _SUFFIXES):
            break  # a comma or other punctuation ends the name, except before "Jr." ("Harry McPherson, Jr.")
        if (word[:1].isupper() and not word.isupper()) or _initial(word) or _roman(word):
            start = cursor = words[i].start()
        elif start is not None and word.lower() in rules.particles:
            cursor = words[i].start()
        elif (word == "the" and i == last - 1 and _epithet(words[last].group(), words[max(0, i - 2):i], rules) and i
              and words[i - 1].group()[:1].isupper() and not sentence[words[i - 1].end():words[i].start()].strip()):
            cursor = words[i].start()  # "the Great", "the Navigator" after a capitalized word: the name goes on
        else:
            break
    if start is None:
        return None
    head = sentence[start:opening].split()
    return start if head and head[0][:1].isupper() else None


def _agent_noun(word: str) -> bool:
    return len(word) >= 6 and word.isalpha() and word.islower() and word.endswith(_AGENT_SUFFIXES)


def _epithet(word: str, before: list[re.Match[str]], rules: LifeSpanRules) -> bool:
    """A byname after "the": a listed epithet ("the Younger", "the Great"), or a capitalized word after a titled
    name ("Prince Henry the Navigator"; not "Rage Against the Machine")."""
    if word.lower() in rules.epithets:
        return True
    titled = any(m.group().lower() in rules.titles_in_name for m in before)
    return titled and word[:1].isupper() and word.isalpha() and not word.isupper()


def _initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def _roman(word: str) -> bool:
    return bool(re.fullmatch(r"[IVX]{1,4}", word))


@dataclass(frozen=True)
class _Context:
    """Where a life span's name stands: its sentence and offsets, the span's length in years, and what the article
    has said so far."""

    sentence: str
    name_start: int
    opening: int
    end: int
    span: int
    subject: Subject | None
    first_sentence: bool
    previous_end: int | None
    known: PersonNames | None


def _is_person(name: list[str], at: _Context, rules: LifeSpanRules) -> bool:
    """Whether the name before the parenthesis is a person's and the range the person's life (not a tenure, a
    reign, a band's or a country's years): a thing's word rules it out; a strong signal (a mark only people's dates
    carry, a kinship or role word, the article's subject) rules it in; a signal from the name's shape alone (a
    title, a particle, a verb after a personal name) needs a span as long as a life."""
    sentence = at.sentence
    rest = sentence[parenthesis_end(sentence, at.end):]  # what follows the parenthesis
    alias = rules.alias.match(rest)
    if alias is not None:
        rest = rest[alias.end():]  # "X (1923–1969), known as Rocky Marciano, was a boxer": the predicate follows
    lowered = [w.strip(".,'’\"").lower() for w in name]
    if name[0].strip(",'’\"").lower() in ("the", "a", "an"):
        return False  # an article opens a thing's name; an initial ("A. A. Milne") keeps its full stop
    if at.previous_end is not None and _CHAIN.match(sentence[at.previous_end:at.name_start]):
        return True  # "Tom (…) and Ned (…)", "Pink Anderson (1900–1974) and Floyd Council (1911–1976)"
    if any(w in rules.not_person for w in lowered):
        return False
    inside = sentence[at.opening + 1:parenthesis_end(sentence, at.end)].lower().replace(";", " ").split()
    if any(w.strip(",.)") in rules.marks_inside or w in rules.marks_inside for w in inside):
        return True  # "(née Donovan; 1927–2016)", "(1926–2011; né Kaźmierczak)": only people are née
    before = sentence[max(0, at.name_start - _WINDOW):at.name_start].split()
    peer = before[:-1] if before and before[-1] == "the" else before
    if len(peer) >= 2 and peer[-1] == "of" and peer[-2][:1].isupper() and _role(peer[-2], at.span, rules, title=True):
        return True  # "the Duke of the Abruzzi (1873–1933)", "the Earl of Essex (1565–1601)": a title held for life
    if len(name) >= 3 and name[0].endswith("s") and name[0][:-1].lower() in rules.demonyms \
            and _person_shaped(name[1:], [*before, name[0]], rules):
        return True  # "by the Italians Achille Compagnoni (1914–2009)": people of a nation, then a personal name
    if before and before[-1].lower() in ("the", "a", "an"):
        return False  # "the Cardinals (1974–79)": a team, a band, a firm
    if before and before[-1].lower() in rules.not_person:
        return False  # "the band Yugoslavia (1918–1992)", "the ship Great Western (1838–1856)": a class noun
    if _joined_name_names_a_thing(before, rules):
        return False  # "the Kaiser Wilhelm Institute for Physics (1914–1932)"
    subject = at.subject
    if at.first_sentence and subject is not None and subject.is_person and subject.title_words & set(lowered):
        return True
    after = rest.split()[:_PREDICATE_WORDS * 2]
    if after and after[0] == "," and before and before[-1].endswith(",") \
            and before[-1].rstrip(",").lower() in rules.person_titles_before:
        after = after[1:]  # "The chairman, Stanley Unwin (1884–1968), gave": the comma closes the apposition
    if after and after[0].lower() in rules.adverbs:
        after = after[1:]  # "Hans Brockhaus (1888–1965) later claimed"
    if len(after) > 1 and after[0] == "of" and after[1][:1].isupper():
        k = 1  # "Abebe Bikila (1932–1973) of Ethiopia won": the place a person is of, then the verb
        while k < len(after) and after[k][:1].isupper() and not after[k - 1].endswith(","):
            k += 1
        after = after[k:]
    # the verb may stand after a second name with its own parenthesis: "X (1934–2017) and Lunar Module Pilot
    # Harrison Schmitt (born 1935) walked"; what the name is, is read in the first words only
    after_second_name, after = after, after[:_PREDICATE_WORDS]
    near = before[-_PERSON_NOUNS_BEFORE:] + after[:_PERSON_NOUNS_AFTER]
    if any(w.strip(",.;:()").lower() in rules.person_nouns for w in near):
        return True  # "her sons Tom (…)", "the son of … Joseph Dwan (1857-1917) and his wife"
    if before and _role(before[-1], at.span, rules):
        return True  # "the Greek philosopher Plato (428–347 BC)", "the emperor Hadrian (76–138)"
    if len(before) >= 3 and before[-1] == "of" and before[-2][:1].isupper() and _role(before[-3], at.span, rules):
        return True  # "the comic playwright Melanippides of Melos (480–430 BC)"
    if rest.lstrip()[:1] in (",", "–", "—"):
        apposition = [w.strip(",.;:()") for w in _apposition(rest)]
        if any(_role(w, at.span, rules) for w in apposition) or any(
                w.lower() in rules.apposition_nouns for w in apposition[:3]):
            return True  # "John Arnold (1736–1799), watchmaker, of London", "X (1522–1592), the ambassador to",
            # "Mildred Loving (1939–2008), a woman of color"
        if at.span >= rules.name_only_min_years and any(_agent_noun(w) for w in apposition) \
                and not any(w.lower() in rules.not_person for w in apposition):
            return True  # "Tycho Brahe (1546–1601), an alchemist better known for": a noun naming what one does
    verb = after[0].strip(",.;:").lower() if after and after[0][:1].islower() else ""
    if verb in _COPULAS and _names_a_thing(after[1:], rules):
        return False  # "Joy Division (1976–1980) was an English rock band"
    if len(lowered) >= 2 and any(w in rules.titles_in_name and _role(w, at.span, rules, title=True)
                                 for w in lowered[:min(2, len(lowered) - 1)]):
        # the title may follow a rank: "Vice-Admiral Sir George Carew (c. 1504 – 1545)"
        return True  # "King Harald III (1015–1066)", "President John Smith (1917–1963)"
    if len(lowered) >= 3 and lowered[-2] == "the" and lowered[-1] in rules.epithets:
        # "Hans Holbein the Younger (1497–1543)"; a ruler's epithet ("the Great") is as often followed by the reign
        # ("Frederick the Great (1740–1786) came to power"): an office's span then
        return lowered[-1] not in rules.ruler_epithets or at.span >= rules.office_min_years
    # From here on the name's shape is the only sign; a short span after a name is a tenure as often as a life
    # ("Hawtrey (1960–1970) led the party"), so the new shape signals ask for a span as long as a life.
    lifelong = at.span >= rules.name_only_min_years
    if lifelong and before and _agent_noun(before[-1]) and _person_shaped(name, before, rules):
        return True  # "under the racketeer Frankie Yale (1893–1928)": a noun naming what someone does
    if lifelong and name[0][:1].isupper() and any(w in rules.personal_particles for w in lowered[1:-1]):
        return True  # "Wernher von Braun (1912–1977)", "Ahmad ibn Hanbal (780–855)": particles only people carry
    if lifelong and _person_shaped(name, before, rules) and (
            " ".join(w.lower() for w in before[-2:]) in rules.list_words_before
            or (before and before[-1].lower() in rules.list_words_before)
            or _WHO_AFTER.match(sentence, parenthesis_end(sentence, at.end))):
        # A given name and a surname introduced as people ("painters including Orazio Gentileschi (1563–1639)",
        # "painted by Francesco Hayez (1791–1882)") or followed by "who" ("Frank Crowe (1882–1946), who had built")
        return True
    if at.span >= rules.past_min_years and len(name) == 1 and len(before) >= 2 and before[-1] == "by" \
            and before[-2].lower() in rules.author_verbs and name[0][:1].isupper():
        return True  # "composed by Verdi (1813–1901)": a work's maker; "operated by Southern (1923–1947)" is no work
    # A verb after the parenthesis only says the name is a subject: a country, a band or a ship is one too
    # ("Yugoslavia (1918–1992) was", "Brunel's Great Western (1838–1856) crossed"), so the name must look personal:
    # two or more capitalized words, or one that the article has shown to be a person's surname.
    if verb in rules.verbs_after and (_person_shaped(name, before, rules) or (
            lifelong and len(name) == 1 and at.known is not None and name[0] in at.known)):
        return True
    # Any past tense after a personal name (or the surname of a person the article named) and a span as long as a
    # life: "Justice Byron White (1917–2002) warned", "[[Harold Larwood]] … Larwood (1904–1995) refused",
    # "the fullback Ernie Nevers (1902–1976) called him"; also through a second name joined by "and" ("Kamil
    # Zvelebil (1927–2009) and Thomas Burrow continued", "… and Asko Parpola, have argued").
    known_surname = len(name) == 1 and at.known is not None and name[0] in at.known
    if known_surname:
        return lifelong and _past_after(after_second_name, rules)
    # A bare two-word name and any past tense: a tenure after a job title ("Manager Alex Ferguson (1986–2013)
    # signed him") must outlast an office; a firm's, a club's or a place's name ("Pan Am (1927–1991) flew",
    # "Soviet Russia (1917–1991) signed") is no person's; and a life lasts longer than most tenures and bands.
    words = [w.strip(",.;:").lower() for w in name]
    titled = (bool(before) and before[-1].strip(",.;:").lower() in rules.tenure_titles) \
        or words[0] in rules.tenure_titles
    if not (_person_shaped(name, before, rules) and not any(w in rules.not_person for w in words)
            and not any(w.strip(",.;:") in _countries() for w in name)):
        return False
    subject = at.subject
    about_a_thing = subject is not None and not subject.is_person and bool(subject.title_words & set(words))
    apposition = _apposition(rest) if rest.lstrip()[:1] == "," else []
    if apposition and apposition[0].lower() in ("a", "an", "the"):
        apposition = apposition[1:]
    if at.span >= rules.name_shape_min_years and not titled and not about_a_thing and not (
            apposition and _names_a_thing(apposition, rules)):
        # "introduced to Charles Babbage (1791–1871) at a party", "among them Josef Ganz (1898–1967) with his": a
        # span this long after a given name and a surname is a life (few tenures, firms or bands last as long and
        # are written so; a thing's or a place's word, a country or a job title before it rules it out)
        return True
    least = rules.office_min_years if titled else rules.past_min_years
    return at.span >= least and _past_after(after_second_name, rules)


def _past_after(after: list[str], rules: LifeSpanRules) -> bool:
    """A past tense opens the words after the parenthesis, or follows a second personal name joined by "and"."""
    words = list(after)
    if words and words[0] == "and":
        run = 0
        for word in words[1:]:
            if not word[:1].isupper():
                break
            run += 1
            if word[-1:] in ",;:":
                break
        if run < 2:
            return False
        words = words[1 + run:]
        if words and words[0].startswith("("):  # the second name's own span: "Ann Lee (…) and Tom Lee (…) moved"
            close = next((i for i, w in enumerate(words) if w.rstrip(",.;:").endswith(")")), None)
            words = words[close + 1:] if close is not None else []
    if words and words[0].strip(",.;:").lower() in ("have", "has", "had", "later", "also", "then"):
        words = words[1:]
    return bool(words) and _past_verb(words[0], rules)


def _past_verb(word: str, rules: LifeSpanRules) -> bool:
    """A lower-case past tense: the listed verbs, irregular pasts, or a word in -ed that is neither a participle
    naming a thing's place or kind ("based", "named") nor a verb of bands, firms and states ("released", "toured",
    "invaded"): "Pink Floyd (1965–1995) released" is shaped like a person's name."""
    bare = word.strip(",.;:").lower()
    if not word[:1].islower() or word[-1:] in ",;:":
        return False
    return bare in rules.verbs_after or bare in rules.irregular_past or (
        len(bare) >= 5 and bare.endswith("ed") and bare.isalpha() and bare not in rules.not_verbs_ed)


_WHO_AFTER = re.compile(r",?\s{0,3}who\b")


_APPOSITION_MAX_WORDS = 8


def _apposition(rest: str) -> list[str]:
    """The words of the apposition that opens ``rest`` (", the shipyard's chief naval architect, died"): up to its
    closing comma, at most ``_APPOSITION_MAX_WORDS`` (at least ``_PERSON_NOUNS_AFTER`` words without a comma)."""
    words = rest.lstrip(" ,–—").split()
    out: list[str] = []
    for word in words[:_APPOSITION_MAX_WORDS]:
        out.append(word)
        if word.endswith((",", ";", ".")):
            break
    return out if len(out) >= _PERSON_NOUNS_AFTER or len(out) == len(words) else words[:_PERSON_NOUNS_AFTER]


def _role(word: str, span: int, rules: LifeSpanRules, title: bool = False) -> bool:
    """A role word that marks a person (``title``: a title opening the name, "King", "President"). An office (king,
    emperor, president, bishop) is held for a reign or a term, and a parenthesis after its holder gives that as
    often as the life: the span must then be longer than most reigns and terms ("the emperor Hadrian (76–138)" is a
    life, "President Mary Robinson (1990–1997)" a term; a reign of 50 years or more is misread as a life)."""
    bare = word.strip(",.;:()").lower()
    table = rules.titles_in_name if title else rules.roles
    if bare not in table and not title and bare.endswith("s") and bare[:-1] in table:
        bare = bare[:-1]  # "two blues musicians, Pink Anderson (1900–1974)"
    if bare not in table:
        return False
    return bare not in rules.offices or span >= rules.office_min_years


def _person_shaped(name: list[str], before: list[str], rules: LifeSpanRules) -> bool:
    """A given name and a surname or a byname: two or more capitalized words (initials count, "Jr." does not),
    none possessive and none after a possessive ("Brunel's Great Western"), not opening as places' names do ("New
    Orleans", "Fort Worth"); "Yugoslavia", "Austria-Hungary" are not."""
    words = [w.strip(",\"“”") for w in name]
    if words and words[0].lower() in rules.place_openers:
        return False
    if any(w.endswith(("'s", "’s", "s'", "s’")) for w in words) or (
            before and before[-1].endswith(("'s", "’s", "s'", "s’"))):
        return False
    capitalized = [w for w in words if w[:1].isupper() and w.lower() not in _SUFFIXES]
    if len(before) >= 2 and before[-1] == "of" and before[-2][:1].isupper() and before[-2][-1:] not in ",.;:":
        capitalized.append(before[-2])  # "Catherine of Aragon": the run stops at "of", the name does not
    return len(capitalized) >= 2


def _joined_name_names_a_thing(before: list[str], rules: LifeSpanRules) -> bool:
    """The capitalized name goes on before the run through "of", "for" or "and" and names a thing there
    ("Kaiser Wilhelm Institute for Physics", "Bank of England"); "Catherine of Aragon" stays a name."""
    k = len(before)
    while k >= 2 and before[k - 1].lower() in _NAME_JOINERS and before[k - 2][:1].isupper():
        k -= 2
        while k and before[k][:1].isupper() and before[k][-1:] not in ",.;:":
            if before[k].strip(".,'’\"").lower() in rules.not_person:
                return True
            k -= 1
        k += 1
    return False


def _names_a_thing(words: list[str], rules: LifeSpanRules) -> bool:
    """The noun the predicate after "was"/"is" heads names a thing ("an English rock band", "a global war"); its
    head is the last word before the first punctuation or function word ("a Japanese film director, …" is a
    director, though "film" names a thing)."""
    head = ""
    for word in words:
        bare = word.strip(",.;:()").lower()
        if bare in _PREDICATE_STOPS:
            break
        head = bare
        if word[-1:] in ",.;:)":
            break
    return head in rules.not_person

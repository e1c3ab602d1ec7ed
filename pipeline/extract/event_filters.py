"""Rules that tell a date expression in a sentence that is no event: years in names, identifiers, counts.

The date grammar already skips many of these; this layer re-checks each match in its sentence so that an
event is never dated from "The Immoral Traffic (Prevention) Act, 1956", "ASA X3.4-1963" or "2000 people".
The rules form a registry (``RULES``): small named predicates, each tested with sentences it must and must not
match. Word lists live in ``resources/event_filters.json``; the words that make a number a count, an amount or
an identifier are shared with the date grammar in ``resources/quantities.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.resources import load_json

_BARE_YEAR = re.compile(r"\d{3,4}|['’]\d{2}")
_WORD_BEFORE = re.compile(r"(?<!\S)(\S+)\s*$")  # starts only at a word start: linear
_WORD_AFTER = re.compile(r"^\s*([^\s,;:()]+)")
_CONTEXT = 300
_LAW_HEAD_WORDS = 3
"""Capitalized words a treaty's place may have between its head and the year ("the Treaty of San Ildefonso of")."""
"""Characters on each side of a date that the filters look at."""
_QUOTED = re.compile(r"\"([^\"]{1,160})\"|“([^”]{1,160})”|‘([^’]{1,160})’|(?<!\w)'([^']{1,160})'(?!\w)")
_DATE_PREFIXES = frozenset({"mid", "early", "late", "pre", "post", "c.", "ca.", "circa", "the", "since"})
_CITATION_BEFORE = re.compile(r"(?:^|\(|[.;)]\s+)[A-Z][\w .'&-]{1,40}:\s*[A-Z][^,:()]{1,80},\s*$")
_AUTHOR_BEFORE = re.compile(r"\((?:[A-Z][\w'’-]+)(?:(?: and | & |, )[A-Z][\w'’-]+)*(?: et al\.)?,?\s*$")
_PAGES_AFTER = re.compile(r"[a-z]?(?:\)|,?\s*(?:p|pp)\.\s*\d)")
_AUTHOR_SUBJECT_BEFORE = re.compile(r"(?<![\w'’.-])[A-Z][\w'’-]+(?:(?: and | & )[A-Z][\w'’-]+| et al\.)? ?\($")
_VERB_AFTER_PARENTHESIS = re.compile(r"\)\s+(?:(?:[a-z]+ly|also|further|later|then)\s+)?([a-z]+)\b")
_TWO_WORDS_AFTER = re.compile(r"\A\s*[^\s,;:()]+\s+([^\s,;:()]+)")
_HYPHEN_CENTURY = re.compile(r"-centur(?:y|ies)(?:\s+(?:AD|BC|BCE|CE|B\.C\.|A\.D\.))?$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r":\s+[A-Z]")
_PLURAL = re.compile(r"\A[a-z]{3,}s\Z")  # anchored: linear whatever the caller's match mode
_CAPITAL_OF = re.compile(r"\b([A-Z][\w'’-]*) of\s+$")
_SIGNAL_YEAR = re.compile(r"[a-z][a-z ]{0,20}?\s(\d{3,4})")  # "up to 1914", not "February 1981"
_YEAR_OR_SEASON = re.compile(r"\d{4}(?:\s?[–-]\s?\d{2,4})?")
_NAME_OPENERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my"})
_ADJECTIVE_PHRASE = re.compile(r" ([A-Z][a-z]{1,30})(?: [a-z][\w-]{0,30}){1,3}(?:[ ,.;:)]|\Z)(?![A-Z])")
"""After a year, a capitalized word and lower-case words only ("a 1975 American thriller film directed by"; not "a
2008 British motorcycle Grand Prix")."""
_PLACE_PHRASE = re.compile(r" [A-Z][a-z]{1,30}(?: [A-Z][a-z]{1,30}){0,2}((?: [a-z][a-z-]{0,30}){1,2})"
                           r"(?![\w-])(?! [A-Z])")
"""After "the" and a year, capitalized words (a place, a venue) and at most two lower-case words, the last of them
not followed by a capitalized word: "the 1906 San Francisco earthquake", "the 1961 Broadway musical of" (not "the
2008 British motorcycle Grand Prix")."""
_TRAILING_NUMBER = re.compile(r",\s*(\d{1,4})$")
_COUNT_MODIFIERS = frozenset({"new", "more", "additional", "other", "further", "confirmed", "total", "of"})
_APPOSITIVE_BEFORE = re.compile(r",\s+(?:a|an)\s+$")
_TITLE_MAX_WORDS = 12
_TITLE_ARTICLES = frozenset({"The", "A", "An"})
_PREPOSITIONS = frozenset({"for", "with", "into", "to", "about", "over", "under", "against", "like", "among", "than",
                           "via", "per", "within", "without", "toward", "towards", "upon", "onto", "across"})
_GLUED_BEFORE = re.compile(r"(?<!\S)\S*$")  # starts only at a word start: linear
_TITLE_WORD = re.compile(r"[(\[]?([A-Za-z][\w'-]*)")
_NAME_SEPARATORS = (" —", " –", " -", "|")
"""What may stand before a year that opens a name in a table row, as the row's start does: "1990 YEC — 1999 ..."."""


@dataclass(frozen=True)
class FilterRules:
    """The vocabulary of the non-event rules."""

    law_words: frozenset[str]
    name_year_exempt: frozenset[str]
    label_before: frozenset[str]
    count_nouns: frozenset[str]
    currency_before: frozenset[str]
    date_words_before: frozenset[str]
    determiners: frozenset[str]
    period_parts: frozenset[str]
    file_extensions: frozenset[str]
    skip_sections: frozenset[str]
    generic_before: frozenset[str]
    quantity_context: frozenset[str]
    quantity_link: frozenset[str]
    count_function_words: frozenset[str]
    year_subject_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    ambiguous_months: frozenset[str]
    yearless_joiners: frozenset[str]
    publishers: frozenset[str]
    habitual_markers: frozenset[str]
    observance_words: frozenset[str]
    observance_verbs: frozenset[str]
    office_words: frozenset[str]
    past_words: frozenset[str]
    quarter_business_words: frozenset[str]
    demonyms: frozenset[str]
    seasons: frozenset[str]
    generic_season_before: frozenset[str]
    description_heads: frozenset[str]


@cache
def filter_rules() -> FilterRules:
    """The rules from ``resources/event_filters.json`` and the shared ``resources/quantities.json``."""
    data = load_json("event_filters.json")
    shared = load_json("quantities.json")
    return FilterRules(
        law_words=frozenset(data["law_words"]),
        name_year_exempt=frozenset(data["name_year_exempt_lower"]),
        label_before=frozenset(shared["identifier_labels_before"]),
        count_nouns=frozenset(shared["count_nouns_after"]) | frozenset(w for w, after in shared["count_heads"].items()
                                                                   if after),
        currency_before=frozenset(shared["currency_before"]),
        date_words_before=frozenset(data["date_words_before_lower"]),
        determiners=frozenset(data["determiners_lower"]),
        period_parts=frozenset(data["period_parts_lower"]),
        file_extensions=frozenset(data["file_extensions"]),
        skip_sections=frozenset(data["skip_sections_lower"]),
        generic_before=frozenset(data["generic_before_lower"]),
        quantity_context=frozenset(shared["count_heads"]),
        quantity_link=frozenset(shared["count_links_before"]),
        count_function_words=frozenset(shared["count_function_words"]),
        year_subject_verbs=frozenset(data["year_subject_verbs_lower"]),
        reporting_verbs=frozenset(data["reporting_verbs_present"]),
        ambiguous_months=frozenset(data["ambiguous_month_words"]),
        yearless_joiners=frozenset(data["yearless_joiners_lower"]),
        publishers=frozenset(data["publisher_words"]),
        habitual_markers=frozenset(data["habitual_markers_lower"]),
        observance_words=frozenset(data["observance_words_lower"]),
        observance_verbs=frozenset(data["observance_verbs_lower"]),
        office_words=frozenset(data["office_words_before_year"]),
        # The date grammar's past-tense words (one vocabulary): 'was', 'had', 'began', 'held' ...; not the
        # signal words it also lists ('since', 'ago', 'last', 'earlier'), which are no verbs.
        past_words=(frozenset(load_json("dates/deictic.json")["past_words"]) - {"since", "ago", "last", "earlier"})
        | frozenset(data["irregular_past_lower"]),
        quarter_business_words=frozenset(data["quarter_business_words_lower"]),
        # the date grammar's nationality adjectives (one vocabulary): 'a 1975 American thriller film'
        demonyms=frozenset(load_json("dates/vocabulary.json")["year_context"]["demonyms_before_year"]),
        seasons=frozenset(load_json("dates/vocabulary.json")["seasons"]),
        generic_season_before=frozenset(data["generic_season_before_lower"]),
        description_heads=frozenset(data["description_heads_lower"]),
    )


def is_skipped_section(section: str | None) -> bool:
    """Sections whose text is apparatus, not narrative (references, external links, ...)."""
    return section is not None and section.strip().lower() in filter_rules().skip_sections


@dataclass(frozen=True)
class DateInSentence:
    """A date expression in its sentence, with what the rules look at around it (computed once per date)."""

    sentence: str
    start: int
    end: int
    text: str
    before: str
    after: str
    word_before: str
    word_after: str
    bare: bool
    """A year alone: "1995", "'76"."""
    italics: tuple[tuple[int, int], ...] = ()
    """[start, end) of the sentence's text set in italics in the wikitext (empty for flat text)."""

    @property
    def has_digit(self) -> bool:
        return any(c.isdigit() for c in self.text)


def date_in_sentence(sentence: str, start: int, end: int,
                     italics: tuple[tuple[int, int], ...] = ()) -> DateInSentence:
    """The date ``sentence[start:end]`` and its surroundings; a lower-case signal word before a year ("up to
    1914", "since 1999") is set aside so that the rules judge the year itself."""
    text = sentence[start:end]
    if (core := _SIGNAL_YEAR.fullmatch(text)) is not None:
        start += core.start(1)
        text = core.group(1)
    # Only the text near the date decides (a window keeps date-dense sentences linear, not quadratic).
    before, after = sentence[max(0, start - _CONTEXT):start], sentence[end:end + _CONTEXT]
    return DateInSentence(
        sentence=sentence, start=start, end=end, text=text, before=before, after=after,
        word_before=(m.group(1) if (m := _WORD_BEFORE.search(before)) else ""),
        word_after=(m.group(1).rstrip(".!?\"'") if (m := _WORD_AFTER.search(after)) else ""),
        bare=bool(_BARE_YEAR.fullmatch(text)), italics=italics)


Rule = Callable[[DateInSentence, FilterRules], bool]


def _url_or_file(d: DateInSentence, rules: FilterRules) -> bool:
    """Inside a URL or a file name: "Royal_Cinema_2009.jpg", "http://x.org/2013/12/30/story"."""
    return _in_url_or_file(d.sentence, d.start, d.end, rules)


def _glued_identifier(d: DateInSentence, rules: FilterRules) -> bool:
    """A number glued to a code: "ASA X3.4-1963", "ISO/IEC 9899:1999", "3.1995" (not "mid-1990s", "(1995)")."""
    return _attached(d.before, d.after)


def _citation(d: DateInSentence, rules: FilterRules) -> bool:
    """A bibliographic reference: "(Berlin: Hofmann, 1876)", "(Smith 1998)", "Palgrave Macmillan, 1996.", or an
    author–year citation as a subject: "Pybus (2005) estimates", "Smith and Jones (1998) argue"."""
    if _CITATION_BEFORE.search(d.sentence, max(0, d.start - _CONTEXT), d.start):
        return True
    author = _AUTHOR_BEFORE.search(d.before)
    if author and _PAGES_AFTER.match(d.after) and author.group(0)[1:].split()[0].strip(",") not in rules.office_words:
        return True  # not "(CEO 2015–2022)", "(President 1990–1994)": an office held then
    if d.bare and _AUTHOR_SUBJECT_BEFORE.search(d.before) and _reporting_verb_after(d.after, rules):
        return True
    return d.bare and bool(_publisher_pattern(rules.publishers).search(d.before))


@cache
def _name_opening_words() -> frozenset[str]:
    """Month, season and holiday names (lower case) from the dates vocabulary: the yearless dates that can open
    a capitalized name. Relative expressions ("Two years later", "The next day") are not among them."""
    voc = load_json("dates/vocabulary.json")
    holidays = [name for table in ("holidays", "floating_holidays") for name in voc[table] if not name.startswith("_")]
    return frozenset(w.lower() for w in [*voc["months"], *voc["seasons"], *holidays])


def _yearless_in_name(d: DateInSentence, rules: FilterRules) -> bool:
    """A month, season or holiday without a year that opens a capitalized name: "the 1936 Summer Olympics", "the
    Winter Garden". Only a capitalized word opens a name: "Throughout the winter New Jersey militia raided" is a
    date, and so is a relative date before a name: "Two years later Smith returned"."""
    words = d.text.split()
    name = " ".join(words[1:] if len(words) > 1 and words[0] in rules.date_words_before else words)
    return (not d.has_digit and name[:1].isupper() and name.lower() in _name_opening_words()  # "by August Böckh"
            and d.after[:1] == " " and d.after[1:2].isupper())


def _yearless_generic(d: DateInSentence, rules: FilterRules) -> bool:
    """A month or season without a year after a possessive or quantifier: "her summer holidays", "every May"."""
    return not d.has_digit and d.word_before.lower() in rules.generic_before


_SENTENCE_WORDS = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_PARTICIPLE_AUXILIARIES = frozenset({"is", "are", "am", "be", "been", "being", "get", "gets"})


def _habitual(d: DateInSentence, rules: FilterRules) -> bool:
    """A month, season or holiday without a year in a present-tense generic statement: a habit or a climate, not
    something that happened ("Thunderstorm activity is highest during the late spring and early summer", "The
    fair is held in August"); a past tense anywhere makes it a narrative ("In June he tried to seize Charleston",
    "The store re-opened in June", "In September they built the fort that is still standing")."""
    if d.has_digit or not any(w.lower() in _name_opening_words() for w in _SENTENCE_WORDS.findall(d.text)):
        return False  # only a month, season or holiday recurs: "the sixth century", "the same day" do not
    return _generic_present(d, rules)


_DAY_MONTH = re.compile(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Z][a-z]+\.?"
                        r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?")
_DAY_NAME = re.compile(r"\b[A-Z][a-z]+\s+Day\b")


def _observance(d: DateInSentence, rules: FilterRules) -> bool:
    """A day and month without a year in a present-tense statement about a holiday or a commemoration: a day that
    recurs, not something that happened ("there are four public holidays: 25 March (Independence Day), ...", "It
    commemorates the event each year on the Sunday closest to July 20"); "The spacecraft began its journey back on
    December 25, Christmas Day" has a past tense and is an event."""
    if not _DAY_MONTH.fullmatch(d.text.strip()):
        return False
    if not (_lower_words(d.sentence) & rules.observance_words or _DAY_NAME.search(d.sentence)):
        return False
    return _generic_present(d, rules, rules.observance_verbs)  # "It commemorates the event each year"


def _generic_present(d: DateInSentence, rules: FilterRules, markers: frozenset[str] = frozenset()) -> bool:
    """Whether the date's clause is a present-tense generic statement (``_habitual``): no past or future tense in
    the clause (between semicolons: "...; in December 2021 UNESCO added it" is another clause) and a habitual
    marker (or one of ``markers``) in it or in the sentence."""
    clause = _clause(d)
    tensed, marked = _tense_marks(clause, rules)
    return not tensed and (marked or _tense_marks(d.sentence, rules)[1] or bool(markers & _lower_words(clause)))


@lru_cache(maxsize=256)
def _tense_marks(sentence: str, rules: FilterRules) -> tuple[bool, bool]:
    """(a past or future tense, a habitual marker) of the sentence; once per sentence, not per date: a long
    sentence with many dates stays linear."""
    words = [w.lower() for w in _SENTENCE_WORDS.findall(sentence)]
    if "will" in words:
        return True, False
    marked = False
    for i, word in enumerate(words):
        after_auxiliary = i > 0 and words[i - 1] in _PARTICIPLE_AUXILIARIES
        if (word in rules.past_words or (len(word) > 3 and word.endswith("ed"))) and not after_auxiliary:
            if not _frequency_at(words, i + 1):
                return True, marked
            marked = True  # "Durga Puja, held each year in September": a participle of a habit, no past
        marked = marked or word in rules.habitual_markers or (word == "held" and after_auxiliary)
    return False, marked


_FREQUENCY_ADVERBS = frozenset({"annually", "yearly"})
_FREQUENCY_DETERMINERS = frozenset({"each", "every"})
_RECURRING_UNITS = frozenset({"year", "month", "week", "day", "season", "spring", "summer", "autumn", "fall",
                              "winter"})


def _frequency_at(words: list[str], i: int) -> bool:
    """Whether words[i:] open a frequency: 'annually', 'yearly', 'each year', 'every summer'."""
    if i < len(words) and words[i] in _FREQUENCY_ADVERBS:
        return True
    return i + 1 < len(words) and words[i] in _FREQUENCY_DETERMINERS and words[i + 1] in _RECURRING_UNITS


def _clause(d: DateInSentence) -> str:
    """The part of the date's sentence between the semicolons around it: an independent clause of its own."""
    start = d.sentence.rfind(";", 0, d.start) + 1
    end = d.sentence.find(";", d.end)
    return d.sentence[start:end if end >= 0 else len(d.sentence)]


@lru_cache(maxsize=256)
def _lower_words(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _SENTENCE_WORDS.findall(sentence))


_YEARLESS_QUARTER = re.compile(r"(?i)(?:the\s+)?(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter")
_BUSINESS_TOKENS = re.compile(r"[a-z]+|%")


def _game_period(d: DateInSentence, rules: FilterRules) -> bool:
    """A quarter without a year outside a sentence about business or the economy is a period of a game: "Auburn
    blocked two punts in the fourth quarter" (a quarter of a year: "Revenue rose in the fourth quarter", "the
    fourth quarter of 2014")."""
    if d.has_digit or not _YEARLESS_QUARTER.fullmatch(d.text.strip()):
        return False
    return not _about_business(d.sentence, rules)


@lru_cache(maxsize=256)
def _about_business(sentence: str, rules: FilterRules) -> bool:
    """Whether the sentence holds a business or economy word (once per sentence)."""
    return any(w in rules.quarter_business_words for w in _BUSINESS_TOKENS.findall(sentence.lower()))


def _yearless_word(d: DateInSentence, rules: FilterRules) -> bool:
    """One yearless word without a date word before it is a modifier or a name: "a family Christmas tree farm",
    "a crab for Cancer (May)"; "in May", "that summer", "November or December" are dates."""
    return (not d.has_digit and " " not in d.text.strip()
            and d.word_before.lower() not in rules.date_words_before | rules.yearless_joiners)


def _law_title(d: DateInSentence, rules: FilterRules) -> bool:
    """The year of a law's short title, as laws are cited: "Companies Act 1985", "Order (LFO), 2002", "Act No. X of
    2010". "The Civil Rights Act of 1957" is a date: the law was passed that year (like "the War of 1812", a name
    that also says when)."""
    return d.bare and bool(_law_pattern(rules.law_words).search(d.before))


def _century_modifier(d: DateInSentence, rules: FilterRules) -> bool:
    """A century as an adjective: "a 20th-century philosopher" (not "in the 20th-century", nor "By the 19th-century
    the town had grown", where the signal word opens the date's own text)."""
    century = _HYPHEN_CENTURY.search(d.text)
    if century is None or d.after[:1] != " ":
        return False
    # the word that governs the century: before its determiner, which may open the date's text or stand before it
    opening = [w for w in d.text[:century.start()].split()[:-1] if w.lower() not in rules.period_parts]
    words = [w.lower() for w in d.before.split() + opening]
    while words and words[-1] in rules.determiners:
        words.pop()
    return not words or words[-1] not in rules.date_words_before


def _range_in_title(d: DateInSentence, rules: FilterRules) -> bool:
    """A range that closes a title: "The Arts Club of Chicago: The Collection 1916-1996", "The Beatles
    1962–1966". A range after a team, an office or a place is when it was held: "He played for Arsenal
    1990–1995", "He was President 1990–1994", "Mayor 1990–94"."""
    if d.bare or not _YEAR_OR_SEASON.fullmatch(d.text):
        return False
    if not _capitalized_name_before(d.before, d.word_before, rules):
        return False
    words = d.before.split()
    k = len(words)
    while k and words[k - 1][:1].isupper() and words[k - 1][-1:] not in ",.;:!?\"”)":
        k -= 1  # back over the run of capitalized words that ends right before the range
    if k == len(words):
        return False
    opener = words[k - 1] if k else ""
    return words[k] in _TITLE_ARTICLES or opener.endswith((":", "\"", "“", "'", "‘")) or (
        d.after[:1] == " " and d.after[1:2].isupper())


def _year_before_subtitle(d: DateInSentence, rules: FilterRules) -> bool:
    """A year that a colon and a capitalized subtitle follow inside a sentence: "his novel 2001: A Space Odyssey"
    (a timeline line opening with its year, "1991: Spun off its printer division", is a date)."""
    return d.bare and bool(_TITLE_AFTER.match(d.after)) and bool(d.before.strip())


def _identifier_label(d: DateInSentence, rules: FilterRules) -> bool:
    """A number right after a label: "No. 1995", "Route 1990", "page 1876", "ISO 9899", "Expo 2010", "Windows 2000",
    "river kilometre 1929". A comma ends the label: "in the Oval Office, 2015" (a caption's date)."""
    return d.bare and d.word_before.lower() in rules.label_before


def _amount(d: DateInSentence, rules: FilterRules) -> bool:
    """A sum of money: "$1995", "Rs. 2000", "€1500"."""
    signs = tuple(c for c in rules.currency_before if len(c) == 1)
    return d.bare and (d.word_before in rules.currency_before or d.before.endswith(signs))


def _count(d: DateInSentence, rules: FilterRules) -> bool:
    """A quantity: "2000 people", "1500 stores", "1200 %", "the number of confirmed cases to 1572",
    "1700 healthcare workers" (but "in 1995 women gained the vote", "1995 saw the release")."""
    if not d.bare:
        return False
    if d.word_after.lower() in rules.count_nouns and d.word_before.lower() not in rules.date_words_before:
        return True
    return d.after.lstrip().startswith("%") or _counted(d.before, d.after, d.word_before, d.word_after, rules)


def _year_in_name(d: DateInSentence, rules: FilterRules) -> bool:
    """A year right after a capitalized word in mid-sentence closes a name: "Eurovision Song Contest 2001",
    "the Windsor 1995 gala", "the film Spirit of '76"."""
    if not d.bare:
        return False
    return _capitalized_name_before(d.before, d.word_before, rules) or (
        d.text[0] in "'’" and _named_of(d.before, rules))


def _appositive_year(d: DateInSentence, rules: FilterRules) -> bool:
    """A year that describes a noun in apposition: "Smith, a 1984 graduate of Yale, joined", "the book, a 1947
    cookbook". The sentence is not about that year; "In a 2015 article" and "in a 2008 by-election" are."""
    return d.bare and bool(_APPOSITIVE_BEFORE.search(d.before))


def _year_opening_title(d: DateInSentence, rules: FilterRules) -> bool:
    """A year that opens a capitalized title right after a verb: "He wrote 1984 Revisited in 1990", "then
    recorded 1999 Nights". After a date word ("In 1995 DMSC was formed"), a preposition ("Champions for 2016
    Call of Duty"), a determiner and adjective ("the new 1901 Constitution": a name opened by its year, kept when
    it is the sentence's only date) or opening the sentence ("1995 saw"), it is a date."""
    if not d.bare or not d.word_before.isalpha() or not d.word_before.islower():
        return False  # "flights, 1966 Saturn flights": a list goes on; "Spain) 1500": a clause starts
    word = d.word_before
    if word in rules.date_words_before or word in rules.name_year_exempt or word in _NAME_OPENERS | _PREPOSITIONS:
        return False
    two_back = d.before[:len(d.before.rstrip()) - len(word)].split()[-1:]
    if two_back and two_back[0].lower() in _NAME_OPENERS:
        return False  # "the new 1901 Constitution", "the inaugural 1896 Olympics": a year opening a name
    return d.after[:1] == " " and d.after[1:2].isupper()


def _quoted(d: DateInSentence, rules: FilterRules) -> bool:
    """Inside a short quoted title in title case: "'The Immoral Traffic (Prevention) Act, 1956'", "\"1976\"",
    "\"Baylor 2012\" vision" (not a quoted sentence: "'We formed it in 1995,' she said")."""
    return _quoted_title(d.sentence, d.start, d.end) is not None


def _italic_title(d: DateInSentence, rules: FilterRules) -> bool:
    """Inside a short italic span that reads as a title: ''1984 Revisited'', ''The Year 1000'', ''2012'' (a
    film). Italics mark titles of works in wikitext; an italic sentence or a long italic quotation is no title."""
    if d.sentence[d.start - 1:d.start] == "(" and d.sentence[d.end:d.end + 1] == ")":
        return False  # ''[[A Splendid Hazard (1920)]]'': the work's date in parentheses, not its title
    for start, end in d.italics:
        if start <= d.start and d.end <= end:
            inner = d.sentence[start:end].strip()
            return bool(inner) and (inner[0].isupper() or inner[0].isdigit()) and \
                len(inner.split()) <= _TITLE_MAX_WORDS and not inner.endswith((".", "!", "?"))
    return False


def _generic_season(d: DateInSentence, rules: FilterRules) -> bool:
    """A season word alone after a preposition, with no article, year or modifier: any such season, not one that
    happened ("to be climbed in winter", "transport in summer is by boat", "during winter, the resort offers").
    "the winter", "that summer", "in the spring of 1943" and "the fall and winter" are dated seasons."""
    return d.text.lower() in rules.seasons and d.word_before.lower() in rules.generic_season_before


RULES: dict[str, Rule] = {
    "url_or_file": _url_or_file,
    "identifier": _glued_identifier,
    "citation": _citation,
    "yearless_in_name": _yearless_in_name,
    "generic": _yearless_generic,
    "habitual": _habitual,
    "generic_season": _generic_season,
    "observance": _observance,
    "game_period": _game_period,
    "yearless_word": _yearless_word,
    "law_title": _law_title,
    "century_modifier": _century_modifier,
    "range_in_title": _range_in_title,
    "subtitle": _year_before_subtitle,
    "identifier_label": _identifier_label,
    "amount": _amount,
    "count": _count,
    "name": _year_in_name,
    "appositive": _appositive_year,
    "title_opening": _year_opening_title,
    "quoted_title": _quoted,
    "italic_title": _italic_title,
}
"""The non-event rules, by name, in the order they are tried; each is a small predicate on a date in its
sentence, documented and tested with examples it must and must not match (tests/test_events_filters.py)."""


def non_event_reason(sentence: str, start: int, end: int, italics: tuple[tuple[int, int], ...] = ()) -> str | None:
    """The name of the first rule that says ``sentence[start:end]`` is not an event date, or None; ``italics``:
    the sentence's italic spans, when the source marks them."""
    rules = filter_rules()
    date = date_in_sentence(sentence, start, end, italics)
    return next((name for name, rule in RULES.items() if rule(date, rules)), None)


def rule_matches(name: str, sentence: str, start: int, end: int, italics: tuple[tuple[int, int], ...] = ()) -> bool:
    """Whether the rule ``name`` alone matches the date ``sentence[start:end]`` (for tests and debugging)."""
    return RULES[name](date_in_sentence(sentence, start, end, italics), filter_rules())


def in_italic_title(sentence: str, start: int, end: int, italics: tuple[tuple[int, int], ...]) -> bool:
    """The ``italic_title`` rule alone (the driver checks it where italics are known)."""
    return bool(italics) and rule_matches("italic_title", sentence, start, end, italics)


def year_closes_name(sentence: str, start: int) -> bool:
    """A capitalized word and "of" right before the year that close a name: "the War of 1812", "his Standard
    Superior of 1933"; not "As of 2020", an exempt word, nor a law's name (``law_year``)."""
    before = sentence[max(0, start - _CONTEXT):start].rstrip()
    m = _CAPITAL_OF.search(before + " ")
    rules = filter_rules()
    return m is not None and m.group(1) != "As" and m.group(1).lower() not in rules.name_year_exempt \
        and not _law_named(before + " ", m, rules)


def year_in_name(sentence: str, start: int, end: int) -> bool:
    """A year opening a capitalized name ("The 2008 British motorcycle Grand Prix", "the 2008 MotoGP championship")
    or closing one ("the War of 1812", "the Revolutions of 1989"). A year opening a name after a dash or a table
    cell bar opens it as one at the start does ("1990 YEC — 1999 French Open": both or neither). A law's year is
    when it was passed, not a name year: "the Pure Food and Drug Act of 1906".

    Such a year may still date the sentence, so callers use this only to drop a repeat of the same date.
    """
    if not _YEAR_OR_SEASON.fullmatch(sentence[start:end]):
        return False
    after = sentence[end:end + 2]
    before = sentence[max(0, start - _CONTEXT):start].rstrip()
    if year_closes_name(sentence, start):
        return True  # "the War of 1812": a name, though also the time it names
    opens = (not before or before.split()[-1].lower() in _NAME_OPENERS or before.endswith("'s")
             or before.endswith(_NAME_SEPARATORS))
    return opens and after[:1] == " " and after[1:2].isupper()


def year_opens_description(sentence: str, start: int, end: int) -> bool:
    """An article, a year, a nationality and lower-case words only: a description that dates what it names ("is a
    1975 American thriller film", "The 1954 Italian expedition, led by"), unlike a name ("the 1962 Constitution",
    "a 2008 British motorcycle Grand Prix"). Like a name closed by "of YEAR" it is an event beside the sentence's
    other dates unless one of them lies within that year ("The 1972 Australian federal election was held on 2
    December 1972")."""
    if not _YEAR_OR_SEASON.fullmatch(sentence[start:end]):
        return False
    words = sentence[max(0, start - 4):start].split()
    if not words or words[-1].lower() not in ("a", "an", "the"):
        return False
    adjective = _ADJECTIVE_PHRASE.match(sentence, end)
    if adjective is not None and adjective.group(1).lower() in filter_rules().demonyms:
        return True
    place = _PLACE_PHRASE.match(sentence, end) if words[-1].lower() == "the" else None
    return place is not None and any(w in filter_rules().description_heads for w in place.group(1).split())


def law_year(sentence: str, start: int, end: int) -> bool:
    """A bare year closing a law's name after "of": "the Pure Food and Drug Act of 1906", "the Amendment of 1962".
    It dates the sentence (the law was passed then), even beside another date."""
    m = _CAPITAL_OF.search(sentence, max(0, start - _CONTEXT), start)
    return (m is not None and m.end() == start and bool(_BARE_YEAR.fullmatch(sentence[start:end]))
            and _law_named(sentence, m, filter_rules()))


def _law_named(text: str, m: re.Match[str], rules: FilterRules) -> bool:
    """The name closing at ``m`` ("<Word> of ") is a law's or a treaty's: its word is one ("the Act of 1906"), or
    the name's head is one before a place ("the Treaty of Alcáçovas of 1479", "the Peace of Westphalia of 1648"),
    not a war's or a revolution's ("the War of the Spanish Succession of 1701")."""
    if m.group(1) in rules.law_words:
        return True
    words = text[max(0, m.start(1) - _CONTEXT):m.start(1)].split()[-(_LAW_HEAD_WORDS + 2):]
    for k in range(len(words) - 1, 0, -1):
        if words[k] == "of":
            return words[k - 1] in rules.law_words
        if not words[k][:1].isupper():
            return False
    return False


def trailing_number_end(sentence: str, start: int, end: int) -> int | None:
    """Where a date should end when its tail is no date: "On 16 August, 450 new cases" -> "16 August". None when
    the whole expression is a date (an era stays: "In 331 BC Alexander"; the grammar itself tells "the 2010 BC
    Green Party", British Columbia, from an era)."""
    m = _TRAILING_NUMBER.search(sentence[start:end])
    if m is None:
        return None
    word_after = (w.group(1).lower() if (w := _WORD_AFTER.search(sentence[end:end + _CONTEXT])) else "")
    rules = filter_rules()
    if len(m.group(1)) < 4 or word_after in rules.count_nouns or word_after in _COUNT_MODIFIERS:
        return start + m.start()
    return None


@cache
def _publisher_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Text ending in a publisher's name and a comma, right before a year."""
    names = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{names}),\s*$")


@cache
def _law_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Text ending in a law's short title before its year: "Act, ", "Order (LFO), ", "Act No. X of " (not "Act of
    ": "the Civil Rights Act of 1957" says when the law was passed)."""
    law = "|".join(sorted(map(re.escape, words)))
    return re.compile(rf"\b(?:{law})(?:\s*\([^()]{{1,40}}\))?\s*,?\s*$"
                      rf"|\b(?:{law})(?:\s+(?:No\.|[IVXLC]+|\d+))+\s+of\s+$")


def _named_of(before: str, rules: FilterRules) -> bool:
    """ "Spirit of '76", "Summer of '69": a capitalized word, then "of", right before a short year (a title).

    Four-digit years after "X of" stay dates: "the War of 1812", "the Revolutions of 1989" name what happened then."""
    m = _CAPITAL_OF.search(before)
    return m is not None and m.group(1).lower() not in rules.name_year_exempt and m.group(1) != "As"


def _counted(before: str, after: str, word_before: str, word_after: str, rules: FilterRules) -> bool:
    """A bare number read as a quantity: "the number of confirmed cases to 1572", "1700 healthcare workers"."""
    if not before.strip():
        return _count_opening_sentence(after, word_after, rules)
    if word_before.lower() not in rules.quantity_link:
        return False
    if word_before.lower() != "of" and _PLURAL.fullmatch(word_after):
        return True  # "There were 1200 journalists"
    window = [w.strip(",.;:()").lower() for w in before.split()[-8:-1]]
    return any(w in rules.quantity_context for w in window)


def _count_opening_sentence(after: str, word_after: str, rules: FilterRules) -> bool:
    """A number opening a sentence or caption counts only a plural noun, right after it or after one modifier
    ("1700 healthcare professionals", "2000 people"); before a verb or a singular noun it is a year ("2002 opened
    with", "1780 drawing of soldiers", "1995 saw")."""
    first = word_after.lower()
    if not word_after[:1].islower() or first in rules.year_subject_verbs:
        return False
    if _plural_noun(first, rules):
        return True
    m = _TWO_WORDS_AFTER.match(after)
    second = m.group(1).rstrip(".!?\"'") if m else ""
    return (not first.endswith("ed") and second[:1].islower() and second.lower() not in rules.count_function_words
            and _plural_noun(second.lower(), rules))


def _plural_noun(word: str, rules: FilterRules) -> bool:
    """A count noun of ``quantities.json`` or a word that reads as a plural ("journalists"; not "business",
    "status", "analysis", nor a verb of ``year_subject_verbs``)."""
    if word in rules.count_nouns:
        return True
    return (bool(_PLURAL.fullmatch(word)) and not word.endswith(("ss", "us", "is"))
            and word not in rules.year_subject_verbs)


def _reporting_verb_after(after: str, rules: FilterRules) -> bool:
    """The parenthesis closes and a present-tense reporting verb follows, perhaps after an adverb: ") estimates",
    ") argue", ") also notes", ") convincingly shows" (plural forms: the listed verb without its -s or -es)."""
    m = _VERB_AFTER_PARENTHESIS.match(after)
    if m is None:
        return False
    verb = m.group(1)
    return verb in rules.reporting_verbs or verb + "s" in rules.reporting_verbs or verb + "es" in rules.reporting_verbs


def _attached(before: str, after: str) -> bool:
    """A number glued to a code: "X3.4-1963", "ISO/IEC 9899:1999", "1963.5", "1963X" (not "mid-1990s", "(1995)")."""
    glued = _GLUED_BEFORE.search(before).group(0).lstrip("([{\"'“‘")  # type: ignore[union-attr]
    prefix = glued.rstrip("-–").lower()
    if glued and prefix not in _DATE_PREFIXES and (
            glued[-1].isalnum() or (glued[-1] in "-./:#" and any(c.isalnum() for c in glued))
            or (glued[-1] == "," and glued[:-1][-1:].isdigit())):
        return True
    if after[:1].isalpha() and after[:1] != "s" and not after.startswith("th"):
        return True
    return len(after) > 1 and after[0] == "." and after[1].isdigit()


def _in_url_or_file(sentence: str, start: int, end: int, rules: FilterRules) -> bool:
    """The date lies inside a URL or a file name (a run of non-space characters with a scheme or extension)."""
    left = sentence.rfind(" ", 0, start) + 1
    right = sentence.find(" ", end)
    chunk = sentence[left: right if right >= 0 else len(sentence)].rstrip(".,;:)")
    if "://" in chunk or chunk.lower().startswith("www.") or "_" in chunk:
        return True
    ext = chunk.rsplit(".", 1)[-1].lower() if "." in chunk else ""
    return ext in rules.file_extensions


def _capitalized_name_before(before: str, word_before: str, rules: FilterRules) -> bool:
    """A bare year right after a capitalized word in mid-sentence: "Expo 2010", "Vision 2030"."""
    if not word_before or not word_before[0].isupper() or before[-1:] != " " or word_before.endswith((",", ".", ":")):
        return False
    if word_before.lower() in rules.name_year_exempt or (word_before.isupper() and len(word_before) <= 2):
        return False
    head = before[: len(before.rstrip()) - len(word_before)].rstrip()
    return bool(head) and head[-1] not in ".!?:;\"'(“"


@lru_cache(maxsize=32)
def _quote_spans(sentence: str) -> list[tuple[int, int, str]]:
    """The sentence's quoted spans (start, end, inner text), in order; computed once per sentence."""
    return [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTED.finditer(sentence)]


def _quoted_title(sentence: str, start: int, end: int) -> str | None:
    """The date sits inside a short quoted title in title case: 'The Immoral Traffic (Prevention) Act, 1956'."""
    quotes = _quote_spans(sentence)
    i = bisect_left(quotes, (start,)) - 1  # quotes do not overlap: only the last one opening before can hold it
    for q_start, q_end, inner in quotes[max(i, 0): i + 1]:
        if not (q_start < start and end < q_end):
            continue
        if inner.strip() == sentence[start:end]:
            return "quoted_title"  # the song "1976"
        words = [w.group(1) for w in _TITLE_WORD.finditer(inner)]
        long_words = [w for w in words if len(w) > 3]
        if words and words[0][0].isupper() and len(words) <= 14 and long_words and \
                sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6:
            return "quoted_title"
    return None

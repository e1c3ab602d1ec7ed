"""``name_actors`` finds its runs on token texts and cuts names from the Doc's text (speed); its names are those
of the token-by-token walk it replaced, kept here as the reference, on fixture articles and generated sentences."""

from __future__ import annotations

import random
from pathlib import Path

from spacy.tokens import Span, Token

from pipeline.extract.actors import (
    _NAME_SHAPE,
    ActorRules,
    _in_slogan,
    _keep_name,
    _quotes,
    actor_rules,
    capitalized_words,
    name_actors,
)
from pipeline.nlp.sentences import doc_text, get_nlp, segment, spacy_safe
from pipeline.wikitext import parse_wikitext

FIXTURES = Path(__file__).parent / "fixtures" / "wikitext"


def _reference_names(sent: Span, known: frozenset[str], skip: list[tuple[int, int]]) -> list[str]:
    """The walk over spaCy ``Token`` objects (``name_actors`` before it read token texts)."""
    rules = actor_rules()
    tokens = list(sent)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if not _name_word(tokens[i], rules):
            i += 1
            continue
        j, has_of = i + 1, False
        while j < len(tokens):
            tok = tokens[j]
            if _name_word(tok, rules) and not (tok.text in rules.honorifics and tokens[j - 1].text
                                               not in rules.honorifics):
                j += 1
                continue
            if (tok.text in {"-", "–"} and j + 1 < len(tokens) and not tokens[j - 1].whitespace_
                    and not tok.whitespace_ and _name_word(tokens[j + 1], rules)):
                j += 1
                continue
            if tok.lower_ in rules.connectors and j + 1 < len(tokens) and _joinable(tokens, i, j, has_of, rules):
                has_of = has_of or tok.lower_ in {"of", "for"}
                j += 1
                continue
            break
        while j > i + 1 and tokens[j - 1].lower_ in rules.connectors:
            j -= 1
        words = tokens[i:j]
        if len(words) > 1 and words[0].i == sent.start and words[0].lower_ == "the":
            words = words[1:]
        name = sent.doc[words[0].i: words[-1].i + 1].text
        lo = words[0].idx - sent.start_char
        hi = words[-1].idx + len(words[-1].text) - sent.start_char
        if (not any(a < hi and lo < b for a, b in skip) and _keep_name(words, name, sent, known, rules)
                and name not in out and not _in_slogan(_quotes(sent.text), words, sent.start_char)):
            out.append(name)
        i = j
    return out


def _name_word(tok: Token, rules: ActorRules) -> bool:
    text = tok.text
    if not text[:1].isupper() or text in rules.not_name_words:
        return False
    return tok.is_alpha or text in rules.honorifics or _NAME_SHAPE.fullmatch(text) is not None


def _joinable(tokens: list[Token], i: int, j: int, has_of: bool, rules: ActorRules) -> bool:
    nxt = tokens[j + 1]
    if not _name_word(nxt, rules) and not (nxt.lower_ == "the" and j + 2 < len(tokens)
                                           and _name_word(tokens[j + 2], rules)):
        return False
    word = tokens[j].lower_
    if word in {"of", "for"}:
        return any(t.text in rules.org_words for t in tokens[i:j])
    if word in {"and", "&"}:
        return has_of
    return word != "the"


def _generated(seed: int, count: int) -> list[str]:
    """Sentences of capitalized runs, connectors, dashes, honorifics, quotes and a leading "The"."""
    rng = random.Random(seed)
    words = ["The", "the", "of", "for", "and", "&", "University", "Institute", "Dr.", "Mr.", "Smith", "Jana",
             "Hewlett", "-", "–", "Packard", "All", "Star", "U.S.", "K.", "O'Neill", "Jean-Luc", "May", "in", "said",
             "'", "\"", "“", "”", "(", ")", ",", "Government", "West", "Bengal", "DMSC", "B.A.", "President",
             "Secretary", "won", "a", "Cup", "'Big Red Machine'", "“Quoted Name”", "e.g.", "1990", "!!!!!!!!!!!!"]
    out = []
    for _ in range(count):
        picked = [rng.choice(words) for _ in range(rng.randrange(1, 25))]
        out.append("".join(w + rng.choice([" ", " ", "", "  "]) for w in picked).strip() + ".")
    return out


def _paragraphs(limit: int) -> list[str]:
    out: list[str] = []
    for path in sorted(FIXTURES.glob("*.wiki"))[:limit]:
        out += [p.text for p in parse_wikitext(path.read_text(encoding="utf-8")).paragraphs]
    return out


def test_name_actors_names_are_the_token_walks() -> None:
    texts = _paragraphs(6) + _generated(5, 3000)
    sents = [s for sentences in segment(texts) for s in sentences]
    known = capitalized_words(s.span for s in sents)
    rng = random.Random(9)
    found = 0
    for sentence in sents:
        span = sentence.span
        skip = [] if rng.random() < 0.7 else [(a, a + rng.randrange(1, 15)) for a in
                                              sorted(rng.sample(range(len(sentence.text) + 1), 1))]
        names = [a.name for a in name_actors(span, known, skip)]
        assert names == _reference_names(span, known, skip), sentence.text
        found += len(names)
    assert found > 1000


def test_doc_text_is_the_docs_text() -> None:
    """``segment`` keeps each Doc's text (also when ``spacy_safe`` broke a run, or the text was windowed)."""
    texts = ["Plain text. Two sentences.", "Runs !!!!!!!!!!!!!!!! and " + "x" * 150 + " words.", "",
             "A. " * 40_000]
    for text in texts:
        for sentence in next(segment([text])):
            doc = sentence.span.doc
            assert doc_text(doc) == doc.text
            assert doc_text(doc) is doc.user_data["wikirecords.text"]
    assert spacy_safe(texts[1]) != texts[1]
    plain = get_nlp().make_doc("Not segmented.")
    assert doc_text(plain) == "Not segmented."

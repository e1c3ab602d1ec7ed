"""Parse a page without building node trees for its ``<ref>`` bodies, which no reader of the tree looks into.

mwparserfromhell tokenizes in C but builds its nodes in Python, and the bodies of references (citation templates
mostly) hold about half of an article's nodes. So the page is tokenized whole, exactly as ``mwparserfromhell.parse``
does (the tree's structure is the parser's own), then the tokens of each reference body are replaced by one text
token holding that body's source text, and the tree is built from the shorter token list. A ``<ref>`` node thus
keeps its attributes and its exact text (offsets and ``str()`` unchanged), with its contents as one ``Text`` node;
renderers skip ``ref`` tags (``skip_tags``) and the infobox search does not enter them.

The body texts come from a linear scan of the source that pairs ``<ref …>`` with the next ``</ref>``, skipping
comments and the tags whose bodies the parser leaves unparsed (``<nowiki>``, ``<pre>`` ...). The result is checked:
the scan and the tokens must find the same number of references, and the tree's text must equal the source;
otherwise (a reference in a comment inside a reference, nested references, odd attributes) the page is built from
all its tokens, as before.

Most bodies are not even tokenized: a body that is *inert* (``_inert``: a plain open tag; in the body no tag,
unclosed comment, heading line or table, and brace and bracket runs that pair as the tokenizer pairs them) is cut
to one letter before tokenizing (87% of the reference text of the corpus) and its source text put back in place
of that letter's token. Cutting stops at the first body that is not inert, since an unclosed construct there may
run into later bodies. That an inert body leaves the rest of the page's tokens unchanged is not proven: the guards
close every counterexample that random pages, exhaustive short bodies in 19 surrounding contexts and a review
found (braces pairing differently than one character at a time, quotes the tokenizer does not treat as
delimiters ...), and a property test over generated pages holding them compares the trees with those built from
the whole page's tokens. The tree's text must still equal the source, else the page is parsed whole.
"""

from __future__ import annotations

import importlib
import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from mwparserfromhell.definitions import PARSER_BLACKLIST
from mwparserfromhell.nodes import Node, Tag, Text, Wikilink
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.parser import tokens as tk
from mwparserfromhell.parser import use_c
from mwparserfromhell.parser.builder import _HANDLERS, Builder
from mwparserfromhell.parser.errors import ParserError
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.utils import parse_anything
from mwparserfromhell.wikicode import Wikicode

if use_c:
    from mwparserfromhell.parser._tokenizer import CTokenizer as _Tokenizer
else:  # pragma: no cover (the pure-Python tokenizer, when the C extension is not built)
    from mwparserfromhell.parser.tokenizer import Tokenizer as _Tokenizer

LIFTED_TAG = "ref"
_OPENERS = re.compile(r"<!--|<([a-zA-Z][a-zA-Z0-9]{0,30})(?=[\s/>])", re.IGNORECASE)
_OPEN_TAG_END = re.compile(r"[^<>]{0,1000}>")  # an open tag's attributes; longer ones are not lifted
_COMMENT_END = re.compile(r"-->")
_UNPARSED = frozenset(PARSER_BLACKLIST)
_BRACKET_RUNS = re.compile(r"\{+|\}+|\[+|\]+")
_OPENING = {"}": "{", "]": "["}
_OPENER_RUNS = {"{": (2, 3), "[": (1, 2)}
# An open tag whose attributes are plain: names, then unquoted values or values quoted right after "=" holding no
# angle bracket, brace, square bracket or backslash (a quote elsewhere, or after a backslash, may end the tag
# another way for the tokenizer).
_PLAIN_OPEN_TAG = re.compile(r"""<[A-Za-z]+(?:\s+[\w-]+(?:\s*=\s*(?:"[^"<>{}\[\]\\]*"|'[^'<>{}\[\]\\]*'"""
                             r"""|[^\s"'<>=/{}\[\]\\]+))?)*\s*>""")
_NOT_INERT = ("\n=", "{|")  # a heading line, a table
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


_NODE_MODULES = ("wikicode", "nodes.argument", "nodes.extras.attribute", "nodes.extras.parameter",
                 "nodes.external_link", "nodes.heading", "nodes.tag", "nodes.template", "nodes.wikilink")
"""The mwparserfromhell modules whose node setters call ``parse_anything`` (imported by name)."""


class _Builder(Builder):
    """mwparserfromhell's tree builder, making each ``Text`` node, node list (``Wikicode``) and template
    ``Parameter`` without its setters.

    Text tokens are half of a page's tokens; the library's handler reads the token's text through ``Token``'s
    ``__getattr__`` and sets it through ``Text.value``'s setter (``str()`` of a string). Here the node is made
    with ``object.__new__`` and its ``_value`` set directly, as the setter would (mwparserfromhell 0.7, pinned);
    node lists and parameters likewise (``_pop``, ``_handle_parameter``); every other token goes to the library's
    own handler. Same trees, to every attribute of these objects (tests/test_wikitext_lift.py).
    """

    def _handle_token(self, token: tk.Token) -> Node:
        if type(token) is tk.Text:
            value = dict.__getitem__(token, "text")
            if type(value) is str:
                node = object.__new__(Text)
                node._value = value  # what Text.value's setter stores
                return node
        handler = _OWN_HANDLERS.get(type(token))
        if handler is None:
            raise ParserError(f"_handle_token() got unexpected {type(token).__name__}")
        return handler(self, token)

    def _handle_wikilink(self, token: tk.Token) -> Wikilink:
        """The library's handler, making the ``Wikilink`` without its setters (they store the title and text)."""
        title = None
        self._push()
        while self._tokens:
            token = self._tokens.pop()
            kind = type(token)
            if kind is tk.WikilinkSeparator:
                title = self._pop()
                self._push()
            elif kind is tk.WikilinkClose:
                node = object.__new__(Wikilink)
                if title is not None:
                    node._title, node._text = title, self._pop()
                else:
                    node._title, node._text = self._pop(), None
                return node
            else:
                self._write(self._handle_token(token))
        raise ParserError("_handle_wikilink() missed a close token")

    def _handle_tag(self, token: tk.Token) -> Tag:
        """The library's handler, making the ``Tag`` with ``_new_tag`` instead of its eleven setters."""
        tag = padding = None
        implicit, attrs, contents, closing_tag = False, [], None, None
        wiki_markup, invalid = token.wiki_markup, token.invalid or False
        wiki_style_separator, closing_wiki_markup = None, wiki_markup
        self._push()
        while self._tokens:
            token = self._tokens.pop()
            kind = type(token)
            if kind is tk.TagAttrStart:
                attrs.append(self._handle_attribute(token))
            elif kind is tk.TagCloseOpen:
                wiki_style_separator = token.wiki_markup
                padding = token.padding or ""
                tag = self._pop()
                self._push()
            elif kind is tk.TagOpenClose:
                closing_wiki_markup = token.wiki_markup
                contents = self._pop()
                self._push()
            elif kind is tk.TagCloseSelfclose or kind is tk.TagCloseClose:
                if kind is tk.TagCloseSelfclose:
                    closing_wiki_markup = token.wiki_markup
                    tag = self._pop()
                    self_closing = True
                    padding = token.padding or ""
                    implicit = token.implicit or False
                else:
                    self_closing = False
                    closing_tag = self._pop()
                if tag is None or padding is None:
                    raise ParserError("_handle_tag() met a close token before the tag's name")
                return _new_tag(tag, contents, attrs, wiki_markup, self_closing, invalid, implicit, padding,
                                closing_tag, wiki_style_separator, closing_wiki_markup)
            else:
                self._write(self._handle_token(token))
        raise ParserError("_handle_tag() missed a close token")

    def _pop(self) -> Wikicode:
        """The library's ``_pop`` without ``Wikicode.__init__`` (which only stores the node list)."""
        code = object.__new__(Wikicode)
        code._nodes = SmartList(self._stacks.pop())
        return code

    def _handle_parameter(self, default: int) -> Parameter:
        """The library's handler, making the ``Parameter`` without its setters: they store the name and value
        (``parse_anything`` returns a ``Wikicode`` as it is) and check that a hidden key is a positive number,
        which the builder's own key, ``str(default)``, always is."""
        key = None
        showkey = False
        self._push()
        while self._tokens:
            token = self._tokens.pop()
            kind = type(token)
            if kind is tk.TemplateParamEquals:
                key = self._pop()
                showkey = True
                self._push()
            elif kind is tk.TemplateParamSeparator or kind is tk.TemplateClose:
                self._tokens.append(token)
                value = self._pop()
                if key is None:
                    key = Wikicode(SmartList([Text(str(default))]))
                parameter = object.__new__(Parameter)
                parameter._name, parameter._value, parameter._showkey = key, value, showkey
                return parameter
            else:
                self._write(self._handle_token(token))
        raise ParserError("_handle_parameter() missed a close token")


def _as_wikicode(value: Any) -> Wikicode:
    """What the node setters' ``parse_anything`` stores: a ``Wikicode`` as it is, anything else parsed."""
    return value if type(value) is Wikicode else parse_anything(value)


def _new_tag(tag: Wikicode, contents: Wikicode | None, attrs: list[Any], wiki_markup: str | None,
             self_closing: bool, invalid: bool, implicit: bool, padding: str, closing_tag: Wikicode | None,
             wiki_style_separator: str | None, closing_wiki_markup: str | None) -> Tag:
    """``Tag(...)`` with these arguments, its fields set as its ``__init__`` and setters set them, in their order."""
    node = object.__new__(Tag)
    node._tag = node._closing_tag = _as_wikicode(tag)
    node._contents = _as_wikicode(contents)  # None (a self-closing tag): an empty Wikicode, as the setter makes
    node._attrs = attrs if attrs else []
    node._wiki_markup = str(wiki_markup) if wiki_markup else None
    node._closing_wiki_markup = node._wiki_markup  # the setter's: no closing markup was set yet
    node._self_closing = bool(self_closing)
    node._invalid = bool(invalid)
    node._implicit = bool(implicit)
    if not padding:
        node._padding = ""
    elif not str(padding).isspace():
        raise ValueError("padding must be entirely whitespace")
    else:
        node._padding = str(padding)
    if closing_tag is not None:
        node._closing_tag = _as_wikicode(closing_tag)
    node._wiki_style_separator = str(wiki_style_separator) if wiki_style_separator else None
    if closing_wiki_markup is not None:
        node._closing_wiki_markup = str(closing_wiki_markup) if closing_wiki_markup else None
    return node


def _wikicode_first(original: Callable[..., Wikicode]) -> Callable[..., Wikicode]:
    """``parse_anything`` answering a ``Wikicode`` argument at once, as the original does (it returns it).

    The tree builder hands every node's parts (a tag's name and contents, a parameter's name and value ...) to
    setters that call ``parse_anything``, which imports four modules before its first test: a quarter of the
    build's time on a page. Any other argument goes to the original.
    """

    def parse_anything_fast(value: Any, context: int = 0, *, skip_style_tags: bool = False) -> Wikicode:
        if type(value) is Wikicode:
            return value
        return original(value, context, skip_style_tags=skip_style_tags)

    parse_anything_fast.original = original  # type: ignore[attr-defined]
    return parse_anything_fast


def _install_fast_parse_anything() -> None:
    """Point the node modules' ``parse_anything`` at ``_wikicode_first`` of the library's own (same results)."""
    fast = _wikicode_first(parse_anything)
    for name in _NODE_MODULES:
        module = importlib.import_module(f"mwparserfromhell.{name}")
        if getattr(module, "parse_anything", None) is parse_anything:  # not replaced by someone else already
            module.parse_anything = fast  # type: ignore[attr-defined]


_install_fast_parse_anything()

_OWN_HANDLERS = {**_HANDLERS, tk.TagOpenOpen: _Builder._handle_tag, tk.WikilinkOpen: _Builder._handle_wikilink}
"""The library's token handlers, with ``_Builder``'s own for tags and wikilinks."""


class _Closers:
    """Offsets of a closing pattern in the text, found once; ``next(at)`` is the first one at or after ``at``.

    Looking each closer up from scratch would make a page of many unclosed openers quadratic.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        self._starts = [s for s, _ in self._spans]

    def next(self, at: int) -> tuple[int, int] | None:
        i = bisect_left(self._starts, at)
        return self._spans[i] if i < len(self._spans) else None


def reference_bodies(text: str) -> list[str]:
    """Source text of each ``<ref …>body</ref>`` body in order (self-closing references have none)."""
    return [text[start:end] for start, end in reference_body_spans(text)]


def reference_body_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``<ref …>body</ref>`` body in order (self-closing references have none).

    Comments and the bodies of unparsed tags (``<nowiki>``, ``<pre>``, ``<math>`` ...) are skipped as the parser
    skips them; an opener without its closer is text, as for the parser.
    """
    bodies: list[tuple[int, int]] = []
    closers: dict[str, _Closers] = {}

    def closer(name: str) -> _Closers:
        if name not in closers:
            pattern = _COMMENT_END if name == "!--" else re.compile(
                r"</" + re.escape(name) + r"\s*>", re.IGNORECASE)
            closers[name] = _Closers(pattern, text)
        return closers[name]

    pos = 0
    while (m := _OPENERS.search(text, pos)) is not None:
        pos = m.end()
        name = (m.group(1) or "!--").lower()
        if name == "!--":
            if (end := closer(name).next(pos)) is not None:
                pos = end[1]
            continue
        if name != LIFTED_TAG and name not in _UNPARSED:
            continue
        tag_end = _OPEN_TAG_END.match(text, pos)
        if tag_end is None or text[tag_end.end() - 2] == "/":
            continue  # not a tag, or self-closing: no body
        if (close := closer(name).next(tag_end.end())) is None:
            continue  # unclosed: the parser reads the opener as text
        if name == LIFTED_TAG:
            bodies.append((tag_end.end(), close[0]))
        pos = close[1]
    return bodies


def parse_lifted(text: str) -> Wikicode:
    """``mwparserfromhell.parse(text, skip_style_tags=True)``, with every ``<ref>`` body left as one text node."""
    return parse_lifted_sized(text)[0]


def parse_lifted_sized(text: str) -> tuple[Wikicode, list[int] | None]:
    """``parse_lifted(text)`` and the source length of each top-level node (``len(str(node))``), when the check
    that the tree reads exactly as ``text`` computed them (else None): the body walk needs them for its offsets,
    and stringifying the tree again costs as much as the check."""
    spans = reference_body_spans(text) if "<" in text else []
    bodies = [text[a:b] for a, b in spans]
    inert = list(itertools.takewhile(lambda span: _inert(text, *span), spans))
    if inert:
        tokens = _Tokenizer().tokenize(_without_bodies(text, inert), 0, True)
        built = _build_lifted(tokens, bodies, text)
        if built is not None:
            return built
    return _parse_lifted_tokens(text, bodies)


def _inert(text: str, start: int, end: int) -> bool:
    """Whether the body ``text[start:end]`` is of a shape the tokenizer reads as nothing but the body, so that the
    rest of the page tokenizes the same without it: a plain open tag (``_PLAIN_OPEN_TAG``); in the body no tag,
    unclosed comment, heading line or table, and brace and bracket runs that pair as the tokenizer pairs them
    (``_runs_pair``). Derived from counterexamples, not proven: see the module docstring."""
    if not _PLAIN_OPEN_TAG.fullmatch(text, text.rfind("<", 0, start), start):
        return False  # a quote or bracket in the attributes: the tokenizer may end the open tag elsewhere
    raw = text[start:end]
    body = _COMMENT.sub(" ", raw) if "<" in raw else raw  # a comment closed inside the body is opaque
    if "<" in body or any(mark in body or mark in raw for mark in _NOT_INERT):
        return False
    return _runs_pair(body)


def _runs_pair(body: str) -> bool:
    """Brace runs of two or three ("{{", "{{{") and bracket runs of one or two, each closed, innermost first, by
    a run of its kind that uses up exactly the openers it closes ("}}}}}" closes "{{{" and "{{"); a lone "{" or
    "}", a run of four openers, or "}b}" closing "{{" leaves the tokenizer looking past the body."""
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RUNS.finditer(body):
        run = m.group()
        kind, n = run[0], len(run)
        if kind == "{" or kind == "[":
            if n not in _OPENER_RUNS[kind]:
                return False
            stack.append((kind, n))
            continue
        want = _OPENING[kind]
        while n:
            if not stack or stack[-1][0] != want or stack[-1][1] > n:
                return False
            n -= stack.pop()[1]
    return not stack


def _without_bodies(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of these reference bodies replaced by one letter (an empty body stays empty)."""
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        if end > start:
            parts.append("x")
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _parse_lifted_tokens(text: str, bodies: list[str] | None = None) -> tuple[Wikicode, list[int] | None]:
    """``parse_lifted_sized`` from the tokens of the whole page (reference bodies tokenized, then dropped);
    ``bodies`` are ``reference_bodies(text)`` when the caller has them."""
    tokens = _Tokenizer().tokenize(text, 0, True)
    if bodies is None:
        bodies = reference_bodies(text) if "<" in text else []
    built = _build_lifted(tokens, bodies, text) if bodies else None
    # else: the parser's own outcome for the page
    return built if built is not None else (_Builder().build(tokens), None)


def _build_lifted(tokens: list[tk.Token], bodies: list[str], text: str) -> tuple[Wikicode, list[int]] | None:
    """The tree of ``tokens`` with the reference bodies lifted (``_lift``) and the lengths of its top-level nodes,
    when it reads exactly as ``text`` (``str(code)`` is the join of its nodes' strings)."""
    lifted = _lift(tokens, bodies)
    if lifted is None:
        return None
    try:
        code = _Builder().build(lifted)
    except (ParserError, RecursionError):
        return None
    parts = [str(node) for node in code.nodes]
    return (code, [len(part) for part in parts]) if "".join(parts) == text else None


def _lift(tokens: list[tk.Token], bodies: list[str]) -> list[tk.Token] | None:
    """The token list with each reference body's tokens replaced by one text token of ``bodies``' text;
    None when the tokens hold another number of reference bodies than ``bodies``."""
    out: list[tk.Token] = []
    last = 0  # tokens[last:] are not copied yet
    found = 0
    i, n = 0, len(tokens)
    tag_open, close_open, self_close, open_close, close_close, text_token = (
        tk.TagOpenOpen, tk.TagCloseOpen, tk.TagCloseSelfclose, tk.TagOpenClose, tk.TagCloseClose, tk.Text)
    while i < n:
        token = tokens[i]
        i += 1
        if type(token) is not tag_open or i >= n:
            continue
        name = tokens[i]
        if type(name) is not text_token or name.text.lower() != LIFTED_TAG or token.wiki_markup:
            continue
        # The open tag's end at this tag's level (attribute values may hold tags of their own).
        depth, j = 0, i + 1
        while j < n:
            kind = type(tokens[j])
            if kind is tag_open:
                depth += 1
            elif kind is self_close or kind is close_close:
                if depth == 0:
                    break
                depth -= 1
            elif kind is close_open and depth == 0:
                break
            j += 1
        if j >= n or type(tokens[j]) is not close_open:
            continue  # self-closing: nothing to lift
        # The body runs to this tag's own closing tag.
        depth, k = 0, j + 1
        while k < n:
            kind = type(tokens[k])
            if kind is tag_open:
                depth += 1
            elif kind is self_close or kind is close_close:
                depth -= 1
            elif kind is open_close and depth == 0:
                break
            k += 1
        if k >= n or found >= len(bodies):
            return None
        out.extend(tokens[last:j + 1])
        if bodies[found]:
            out.append(text_token(text=bodies[found]))
        found += 1
        last = i = k
    if found != len(bodies):
        return None
    out.extend(tokens[last:])
    return out

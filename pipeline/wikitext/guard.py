"""Defuse markup that makes mwparserfromhell's tokenizer backtrack quadratically (hostile or broken pages).

Thousands of unclosed ``<ref>``/``<div>`` tags, ``[http…`` links or unmatched ``{{``/``[[`` take the tokenizer
minutes. Only when there are many of them, the unmatched openers are blanked in place (same length, so source
offsets stay exact) and the page is parsed as mostly text. Real articles have at most a handful.
"""

from __future__ import annotations

import re
from collections import Counter

_OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]{0,15})\b(?![^<>]{0,500}/>)")
_CLOSE_TAG = re.compile(r"</\s*([a-zA-Z][a-zA-Z0-9]{0,15})")
_BRACKETS = re.compile(r"\{\{|\}\}|\[\[|\]\]")
_EXTERNAL = re.compile(r"\[\[|\]\]|\[(?=(?:https?:|ftp:|//|mailto:|irc:|news:))|\]|\n", re.IGNORECASE)
_VOID = frozenset({"br", "hr", "wbr", "img", "meta", "link", "col", "source", "track", "area", "input"})
UNMATCHED_LIMIT = 200


def defuse(text: str, limit: int = UNMATCHED_LIMIT) -> tuple[str, list[str]]:
    """The text with runaway unmatched openers blanked, and a note per kind of markup defused."""
    notes: list[str] = []
    last_close = text.rfind("-->")
    unclosed_comments = text.count("<!--", last_close + 3 if last_close >= 0 else 0)
    if unclosed_comments > limit:  # each unclosed "<!--" is a scan to the end: close the first at the end,
        text += "-->"  # as MediaWiki hides the rest of the page; offsets of the source text are unchanged
        notes.append(f"{unclosed_comments} unclosed '<!--' (the rest of the page is a comment)")
    opens = Counter(name.lower() for name in _OPEN_TAG.findall(text))
    if sum(opens.values()) > limit:
        closes = Counter(name.lower() for name in _CLOSE_TAG.findall(text))
        for name, count in opens.items():
            if name not in _VOID and count - closes.get(name, 0) > limit:
                text = re.sub(r"<(?=" + re.escape(name) + r"\b)", " ", text, flags=re.IGNORECASE)
                notes.append(f"{count - closes.get(name, 0)} unclosed <{name}> tags")
    lost = _unclosed_external_links(text)
    if len(lost) > limit:
        chars = list(text)
        for at in lost:
            chars[at] = " "
        text = "".join(chars)
        notes.append(f"{len(lost)} unclosed '[http…' links")
    lost = _unmatched_brackets(text)
    if len(lost) > limit:
        chars = list(text)
        for at in lost:
            chars[at + 1] = " "
        text = "".join(chars)
        notes.append(f"{len(lost)} unmatched '{{{{' or '[['")
    return text, notes


def _unclosed_external_links(text: str) -> list[int]:
    """Offsets of ``[http…`` openers with no ``]`` later on their line (linear scan)."""
    lost: list[int] = []
    pending: list[int] = []
    for m in _EXTERNAL.finditer(text):
        token = m.group()
        if token in ("[[", "]]"):
            continue  # wikilinks do not close external links
        if token == "]":
            if pending:
                pending.pop()
        elif token == "\n":
            lost.extend(pending)
            pending.clear()
        else:
            pending.append(m.start())
    lost.extend(pending)
    return lost


def _unmatched_brackets(text: str) -> list[int]:
    """Offsets of ``{{`` and ``[[`` that no closer matches (linear scan with a stack)."""
    stack: list[tuple[str, int]] = []
    lost: list[int] = []
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token in ("{{", "[["):
            stack.append((token, m.start()))
            continue
        want = "{{" if token == "}}" else "[["
        if any(t == want for t, _ in stack[-50:]):
            while stack:
                t, at = stack.pop()
                if t == want:
                    break
                lost.append(at)
    lost.extend(at for _, at in stack)
    return lost

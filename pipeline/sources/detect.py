"""Tell the source formats apart from content, with the file name only as a tie-breaker."""

from __future__ import annotations

import codecs
import re

_FLAT_TITLE = re.compile(r"\A\s*=[ \t]*[^=\s](?:[^\r\n]*[^\s])?[ \t]*=[ \t]*(?:\r\n?|\n)")  # unambiguous: linear time
_FLAT_ITEM = re.compile(r"^- [^\n:]{1,80}: ", re.M)
_WIKI_MARKUP = re.compile(r"\{\{|\[\[|'''|<ref|^\{\|", re.M)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")

FLAT, WIKITEXT, XML_DUMP = "flat", "wikitext", "xml-dump"
NOT_XML = None
"""``xml_root`` result for text that does not start like an XML or HTML document."""


def xml_root(head: bytes) -> str | None:
    """The root element's local name when ``head`` (first bytes, decompressed) opens an XML or HTML document.

    Returns None when the bytes do not start like markup: no XML declaration, no DOCTYPE and a root that is
    neither ``mediawiki`` nor ``html`` (wikitext may well open with ``<div>``). Returns "" when the prolog
    is there but the root element is not within ``head``.
    """
    s = _ascii_view(head[:65536])
    prolog = False
    while True:
        s = s.lstrip()
        if s.startswith(b"<?"):
            end = s.find(b"?>")
            s, prolog = (s[end + 2:] if end >= 0 else b""), True
        elif s.startswith(b"<!--"):
            end = s.find(b"-->")
            s = s[end + 3:] if end >= 0 else b""
        elif s[:9].upper() == b"<!DOCTYPE":
            prolog = True
            bracket, close = s.find(b"["), s.find(b">")
            if 0 <= bracket < close:  # internal subset: skip to "]>" (entity bombs live here)
                end = s.find(b"]", bracket)
                close = s.find(b">", end) if end >= 0 else -1
            s = s[close + 1:] if close >= 0 else b""
        else:
            break
    m = _ROOT.match(s)
    root = m.group(2).decode("ascii").lower() if m else ""
    if prolog or root in ("mediawiki", "html"):
        return root
    return NOT_XML


def looks_like_dump(head: bytes) -> bool:
    """True when the first bytes (already decompressed) open a MediaWiki XML export."""
    return xml_root(head) == "mediawiki"


def detect_text_format(text: str, path: str = "") -> str:
    """'flat' for the plain-text rendering (``= Title =`` then ``- Key: Value`` lines), else 'wikitext'."""
    head = text[:20000]
    if _FLAT_TITLE.match(head) and not _WIKI_MARKUP.search(head):
        return FLAT
    if _FLAT_TITLE.match(head) and _FLAT_ITEM.search(head) and "{{" not in head:
        return FLAT
    return WIKITEXT


def _ascii_view(head: bytes) -> bytes:
    """UTF-16 markup (with a BOM) seen as ASCII so the prolog can be read; other bytes unchanged."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[2:len(head) - (len(head) % 2)].decode(encoding, "ignore").encode("ascii", "replace")
    return head.removeprefix(codecs.BOM_UTF8)

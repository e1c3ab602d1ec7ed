"""Tell the three source formats apart from content, with the file name only as a tie-breaker."""

from __future__ import annotations

import re

_XML_START = re.compile(rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<mediawiki\b", re.S)
_FLAT_TITLE = re.compile(r"\A\s*=[ \t]*[^=\n][^\n]*?[ \t]*=[ \t]*\n")
_FLAT_ITEM = re.compile(r"^- [^\n:]{1,80}: ", re.M)
_WIKI_MARKUP = re.compile(r"\{\{|\[\[|'''|<ref|^\{\|", re.M)

FLAT, WIKITEXT, XML_DUMP = "flat", "wikitext", "xml-dump"


def looks_like_dump(head: bytes) -> bool:
    """True when the first bytes (already decompressed) open a MediaWiki XML export."""
    return bool(_XML_START.match(head[:4096]))


def detect_text_format(text: str, path: str = "") -> str:
    """'flat' for the plain-text rendering (``= Title =`` then ``- Key: Value`` lines), else 'wikitext'."""
    head = text[:20000]
    if _FLAT_TITLE.match(head) and not _WIKI_MARKUP.search(head):
        return FLAT
    if _FLAT_TITLE.match(head) and _FLAT_ITEM.search(head) and "{{" not in head:
        return FLAT
    return WIKITEXT

"""Plain text built piece by piece from wikitext nodes, remembering where each piece came from.

The builder collects text with source offsets (anchors), link spans and hard breaks ("\\n"); ``paragraphs``
splits it at the breaks and collapses whitespace while moving anchors and link spans along.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from pipeline.article import LinkSpan

_WORD = re.compile(r"[^\s]+")
_EMPTY_PARENS = re.compile(r"\((?:\s|[,;:]|\(\s*\))*\)")
_OPEN_PUNCT = re.compile(r"\((?:\s*[,;:])+")
_CLOSE_PUNCT = re.compile(r"(?<![\s,;:])(?:\s*[,;:])+(?=\s*\))")  # starts at a run start: linear
_NO_SPACE_BEFORE = frozenset(",.;:)!?]")
_NO_SPACE_AFTER = frozenset("([")
# A gap between words that is not one space kept as one space: longer, another blank, after an opening bracket,
# or before a closing mark ("," "." ")" ... not followed by a letter or digit, as in _word_runs).
_BREAKING_GAP = re.compile(r"\s{2,}|[^\S ]| (?=[,.;:)!?\]](?![^\W_]))|(?<=[(\[]) ")


@dataclass
class TextBuilder:
    """Accumulates rendered text; ``track`` keeps (text_offset, source_offset) anchors and link spans."""

    track: bool = False
    parts: list[str] = field(default_factory=list)
    size: int = 0
    anchors: list[tuple[int, int]] = field(default_factory=list)
    links: list[LinkSpan] = field(default_factory=list)
    in_item: bool = False
    suppress: int = 0
    """Inside a table the parser left as text: nothing is added until it closes."""
    hold: int = 0
    """Inside a table row: breaks and list items inside a cell become spaces, the row stays one paragraph."""
    contexts: list[tuple[int, str]] = field(default_factory=list)
    italics: list[LinkSpan] = field(default_factory=list)
    """Spans of text set in italics (titles of works mostly); closed at the latest at a break."""
    italic_from: int | None = None
    """(text_offset, context) from where on the text is "prose", "table" or "caption" (see ``set_context``)."""

    def add(self, text: str, src: int) -> None:
        """Append ``text`` whose first character comes from source offset ``src``."""
        if not text or self.suppress:
            return
        if "\n" in text:
            text = text.replace("\n", " ")
        if self.track:
            self.anchors.append((self.size, src))
        self.parts.append(text)
        self.size += len(text)

    def toggle_italic(self) -> None:
        """Italic quotes seen: italics open here, or the open ones close here."""
        if not self.track:
            return
        if self.italic_from is None:
            self.italic_from = self.size
        else:
            if self.size > self.italic_from:
                self.italics.append(LinkSpan(self.italic_from, self.size, ""))
            self.italic_from = None

    def close_italic(self) -> None:
        """Close italics left open (the end of a line closes them)."""
        if self.italic_from is not None:
            self.toggle_italic()

    def brk(self) -> None:
        """A hard break: a new line in a value, a new paragraph in prose."""
        if not self.hold:
            self.close_italic()  # italics never run past the end of a line
        if self.hold:
            if self.parts and self.parts[-1] != " ":
                self.parts.append(" ")
                self.size += 1
            return
        self.in_item = False
        if self.parts and self.parts[-1] == "\n":
            return
        self.parts.append("\n")
        self.size += 1

    def start_item(self) -> None:
        """A list item begins: it ends at the next line end."""
        self.brk()
        self.in_item = not self.hold

    def mark(self) -> tuple[int, int, int, int]:
        """Where the text stands now, to ``rewind`` to (parts, size, anchors, links)."""
        return len(self.parts), self.size, len(self.anchors), len(self.links)

    def rewind(self, mark: tuple[int, int, int, int]) -> None:
        """Drop everything added since ``mark`` (an empty table cell and the separator before it)."""
        parts, size, anchors, links = mark
        del self.parts[parts:], self.anchors[anchors:], self.links[links:]
        self.size = size

    def added_text_since(self, mark: tuple[int, int, int, int]) -> bool:
        """Whether anything but whitespace was added since ``mark``."""
        return any(part.strip() for part in self.parts[mark[0]:])

    def set_context(self, context: str) -> None:
        """Start a new paragraph whose text is of this context ("prose", "table", "caption")."""
        self.brk()
        if self.contexts and self.contexts[-1][0] == self.size:
            self.contexts[-1] = (self.size, context)
        else:
            self.contexts.append((self.size, context))

    def text(self) -> str:
        return "".join(self.parts)

    def lines(self) -> list[str]:
        """Non-empty lines, whitespace collapsed (for infobox values: no offsets needed)."""
        out = []
        for line in self.text().split("\n"):
            cleaned = _clean(line)
            if cleaned:
                out.append(cleaned)
        return out

    def paragraphs(self) -> list[tuple[str, list[tuple[int, int]], list[LinkSpan], str, list[LinkSpan]]]:
        """(text, anchors, links, context, italic spans) per non-empty block between hard breaks."""
        joined = self.text()
        out = []
        start = 0
        anchors, links = self.anchors, sorted(self.links, key=lambda s: s.start)
        a_keys = [a[0] for a in anchors]
        l_keys = [s.start for s in links]
        c_keys = [c[0] for c in self.contexts]
        italics = sorted(self.italics, key=lambda s: s.start)
        i_keys = [s.start for s in italics]
        while start <= len(joined):
            end = joined.find("\n", start)
            if end < 0:
                end = len(joined)
            if end > start and not joined[start:end].isspace():
                lo = max(bisect_right(a_keys, start) - 1, 0)
                hi = bisect_left(a_keys, end)
                piece_anchors = [(t - start, s) for t, s in anchors[lo:hi]]
                if piece_anchors and piece_anchors[0][0] < 0:
                    t0, s0 = piece_anchors[0]
                    piece_anchors[0] = (0, s0 - t0)
                piece_links = [LinkSpan(s.start - start, min(s.end, end) - start, s.target)
                               for s in links[bisect_left(l_keys, start):bisect_left(l_keys, end)]]
                piece_italics = [LinkSpan(s.start - start, min(s.end, end) - start, "")
                                 for s in italics[bisect_left(i_keys, start):bisect_left(i_keys, end)]]
                text, new_anchors, moved = normalize(joined[start:end], piece_anchors, piece_links + piece_italics)
                at = bisect_right(c_keys, start) - 1
                if text:
                    new_links = [s for s in moved if s.target]
                    new_italics = [s for s in moved if not s.target]
                    out.append((text, new_anchors, new_links, self.contexts[at][1] if at >= 0 else "prose",
                                new_italics))
            start = end + 1
        return out


def _clean(text: str) -> str:
    return normalize(text, [], [])[0]


def normalize(text: str, anchors: list[tuple[int, int]], links: list[LinkSpan]
              ) -> tuple[str, list[tuple[int, int]], list[LinkSpan]]:
    """Collapse whitespace, drop empty parentheses left by removed markup; move anchors and links along."""
    if "(" in text:
        text = _EMPTY_PARENS.sub(lambda m: " " * len(m.group()), text)
        text = _OPEN_PUNCT.sub(lambda m: "(" + " " * (len(m.group()) - 1), text)
        text = _CLOSE_PUNCT.sub(lambda m: " " * len(m.group()), text)
    runs = _stretches(text, anchors, links)
    if runs is None:
        runs = _word_runs(text)
    new_text = "".join(_joined(text, runs))
    return new_text, _move_anchors(anchors, runs), _move_links(links, runs)


def _word_runs(text: str) -> list[tuple[int, int, int]]:
    """(old_start, old_end, new_start) of every word: words joined by one space, none before a closing mark
    ("," "." ")" ...) or after an opening bracket."""
    runs: list[tuple[int, int, int]] = []
    size = 0
    last = ""
    for m in _WORD.finditer(text):
        word = m.group()
        if runs and _space_between(last, word[:2]):
            size += 1
        runs.append((m.start(), m.end(), size))
        size += len(word)
        last = word[-1]
    return runs


def _stretches(text: str, anchors: list[tuple[int, int]], links: list[LinkSpan]
               ) -> list[tuple[int, int, int]] | None:
    """``_word_runs`` with neighbouring words merged wherever the offsets shift by the same amount (one space kept
    as one space), so that moving anchors and links gives exactly what the word runs give: a stretch also ends
    at a space holding an anchor, a link start or the character before a link end. None when the first anchor
    lies after the first word's start (the word runs clamp it; the merged runs would not)."""
    lo = len(text) - len(text.lstrip())
    hi = len(text.rstrip())
    if lo >= hi:
        return []
    if anchors and anchors[0][0] > lo:
        return None
    gaps = {m.start(): m.end() for m in _BREAKING_GAP.finditer(text, lo, hi)}
    marks = [a[0] for a in anchors]
    marks += [s.start for s in links]
    marks += [s.end - 1 for s in links]
    for at in marks:
        if lo < at < hi - 1 and text[at] == " " and not text[at - 1].isspace() and not text[at + 1].isspace():
            gaps[at] = at + 1
    runs: list[tuple[int, int, int]] = []
    start = lo
    size = 0
    for gap_start in sorted(gaps):
        size = _add_run(text, runs, start, gap_start, size)
        start = gaps[gap_start]
    _add_run(text, runs, start, hi, size)
    return runs


def _add_run(text: str, runs: list[tuple[int, int, int]], start: int, end: int, size: int) -> int:
    """Append the run text[start:end] (after a space unless the join rules say none); return the new size."""
    if runs and _space_between(text[runs[-1][1] - 1], text[start:min(start + 2, end)]):
        size += 1
    runs.append((start, end, size))
    return size + end - start


def _space_between(last: str, head: str) -> bool:
    """Whether one space joins a word ending in ``last`` to one starting with ``head`` (its first two characters):
    not before a closing mark ("," "." ")" ... not followed by a letter or digit), not after "(" or "["."""
    tight = head[0] in _NO_SPACE_BEFORE and (len(head) == 1 or not head[1].isalnum())
    return not tight and last not in _NO_SPACE_AFTER


def _joined(text: str, runs: list[tuple[int, int, int]]) -> list[str]:
    """The new text's pieces: each run's text (inner whitespace is single spaces) and the spaces between runs."""
    out: list[str] = []
    size = 0
    for old_start, old_end, new_start in runs:
        if new_start > size:
            out.append(" ")
        out.append(text[old_start:old_end])
        size = new_start + old_end - old_start
    return out


def _move_anchors(anchors: list[tuple[int, int]], runs: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    if not anchors or not runs:
        return []
    out: list[tuple[int, int]] = []
    j = 0
    n = len(anchors)
    for old_start, old_end, new_start in runs:
        while j + 1 < n and anchors[j + 1][0] <= old_start:
            j += 1
        a_text, a_src = anchors[j]
        _append(out, new_start, a_src + max(old_start - a_text, 0))
        k = j + 1
        while k < n and anchors[k][0] < old_end:
            _append(out, new_start + anchors[k][0] - old_start, anchors[k][1])
            k += 1
        j = max(j, k - 1)
    return out


def _append(out: list[tuple[int, int]], text_at: int, src_at: int) -> None:
    """Add an anchor unless the previous one already extrapolates to it; a later anchor at the same text offset
    replaces the earlier one (and is itself left out when the one before extrapolates to it)."""
    if out and out[-1][0] == text_at:
        out.pop()
    if out:
        last_text, last_src = out[-1]
        if last_src + (text_at - last_text) == src_at:
            return
    out.append((text_at, src_at))


def _move_links(links: list[LinkSpan], runs: list[tuple[int, int, int]]) -> list[LinkSpan]:
    if not links or not runs:
        return []
    starts = [r[0] for r in runs]
    ends = [r[1] for r in runs]
    out = []
    for link in links:
        i = bisect_right(ends, link.start)  # first run ending after the link start
        k = bisect_left(starts, link.end) - 1  # last run starting before the link end
        if i >= len(runs) or k < i:
            continue
        s_old, _, s_new = runs[i]
        e_old_start, e_old_end, e_new = runs[k]
        start = s_new + max(link.start - s_old, 0)
        end = e_new + min(link.end, e_old_end) - e_old_start
        if end > start:
            out.append(LinkSpan(start, end, link.target))
    return out

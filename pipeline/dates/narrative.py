"""The narrative: where a text's time stands while it is read, so that year-less and relative dates can be anchored.

One object carries it from sentence to sentence (``find_dates(text, narrative=n)`` reads and updates it): the
year most recently stated (with its era), the month the narrative last reached, the last full date (for "the
next day"), and — in the news domain — the document creation time (``dct``) that deictic expressions ("last
year", "Friday", "this week") are anchored to. Years are historical (no year zero): ``year=331, bc=True`` is
331 BC, written ``-0331`` in ISO values and ``BC0331`` in TIMEX3.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

DOMAINS = ("narrative", "news")
"""'narrative': anchor to the narrative's last date (Wikipedia); 'news': anchor deictic expressions to the dct."""

_DCT = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class NarrativeError(ValueError):
    """A narrative was set up with something that is not a date or not a known domain."""


_EARLY_ERA_BEFORE = 1000


@dataclass
class Narrative:
    """The narrative's current position: year (+ era), the month it reached, its last full date; dct and domain.

    ``full`` is the last date stated or resolved to at least year precision that is not an aside, as
    (year, month, day, bc): relative expressions ("the next day", "two years later") count from it.
    """

    year: int | None = None
    bc: bool = False
    month: int | None = None
    full: tuple[int, int | None, int | None, bool] | None = None
    month_stated: bool = False  # the month reached was stated with its year ("December 1941"), not anchored
    dct: date | None = None
    domain: str = "narrative"
    autumn_reached: bool = False  # the narrative read its year's autumn ("the fall and winter": the winter after it)
    known_days: Mapping[tuple[int, int], int] | None = None
    """(month, day) -> AD year of the article's own full dates (its infobox): "the closing ceremony was held on 24
    October" restates the infobox's 24 October 1964 even after an aside moved the narrative to 1965."""
    early_era: bool = False
    """The text has stated a year before AD 1000 ("AD 62", "in 430 BC"): a three-digit year after "in" is a year
    there even where the narrative has moved on ("The statue was erected in 983" in a section of its own)."""

    @classmethod
    def starting(cls, year: int | None = None, bc: bool = False, *, dct: str | date | None = None,
                 domain: str = "narrative") -> Narrative:
        """A narrative set in ``year`` (None: not yet known), optionally with a document creation time."""
        if domain not in DOMAINS:
            raise NarrativeError(f"unknown date domain {domain!r}: use one of {', '.join(DOMAINS)}")
        when = parse_dct(dct) if isinstance(dct, str) else dct
        if year is None and when is not None and domain == "news":
            year = when.year
        full: tuple[int, int | None, int | None, bool] | None = (year, None, None, bc) if year is not None else None
        if when is not None and domain == "news":
            full = (when.year, when.month, when.day, False)
        return cls(year=year, bc=bc, full=full, dct=when, domain=domain)

    def copy(self) -> Narrative:
        """An independent copy (reading a sentence twice must not move the narrative twice).

        Built field by field (``dataclasses.replace`` costs twice as much: it runs for every sentence); the fields
        are immutable values, so a shallow copy is independent."""
        return Narrative(self.year, self.bc, self.month, self.full, self.month_stated, self.dct, self.domain,
                         self.autumn_reached, self.known_days, self.early_era)

    def restart(self, year: int | None, bc: bool = False) -> None:
        """Start again from ``year`` (a new section, a heading that states a year); the month is forgotten."""
        self.year, self.bc, self.month, self.month_stated, self.autumn_reached = year, bc, None, False, False
        self.full = (year, None, None, bc) if year is not None else None

    def move_to_year(self, year: int, bc: bool) -> None:
        """A year stated outright: the narrative is now in it (a new year forgets the month reached)."""
        if self.year != year or self.bc != bc:
            self.month, self.month_stated, self.autumn_reached = None, False, False
        self.year, self.bc = year, bc
        self.note_year(year, bc)

    def note_year(self, year: int, bc: bool) -> None:
        """A year the text states, in its narrative or in an aside: one before AD 1000 marks an early era."""
        if bc or year < _EARLY_ERA_BEFORE:
            self.early_era = True

    @property
    def news(self) -> bool:
        """Whether deictic expressions are anchored to the document creation time."""
        return self.domain == "news" and self.dct is not None


def parse_dct(text: str | None) -> date | None:
    """The date at the start of a dct string ('1998-01-08', '19980108', '1998-01-08T18:30'), or None."""
    if not text:
        return None
    m = _DCT.match(text.strip()) or re.match(r"(\d{4})(\d{2})(\d{2})", text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None

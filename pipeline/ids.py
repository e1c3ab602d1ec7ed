"""Stable identifiers: record ids from titles, event ids from content."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NON_SLUG = re.compile(r"[^0-9a-z]+")
MAX_SLUG = 100


def slugify(title: str) -> str:
    """'Durbar Mahila Samanwaya Committee' -> 'durbar-mahila-samanwaya-committee'; safe as a file name.

    Non-Latin titles keep a short hash so that they stay distinct; long titles are cut and hashed.
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", folded).strip("-")
    digest = hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not slug:
        return f"article-{digest}"
    if len(slug) > MAX_SLUG:
        return f"{slug[:MAX_SLUG].rstrip('-')}-{digest}"
    return slug


@lru_cache(maxsize=64)
def normalize_sentence(sentence: str) -> str:
    """Whitespace-normalized sentence (cached: a sentence with many dates is normalized once, not per date)."""
    return " ".join(sentence.split())


def event_id(record_id: str, sentence: str, date_text: str, occurrence: int) -> str:
    """Content-derived id: unchanged sentence and date keep their id, whatever moves around them."""
    normalized = normalize_sentence(sentence)
    key = f"{record_id}\x1f{normalized}\x1f{date_text}\x1f{occurrence}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]

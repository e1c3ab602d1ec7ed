"""Infobox key normalization: 'Region Served', 'region served' and 'region_served' are one key."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_key(label: str) -> str:
    """snake_case ASCII key for a label as written; empty labels give 'field'."""
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_WORD.sub("_", folded).strip("_") or "field"

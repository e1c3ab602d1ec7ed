"""Data-quality checks over the prose: values visibly lost upstream ('an annual turnover to , with')."""

from __future__ import annotations

import re

from pipeline.article import ParsedArticle
from schemas.record import RecordWarning

# A preposition or article directly followed by punctuation: a value (often a converted amount) was dropped.
_LOST = re.compile(r"\b(?:to|of|from|at|about|over|around|nearly|approximately|of about|the|a|an)\s+[,.;:)]")


def lost_value_warnings(article: ParsedArticle) -> list[RecordWarning]:
    out = []
    for paragraph in article.paragraphs:
        for m in _LOST.finditer(paragraph.text):
            lo, hi = max(m.start() - 40, 0), min(m.end() + 40, len(paragraph.text))
            out.append(RecordWarning(
                code="lost_value",
                message=f"a value seems to be missing from the text: '…{paragraph.text[lo:hi]}…'",
            ))
    return out

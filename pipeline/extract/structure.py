"""Structure extractor: sections in order with their level, "See also" entries, categories."""

from __future__ import annotations

from pipeline.article import ParsedArticle
from schemas.record import Section


def build_sections(article: ParsedArticle) -> list[Section]:
    return [Section(title=title, level=min(max(level, 1), 6)) for title, level in article.sections]


def build_see_also(article: ParsedArticle) -> list[str]:
    return list(dict.fromkeys(s.strip() for s in article.see_also if s.strip()))


def build_categories(article: ParsedArticle) -> list[str]:
    return list(dict.fromkeys(c.strip() for c in article.categories if c.strip()))

"""Helpers shared by the date and event tests: a parsed article made of given paragraphs."""

from __future__ import annotations

from pipeline.article import Paragraph, ParsedArticle


def article_of(*paragraphs: str | tuple[str, str | None], title: str = "T") -> ParsedArticle:
    """An article of these paragraphs (a text, or a text and its section), each anchored where it would start in
    a source that separates paragraphs by a blank line."""
    article = ParsedArticle(title=title, title_from="heading")
    offset = 0
    for paragraph in paragraphs:
        text, section = (paragraph, None) if isinstance(paragraph, str) else paragraph
        article.paragraphs.append(Paragraph(text=text, section=section, anchors=[(0, offset)]))
        offset += len(text) + 2
    return article

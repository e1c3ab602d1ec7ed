"""Extractors: one per concern, each reading a ``ParsedArticle`` and returning part of a record."""

"""Source readers: bytes in, ``SourceDocument``s out, then one ``ParsedArticle`` per document."""

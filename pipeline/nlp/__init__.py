"""Shared natural-language helpers (sentence segmentation) on a blank spaCy pipeline."""

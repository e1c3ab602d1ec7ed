"""Bytes to text: BOMs and UTF-16 honoured, binary refused, invalid UTF-8 repaired with a note."""

from __future__ import annotations

import codecs

from pipeline.errors import SourceDecodeError

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


def decode_text(source: str, data: bytes) -> tuple[str, str | None]:
    """Return (text, note). The note says what was repaired; raise when the bytes are not text."""
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise SourceDecodeError(source, f"this is {what}, not text; remove it from the raw folder")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceDecodeError(source, f"starts with a {encoding} byte-order mark but "
                                        f"is not valid {encoding} ({exc.reason} at byte {exc.start})") from exc
            return _checked(source, text), None
    note = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > max(16, len(text) // 100):
            raise SourceDecodeError(
                source, f"not UTF-8 text ({bad} undecodable bytes, first at byte {exc.start}); "
                "convert it to UTF-8") from exc
        note = f"invalid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD (first at byte {exc.start})"
    return _checked(source, text), note


def _checked(source: str, text: str) -> str:
    if "\x00" in text:
        nul = text.count("\x00")
        if nul > max(8, len(text) // 1000):
            raise SourceDecodeError(source, f"holds {nul} NUL characters: binary data, not text")
        text = text.replace("\x00", "")
    if not text.strip():
        raise SourceDecodeError(source, "is empty (or only white space): nothing to extract")
    return text

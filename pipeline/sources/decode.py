"""Bytes to text: BOMs and UTF-16 honoured, binary refused, invalid UTF-8 repaired with a note."""

from __future__ import annotations

import codecs
import re

from pipeline.errors import SourceDecodeError

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive (decompress it first)",
    b"\xfd7zXZ\x00": "an xz archive (decompress it first)",
    b"7z\xbc\xaf": "a 7-Zip archive (decompress it first)",
    b"\x7fELF": "an executable",
    b"OggS": "an Ogg media file",
    b"SQLite format 3\x00": "an SQLite database",
}
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_SAMPLE = 8192


def decode_text(source: str, data: bytes) -> tuple[str, str | None]:
    """Return (text, note). The note says what was repaired; raise ``SourceDecodeError`` when it is not text.

    Line endings are normalized to LF (CRLF and lone CR are read as LF).
    Policy: a BOM decides the encoding (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM is recognised from its
    NUL pattern; otherwise UTF-8, where a few invalid bytes are replaced by U+FFFD with a note (more than 1%
    means the file is not UTF-8: refused). A few stray NUL characters are removed with a note.
    """
    if not data.strip():
        raise SourceDecodeError(source, "is empty (or only white space): nothing to extract")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise SourceDecodeError(source, f"this is {what}, not text; remove it from the raw folder")
    notes: list[str] = []
    text = _decode(source, data, notes)
    text = _checked(source, text, notes)
    return normalize_newlines(text), "; ".join(notes) or None


def normalize_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings as LF, so every reader sees one kind of line break.

    Offsets in the record (``source_span``) then point into the normalized text.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(source: str, data: bytes, notes: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(source, data, encoding, f"starts with a {encoding} byte-order mark but")
    if (encoding := _bomless_utf16(data)) is not None:
        notes.append(f"decoded as {encoding.upper()} (no byte-order mark; recognised from its NUL bytes)")
        return _strict(source, data[: len(data) - len(data) % 2], encoding, f"looks like {encoding} but")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - data.count("\ufffd".encode())
        if bad > max(16, len(text) // 100):
            raise SourceDecodeError(
                source, f"is not UTF-8 text ({bad} undecodable bytes, first at byte {exc.start}); "
                "convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)") from exc
        notes.append(f"invalid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD "
                     f"(first at byte {exc.start})")
        return text


def _strict(source: str, data: bytes, encoding: str, prefix: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceDecodeError(source, f"{prefix} is not valid {encoding} ({exc.reason} at byte {exc.start}); "
                                "convert it to UTF-8") from exc


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the sample has NULs in every other byte (ASCII-heavy UTF-16), else None."""
    sample = data[:_SAMPLE]
    half = len(sample) // 2
    if half < 2:
        return None
    even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nul > 0.4 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.4 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(source: str, text: str, notes: list[str]) -> str:
    if "\x00" in text:
        nul = text.count("\x00")
        if nul > max(8, len(text) // 1000):
            raise SourceDecodeError(source, f"holds {nul} NUL characters: binary data, not text; "
                                    "remove it from the raw folder")
        text = text.replace("\x00", "")
        notes.append(f"{nul} NUL character(s) removed")
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise SourceDecodeError(source, "is mostly control characters: binary data, not text; "
                                "remove it from the raw folder")
    if not text.strip():
        raise SourceDecodeError(source, "is empty (or only white space): nothing to extract")
    return text

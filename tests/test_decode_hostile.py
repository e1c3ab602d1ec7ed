"""Bytes that are not clean UTF-8 text: refused with a reason, or repaired with a note that becomes a warning."""

from __future__ import annotations

import bz2
import codecs
import io
import os

import pytest

from pipeline.api import read_documents
from pipeline.errors import LimitExceededError, SourceDecodeError
from pipeline.limits import Limits
from pipeline.sources.decode import decode_text
from tests.timing import assert_within

FLAT = "= Kolkata Club =\nKolkata Club\n- Founded: 1907\n- Type: Sports club\n\n==History==\nIt was founded in 1907.\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def _read(name: str, data: bytes, limits: Limits | None = None):
    return list(read_documents(name, io.BytesIO(data), limits))


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\u3000\n".encode(), codecs.BOM_UTF8,
                                  codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
                         ids=["empty", "whitespace", "ideographic-space", "bom-only", "utf16-whitespace"])
def test_decode_empty_and_whitespace_are_refused(data: bytes) -> None:
    with pytest.raises(SourceDecodeError, match="empty") as info:
        _read("raw/blank.txt", data)
    assert info.value.source == "raw/blank.txt"


@pytest.mark.parametrize(("data", "what"), [(PNG + os.urandom(200), "PNG"), (b"%PDF-1.7\n" + os.urandom(64), "PDF"),
                                            (b"\x1f\x8b\x08\x00" + os.urandom(64), "gzip")])
def test_decode_binary_signatures_are_refused(data: bytes, what: str) -> None:
    with pytest.raises(SourceDecodeError, match=what) as info:
        _read("raw/picture.txt", data)
    assert "remove it" in info.value.reason


def test_decode_random_bytes_are_refused() -> None:
    with pytest.raises(SourceDecodeError, match=r"not UTF-8|NUL|control"):
        _read("raw/noise.wiki", bytes(range(256)) * 40 + os.urandom(4096))


def test_decode_invalid_utf8_is_replaced_with_a_note() -> None:
    data = FLAT.replace("Sports club", "Sports \xe9club").encode("latin-1")  # one stray Latin-1 byte
    [doc] = _read("raw/club.txt", data)
    assert "Sports \ufffdclub" in doc.text
    assert doc.decode_note and "1 undecodable byte" in doc.decode_note and "U+FFFD" in doc.decode_note
    assert doc.format == "flat"


def test_decode_legacy_encoding_is_refused_with_a_conversion_hint() -> None:
    text = "Café, crème brûlée, déjà vu, naïveté, résumé. " * 50
    with pytest.raises(SourceDecodeError, match="not UTF-8") as info:
        _read("raw/latin1.txt", text.encode("cp1252"))
    assert "iconv" in info.value.reason


def test_decode_literal_replacement_characters_are_not_counted_as_repairs() -> None:
    text, note = decode_text("x", ("\ufffd" * 50 + " text").encode())
    assert note is None and text.startswith("\ufffd")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_decode_byte_order_marks(encoding: str) -> None:
    data = FLAT.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    [doc] = _read("raw/club.txt", data)
    assert doc.text == FLAT and doc.format == "flat" and doc.decode_note is None


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom_is_recognised(encoding: str) -> None:
    [doc] = _read("raw/club.txt", FLAT.encode(encoding))
    assert doc.text == FLAT
    assert doc.decode_note and encoding.upper() in doc.decode_note


def test_decode_broken_utf16_is_refused() -> None:
    with pytest.raises(SourceDecodeError, match="utf-16"):
        _read("raw/x.txt", codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate


def test_decode_few_nul_bytes_are_removed_with_a_note() -> None:
    [doc] = _read("raw/club.txt", FLAT.replace("Founded", "Fou\x00nded").encode())
    assert doc.text == FLAT and doc.decode_note == "1 NUL character(s) removed"


def test_decode_many_nul_bytes_are_refused() -> None:
    with pytest.raises(SourceDecodeError, match="NUL"):
        _read("raw/x.txt", b"\x00\x00\x01\x02abc" * 500)


def test_decode_30_mb_single_line_is_read_in_linear_time() -> None:
    line = ("The committee met in Kolkata in 1992 and again in 1995. " * 540_000)[:30_000_000]
    data = line.encode()
    # about 5 s on an idle machine would be 1000 x the control workload (tests/timing.py)
    [doc] = assert_within(lambda: _read("raw/long.txt", data), 1000, "30 MB single line")
    assert len(doc.text) == 30_000_000 and doc.format == "wikitext"


def test_decode_source_larger_than_limit_is_refused() -> None:
    with pytest.raises(LimitExceededError, match="max_source_bytes") as info:
        _read("raw/big.txt", b"x" * 2001, Limits(max_source_bytes=2000))
    assert "2,000" in info.value.reason and info.value.source == "raw/big.txt"
    [doc] = _read("raw/ok.txt", b"x" * 2000, Limits(max_source_bytes=2000))
    assert len(doc.text) == 2000


def test_decode_bz2_of_plain_text_is_read_as_text() -> None:
    [doc] = _read("raw/club.txt.bz2", bz2.compress(FLAT.encode()))
    assert doc.text == FLAT and doc.format == "flat"


def test_decode_bz2_bomb_stops_at_the_size_limit() -> None:
    bomb = bz2.compress(b"a" * 50_000_000)  # 50 MB of text in about 40 bytes
    assert len(bomb) < 1000

    def read_bomb() -> None:
        with pytest.raises(LimitExceededError, match="max_source_bytes"):
            _read("raw/bomb.txt.bz2", bomb, Limits(max_source_bytes=1_000_000))

    assert_within(read_bomb, 400, "bz2 bomb")  # 400 x the control: about 2 s idle

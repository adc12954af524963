"""Decoding page bytes: declared charsets are checked against the bytes, not trusted."""

from __future__ import annotations

from harness.decode import declared_charset, decode

UMLAUTS = "Größe und Übermaß"


def test_declared_charset_from_meta_tags() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "iso8859-1"
    assert (
        declared_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        )
        == "cp1252"
    )
    assert declared_charset(b"<p>no declaration</p>") is None


def test_latin1_declared_and_true() -> None:
    page = f'<meta charset="iso-8859-1"><p>{UMLAUTS}</p>'.encode("cp1252")
    decoded = decode(page, declared=declared_charset(page))
    assert UMLAUTS in decoded.text
    assert decoded.detected == "cp1252"


def test_utf8_bytes_win_over_a_wrong_legacy_declaration() -> None:
    page = f'<meta charset="gb2312"><p>{UMLAUTS}</p>'.encode()
    decoded = decode(page, declared="gb2312")
    assert UMLAUTS in decoded.text and decoded.detected == "utf-8"


def test_latin1_bytes_declared_as_utf8_still_decode() -> None:
    page = f'<meta charset="utf-8"><p>{UMLAUTS} {UMLAUTS}</p>'.encode("latin-1")
    decoded = decode(page, declared="utf-8")
    assert UMLAUTS in decoded.text
    assert decoded.detected != "utf-8"


def test_utf16_with_bom() -> None:
    data = "\ufeff<p>Hallo Welt</p>".encode("utf-16-le")
    decoded = decode(data)
    assert decoded.text == "<p>Hallo Welt</p>" and decoded.detected == "utf-16-le"


def test_anything_decodes() -> None:
    assert isinstance(decode(bytes(range(256))).text, str)

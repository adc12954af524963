"""Decoding page bytes: declared charsets are checked against the bytes, not trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.corpus.decode import declared_charset, decode, resolve

UMLAUTS = "Größe und Übermaß"


def test_declared_charset_from_meta_tags() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"  # as browsers do
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


@pytest.mark.parametrize(
    "label", ["rot13", "base64", "zlib", "hex", "idna", "punycode", "unicode_escape", "x-nope"]
)
def test_a_declared_charset_that_is_no_text_encoding_is_ignored_with_a_note(label: str) -> None:
    page = f'<meta charset="{label}"><p>{UMLAUTS} {UMLAUTS}</p>'.encode("cp1252")
    declared = declared_charset(page)
    assert declared == label.lower()
    decoded = decode(page, declared=declared)
    assert decoded.text.startswith(f'<meta charset="{label}"><p>Gr')  # by the guess, not `label`
    assert decoded.notes == (
        f"declared charset {label.lower()!r} is not a text encoding of web pages; ignored",
    )


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("latin1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("gb2312", "gb18030"),
        ("x-sjis", "cp932"),
        ("windows-1251", "cp1251"),
    ],
)
def test_labels_resolve_as_browsers_resolve_them(label: str, codec: str) -> None:
    assert resolve(label) == codec


def test_latin1_declared_means_windows_1252() -> None:
    page = '<meta charset="us-ascii"><p>5 \u20ac \u2014 “quoted”</p>'.encode("cp1252")
    decoded = decode(page, declared=declared_charset(page))
    assert "5 € — “quoted”" in decoded.text and decoded.detected == "cp1252"


def test_gb2312_declared_decodes_as_gb18030() -> None:
    text = "中文页面 \u20ac 𠀀"  # the euro sign and the last character are not in gb2312
    page = f'<meta charset="gb2312"><p>{text}</p>'.encode("gb18030")
    decoded = decode(page, declared=declared_charset(page))
    assert text in decoded.text and decoded.detected == "gb18030"


def test_the_http_header_charset_counts_as_declared_before_the_meta() -> None:
    page = '<meta charset="utf-8"><p>Привет, мир</p>'.encode("cp1251")
    assert declared_charset(page, header="windows-1251") == "cp1251"
    assert declared_charset(page, header="rot13") == "utf-8"  # an unknown header label is ignored
    assert declared_charset(b"plain text", header="koi8-r", html=False) == "koi8-r"
    assert "Привет, мир" in decode(page, declared=declared_charset(page, header="cp1251")).text


def test_a_page_declaring_rot13_is_no_error_cell(project: Path) -> None:
    from harness import config, registry
    from harness.corpus.capture import create
    from harness.running import runner

    page = f'<html><head><meta charset="rot13"><title>{UMLAUTS}</title></head><p>x</p></html>'
    create(project / "captures", "rot13-page", page.encode("cp1252"), kind="html")
    loaded = config.load(project)
    demo = registry.from_config(loaded).get("demo").load()
    [(_, capture)] = runner.cases(loaded, [demo], ["rot13-page"])
    outcome = runner.check(demo, capture, loaded)
    assert outcome.status == "new", outcome.message
    assert outcome.record is not None and outcome.record.title is not None
    assert outcome.record.title.startswith("Gr")


def test_harness_add_notes_an_ignored_charset(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    page = project / "odd.html"
    page.write_bytes(f'<meta charset="base64"><title>{UMLAUTS}</title><p>x</p>'.encode("cp1252"))
    assert main(["add", str(page)]) == 0
    err = capsys.readouterr().err
    assert "declared charset 'base64' is not a text encoding of web pages; ignored" in err

"""Adding pages: readable stable ids, corpus folders with truth, duplicates refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.corpus.ids import slug
from harness.corpus.intake import NewPage, add, from_file, make_id
from harness.errors import HarnessError


def test_ids_from_titles_then_urls() -> None:
    titled = NewPage("<title>Größe & Übermaß: Ein Test</title>".encode(), "html", "s")
    assert make_id(titled) == "grosse-ubermass-ein-test"
    sited = NewPage(b"<title>Lachin handed over | The Daily Example</title>", "html", "s")
    assert make_id(sited) == "lachin-handed-over"
    page = NewPage(b"", "html", "s", url="https://www.example.org/news/2020/lachin-handover.html")
    assert make_id(page) == "lachin-handover"
    text = NewPage(b"First line of a text capture\nmore", "text", "s")
    assert make_id(text) == "first-line-of-a-text-capture"


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("清河市新图书馆正式开放", None, "qing-he-shi-xin-tu-shu-guan-zheng-shi"),
        ("東京で新しい図書館", None, "dong-jing-de-xin-shi-i-tu-shu-guan"),
        ("Тите заявил, что ошибся", None, "tite-zayavil-chto-oshibsya"),
        (None, "http://127.0.0.1:8000/page.html", "saved-story"),
        (None, "http://localhost/", "saved-story"),
        (
            None,
            "https://ge.globo.com/futebol/tite-diz-que-errou-ao-levar-taca-da-libertadores-a-lula-em",
            "tite-diz-que-errou-ao-levar-taca-da",
        ),
    ],
)
def test_ids_are_short_readable_ascii(title: str | None, url: str | None, expected: str) -> None:
    data = f"<title>{title}</title>".encode() if title else b"<p>no title</p>"
    found = make_id(NewPage(data, "html", "file saved-story.html", url=url))
    assert found == expected
    assert len(found) <= 40


def test_a_corpus_folder_keeps_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "bbc-1"
    folder.mkdir()
    (folder / "page.html").write_bytes(b"<title>Another headline entirely</title><p>x</p>")
    assert make_id(from_file(folder)) == "bbc-1"


def test_slug_is_bounded_and_cut_at_a_word() -> None:
    out = slug("word " * 40)
    assert len(out) <= 40 and not out.endswith("-")


def test_corpus_folder_brings_its_truth(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "page.html").write_bytes(b"<title>T</title><p>x</p>")
    (folder / "truth.json").write_text(
        json.dumps({"title": "T", "body": "x", "url": "https://e.org/a"})
    )
    page = from_file(folder)
    assert page.truth == {"title": "T", "body": "x", "url": "https://e.org/a"}
    assert page.url == "https://e.org/a"


def test_add_refuses_the_same_bytes_naming_the_capture(tmp_path: Path) -> None:
    page = NewPage(b"<title>Same</title>", "html", "file a.html")
    [first] = add(tmp_path, [page])
    assert first.capture is not None and first.capture.id == "same"
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(HarnessError, match="already in the corpus as capture 'same'"):
        add(tmp_path, [page], capture_id="other")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_several_pages_skip_duplicates_and_disambiguate_ids(tmp_path: Path) -> None:
    one = NewPage(b"<title>Same title</title>1", "html", "a")
    two = NewPage(b"<title>Same title</title>2", "html", "b")
    added = add(tmp_path, [one, two, one])
    ids = [a.capture.id for a in added if a.capture]
    assert ids[0] == "same-title" and ids[1].startswith("same-title-") and len(ids) == 2
    assert "already in the corpus" in added[2].skipped


@pytest.mark.parametrize("bad", ["../escape", "a/b", "/abs", "x" * 200])
def test_bad_explicit_ids_write_nothing(tmp_path: Path, bad: str) -> None:
    with pytest.raises(HarnessError, match="not a valid capture id"):
        add(tmp_path / "captures", [NewPage(b"x", "text", "s")], capture_id=bad)
    assert not (tmp_path / "captures").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_page_file_over_the_limit_is_refused_before_it_is_read(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.cli import main

    page = project / "huge.html"
    page.write_bytes(b"<title>Huge</title><p>" + b"x" * 5000)
    assert main(["add", str(page), "--max-bytes", "1000"]) == 2
    assert "more than the limit of 1000; nothing was written" in capsys.readouterr().err
    assert not (project / "captures" / "huge").exists()

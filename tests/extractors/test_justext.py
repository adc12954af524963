"""jusText: body paragraphs only, judged with the stoplist of the page's language, or of the
`language` option when one is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.corpus.capture import Capture, load_capture
from harness.errors import UsageError
from harness.extractors.justext import page_language
from harness.running import runner

from .helpers import make
from .helpers import page as shared_page

LANGUAGES = Path(__file__).parent / "languages"


def page(name: str) -> Capture:
    """A test page: the shared ones every adapter runs on, or one kept for jusText's languages
    (a Chinese page would need newspaper4k's optional Chinese tokenizer)."""
    own = LANGUAGES / name
    return load_capture(own) if own.is_dir() else shared_page(name)


def test_an_english_page_gets_the_english_stoplist() -> None:
    extractor = make("justext")
    assert extractor.options == {"language": "the page's"}
    english = page("news-en")
    assert page_language(english.text()) == "English"
    record = runner.extract(extractor, english)
    assert record.body[0] == "Eastmere council approves tidal barrier after decade of floods"
    assert "Opposition from fishing crews" in record.body
    text = "\n".join(record.body)
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved", "Related stories"):
        assert boilerplate not in text


@pytest.mark.parametrize(
    ("capture", "language", "first", "boilerplate"),
    [
        ("blog-de-cp1252", "German", "Vor genau einem Jahr habe ich", "Datenschutzerklärung"),
        ("noticia-pt", "Portuguese", "A prefeitura de Vale Claro", "Todos os direitos"),
        ("article-fr", "French", "Après deux ans de chantier", "Je m'abonne"),
    ],
)
def test_each_page_is_judged_in_its_own_language(
    capture: str, language: str, first: str, boilerplate: str
) -> None:
    """With the English stoplist these bodies were empty, and approved as goldens so."""
    found = page(capture)
    assert page_language(found.text()) == language
    body = runner.extract(make("justext"), found).body
    assert any(p.startswith(first) for p in body)
    assert not any(boilerplate in p for p in body)
    assert runner.extract(make("justext", language="English"), found).body == ()


def test_an_unspaced_script_is_judged_without_a_stoplist() -> None:
    chinese = page("artigo-zh")
    assert page_language(chinese.text()) is None
    body = runner.extract(make("justext"), chinese).body
    assert any(p.startswith("经过两年多的建设") for p in body)
    assert not any("版权所有" in p or "联系我们" in p for p in body)


def test_the_language_option_picks_the_stoplist() -> None:
    blog = page("blog-de-cp1252")
    german = make("justext", language="german")
    assert german.options == {"language": "German"}
    body = runner.extract(german, blog).body
    assert any(p.startswith("Vor genau einem Jahr habe ich meinen ersten Sauerteig") for p in body)
    assert any("„Brot backen heißt warten können.“" in p for p in body)
    assert not any("Datenschutzerklärung" in p or "Neueste Beiträge" in p for p in body)


def test_an_unknown_stoplist_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UsageError, match="use one of: Afrikaans, Albanian"):
        make("justext", language="Klingon")
